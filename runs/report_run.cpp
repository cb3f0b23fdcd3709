#include "runs/report_run.hpp"

#include "numerics/core/distributed.hpp"
#include "runs/progress.hpp"
#include "theory/support_recovery.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ctime>

namespace scae {

namespace {

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buffer;
}

std::string host_name() {
  char buffer[256] = {};
  return gethostname(buffer, sizeof buffer - 1) == 0 ? buffer : "unknown";
}

RecoveryWindows recovery_windows(const Neighbourhood& nb, const Instance& instance) {
  const SufficientWindow sw = sufficient_window(nb, instance.code);
  const ExactWindows ew = exact_windows(nb, instance.code);
  const auto mid = [](const interval& x) { return median(x).convert_to<double>(); };
  RecoveryWindows out;
  out.sufficient_lower = mid(sw.lower);
  out.sufficient_upper = mid(sw.upper);
  for (std::size_t j = 0; j < ew.off_max.size(); ++j) {
    out.off.push_back(mid(ew.off_max[j]));
    out.on.push_back(mid(ew.on_min[j]));
  }
  out.eps.assign(instance.eps.data(), instance.eps.data() + instance.h());
  return out;
}

double mean_bias_form(const Instance& instance, const std::vector<int>& rows) {
  if (rows.empty()) return std::nan("");
  const double m1 = instance.code.values.m1().convert_to<double>(), m2 = instance.code.values.m2().convert_to<double>();
  double form = 0;
  for (const int i : rows) form += instance.eps(i) * (2 * m1 - instance.eps(i)) / m2;
  return form / static_cast<double>(rows.size());
}

}  // namespace

ReportRun run_report(const Regime& regime, const Instance& instance, const ReportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ReportRun run;
  run.regime = regime;
  run.seed = instance.monte_carlo.seed;
  run.rows = options.rows.empty() ? claim_rows(instance.h(), instance.monte_carlo.seed) : options.rows;
  run.row_groups = group_rows(instance.a, run.rows);
  const auto claims = select_claims(regime.claims);
  ClaimContext context(instance, run.rows, options.threads, statistical_comparisons(claims, run.rows.size()));
  run.numerics = run_numerics_summary(instance, options.threads, &context.neighbourhood().coherence);
  run.windows = recovery_windows(context.neighbourhood(), instance);
  // Stage weights: rough shares of the default regime's run time.
  Progress progress("report", 10 + (regime.sweep ? 35 : 0) + 55);
  progress.step("claims");
  run.claims = run_claims(context, claims);
  progress.advance(10);
  for (const auto& r : run.claims) run.statistical_claims += r.claim->method == Method::statistical;
  run.bias_form = mean_bias_form(instance, run.rows);
  run.bias_form_typical = mean_bias_form(instance, run.row_groups.typical);
  run.bias_form_atypical = mean_bias_form(instance, run.row_groups.atypical);
  if (regime.sweep) {
    progress.step("sweep");
    // The critical point's search on the smaller points only: the report's sweep is a context, not the full path.
    SweepOptions sweep_options{options.directory, options.threads, options.resume, false};
    sweep_options.landscape = LandscapePathLimits{1024, 256};
    run.sweep = run_sweep(regime, sweep_options);
    progress.advance(35);
  }
  progress.step("the paper's experiments");
  run.experiments = run_experiments(instance, experiment_options(instance, options.threads));
  progress.advance(55);
  run.family_level = rational(1 - instance.monte_carlo.confidence).convert_to<double>();  // 0.05, not 1 - 0.95 in double
  run.context = {now_utc(), host_name(), options.threads, process_count(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  return run;
}

}  // namespace scae
