// The paper rule's series along the sweep where its recovery is not certified (issue 26, part 3;
// docs/theory.md §8 (d)). There the closed form is the oracle gradient only, and the true E∇_{W_i} L is
// measured: the row-conditional estimator (numerics/estimate/row_conditional.hpp) on one atypical and
// one typical row to a relative radius, the support-recovery rate from a run under the code law on the
// same plan (Clopper-Pearson) beside the Chernoff-Hoeffding lower bound (theory/support_recovery.hpp,
// evaluated in double; docs/theory.md §5.3), and the oracle correction E∇ − oracle with its radius: the
// estimate's norm radius (a radius of the whole row vector) plus its rounding bound plus the norm of
// the closed form's enclosure radii. Every number is an estimate, not certified.
#pragma once

#include "runs/asymptotic_sweep.hpp"
#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <vector>

namespace scae {

struct PaperMonteCarloOptions {
  double relative = 0.01;               // target relative radius of each row's norm
  std::uint64_t pilot = 16384;          // pilot samples per term (estimate_rows_to_precision)
  std::uint64_t recovery_samples = 0;   // samples of the code law for the recovery rate (>= batches)
  std::uint64_t seed = 1;
  int batches = 64;
  double confidence = 0.95;             // level of each interval
  int threads = 1;
};

// The estimate at one point: `rows` (distinct) with `atypical` flags, `oracle` the closed form's
// enclosure of each row's oracle gradient at the same eps, `recovery_bound` the Chernoff-Hoeffding
// lower bound of the recovery rate (NaN: not known).
PaperEstimate estimate_paper_point(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                   const std::vector<int>& rows, const std::vector<bool>& atypical,
                                   const std::vector<Vector<interval>>& oracle, double recovery_bound,
                                   const PaperMonteCarloOptions& options);

// The rows estimated at a point: the first atypical and the first typical of the checked rows.
std::vector<int> paper_estimate_rows(const std::vector<int>& rows, const std::vector<int>& atypical);

// Bytes of the estimate at (n, h): the dense A* and W (2nh doubles), then the larger of fl(M) with
// its error bound and a transient copy for the Chernoff-Hoeffding bound (3h²) and the estimator's plan
// (padded W^T and A*, M, its float copy and block bounds: 2nh + 1.5625h²).
std::uint64_t paper_estimate_bytes(int n, int h);
inline constexpr const char* paper_estimate_memory_model = "8 bytes x (2nh + max(3h^2, 2nh + 1.5625h^2))";

}  // namespace scae
