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
// With options.share_rows under more than one process, M is not formed: Shared::block holds this
// process's rows of it (shared_rows.hpp), and the run accumulates vectors without the oracle.
Shared plan_run(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                const MonteCarloOptions& options, const std::vector<int>& rows, int threads);

// The firing test's plan for rows [first, first + eps_rows.size()) of M = W A* (eps_rows their
// biases): those rows of M, with the bits of the same rows of fixed_order_product(w, a) when first is
// a multiple of shared_row_chunk, and their screening. Nothing to accumulate.
Shared plan_firing_rows(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps_rows, const CodeModel& code,
                        const MonteCarloOptions& options, int first, int threads);

}  // namespace scae::engine
