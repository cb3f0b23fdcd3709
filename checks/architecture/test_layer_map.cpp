#include "checks/architecture/layer_map.hpp"

#include "checks/test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

using scae::architecture::layer_problems;

namespace {

void write(const std::filesystem::path& root, const std::string& file, const std::string& text) {
  std::filesystem::create_directories((root / file).parent_path());
  std::ofstream(root / file) << text;
}

std::string lines_of(int count, const std::string& line) {
  std::string text;
  for (int i = 0; i < count; ++i) text += line + "\n";
  return text;
}

bool mentions(const std::vector<std::string>& problems, const std::string& part) {
  for (const std::string& p : problems)
    if (p.find(part) != std::string::npos) return true;
  return false;
}

// Test cases under `root`/checks whose name holds ';': CTest splits such a name into two tests that
// match nothing (doctest_discover_tests passes names through a CMake list), so the case never runs.
std::vector<std::string> names_with_semicolons(const std::filesystem::path& root) {
  std::vector<std::string> found;
  const std::regex test_case(R"re(TEST_CASE\("((?:[^"\\]|\\.)*)"\))re");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "checks")) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator m(s.begin(), s.end(), test_case), end; m != end; ++m)
      if ((*m)[1].str().find(';') != std::string::npos) found.push_back(entry.path().filename().string() + ": " + (*m)[1].str());
  }
  return found;
}

}  // namespace

TEST_CASE("no test case name holds a semicolon, which CTest would split into two tests that run nothing") {
  const std::vector<std::string> found = names_with_semicolons(SCAE_SOURCE_DIR);
  for (const std::string& f : found) MESSAGE(f);
  CHECK(found.empty());
  const scae::testing::TempDir dir("test-names");
  write(dir.path, "checks/theory/test_x.cpp", "TEST_CASE(\"a, b\") {}\nTEST_CASE(\"c; d\") {}\n");
  REQUIRE(names_with_semicolons(dir.path).size() == 1);
  CHECK(names_with_semicolons(dir.path)[0] == "test_x.cpp: c; d");
}

TEST_CASE("the source tree keeps the layer map: no upward include, no cycle, no over-long file or function") {
  const std::vector<std::string> problems = layer_problems(SCAE_SOURCE_DIR);
  for (const std::string& p : problems) MESSAGE(p);
  CHECK(problems.empty());
}

TEST_CASE("layer map: a tree that keeps it has no problem") {
  const scae::testing::TempDir dir("layer-map");
  write(dir.path, "numerics/core/low.hpp", "#pragma once\n");
  write(dir.path, "theory/high.hpp", "#pragma once\n#include \"numerics/core/low.hpp\"\n");
  write(dir.path, "cli/commands.cpp", "#include \"theory/high.hpp\"\nint run() {\n  return 0;\n}\n");
  CHECK(layer_problems(dir.path, {}).empty());
}

TEST_CASE("layer map: an include of a later layer's header is a problem naming both files") {
  const scae::testing::TempDir dir("layer-map");
  write(dir.path, "numerics/core/low.hpp", "#pragma once\n#include \"runs/claims.hpp\"\n");
  write(dir.path, "runs/claims.hpp", "#pragma once\n");
  const auto problems = layer_problems(dir.path, {});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "numerics/core/low.hpp: includes runs/claims.hpp from a later layer (runs after numerics/core)");
}

TEST_CASE("layer map: an include cycle is a problem, and so is an include of no known header") {
  const scae::testing::TempDir dir("layer-map");
  write(dir.path, "theory/a.hpp", "#pragma once\n#include \"theory/b.hpp\"\n");
  write(dir.path, "theory/b.hpp", "#pragma once\n#include \"theory/a.hpp\"\n#include \"theory/nowhere.hpp\"\n");
  const auto problems = layer_problems(dir.path, {});
  CHECK(mentions(problems, "an include cycle: theory/a.hpp -> theory/b.hpp -> theory/a.hpp"));
  CHECK(mentions(problems, "theory/b.hpp: includes \"theory/nowhere.hpp\", no header of the layer folders"));
}

TEST_CASE("layer map: an include by bare file name is a problem that names the layer path to use") {
  const scae::testing::TempDir dir("layer-map");
  write(dir.path, "numerics/core/low.hpp", "#pragma once\n");
  write(dir.path, "theory/high.hpp", "#pragma once\n#include \"low.hpp\"\n");
  const auto problems = layer_problems(dir.path, {});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "theory/high.hpp: includes \"low.hpp\", which does not name its layer: include \"numerics/core/low.hpp\"");
}

TEST_CASE("layer map: an over-long file or function is a problem unless listed, and a listed one may not grow") {
  const scae::testing::TempDir dir("layer-map");
  write(dir.path, "theory/long.cpp", lines_of(401, "// text"));
  write(dir.path, "theory/body.cpp", "int body(int x) {\n" + lines_of(80, "  x += 1;") + "}\n");
  auto problems = layer_problems(dir.path, {});
  CHECK(mentions(problems, "theory/long.cpp: a file of 401 lines; accepted: at most 400"));
  CHECK(mentions(problems, "theory/body.cpp:body: a function of 82 lines; accepted: at most 80"));

  problems = layer_problems(dir.path, {{"theory/long.cpp", 401}, {"theory/body.cpp:body", 82}});
  CHECK(problems.empty());
  problems = layer_problems(dir.path, {{"theory/long.cpp", 400}, {"theory/body.cpp:body", 82}, {"theory/gone.cpp", 500}});
  CHECK(mentions(problems, "theory/long.cpp: a file grew to 401 lines from the listed 400"));
  CHECK(mentions(problems, "theory/gone.cpp: a listed debt that no longer exists"));
  write(dir.path, "theory/long.cpp", lines_of(300, "// text"));
  problems = layer_problems(dir.path, {{"theory/long.cpp", 401}, {"theory/body.cpp:body", 82}});
  CHECK(mentions(problems, "theory/long.cpp: 300 lines, within the limit of 400: remove it from the debts"));
}

TEST_CASE("layer map: one-line bodies and declarations are not counted as long functions") {
  const scae::testing::TempDir dir("layer-map");
  write(dir.path, "theory/short.cpp",
        "int one(int x) { return x; }\nint declared(int x);\n" + lines_of(90, "// between") + "int two(int x) {\n  return x;\n}\n");
  CHECK(layer_problems(dir.path, {}).empty());
}

TEST_CASE("layer map: a reports/ file that calls a function that computes is a problem, a runs/ file or a comment is not") {
  const scae::testing::TempDir dir("layer-map");
  write(dir.path, "runs/sweep_run.hpp", "#pragma once\nint run_sweep(int x);\n");
  write(dir.path, "runs/sweep_run.cpp", "#include \"runs/sweep_run.hpp\"\nint twice(int x) { return run_sweep(x) + run_sweep(x); }\n");
  write(dir.path, "reports/sweep_report.cpp",
        "#include \"runs/sweep_run.hpp\"\n// sweep_json renders what run_sweep(regime) returned\nint shown(int run) { return run; }\n");
  CHECK(layer_problems(dir.path, {}).empty());
  write(dir.path, "reports/sweep_report.cpp", "#include \"runs/sweep_run.hpp\"\nint shown(int x) { return run_sweep(x); }\n");
  const auto problems = layer_problems(dir.path, {});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        "reports/sweep_report.cpp:2: calls run_sweep, which computes; reports/ only renders typed results (compute in runs/)");
}

TEST_CASE("layer map: a reports/ or cli/ file that spells a claim id or evidence name as a literal is a problem, a constant is not") {
  const scae::testing::TempDir dir("layer-map");
  write(dir.path, "runs/claim_labels.hpp",
        "#pragma once\nnamespace scae::claim_id {\ninline constexpr const char* bound = \"gradient.bound\";  // the id\n}\n"
        "namespace scae::evidence_label {\ninline constexpr const char* ball = \"B_ball\";\n}\n");
  write(dir.path, "runs/claims.cpp", "#include \"runs/claim_labels.hpp\"\nconst char* id() { return \"gradient.bound\"; }\n");
  write(dir.path, "reports/words.cpp",
        "#include \"runs/claim_labels.hpp\"\n// the evidence \"B_ball\" of \"gradient.bound\"\n"
        "std::string s(J r) { return find(r, scae::claim_id::bound, scae::evidence_label::ball) + \"the bound B_ball = \"; }\n");
  CHECK(layer_problems(dir.path, {}).empty());

  write(dir.path, "reports/words.cpp", "#include \"runs/claim_labels.hpp\"\nstd::string s(J r) { return find(r, \"gradient.bound\", \"B_ball\"); }\n");
  write(dir.path, "cli/table.cpp", "#include \"runs/claim_labels.hpp\"\nbool b(J r) { return r[\"id\"] == \"gradient.bound\"; }\n");
  const auto problems = layer_problems(dir.path, {});
  REQUIRE(problems.size() == 3);
  CHECK(problems[0] == "reports/words.cpp:2: spells \"gradient.bound\" as a string literal; use bound (runs/claim_labels.hpp), so "
                       "that a rename is a compile error");
  CHECK(mentions(problems, "reports/words.cpp:2: spells \"B_ball\" as a string literal; use ball (runs/claim_labels.hpp)"));
  CHECK(mentions(problems, "cli/table.cpp:2: spells \"gradient.bound\" as a string literal"));
}

// The shipped label headers and reports/negligibility.cpp, with one constant put back as the literal it stands for.
TEST_CASE("layer map: the report's headline with B_ball spelled as a literal again is a problem") {
  const std::filesystem::path source = SCAE_SOURCE_DIR;
  const scae::testing::TempDir dir("layer-map");
  const auto copy = [&](const std::string& file, const std::string& from = "", const std::string& to = "") {
    std::ifstream in(source / file);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    if (!from.empty()) {
      const std::size_t at = s.find(from);
      REQUIRE(at != std::string::npos);
      s.replace(at, from.size(), to);
    }
    write(dir.path, file, s);
  };
  for (const std::string& header : scae::architecture::label_headers()) copy(header);
  copy("reports/negligibility.cpp");
  std::vector<std::string> problems = layer_problems(dir.path, {});
  CHECK_FALSE(mentions(problems, "as a string literal"));
  copy("reports/negligibility.cpp", "evidence_label::ball_bound", "\"B_ball\"");
  problems = layer_problems(dir.path, {});
  CHECK(mentions(problems, "spells \"B_ball\" as a string literal; use ball_bound (theory/evidence_labels.hpp)"));
}

TEST_CASE("layer map: a cli/ file that computes or builds JSON is a problem unless listed, and a listed one must compute") {
  const scae::testing::TempDir dir("layer-map");
  write(dir.path, "cli/calls.cpp",
        "// the table of a CheckRun (no MatrixXd here)\nint run(R r) {\n  std::printf(\"%s\", "
        "check_table(r).c_str());\n  const nlohmann::json j = gradient_json(r);\n  return std::puts(\"interval\");\n}\n");
  CHECK(layer_problems(dir.path, {}).empty());
  write(dir.path, "cli/computes.cpp",
        "#include <Eigen/Dense>\nint f() {\n  const MatrixXd a(2, 2);\n  nlohmann::json out = {{\"a\", 1}};\n"
        "  return nlohmann::json::array().size();\n}\n");
  const auto problems = layer_problems(dir.path, {});
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == "cli/computes.cpp:1: includes <Eigen/>; cli/ parses arguments and calls runs/ (which computes) and "
                       "reports/ (which renders), or is listed with its reason in checks/architecture/layer_map.cpp");
  CHECK(mentions(problems, "cli/computes.cpp:3: uses MatrixXd"));
  CHECK(mentions(problems, "cli/computes.cpp:4: builds JSON"));
  CHECK(mentions(problems, "cli/computes.cpp:5: builds JSON"));
  write(dir.path, "cli/bench.cpp", "int bench() {\n  return 0;\n}\n");
  CHECK(mentions(layer_problems(dir.path, {}), "cli/bench.cpp: listed as computing but computes nothing: remove it from the list"));
}
