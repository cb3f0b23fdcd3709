#include "negligibility.hpp"

#include "markdown_text.hpp"
#include "scalar.hpp"
#include "verdict.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>
#include <vector>

namespace scae {

namespace {

// The value of a named piece of evidence of a claim, or "".
std::string evidence_of(const nlohmann::json& report, const std::string& claim, const std::string& name) {
  for (const auto& c : report["claims"])
    if (c["id"] == claim)
      for (const auto& e : c["evidence"])
        if (e["name"] == name) return e["value"].get<std::string>();
  return {};
}

std::string verdict_of(const nlohmann::json& report, const std::string& claim) {
  for (const auto& c : report["claims"])
    if (c["id"] == claim) return c["verdict"].get<std::string>();
  return {};
}

double natural_scale(const nlohmann::json& r) {
  return parse_rational(r["regime"]["q1"].get<std::string>()).convert_to<double>() *
         parse_rational(r["regime"]["m2"].get<std::string>()).convert_to<double>();
}

// ‖E∇_{W_i}‖/(q_i m2) at the regime's W: per checked row (midpoints of the certified enclosures)
// when recovery is certified, else the Monte Carlo mean over all rows (row -1).
std::pair<bool, std::vector<std::pair<int, double>>> ratios_here(const nlohmann::json& r) {
  std::vector<std::pair<int, double>> out;
  if (verdict_of(r, "gradient.certified_enclosure") == "PROVEN") {
    for (const auto& row : r["regime"]["rows_checked"]) {
      const std::string value = evidence_of(r, "gradient.certified_enclosure", "row " + row.dump() + " |E grad|/(q_i m2)");
      if (!value.empty()) out.emplace_back(row.get<int>(), median_of_interval_text(value));
    }
    return {true, out};
  }
  out.emplace_back(-1, r["monte_carlo"]["gradient_row_norm"]["mean"].get<double>() / natural_scale(r));
  return {false, out};
}

}  // namespace

std::string negligibility(const nlohmann::json& r) {
  std::ostringstream out;
  const double scale = natural_scale(r);
  out << "Theorem 3.2 says that ‖E∇_{W_i} L‖ becomes negligible near A\\* as h grows, for every W in the δ-neighbourhood and a "
         "bias that shrinks with the incoherence; its natural scale is q_i m2 = "
      << number_text(scale) << ". ";
  const auto [certified, ratios] = ratios_here(r);
  if (certified) {
    out << "Here support recovery is certified, so the closed form is the true expected gradient: ‖E∇_{W_i}‖/(q_i m2) is";
    for (const auto& [row, ratio] : ratios) out << " " << short_text(ratio) << " (row " << row << ")";
    out << ". ";
  } else {
    out << "Here support recovery is not certified; by Monte Carlo the mean over rows of ‖E∇_{W_i}‖/(q_i m2) is "
        << short_text(ratios.front().second) << ". ";
  }
  out << "With this regime's bias the two diagonal classes alone give ε(2m1 − ε)/m2 = " << short_text(r["bias_form"])
      << " (mean over the rows): at this size the bias, not the incoherence, sets the ratio. ";
  const std::string at_w = verdict_of(r, "gradient.theorem_3_2_bound"), ball = verdict_of(r, "gradient.theorem_3_2_uniform");
  if (!ball.empty())
    out << "The explicit bound B_ball = " << short_text(median_of_interval_text(evidence_of(r, "gradient.theorem_3_2_uniform", "B_ball")))
        << " on ‖E∇_{W_i}‖/(q_i m2) for every W with ‖W_i − A\\*_i‖ ≤ δ is " << ball
        << (at_w.empty() ? "" : " (at this W, B(W) = " +
                                    short_text(median_of_interval_text(evidence_of(r, "gradient.theorem_3_2_bound", "B(W)"))) +
                                    ": " + at_w + ")")
        << ". ";
  if (r.contains("asymptotics") && !r["asymptotics"]["fit"].is_null()) {
    const auto& a = r["asymptotics"];
    out << "Along the regime's path (section Asymptotics) with the bias rule " << a["series"].get<std::string>()
        << ", the ratio goes from " << short_text(a["fit"]["first_ratio"]) << " to " << short_text(a["fit"]["last_ratio"])
        << " with slope " << short_text(a["fit"]["slope"]) << " against p − ξ = " << short_text(a["predicted_slope"]);
    for (const auto& v : a["verdicts"])
      if (v["id"] == "sweep.slope_matches_p_minus_xi") out << " (" << v["verdict"].get<std::string>() << ")";
    out << ". ";
    if (!a["contrast_fit"].is_null())
      out << "With the bias in the middle of each window (" << a["contrast_fit"]["series"].get<std::string>()
          << "), which does not shrink, it goes from " << short_text(a["contrast_fit"]["first_ratio"]) << " to "
          << short_text(a["contrast_fit"]["last_ratio"]) << ": negligibility needs ε → 0.";
  }
  return out.str();
}

// "Is the expected gradient negligible here, and along the path?", from the same numbers as the
// section "Is the expected gradient negligible?" below.
std::string negligibility_answer(const nlohmann::json& r) {
  std::ostringstream out;
  const auto [certified, ratios] = ratios_here(r);
  double lo = HUGE_VAL, hi = 0;
  for (const auto& [row, ratio] : ratios) lo = std::min(lo, ratio), hi = std::max(hi, ratio);
  out << "**Is the expected gradient negligible?** At this size ‖E∇_{W_i}‖/(q_i m2) is "
      << (ratios.size() > 1 ? short_text(lo) + "–" + short_text(hi) + " on the checked rows (certified)"
                            : short_text(hi) + (certified ? " (certified)" : " (Monte Carlo mean over rows)"))
      << ", with the bias's own ε(2m1 − ε)/m2 = " << short_text(r["bias_form"]) << ".";
  if (r.contains("asymptotics") && !r["asymptotics"]["fit"].is_null()) {
    const auto& a = r["asymptotics"];
    std::string slope_verdict = "no verdict";
    for (const auto& v : a["verdicts"])
      if (v["id"] == "sweep.slope_matches_p_minus_xi") slope_verdict = v["verdict"];
    const bool falls = a["fit"]["slope"].get<double>() < 0;
    out << " Along the path: " << (falls ? "it falls" : "it does not fall") << ", from " << short_text(a["fit"]["first_ratio"])
        << " to " << short_text(a["fit"]["last_ratio"]) << " with the bias rule " << a["series"].get<std::string>()
        << " (slope " << short_text(a["fit"]["slope"]) << " against p − ξ = " << short_text(a["predicted_slope"]) << ": "
        << slope_verdict << ")";
    if (!a["contrast_fit"].is_null())
      out << ", while with " << a["contrast_fit"]["series"].get<std::string>() << " it goes from "
          << short_text(a["contrast_fit"]["first_ratio"]) << " to " << short_text(a["contrast_fit"]["last_ratio"])
          << ": it needs a bias that shrinks with h";
    out << ".";
  } else {
    out << " Along a path: no [sweep] path was run.";
  }
  return out.str();
}

}  // namespace scae
