// The time and memory `scae report` is estimated to take, refused up front when above --max-hours
// or the memory limit (numerics/core/budget: the one gate). Time: the claims' Monte Carlo run and
// certified work (input/resources: estimated_monte_carlo_seconds, estimated_claims_seconds), the
// regime's sweep path (its points' sweep_point_seconds, shared out across processes as run_sweep
// does) and the paper's experiments (their default sample counts under the Monte Carlo cost model).
// Memory: the largest of the claims (Monte Carlo engine and certified work, which run first and are
// released before the path) and the path's largest point (sweep_point_memory_bytes).
#pragma once

#include "input/regime.hpp"
#include "input/resources.hpp"

#include <cstdint>

namespace scae {

struct ReportEstimate {
  double claims_seconds = 0, sweep_seconds = 0, experiments_seconds = 0;
  std::uint64_t claims_bytes = 0, sweep_bytes = 0;
  double total() const { return claims_seconds + sweep_seconds + experiments_seconds; }
};

ReportEstimate estimate_report(const Regime& regime, int threads);
// Throws a ResourceRefusal naming --max-hours or --max-memory and the estimate when it exceeds the limit.
void check_report_resources(const Regime& regime, int threads, double max_hours);

}  // namespace scae
