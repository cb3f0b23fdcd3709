// Shared by the doctest suites: the run's seed and depth (see doctest_main.cpp), temporary folders.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace scae::testing {
std::uint64_t seed();
int depth();

// A fresh folder under the system temp folder, removed with its contents at scope exit.
class TempDir {
public:
  explicit TempDir(const std::string& tag);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path write(const std::string& name, const std::string& text) const;
  std::vector<std::string> entries() const;  // names of the files in the folder
  std::filesystem::path path;
};

// The regime texts the tests use, built in one place: every table a regime needs, with small
// defaults a test overrides by name. Each field is the body of its TOML table; [sweep] and
// [expect] are left out when empty.
struct RegimeText {
  std::string name = "test";
  std::string description{};
  std::string dictionary = "family = \"identity-hadamard\"\nn = 16";
  std::string code = "support = \"uniform\"\nk = 2\nvalues = \"uniform\"\na1 = 1\na2 = 2";
  std::string point = "kind = \"random-direction\"\ndelta = 0.01";
  std::string bias = "rule = \"exact-mid\"";
  std::string monte_carlo = "samples = 20000\nbatches = 20";
  std::string sweep{};
  std::string expect{};
  std::string text() const;
};

// A small identity+Hadamard regime for the phase-diagram tests (theory/phase_cell,
// reports/grid_report): base h = 256, k = `k_rule` in h and p, delta = h^(-p-0.4), bias exact-mid.
std::string grid_regime_toml(const std::string& k_rule = "round(h^p)");
}  // namespace scae::testing
