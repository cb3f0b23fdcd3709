#include "checks/architecture/layer_map.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <set>

namespace scae::architecture {
namespace fs = std::filesystem;

const std::vector<std::string>& layer_folders() {
  static const std::vector<std::string> folders{"numerics/core", "numerics/model", "numerics/estimate", "theory",
                                                "input",         "runs",           "reports",           "cli"};
  return folders;
}

// Formula kernels that mirror a derivation line by line, exempt from the 80-line limit (issue #13)
// but not allowed to grow: ExpectedGradient<T>::coefficients writes out the per-class coefficients
// α, β of docs/theory.md §4, one block per class.
const std::vector<Debt>& known_debts() {
  static const std::vector<Debt> debts{
      {"theory/expected_gradient.cpp:ExpectedGradient<T>::coefficients", 129},
  };
  return debts;
}

// Functions that compute: runs/ calls them and returns typed results; reports/ only renders those.
const std::vector<std::string>& computing_calls() {
  static const std::vector<std::string> calls{
      "run_claims", "run_sweep", "run_grid", "run_report", "run_experiments", "run_numerics_summary",
      "evaluate_sweep_point", "evaluate_phase_cell", "fit_log_log", "hit_xi", "build_instance", "estimate",
      "certified_coherence", "loss_well", "gradient_descent", "gradient_norms", "norms_verdict", "sufficient_window",
      "exact_windows", "run_check", "run_gradient"};
  return calls;
}

// cli/ files that compute, each with the reason it may: every other cli/ file parses arguments and
// calls runs/ (which computes) and reports/ (which renders).
const std::vector<std::pair<std::string, std::string>>& computing_cli_files() {
  static const std::vector<std::pair<std::string, std::string>> files{
      {"cli/main.cpp", "sets Eigen's product threads to 1 once at start, so that no result depends on the thread count"},
      {"cli/bench.cpp", "the bench times the estimators on matrices it makes: the measurement is the command"},
      {"cli/precision_bench.cpp", "the bench times the estimators to a precision: the measurement is the command"},
      {"cli/certified_point_bench.cpp", "the bench times the certified closed form: the measurement is the command"},
  };
  return files;
}

// One definition per id or evidence name a reader looks up (issue #27): the writer and the readers
// use the constant, and reports/ and cli/ may not spell its text.
const std::vector<std::string>& label_headers() {
  static const std::vector<std::string> headers{"theory/evidence_labels.hpp", "runs/claim_labels.hpp"};
  return headers;
}

namespace {

struct Source {
  std::string path;  // relative to the root, with '/'
  int layer = 0;
  std::vector<std::string> lines;
};

std::vector<std::string> read_lines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool is_source(const fs::path& file) {
  const std::string name = file.filename().string();
  for (const char* end : {".hpp", ".cpp", ".hpp.in"})
    if (name.size() > std::string(end).size() && name.ends_with(end)) return true;
  return false;
}

// The path a file is included by, from the root ("cli/x.hpp" for "cli/x.hpp.in", which CMake configures).
std::string include_path(const std::string& path) { return path.ends_with(".in") ? path.substr(0, path.size() - 3) : path; }

// A function defined at namespace scope starts at column 0 with a '(' in its first line, its
// signature ends with '{' (a ';' is a declaration, a '}' a one-line body) and its body ends at the
// next line that starts with '}'. Returns (name, lines) for each.
std::vector<std::pair<std::string, int>> functions(const std::vector<std::string>& lines) {
  static const std::regex name_before_paren(R"(([A-Za-z_~][A-Za-z_0-9:<>~]*)\s*\()");
  static const std::vector<std::string> not_functions{"#", "/", "}", "namespace", "using", "struct", "class", "enum",
                                                      "extern", "static_assert", "constexpr", "inline constexpr"};
  std::vector<std::pair<std::string, int>> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& first = lines[i];
    if (first.empty() || std::isspace(static_cast<unsigned char>(first[0])) || first.find('(') == std::string::npos) continue;
    bool skip = false;
    for (const std::string& prefix : not_functions) skip = skip || first.starts_with(prefix);
    if (skip) continue;
    std::size_t end = i;
    char last = 0;
    for (; end < lines.size(); ++end) {
      const std::string& l = lines[end];
      const std::size_t back = l.find_last_not_of(" \t");
      last = back == std::string::npos ? 0 : l[back];
      if (last == '{' || last == ';' || last == '}') break;
    }
    if (last != '{') continue;
    std::size_t close = end + 1;
    while (close < lines.size() && !lines[close].starts_with("}")) ++close;
    std::smatch m;
    const std::string name = std::regex_search(first, m, name_before_paren) ? m[1].str() : first.substr(0, 40);
    out.emplace_back(name, static_cast<int>(close - i + 1));
    i = close;
  }
  return out;
}

// The computing calls of a reports/ file, one problem each; comments are not code.
void computing_call_problems(const Source& s, std::vector<std::string>& out) {
  static const std::regex call = [] {
    std::string names;
    for (const std::string& name : computing_calls()) names += (names.empty() ? "" : "|") + name;
    return std::regex("(^|[^A-Za-z0-9_.>])(" + names + R"()\()");
  }();
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const std::string code = s.lines[i].substr(0, s.lines[i].find("//"));
    std::smatch m;
    if (std::regex_search(code, m, call))
      out.push_back(s.path + ":" + std::to_string(i + 1) + ": calls " + m[2].str() +
                    ", which computes; reports/ only renders typed results (compute in runs/)");
  }
}

// The labels of the label headers among `sources`: text -> "NAME (HEADER)".
std::map<std::string, std::string> labels_of(const std::vector<Source>& sources) {
  static const std::regex constant(R"re(inline constexpr const char\* (\w+) = "([^"]*)";)re");
  std::map<std::string, std::string> labels;
  for (const Source& s : sources) {
    if (std::find(label_headers().begin(), label_headers().end(), s.path) == label_headers().end()) continue;
    for (const std::string& line : s.lines) {
      std::smatch m;
      if (std::regex_search(line, m, constant)) labels[m[2].str()] = m[1].str() + " (" + s.path + ")";
    }
  }
  return labels;
}

// The string literals of a reports/ or cli/ file that spell a label, one problem each; comments are not code.
void label_literal_problems(const Source& s, const std::map<std::string, std::string>& labels, std::vector<std::string>& out) {
  static const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const std::string code = s.lines[i].substr(0, s.lines[i].find("//"));
    for (std::sregex_iterator m(code.begin(), code.end(), literal), end; m != end; ++m)
      if (const auto label = labels.find((*m)[1].str()); label != labels.end())
        out.push_back(s.path + ":" + std::to_string(i + 1) + ": spells \"" + label->first + "\" as a string literal; use " +
                      label->second + ", so that a rename is a compile error");
  }
}

// What a cli/ line does that is computing or rendering, or "": a numerics header (Eigen,
// Boost.Multiprecision, MPFR, MPFI, GMP), a matrix or multiprecision type, or building JSON. String
// literals and comments are not code.
std::string computing_in_cli(const std::string& line) {
  static const std::regex include(R"(^\s*#\s*include\s*<(Eigen/|boost/multiprecision|mpfr\.h|mpfi\.h|gmp))");
  static const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
  static const std::regex numerics(R"(\b(Eigen::|MatrixXd|VectorXd|interval|mpfr|rational)\b)");
  static const std::regex json(R"(nlohmann::json\s*(::array|::object|\(|\w+\s*(=\s*\{|\{|;)))");
  std::smatch m;
  if (std::regex_search(line, m, include)) return "includes <" + m[1].str() + ">";
  const std::string code = std::regex_replace(line.substr(0, line.find("//")), literal, "\"\"");
  if (std::regex_search(code, m, numerics)) return "uses " + m[1].str();
  if (std::regex_search(code, m, json)) return "builds JSON";
  return "";
}

// The lines of a cli/ file that compute, one problem each, unless the file is listed with its reason;
// a listed file that computes nothing is a problem too (remove it from the list).
void cli_computing_problems(const Source& s, std::vector<std::string>& out) {
  const auto& listed = computing_cli_files();
  const bool exempt = std::any_of(listed.begin(), listed.end(), [&](const auto& f) { return f.first == s.path; });
  bool computes = false;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const std::string what = computing_in_cli(s.lines[i]);
    if (what.empty()) continue;
    computes = true;
    if (!exempt)
      out.push_back(s.path + ":" + std::to_string(i + 1) + ": " + what + "; cli/ parses arguments and calls runs/ (which "
                    "computes) and reports/ (which renders), or is listed with its reason in checks/architecture/layer_map.cpp");
  }
  if (exempt && !computes) out.push_back(s.path + ": listed as computing but computes nothing: remove it from the list");
}

class Problems {
public:
  explicit Problems(const std::vector<Debt>& debts) {
    for (const Debt& d : debts) debts_[d.what] = d.lines;
  }
  void add(const std::string& text) { list_.push_back(text); }
  // `what` is `lines` long against a limit: within it, a listed debt that has not grown, or a problem.
  void length(const std::string& what, int lines, int limit, const std::string& kind) {
    const auto debt = debts_.find(what);
    if (debt != debts_.end()) seen_.insert(what);
    if (lines <= limit) {
      if (debt != debts_.end())
        add(what + ": " + std::to_string(lines) + " lines, within the limit of " + std::to_string(limit) +
            ": remove it from the debts in checks/architecture/layer_map.cpp");
    } else if (debt == debts_.end()) {
      add(what + ": " + kind + " of " + std::to_string(lines) + " lines; accepted: at most " + std::to_string(limit));
    } else if (lines > debt->second) {
      add(what + ": " + kind + " grew to " + std::to_string(lines) + " lines from the listed " +
          std::to_string(debt->second) + "; accepted: at most " + std::to_string(debt->second));
    }
  }
  std::vector<std::string> finish() {
    for (const auto& [what, lines] : debts_)
      if (!seen_.count(what)) add(what + ": a listed debt that no longer exists: remove it from the list");
    return list_;
  }

private:
  std::map<std::string, int> debts_;
  std::set<std::string> seen_;
  std::vector<std::string> list_;
};

}  // namespace

std::vector<std::string> layer_problems(const fs::path& root, const std::vector<Debt>& debts) {
  Problems problems(debts);
  std::vector<Source> sources;
  std::map<std::string, std::size_t> by_path;
  std::map<std::string, std::string> path_of_name;  // a header's file name → its path, to name the fix
  for (std::size_t layer = 0; layer < layer_folders().size(); ++layer) {
    const fs::path folder = root / layer_folders()[layer];
    if (!fs::is_directory(folder)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.is_regular_file() && is_source(entry.path())) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      Source s{layer_folders()[layer] + "/" + f.filename().string(), static_cast<int>(layer), read_lines(f)};
      const std::string path = include_path(s.path);
      if (path.ends_with(".hpp")) {
        by_path[path] = sources.size();
        path_of_name[fs::path(path).filename().string()] = path;
      }
      sources.push_back(std::move(s));
    }
  }

  const std::map<std::string, std::string> labels = labels_of(sources);
  static const std::regex quoted_include(R"(^\s*#\s*include\s*"([^"]+)\")");
  std::vector<std::vector<std::size_t>> edges(sources.size());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const Source& s = sources[i];
    for (const std::string& line : s.lines) {
      std::smatch m;
      if (!std::regex_search(line, m, quoted_include)) continue;
      const auto target = by_path.find(m[1].str());
      if (target == by_path.end()) {
        const auto named = path_of_name.find(fs::path(m[1].str()).filename().string());
        problems.add(s.path + ": includes \"" + m[1].str() + "\", " +
                     (named == path_of_name.end() ? "no header of the layer folders"
                                                  : "which does not name its layer: include \"" + named->second + "\""));
        continue;
      }
      const Source& t = sources[target->second];
      if (t.layer > s.layer)
        problems.add(s.path + ": includes " + t.path + " from a later layer (" + layer_folders()[t.layer] + " after " +
                     layer_folders()[s.layer] + ")");
      if (target->second != i) edges[i].push_back(target->second);
    }
    if (layer_folders()[s.layer] == "reports") {
      std::vector<std::string> calls;
      computing_call_problems(s, calls);
      for (const std::string& c : calls) problems.add(c);
    }
    if (layer_folders()[s.layer] == "reports" || layer_folders()[s.layer] == "cli") {
      std::vector<std::string> spelled;
      label_literal_problems(s, labels, spelled);
      if (layer_folders()[s.layer] == "cli") cli_computing_problems(s, spelled);
      for (const std::string& p : spelled) problems.add(p);
    }
    problems.length(s.path, static_cast<int>(s.lines.size()), max_file_lines, "a file");
    for (const auto& [name, lines] : functions(s.lines))
      problems.length(s.path + ":" + name, lines, max_function_lines, "a function");
  }

  // Include cycles: depth-first search, each back edge reported with its path.
  std::vector<int> state(sources.size(), 0);  // 0 new, 1 on the stack, 2 done
  std::vector<std::size_t> stack;
  const auto visit = [&](const auto& self, std::size_t v) -> void {
    state[v] = 1;
    stack.push_back(v);
    for (const std::size_t w : edges[v]) {
      if (state[w] == 1) {
        std::string cycle;
        for (auto it = std::find(stack.begin(), stack.end(), w); it != stack.end(); ++it) cycle += sources[*it].path + " -> ";
        problems.add(sources[w].path + ": an include cycle: " + cycle + sources[w].path);
      } else if (state[w] == 0) {
        self(self, w);
      }
    }
    stack.pop_back();
    state[v] = 2;
  };
  for (std::size_t v = 0; v < sources.size(); ++v)
    if (state[v] == 0) visit(visit, v);
  return problems.finish();
}

}  // namespace scae::architecture
