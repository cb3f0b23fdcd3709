// The layer map as a check over the source text (docs/architecture.md). Folders, lowest first:
//   numerics/core → numerics/model → numerics/estimate → theory → input → runs → reports → cli
// A file includes a project header by its path from the root ("theory/verdict.hpp"), so the include
// names the header's layer; it may include headers of its own layer and of the layers before it, never of a later one;
// no header may reach itself through includes; files stay within 400 lines and functions defined at
// namespace scope within 80, except the formula kernels listed in layer_map.cpp (each mirrors a
// derivation line by line), which may not grow;
// reports/ renders the typed results of runs/ and calls none of the functions that compute them;
// reports/ and cli/ spell no claim id or looked-up evidence name as a string literal: they use the
// constants of the label headers, so that renaming one is a compile error; cli/ parses arguments and
// calls: it includes no numerics header, uses no matrix or multiprecision type and builds no JSON,
// except in the files listed with a reason.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace scae::architecture {

inline constexpr int max_file_lines = 400;
inline constexpr int max_function_lines = 80;

struct Debt {
  std::string what;  // "FILE" for a file, "FILE:FUNCTION" for a function
  int lines;         // its length when it was listed: it may not grow past this
};

const std::vector<std::string>& layer_folders();
const std::vector<Debt>& known_debts();
// The functions that compute (runs, estimates, certified quantities, experiments): reports/ calls none.
const std::vector<std::string>& computing_calls();

// The cli/ files that may compute, each with its reason.
const std::vector<std::pair<std::string, std::string>>& computing_cli_files();
// The headers that define claim ids and evidence names as `inline constexpr const char* NAME = "TEXT";`.
const std::vector<std::string>& label_headers();

// Every problem of the tree under `root`, one line each ("FILE: problem"); empty when it keeps the map.
std::vector<std::string> layer_problems(const std::filesystem::path& root, const std::vector<Debt>& debts = known_debts());

}  // namespace scae::architecture
