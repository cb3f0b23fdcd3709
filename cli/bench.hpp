// `scae bench`: samples per second of the full-gradient Monte Carlo estimator on the regimes R1,
// R2, R3 of issue #2, for the sparse path and the dense batched-GEMM path, and — when the NumPy
// baseline script runs — the batched NumPy+OpenBLAS estimator measured in the same run. Without it
// the ratios to NumPy are left out, saying why on stderr and in each JSON line ("numpy_baseline").
#pragma once

#include "numerics/core/budget.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace scae {

struct BenchOptions {
  std::vector<std::string> regimes;  // R1, R2, R3; empty: all three
  bool json = false;
  double scale = 1;                  // multiplies the default sample counts
  int threads = 0;
  double max_hours = default_max_hours;  // refuse a run estimated to take longer (see run_bench)
  std::string baseline;              // path of numpy_baseline.py (bench/ in the repository); empty: skip
  std::string paths = "all";         // "sparse", "dense" or "all"
  std::string accumulation = "automatic";  // of the sparse path: "automatic", "vectors" or "coefficients"
  std::string screening = "automatic";     // float screening of the sparse path: "automatic", "on" or "off"
  int batches = 64;                  // batch means of the sparse path's confidence statements
  int repeats = 3;                   // interleaved runs of every path; medians are reported
};

// Before anything runs or prints, refuses (std::invalid_argument naming the option) more batches
// than a regime's sparse samples, and (with the estimate) a run whose memory estimate exceeds the
// physical memory or whose time estimate exceeds max_hours. Memory: the sparse path's is estimated_memory_bytes(n, h, threads) (input/resources.hpp),
// the dense path's 8 bytes x (3nh + 1024 (4h + 3n)) (A*, W, the sum and one batch of 1024 codes,
// data, pre-activations, residuals). Time: the sparse and sparse+oracle runs by the Monte Carlo cost
// model, the dense path and the NumPy baseline by 8nh multiply-adds per sample at 1 ns / threads.
int run_bench(const BenchOptions& options);
// The names --accumulation accepts (the sparse path's accumulation vocabulary).
std::vector<std::string> accumulation_names();

}  // namespace scae
