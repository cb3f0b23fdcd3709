// Covers checks/fuzz/fuzz_inputs.hpp: every file of the fuzz seed corpus (shipped regimes, small
// matrices, nasty cases and the inputs that once crashed a fuzz run, named regression-*) goes
// through the fuzz entry points in the unit suite, so a fixed crash stays fixed without clang.
#include <doctest/doctest.h>

#include "fuzz_inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {
const fs::path corpus = fs::path(SCAE_SOURCE_DIR) / "checks" / "fuzz" / "corpus";

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

TEST_SUITE("fuzz corpus") {
  TEST_CASE("every input of the corpus is read, or refused with the reader's own error") {
    const std::pair<const char*, void (*)(std::string_view)> targets[] = {{"regime", scae::fuzz::regime_input},
                                                                         {"matrix_io", scae::fuzz::matrix_input}};
    for (const auto& target : targets) {
      const char* folder = target.first;  // not a structured binding: clang < 16 cannot capture one
      const auto run = target.second;
      const auto files = files_in(corpus / folder);
      CHECK(files.size() >= 10);
      for (const auto& file : files) {
        INFO(std::string(folder), "/", file.filename().string());
        CHECK_NOTHROW(run(contents(file)));
      }
    }
  }

  TEST_CASE("the fuzz check of a read matrix fails on a non-finite entry") {
    scae::MatrixXd m = scae::MatrixXd::Ones(2, 3);
    CHECK_NOTHROW(scae::fuzz::require_finite(m, "m"));
    m(1, 2) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(scae::fuzz::require_finite(m, "m"), std::logic_error);
  }
}
