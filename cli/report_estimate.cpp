#include "report_estimate.hpp"

#include "asymptotic_sweep.hpp"
#include "distributed.hpp"
#include "experiments_section.hpp"
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
  if (e.total() <= max_hours * 3600) return;
  char text[400];
  std::snprintf(text, sizeof text,
                "--max-hours = %g: the report is estimated to take %.3g hours with %d threads (claims' Monte Carlo %.3g s, "
                "sweep path %.3g s, experiments %.3g s); accepted: --max-hours of at least %.3g, or fewer [monte_carlo] "
                "samples or a shorter [sweep] path",
                max_hours, e.total() / 3600, threads, e.claims_seconds, e.sweep_seconds, e.experiments_seconds, e.total() / 3600);
  throw std::invalid_argument(text);
}

}  // namespace scae
