// `scae bench --certified-point H`: one point of a sweep path (default: the path of
// regimes/asymptotic-hadamard.toml) at h = H, computed exactly as `scae sweep` computes it, timed,
// with the process's peak resident memory. The measure of how far certified checking reaches.
#pragma once

#include "numerics/core/budget.hpp"

#include <string>

namespace scae {

struct CertifiedPointOptions {
  std::string regime;  // a regime with a [sweep] table
  int h = 0;           // any h of the path's family (identity+Hadamard: a power of two)
  bool json = false;
  int threads = 1;
  double max_hours = default_max_hours;
};

// Prints one line (JSON with --json: h, n, k, seconds, peak_rss_bytes, certified, ...); returns 0.
// Refuses (std::invalid_argument / RegimeError) a regime without a path, an h the family cannot
// build, and a point over the memory budget or the time limit.
int run_certified_point_bench(const CertifiedPointOptions& options);

}  // namespace scae
