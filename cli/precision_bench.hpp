// `scae bench --precision`: the seconds to a relative half-width of 1 % (at 95 %) on ‖E∇_{W_i} L‖
// for named rows (default 0, coherent with every Hadamard atom, and 5, a typical row) at h = 1024 and
// 4096 on identity+Hadamard with the paper's bias (rule `paper`, C = 1: recovery is not certified
// there), by scae's row-conditional estimator (numerics/estimate/row_conditional.hpp), against
//   (a) NumPy running the same estimator (bench/numpy_baseline.py --estimator given|without): the
//       samples scae drew, pilot included, at NumPy's rates measured in the same run;
//   (b) NumPy's plain estimator (every row from every sample, the script a researcher writes first):
//       the samples plain sampling needs for the same half-width at its rate measured in the same
//       run. That count follows from the terms: the plain per-sample trace of the covariance of g_i
//       is q (s_1 + ‖m_1‖²) + (1 - q)(s_2 + ‖m_2‖²) - ‖m‖², s_t the term's per-sample trace.
// NumPy's times are extrapolated from its measured rates (it would need hours to days); scae's are
// measured. The half-width is the engine's norm radius (trace of the covariance and Gaussian
// concentration), for both.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scae {

struct PrecisionBenchOptions {
  std::vector<int> sizes{1024, 4096};  // h: powers of two in [64, 16384]; n = h/2, k = round(h^0.2), delta = h^-0.6
  std::vector<int> rows{0, 5};
  double relative = 0.01;              // target norm radius / norm
  std::uint64_t pilot = 16384;         // samples per term of the pilot
  int repeats = 1;                     // interleaved runs of scae and NumPy; medians reported
  bool json = false;
  int threads = 0;
  std::string baseline;                // numpy_baseline.py; empty: the NumPy ratios are left out
};

// Refuses (std::invalid_argument naming the option and its range) sizes, rows and targets out of
// range and sizes over the memory budget, before anything runs; prints one line per size (JSON
// with --json: h, seconds, ratio_same_estimator, ratio_plain and the figures they come from).
int run_precision_bench(const PrecisionBenchOptions& options);

}  // namespace scae
