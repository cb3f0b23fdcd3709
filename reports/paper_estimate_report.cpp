#include "reports/paper_estimate_report.hpp"

#include "reports/markdown_text.hpp"

#include <string>

namespace scae {
namespace {

std::string text_of(const nlohmann::json& x) { return x.is_number() ? short_text(x.get<double>()) : std::string("–"); }

std::string interval_of(const nlohmann::json& e, const char* mid, const char* lo, const char* hi, std::size_t r) {
  return text_of(e[mid][r]) + " [" + text_of(e[lo][r]) + ", " + text_of(e[hi][r]) + "]";
}

// 1 − x: near 1 a rate reads best as the rate of failure (the JSON keeps the rate).
std::string failure_of(const nlohmann::json& x) { return x.is_number() ? short_text(1 - x.get<double>()) : std::string("–"); }

std::string failure_interval(const nlohmann::json& rec) {
  return failure_of(rec["rate"]) + " [" + failure_of(rec["upper"]) + ", " + failure_of(rec["lower"]) + "]";
}

std::string percent_of(const nlohmann::json& x) { return x.is_number() ? short_text(100 * x.get<double>()) + " %" : std::string("∞"); }

bool has_estimate(const nlohmann::json& point) {
  return !point["paper"].is_null() && point["paper"].contains("monte_carlo") && !point["paper"]["monte_carlo"].is_null();
}

}  // namespace

void paper_estimate_table(std::ostringstream& md, const nlohmann::json& sweep) {
  bool any = false;
  for (const auto& point : sweep["points"]) any = any || has_estimate(point);
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
  for (const auto& point : sweep["points"]) {
    if (!has_estimate(point)) {
      if (!point["paper"].is_null() && point["paper"].contains("monte_carlo_note") &&
          !point["paper"]["monte_carlo_note"].get<std::string>().empty())
        md << "| " << point["h"] << " | " << point["paper"]["monte_carlo_note"].get<std::string>()
           << " | | | | | | | | | | | |\n";
      continue;
    }
    const auto& e = point["paper"]["monte_carlo"];
    const auto& rec = e["recovery"];
    for (std::size_t r = 0; r < e["rows"].size(); ++r) {
      md << "| " << point["h"] << " | ";
      if (r == 0)
        md << failure_interval(rec) << " (" << rec["samples"].get<std::uint64_t>() << ") | "
           << failure_of(rec["chernoff_hoeffding_bound"]) << " | "
           << e["recovery_verdict"].get<std::string>() << " | ";
      else
        md << "| | | ";
      md << e["rows"][r].get<int>() << (e["atypical"][r].get<bool>() ? " (atypical)" : " (typical)") << " | "
         << interval_of(e, "ratio", "lower", "upper", r) << " | " << text_of(e["oracle_ratio"][r]) << " | "
         << e["comparison"][r].get<std::string>() << " | " << interval_of(e, "correction", "correction_lower", "correction_upper", r)
         << " | " << percent_of(e["share"][r]) << " [" << percent_of(e["share_lower"][r]) << ", " << percent_of(e["share_upper"][r])
         << "] | " << (r == 0 ? e["correction_verdict"].get<std::string>() : std::string()) << " | "
         << e["samples_given"][r].get<std::uint64_t>() << " / " << e["samples_without"][r].get<std::uint64_t>() << " ("
         << e["fired_without"][r].get<std::uint64_t>() << ") | " << (r == 0 ? text_of(e["seconds"]) : std::string()) << " |\n";
    }
  }
}

void paper_estimate_sentence(std::ostringstream& out, const nlohmann::json& sweep) {
  std::string rates, ratios;
  for (const auto& point : sweep["points"]) {
    if (!has_estimate(point)) continue;
    const auto& e = point["paper"]["monte_carlo"];
    const std::string h = std::to_string(point["h"].get<int>());
    rates += (rates.empty() ? "" : "; ") + failure_interval(e["recovery"]) + " at h = " + h + " (bound " +
             failure_of(e["recovery"]["chernoff_hoeffding_bound"]) + ")";
    ratios += (ratios.empty() ? "" : "; ") + std::string("h = ") + h + ":";
    for (std::size_t r = 0; r < e["rows"].size(); ++r)
      ratios += std::string(r ? "," : "") + " row " + std::to_string(e["rows"][r].get<int>()) + " " +
                interval_of(e, "ratio", "lower", "upper", r) + " against the oracle's " + text_of(e["oracle_ratio"][r]) + " (" +
                e["comparison"][r].get<std::string>() + ", correction " + percent_of(e["share"][r]) + " of the ratio)";
  }
  if (rates.empty()) return;
  out << "Where its recovery is not certified, Monte Carlo (estimate, not certified) measures the paper's bias failing to "
         "recover the support of a sample at the rate "
      << rates << "; the true ‖E∇_{W_i}‖/(q_i m2) is " << ratios << ". ";
}

}  // namespace scae
