// The fuzz seed corpus as the replay tests read it (test_fuzz_corpus.cpp, test_matrix_corpus.cpp).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace scae::fuzz {

inline const std::filesystem::path corpus = std::filesystem::path(SCAE_SOURCE_DIR) / "checks" / "fuzz" / "corpus";

// The regular files of `dir`, sorted.
inline std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

inline std::string contents(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace scae::fuzz
