// The plan of a Monte Carlo run (monte_carlo.hpp), decided once before the batches: the shared
// matrices (M = W A*, padded W^T and A*, norms, the checked rows' slots), the accumulation space
// (coefficients or vectors, by the cost model below) and the float screening with its rigorous
// thresholds (derivation at choose_screening in engine_plan.cpp). Internal to numerics/estimate.
#pragma once

#include "engine_types.hpp"
#include "monte_carlo.hpp"

#include <vector>

namespace scae::engine {

// `rows` are the checked rows (all h when options.rows is empty); `threads` sizes the memory test.
Shared plan_run(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                const MonteCarloOptions& options, const std::vector<int>& rows, int threads);

}  // namespace scae::engine
