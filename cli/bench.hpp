// `scae bench`: samples per second of the full-gradient Monte Carlo estimator on the regimes R1,
// R2, R3 of issue #2, for the sparse path and the dense batched-GEMM path, and — when the NumPy
// baseline script is available — the batched NumPy+OpenBLAS estimator measured in the same run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scae {

struct BenchOptions {
  std::vector<std::string> regimes;  // R1, R2, R3; empty: all three
  bool json = false;
  double scale = 1;                  // multiplies the default sample counts
  int threads = 0;
  std::string baseline;              // path of numpy_baseline.py; empty: skip
  std::string paths = "all";         // "sparse", "dense" or "all"
  std::string accumulation = "automatic";  // of the sparse path: "automatic", "vectors" or "coefficients"
  std::string screening = "automatic";     // float screening of the sparse path: "automatic", "on" or "off"
};

int run_bench(const BenchOptions& options);

}  // namespace scae
