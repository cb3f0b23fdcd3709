// The plan of a Monte Carlo run (monte_carlo.hpp), decided once before the batches: the shared
// matrices (M = W A*, padded W^T and A*, norms, the checked rows' slots), the accumulation space
// (coefficients or vectors, by the cost model below) and the float screening with its rigorous
// thresholds (derivation at choose_screening in engine_plan.cpp). Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/engine_types.hpp"
#include "numerics/estimate/monte_carlo.hpp"

#include <vector>

namespace scae::engine {

// The upper triangle of the symmetric product p q (h x h; W W^T, A*^T A*), packed by columns
// (engine_types.hpp), with the bits of fixed_order_product(p, q): column blocks of 240 on `threads`
// threads, each over the rows up to its last column. Eigen's kernels sum each entry in an order set by
// the inner size and by the entry's row panel, and 240 keeps every row in the panel it has in the
// whole product (checks/numerics/estimate/test_engine_plan.cpp compares the bits).
std::vector<double> packed_symmetric_product(const MatrixXd& p, const MatrixXd& q, int threads);

// `rows` are the checked rows (all h when options.rows is empty); `threads` sizes the memory test.
Shared plan_run(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                const MonteCarloOptions& options, const std::vector<int>& rows, int threads);

}  // namespace scae::engine
