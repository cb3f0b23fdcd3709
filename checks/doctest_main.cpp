// Test driver: prints the random seed of the run (SCAE_TEST_SEED, default 1) so any failure can
// be replayed, and scales randomized iteration counts by SCAE_TEST_DEPTH (default 1). A run that
// executes no test case fails (exit 3) with a message naming the arguments: CTest runs each case by
// name, and a name that CTest split or mangled would otherwise match nothing and pass vacuously.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "checks/test_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace scae::testing {
std::uint64_t seed() {
  const char* text = std::getenv("SCAE_TEST_SEED");
  return text ? std::strtoull(text, nullptr, 10) : 1;
}
int depth() {
  const char* text = std::getenv("SCAE_TEST_DEPTH");
  const int d = text ? std::atoi(text) : 1;
  return d > 0 ? d : 1;
}

std::string RegimeText::text() const {
  std::string out = "name = \"" + name + "\"\n";
  if (!description.empty()) out += "description = \"" + description + "\"\n";
  out += "[dictionary]\n" + dictionary + "\n[code]\n" + code + "\n[point]\n" + point + "\n[bias]\n" + bias +
         "\n[monte_carlo]\n" + monte_carlo + "\n";
  if (!sweep.empty()) out += "[sweep]\n" + sweep + "\n";
  if (!expect.empty()) out += "[expect]\n" + expect + "\n";
  return out;
}

std::string grid_regime_toml(const std::string& k_rule) {
  return RegimeText{.name = "grid",
                    .dictionary = "family = \"identity-hadamard\"\nn = 128",
                    .sweep = "h = [256]\np = 0.15\nk = \"" + k_rule + "\"\ndelta = \"h^(-p-0.4)\""}
      .text();
}
TempDir::TempDir(const std::string& tag) {
  static int counter = 0;
  path = std::filesystem::temp_directory_path() /
         ("scae-test-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& text) const {
  std::ofstream(path / name, std::ios::binary) << text;
  return path / name;
}

std::vector<std::string> TempDir::entries() const {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(path)) names.push_back(entry.path().filename().string());
  return names;
}
}  // namespace scae::testing

namespace {
// Counts the test cases a run executes (not queries such as --list-test-cases).
bool test_run_started = false;
int test_cases_executed = 0;

struct ExecutedCases : doctest::IReporter {
  explicit ExecutedCases(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override { test_run_started = true; }
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData&) override { ++test_cases_executed; }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};
REGISTER_LISTENER("scae_executed_cases", 1, ExecutedCases);
}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (!context.shouldExit() && result != 0)
    std::fprintf(stderr, "replay with SCAE_TEST_SEED=%llu\n", static_cast<unsigned long long>(scae::testing::seed()));
  if (test_run_started && test_cases_executed == 0) {
    std::string arguments;
    for (int i = 1; i < argc; ++i) arguments += std::string(" '") + argv[i] + "'";
    std::fprintf(stderr, "error: no test case ran: the filters%s match no test case of %s\n",
                 arguments.empty() ? " (none)" : arguments.c_str(), argv[0]);
    return 3;
  }
  return result;
}
