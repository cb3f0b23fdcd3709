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

// A small identity+Hadamard regime for the phase-diagram tests (theory/phase_cell,
// reports/grid_report): base h = 256, k = `k_rule` in h and p, delta = h^(-p-0.4), bias exact-mid.
std::string grid_regime_toml(const std::string& k_rule = "round(h^p)");
}  // namespace scae::testing
