// The time `scae report` is estimated to take, refused up front when above --max-hours: the
// claims' Monte Carlo run (estimated_monte_carlo_seconds), the regime's sweep path (its points'
// sweep_point_seconds, shared out across processes as sweep_json does) and the paper's experiments
// (their default sample counts under the same Monte Carlo cost model).
#pragma once

#include "regime.hpp"
#include "resources.hpp"

namespace scae {

struct ReportEstimate {
  double claims_seconds = 0, sweep_seconds = 0, experiments_seconds = 0;
  double total() const { return claims_seconds + sweep_seconds + experiments_seconds; }
};

ReportEstimate estimate_report(const Regime& regime, int threads);
// Throws std::invalid_argument naming --max-hours and the estimate when it exceeds max_hours.
void check_report_time(const Regime& regime, int threads, double max_hours);

}  // namespace scae
