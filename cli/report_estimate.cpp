#include "cli/report_estimate.hpp"

#include "runs/asymptotic_sweep.hpp"
#include "numerics/core/budget.hpp"
#include "numerics/core/distributed.hpp"
#include "runs/experiments_run.hpp"
#include "input/sweep_path.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace scae {

ReportEstimate estimate_report(const Regime& regime, int threads) {
  ReportEstimate e;
  const int n = regime.dictionary.n, h = regime.dictionary.h;
  const Workload claims{true};
  e.claims_seconds = estimated_monte_carlo_seconds(regime, threads) + estimated_claims_seconds(n, h, claims.rows);
  e.claims_bytes = estimated_memory_bytes(n, h, threads) + estimated_claims_memory_bytes(n, h);
  if (regime.sweep) {
    double sum = 0, largest = 0;
    for (const SweepPoint& point : sweep_points(regime)) {
      const double s = sweep_point_seconds(regime, point, threads);
      sum += s;
      largest = std::max(largest, s);
      e.sweep_bytes = std::max(e.sweep_bytes, sweep_point_memory_bytes(regime, point));
    }
    e.sweep_seconds = std::max(largest, sum / process_count());
  }
  const ExperimentOptions o;  // the sample counts experiment_options keeps
  const double well = static_cast<double>(o.well.directions + (o.well.scaling_direction ? 1 : 0)) * o.well.points *
                      static_cast<double>(o.well.samples);
  const double descent = static_cast<double>(o.descent.distances.size()) * o.descent.steps *
                         static_cast<double>(o.descent.batch + o.descent.loss_samples);
  const double norms = static_cast<double>(o.norms.deltas.size()) * o.norms.points * static_cast<double>(o.norms.samples);
  e.experiments_seconds = estimated_monte_carlo_seconds(n, h, regime.code.support.expected_size().convert_to<double>(),
                                                        static_cast<std::uint64_t>(well + descent + norms), threads);
  return e;
}

void check_report_resources(const Regime& regime, int threads, double max_hours) {
  const ReportEstimate e = estimate_report(regime, threads);
  const MemoryBudget memory;
  memory.require(std::max(e.claims_bytes, e.sweep_bytes), "the report",
                 "the larger of the claims' " + size_text(e.claims_bytes) + " and the sweep path's largest point " +
                     size_text(e.sweep_bytes),
                 "a smaller [dictionary] or [sweep] h, or a larger --max-memory");
  char parts[160];
  std::snprintf(parts, sizeof parts, "claims %.3g s, sweep path %.3g s, experiments %.3g s", e.claims_seconds, e.sweep_seconds,
                e.experiments_seconds);
  char limit[32];
  std::snprintf(limit, sizeof limit, "%g", max_hours);
  TimeBudget{max_hours}.require(e.total(), threads, "--max-hours = " + std::string(limit) + ": the report", parts,
                                "--max-hours of at least " + TimeBudget::hours_text(e.total()) +
                                    ", or fewer [monte_carlo] samples or a shorter [sweep] path");
}

}  // namespace scae
