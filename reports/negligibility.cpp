#include "reports/negligibility.hpp"

#include "runs/claim_labels.hpp"
#include "reports/markdown_text.hpp"
#include "numerics/core/scalar.hpp"
#include "runs/report_record.hpp"
#include "theory/verdict.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <cmath>
#include <sstream>
#include <utility>
#include <vector>

namespace scae {

namespace {

// The named piece of evidence of a claim, or nullptr.
const Evidence* evidence_of(const ReportRecord& report, const std::string& claim, const std::string& name) {
  for (const VerdictRecord& c : report.claims)
    if (c.id == claim)
      for (const Evidence& e : c.evidence)
        if (e.name == name) return &e;
  return nullptr;
}

std::string verdict_of(const ReportRecord& report, const std::string& claim) { return verdict_named(report.claims, claim); }

double natural_scale(const ReportRecord& r) {
  return parse_rational(r.regime.q1).convert_to<double>() * parse_rational(r.regime.m2).convert_to<double>();
}

// ‖E∇_{W_i}‖/(q_i m2) at the regime's W: per checked row (midpoints of the certified enclosures)
// when recovery is certified, else the Monte Carlo mean over all rows (row -1).
std::pair<bool, std::vector<std::pair<int, double>>> ratios_here(const ReportRecord& r) {
  std::vector<std::pair<int, double>> out;
  if (verdict_of(r, claim_id::certified_enclosure) == to_name(Outcome::proven)) {
    for (const int row : r.regime.rows_checked)
      if (const Evidence* ratio = evidence_of(r, claim_id::certified_enclosure, evidence_label::row_ratio(row)))
        out.emplace_back(row, ratio->midpoint());
    return {true, out};
  }
  out.emplace_back(-1, r.monte_carlo.gradient_row_norm.mean / natural_scale(r));
  return {false, out};
}

// The checked rows' ratios in their two groups (row_groups.hpp): report.json's rows_atypical,
// every other row typical (all of them when the JSON names no groups).
struct GroupRatios {
  std::vector<std::pair<int, double>> typical, atypical;
};
GroupRatios group_ratios(const ReportRecord& r, const std::vector<std::pair<int, double>>& ratios) {
  const std::vector<int> atypical = r.regime.groups ? r.regime.groups->second : std::vector<int>{};
  GroupRatios out;
  for (const auto& x : ratios)
    (std::find(atypical.begin(), atypical.end(), x.first) != atypical.end() ? out.atypical : out.typical).push_back(x);
  return out;
}

double mean_of(const std::vector<std::pair<int, double>>& ratios) {
  double sum = 0;
  for (const auto& x : ratios) sum += x.second;
  return ratios.empty() ? std::nan("") : sum / static_cast<double>(ratios.size());
}

// "0.41–0.45 on the 9 typical rows" / "0.22 on the atypical row 0": the range of one group.
std::string group_range(const std::vector<std::pair<int, double>>& ratios, const std::string& group) {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  std::string ids;
  for (const auto& [row, ratio] : ratios)
    lo = std::min(lo, ratio), hi = std::max(hi, ratio), ids += (ids.empty() ? "" : ", ") + std::to_string(row);
  const std::string value = ratios.size() == 1 ? short_text(lo) : short_text(lo) + "–" + short_text(hi);
  return value + " on the " + group + (ratios.size() == 1 ? " row " : " rows ") + ids;
}

// The bias's own term against a group's mean ratio, in words chosen by their sizes.
std::string bias_share(double bias_form, double ratio, const std::string& group) {
  if (!std::isfinite(bias_form) || !std::isfinite(ratio) || !(ratio > 0)) return "";
  const double gap = (bias_form - ratio) / bias_form;
  std::ostringstream out;
  out << "on the " << group << " rows the mean ratio " << short_text(ratio) << " is " << short_text(100 * std::abs(gap))
      << " % " << (gap >= 0 ? "below" : "above") << " the bias's own ε(2m1 − ε)/m2 = " << short_text(bias_form)
      << (std::abs(gap) < 0.5 ? ": the bias, not the incoherence, sets it" : ": the bias's term does not account for it");
  return out.str();
}

double group_bias_form(const ReportRecord& r, bool typical) {
  const double group = typical ? r.bias_form_typical : r.bias_form_atypical;
  if (r.has_bias_form_groups && std::isfinite(group)) return group;
  return typical ? r.bias_form : std::nan("");
}

// The Theorem 3.2 ball bound, naming the gradient it bounds, and the true-gradient bound beside it.
std::string ball_sentence(const ReportRecord& r) {
  const std::string at_w = verdict_of(r, claim_id::theorem_3_2_bound), ball = verdict_of(r, claim_id::theorem_3_2_uniform);
  const Evidence* ball_bound = evidence_of(r, claim_id::theorem_3_2_uniform, evidence_label::ball_bound);
  if (ball.empty() || !ball_bound) return "";
  const double b_ball = ball_bound->midpoint();
  const Evidence* bound_at_w = evidence_of(r, claim_id::theorem_3_2_bound, evidence_label::bound_at_w);
  std::ostringstream out;
  out << "The explicit bound B_ball = " << short_text(b_ball)
      << " on the oracle (closed-form) gradient, ‖E∇°_{W_i}‖/(q_i m2), for every W with ‖W_i − A\\*_i‖ ≤ δ is " << ball
      << (at_w.empty() || !bound_at_w ? "" : " (at this W, B(W) = " + short_text(bound_at_w->midpoint()) + ": " + at_w + ")")
      << (b_ball < 1 ? "; it is below 1, so the bound alone shows the oracle gradient smaller than q_i m2 on the whole ball"
                     : "; it is not below 1, so the bound alone does not show the gradient small")
      << ". ";
  const Evidence* b_true = evidence_of(r, claim_id::theorem_3_2_uniform, evidence_label::true_bound);
  const Evidence* reason = evidence_of(r, claim_id::theorem_3_2_uniform, evidence_label::true_bound_reason);
  if (b_true)
    out << "For the true gradient the bound over the ball is B_true = " << short_text(b_true->midpoint()) << ", by "
        << (reason ? reason->text() : std::string()) << ". ";
  return out.str();
}

// The path's fit and its contrast, each sentence chosen by the slope, the ratios and the verdict.
std::string path_sentence(const ReportRecord& r) {
  if (!r.asymptotics || !r.asymptotics->fit) return " Along a path: no [sweep] path was run.";
  const SweepRecord& a = *r.asymptotics;
  const SeriesFit& fit = *a.fit;
  std::string slope_verdict = verdict_named(a.verdicts, claim_id::slope_matches_bias_term);
  if (slope_verdict.empty()) slope_verdict = "no verdict";
  const double slope = fit.fit.slope;
  const bool falls = slope < 0 && fit.last_ratio < fit.first_ratio;
  std::ostringstream out;
  out << " Along the path: " << (falls ? "it falls" : "it does not fall") << ", from " << short_text(fit.first_ratio) << " to "
      << short_text(fit.last_ratio) << " with the bias rule " << a.series << " (slope " << short_text(slope)
      << " against the bias term's " << short_text(a.bias_term_slope) << ": " << slope_verdict << "; the theorem's p − ξ = "
      << short_text(a.predicted_slope) << ")";
  if (const auto& c = a.contrast_fit) {
    out << ", while with " << c->series << " it goes from " << short_text(c->first_ratio) << " to " << short_text(c->last_ratio);
    if (falls && c->fit.slope > slope) out << ": it needs a bias that shrinks with h";
  }
  out << ".";
  return out.str();
}

}  // namespace

std::string negligibility(const ReportRecord& r) {
  std::ostringstream out;
  const double scale = natural_scale(r);
  out << "Theorem 3.2 says that ‖E∇_{W_i} L‖ becomes negligible near A\\* as h grows, for every W in the δ-neighbourhood and a "
         "bias that shrinks with the incoherence; its natural scale is q_i m2 = "
      << number_text(scale) << ". ";
  const auto [certified, ratios] = ratios_here(r);
  const GroupRatios groups = group_ratios(r, ratios);
  if (certified) {
    out << "Here support recovery is certified, so the closed form is the true expected gradient: ‖E∇_{W_i}‖/(q_i m2) is";
    for (const auto& [row, ratio] : ratios) out << " " << short_text(ratio) << " (row " << row << ")";
    out << ". ";
    for (const auto& [group, name] : {std::pair{&groups.typical, "typical"}, std::pair{&groups.atypical, "atypical"}})
      if (const std::string share = bias_share(group_bias_form(r, group == &groups.typical), mean_of(*group), name); !share.empty())
        out << "On its own group: " << share << ". ";
    if (!groups.atypical.empty())
      out << "The atypical rows (inner products with the other atoms adding up, docs/verification.md) have a displacement of "
             "their own near A\\*ᵀ; statements about the typical rows do not cover them. ";
  } else {
    out << "Here support recovery is not certified; by Monte Carlo the mean over all rows of ‖E∇_{W_i}‖/(q_i m2) is "
        << short_text(ratios.front().second) << ", with the bias's own ε(2m1 − ε)/m2 = " << short_text(r.bias_form)
        << " (mean over the checked rows). ";
  }
  out << ball_sentence(r);
  if (r.asymptotics && r.asymptotics->fit) out << path_sentence(r).substr(1);
  return out.str();
}

// "Is the expected gradient negligible here, and along the path?", from the same numbers as the
// section "Is the expected gradient negligible?" below.
std::string negligibility_answer(const ReportRecord& r) {
  std::ostringstream out;
  const auto [certified, ratios] = ratios_here(r);
  out << "**Is the expected gradient negligible?** At this size ‖E∇_{W_i}‖/(q_i m2) is ";
  if (certified) {
    const GroupRatios groups = group_ratios(r, ratios);
    if (!groups.typical.empty()) out << group_range(groups.typical, "typical");
    if (!groups.typical.empty() && !groups.atypical.empty()) out << " and ";
    if (!groups.atypical.empty()) out << group_range(groups.atypical, "atypical");
    out << " (certified), with the bias's own ε(2m1 − ε)/m2 = " << short_text(group_bias_form(r, true))
        << (groups.atypical.empty() ? "" : " on the typical rows") << ".";
  } else {
    out << short_text(ratios.front().second) << " (Monte Carlo mean over all rows), with the bias's own ε(2m1 − ε)/m2 = "
        << short_text(r.bias_form) << ".";
  }
  out << path_sentence(r);
  return out.str();
}

}  // namespace scae
