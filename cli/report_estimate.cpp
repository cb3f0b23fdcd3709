#include "report_estimate.hpp"

#include "asymptotic_sweep.hpp"
#include "budget.hpp"
#include "distributed.hpp"
#include "experiments_run.hpp"
#include "sweep_path.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace scae {

ReportEstimate estimate_report(const Regime& regime, int threads) {
  ReportEstimate e;
  e.claims_seconds = estimated_monte_carlo_seconds(regime, threads);
  if (regime.sweep) {
    double sum = 0, largest = 0;
    for (const SweepPoint& point : sweep_points(regime)) {
      const double s = sweep_point_seconds(regime, point, threads);
      sum += s;
      largest = std::max(largest, s);
    }
    e.sweep_seconds = std::max(largest, sum / process_count());
  }
  const ExperimentOptions o;  // the sample counts experiment_options keeps
  const double well = static_cast<double>(o.well.directions + (o.well.scaling_direction ? 1 : 0)) * o.well.points *
                      static_cast<double>(o.well.samples);
  const double descent = static_cast<double>(o.descent.distances.size()) * o.descent.steps *
                         static_cast<double>(o.descent.batch + o.descent.loss_samples);
  const double norms = static_cast<double>(o.norms.deltas.size()) * o.norms.points * static_cast<double>(o.norms.samples);
  e.experiments_seconds = estimated_monte_carlo_seconds(regime.dictionary.n, regime.dictionary.h,
                                                        regime.code.support.expected_size().convert_to<double>(),
                                                        static_cast<std::uint64_t>(well + descent + norms), threads);
  return e;
}

void check_report_time(const Regime& regime, int threads, double max_hours) {
  const ReportEstimate e = estimate_report(regime, threads);
  const TimeBudget time{max_hours};
  if (time.admits(e.total())) return;
  char parts[160];
  std::snprintf(parts, sizeof parts, "claims' Monte Carlo %.3g s, sweep path %.3g s, experiments %.3g s", e.claims_seconds,
                e.sweep_seconds, e.experiments_seconds);
  char limit[32];
  std::snprintf(limit, sizeof limit, "%g", max_hours);
  throw std::invalid_argument("--max-hours = " + std::string(limit) + ": the report takes " + time.refusal(e.total(), threads, parts) +
                              "; accepted: --max-hours of at least " + TimeBudget::hours_text(e.total()) +
                              ", or fewer [monte_carlo] samples or a shorter [sweep] path");
}

}  // namespace scae
