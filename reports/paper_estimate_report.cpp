#include "reports/paper_estimate_report.hpp"

#include "reports/markdown_text.hpp"

#include <cmath>
#include <string>

namespace scae {
namespace {

std::string text_of(double x) { return std::isfinite(x) ? short_text(x) : std::string("–"); }

std::string interval_of(const std::vector<double>& mid, const std::vector<double>& lo, const std::vector<double>& hi, std::size_t r) {
  return text_of(mid[r]) + " [" + text_of(lo[r]) + ", " + text_of(hi[r]) + "]";
}

// 1 − x: near 1 a rate reads best as the rate of failure (the JSON keeps the rate).
std::string failure_of(double x) { return std::isfinite(x) ? short_text(1 - x) : std::string("–"); }

std::string failure_interval(const PaperEstimate& e) {
  return failure_of(e.recovery_rate) + " [" + failure_of(e.recovery_upper) + ", " + failure_of(e.recovery_lower) + "]";
}

std::string percent_of(double x) { return std::isfinite(x) ? short_text(100 * x) + " %" : std::string("∞"); }

const PaperEstimate* estimate_of(const SweepPointResult& point) {
  return point.paper && point.paper->estimate ? &*point.paper->estimate : nullptr;
}

void estimate_rows(std::ostringstream& md, int h, const PaperEstimate& e) {
  for (std::size_t r = 0; r < e.rows.size(); ++r) {
    md << "| " << h << " | ";
    if (r == 0)
      md << failure_interval(e) << " (" << e.recovery_samples << ") | " << failure_of(e.recovery_bound) << " | "
         << to_name(e.recovery_verdict) << " | ";
    else
      md << "| | | ";
    md << e.rows[r] << (e.atypical[r] ? " (atypical)" : " (typical)") << " | " << interval_of(e.ratio, e.lower, e.upper, r)
       << " | " << text_of(e.oracle_ratio[r]) << " | " << to_name(e.comparison[r]) << " | "
       << interval_of(e.correction, e.correction_lower, e.correction_upper, r) << " | " << percent_of(e.share[r]) << " ["
       << percent_of(e.share_lower[r]) << ", " << percent_of(e.share_upper[r]) << "] | "
       << (r == 0 ? to_name(e.correction_verdict) : std::string()) << " | " << e.samples_given[r] << " / " << e.samples_without[r] << " ("
       << e.fired_without[r] << ") | " << (r == 0 ? text_of(e.seconds) : std::string()) << " |\n";
  }
}

}  // namespace

void paper_estimate_table(std::ostringstream& md, const std::vector<SweepPointResult>& points) {
  bool any = false;
  for (const auto& point : points) any = any || estimate_of(point);
  if (!any) return;
  md << "\nThe paper's rule where its recovery is not certified: the true gradient by the row-conditional estimator "
        "(estimate, not certified; one atypical and one typical row), the rate at which a sample's support is not recovered, "
        "1 − rate, by plain Monte Carlo on the same plan (Clopper-Pearson) beside its Chernoff–Hoeffding upper bound "
        "(theory.md §5.3, evaluated in double), and the oracle correction "
        "‖E∇ − oracle‖/(q_i m2), the oracle being the closed form at the point; share = correction / true ratio. "
        "Verdicts at each interval's level (statistical): \"rate ≥ bound\" is INCONSISTENT only when the rate's interval "
        "lies below the bound; \"correction = 0\" is INCONSISTENT when some row's correction interval excludes 0.\n\n"
     << "| h | failure rate 1 − rate [interval] (samples) | bound on it | rate ≥ bound | row | true ratio [interval] | oracle ratio | "
        "true vs oracle | correction [interval] | share [interval] | correction = 0 | samples with i / without i (firing) | s |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& point : points) {
    if (const PaperEstimate* e = estimate_of(point)) estimate_rows(md, point.point.h, *e);
    else if (point.paper && !point.paper->estimate_note.empty())
      md << "| " << point.point.h << " | " << point.paper->estimate_note << " | | | | | | | | | | | |\n";
  }
}

void paper_estimate_sentence(std::ostringstream& out, const std::vector<SweepPointResult>& points) {
  std::string rates, ratios;
  for (const auto& point : points) {
    const PaperEstimate* e = estimate_of(point);
    if (!e) continue;
    const std::string h = std::to_string(point.point.h);
    rates += (rates.empty() ? "" : "; ") + failure_interval(*e) + " at h = " + h + " (bound " + failure_of(e->recovery_bound) + ")";
    ratios += (ratios.empty() ? "" : "; ") + std::string("h = ") + h + ":";
    for (std::size_t r = 0; r < e->rows.size(); ++r)
      ratios += std::string(r ? "," : "") + " row " + std::to_string(e->rows[r]) + " " + interval_of(e->ratio, e->lower, e->upper, r) +
                " against the oracle's " + text_of(e->oracle_ratio[r]) + " (" + to_name(e->comparison[r]) + ", correction " +
                percent_of(e->share[r]) + " of the ratio)";
  }
  if (rates.empty()) return;
  out << "Where its recovery is not certified, Monte Carlo (estimate, not certified) measures the paper's bias failing to "
         "recover the support of a sample at the rate "
      << rates << "; the true ‖E∇_{W_i}‖/(q_i m2) is " << ratios << ". ";
}

}  // namespace scae
