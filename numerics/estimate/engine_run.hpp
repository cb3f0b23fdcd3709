// Runs of the Monte Carlo engine (monte_carlo.cpp) on a plan made once by plan_run (engine_plan.hpp):
// estimate() makes one run; the row-conditional estimator (row_conditional.cpp) makes several on one
// plan, with supports drawn given a unit (Shared::condition). Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/engine_types.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/estimate/worst_case_bounds.hpp"

namespace scae::engine {

// Refuses (std::invalid_argument naming the parameter and its range) inconsistent shapes, values
// that are not finite, and options outside their ranges.
void validate(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code, const MonteCarloOptions& o);

// options.samples samples of the code law (or, with sh.condition, of the law given a unit) in
// options.batches batches, summed for the plan's rows (sh.rows); the same bits for any number of
// threads or processes. options.rows is not read: the plan fixed the rows.
MonteCarloResult run_planned(const Shared& sh, const Bounds& bounds, const MonteCarloOptions& options, int threads);

}  // namespace scae::engine
