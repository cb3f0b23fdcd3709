// The small phase grid the grid tests run (checks/runs/test_grid_run.cpp, checks/reports/test_grid_report.cpp).
#pragma once

#include "runs/grid_run.hpp"
#include "checks/test_support.hpp"

#include <filesystem>

namespace scae::testing {

// p in {0.15, 0.3} x xi in {0.1, 0.4375}: at xi = 0.4375 (h = 256) p = 0.15 gives k = 2 and the
// hypotheses hold, p = 0.3 gives k = 5 and p > xi/2; xi = 0.1 is out of the family's reach.
inline GridSpec small_grid() { return parse_grid("p=0.15:0.3:0.15,xi=0.1:0.4375:0.3375"); }

inline GridOptions grid_options(const std::filesystem::path& dir, bool resume = false) {
  GridOptions o;
  o.directory = dir;
  o.threads = 2;
  o.resume = resume;
  o.progress = false;
  return o;
}

}  // namespace scae::testing
