#include "runs/claim_checks.hpp"

#include "theory/ball_recovery.hpp"
#include "runs/claim_labels.hpp"
#include "theory/conditional_loss.hpp"
#include "numerics/core/confidence.hpp"
#include "theory/hypotheses.hpp"
#include "theory/row_groups.hpp"
#include "theory/support_enumeration.hpp"
#include "theory/support_recovery.hpp"
#include "theory/term_bounds.hpp"
#include "theory/theorem_3_2.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace scae {
namespace {

// The enumeration claim sums over every support containing a checked row: at most this many for all
// rows together, so that it stays a small part of a run.
constexpr std::uint64_t enumeration_support_limit = 20'000'000;
// Agreement of the closed form with the enumeration, relative to the summed magnitudes: a check in
// double precision (CONSISTENT / INCONSISTENT), not a proof.
constexpr double enumeration_tolerance = 1e-9;
// The certified enclosure claim encloses |E grad_{W_i}| to 6 digits: width <= 1e-6 x its lower end.
constexpr const char* enclosure_relative_width = "1e-6";
// The correction bound is evaluated in double; this relative slack covers that evaluation's rounding.
constexpr double double_evaluation_slack = 1e-10;

// Worst outcome over the rows: INCONSISTENT, then INCONCLUSIVE, then CONSISTENT.
Verdict worst_of_rows(std::vector<Verdict> per_row, const std::vector<int>& rows, const std::string& what) {
  Verdict out = per_row.front();
  out.evidence.clear();
  const auto rank = [](Outcome o) { return o == Outcome::inconsistent ? 2 : o == Outcome::inconclusive ? 1 : 0; };
  for (std::size_t r = 0; r < per_row.size(); ++r) {
    if (rank(per_row[r].outcome) > rank(out.outcome)) out.outcome = per_row[r].outcome;
    for (const Evidence& e : per_row[r].evidence)
      out.evidence.push_back({"row " + std::to_string(rows[r]) + " " + e.name, e.value});
  }
  out.summary = what;
  return out;
}

// The context's cached work at W for the Theorem 3.2 checks.
AtPoint at_w(ClaimContext& c) {
  return {[&c]() -> const TermBoundInputs<interval>& { return c.term_bound_inputs(); },
          [&c]() -> const std::vector<interval>& { return c.certified_ratios_at_w(); }};
}

TermBoundShared shared(ClaimContext& c) {
  return {&c.term_bound_inputs(), [&c](int i) -> const ExpectedGradientTerms<interval>& { return c.closed_form_interval_row(i); }};
}

}  // namespace

void mark_not_informative(Verdict& v, const std::string& reason) {
  v.outcome = Outcome::inconclusive;
  v.summary = "not informative: " + reason + "; " + v.summary;
  v.add("not informative", reason);
}

Verdict hypothesis_verdict(ClaimContext& c, const std::string& id) {
  const Instance& in = c.instance();
  for (auto& hyp : check_hypotheses(regime_quantities(c.neighbourhood(), in.code, in.n(), in.h()), in.code))
    if (hyp.id == id) return hyp.verdict;
  throw std::logic_error("unknown hypothesis " + id);
}

Verdict compare_closed_form_rows(ClaimContext& c, const GradientEstimate& mc, const GradientEstimate* correction,
                                 std::uint64_t samples, const std::string& how, const std::string& what) {
  const auto& rows = c.rows();
  std::vector<Verdict> per_row;
  double worst = 0;
  int degenerate = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto rr = static_cast<Eigen::Index>(r);
    // The statistical radius plus the engine's bound on its own rounding (Q W + P A*^T cancels
    // near A*; estimates built elsewhere may carry none).
    const auto rounding = [rr](const GradientEstimate& e) { return rr < e.rounding.size() ? e.rounding(rr) : 0.0; };
    const double spread = mc.norm_radius(rr) + (correction ? correction->norm_radius(rr) : 0.0);
    const double radius = spread + rounding(mc) + (correction ? rounding(*correction) : 0.0);
    const CheckedClosedForm closed = c.closed_form_digits().row(rows[r], c.closed_form().row(rows[r]).total, radius);
    VectorXd theory = closed.value;
    if (correction) theory += correction->mean.row(rr).transpose();
    const double distance = (mc.mean.row(rr).transpose() - theory).norm();
    Verdict v = compare_statistically(distance, radius + closed.error_bound, theory.norm(), samples,
                                      c.comparison_confidence(), how);
    v.add("closed form precision", closed.precision);
    v.add("closed form error bound", closed.error_bound);
    if (closed.lost) {
      v.outcome = Outcome::inconclusive;
      v.add("numerical fault", "closed form lost its digits in double (error bound " +
                                   number_text(closed.double_error_bound) + " vs radius " + number_text(radius) + ")");
    }
    if (!(spread > 0)) {  // zero variance: the radius says nothing about the mean (degenerate, not a failure)
      v.outcome = Outcome::inconclusive;
      v.add("degenerate", "the Monte Carlo estimate has zero variance (every sample gives the same gradient, e.g. no "
                          "unit fires), so its confidence radius is 0 and decides nothing");
      ++degenerate;
    }
    worst = std::max(worst, distance / std::max(radius, 1e-300));
    per_row.push_back(std::move(v));
  }
  if (degenerate > 0)
    return worst_of_rows(per_row, rows, "degenerate: the estimate has zero variance on " + std::to_string(degenerate) +
                                            " row(s) (e.g. no unit fires), so the comparison decides nothing; " + what);
  return worst_of_rows(per_row, rows, what + "; largest distance/radius " + number_text(worst));
}

Verdict check_correction_bound(const GradientEstimate& correction, double failure_bound, double sample_difference,
                               const std::vector<int>& rows, std::uint64_t samples, double confidence) {
  Verdict v;
  v.method = Method::statistical;
  v.samples = samples;
  v.confidence = confidence;
  v.how = "|mean correction| <= P_fail x G + the mean's confidence radius + its rounding bound, per row; P_fail the "
          "Chernoff-Hoeffding bound on P(recovery fails) for every W of the delta-ball (evaluated in double, x (1 + "
          "1e-10)), G the certified worst case of |grad_i - grad_oracle_i| on any sample over the ball";
  const double allowed = std::min(failure_bound, 1.0) * sample_difference * (1 + double_evaluation_slack);
  v.outcome = Outcome::consistent;
  double worst = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto rr = static_cast<Eigen::Index>(r);
    const double norm = correction.mean.row(rr).norm();
    const double bound = allowed + correction.norm_radius(rr) + correction.rounding(rr);
    if (!(norm <= bound)) v.outcome = Outcome::inconsistent;
    worst = std::max(worst, bound > 0 ? norm / bound : (norm > 0 ? HUGE_VAL : 0));
    v.add("row " + std::to_string(rows[r]) + " |mean correction|", norm);
    v.add("row " + std::to_string(rows[r]) + " bound", bound);
  }
  v.add("P_fail (ball)", failure_bound);
  v.add("G (per-sample worst case, ball)", sample_difference);
  v.summary = "P_fail " + number_text(failure_bound) + " x G " + number_text(sample_difference) +
              "; largest |mean correction| / bound = " + number_text(worst);
  if (!(failure_bound < 1))
    mark_not_informative(v, "the failure bound is " + number_text(failure_bound) +
                                " >= 1, so the bound is no smaller than the worst case itself");
  return v;
}

Verdict check_recovery_rate_bound(ClaimContext& c) {
  const auto& mc = c.monte_carlo();
  Verdict v = check_recovery_bound(recovery_probability_bound(c.neighbourhood(), c.instance().code, c.instance().eps),
                                   mc.recovery.successes, mc.recovery.trials, c.comparison_confidence());
  // Certified recovery makes the rate 1 on every sample: no bound of at most 1 can be contradicted.
  if (c.recovery_certified())
    mark_not_informative(v, "recovery is certified (recovery.deterministic PROVEN), so every sample is recovered and no "
                            "rate can fall below the bound");
  return v;
}

Verdict check_closed_form_against_oracle(ClaimContext& c) {
  const auto& mc = c.monte_carlo();
  return compare_closed_form_rows(c, mc.oracle_gradient, nullptr, mc.samples, mc.method(),
                                  "|closed form - oracle mean| per row");
}

Verdict check_loss_against_closed_form(ClaimContext& c) {
  const auto& mc = c.monte_carlo();
  const double alpha = 1 - c.comparison_confidence();
  if (!c.recovery_certified()) {
    Verdict v = compare_statistically(0, 1, 0, mc.samples, c.comparison_confidence(), mc.method());
    v.evidence.clear();
    v.summary = "support recovery is not certified: E[L | S] is the loss on the recovery event only";
    return v;
  }
  // Two intervals, each at level alpha / 2, cover both means at once (union bound).
  const Instance& in = c.instance();
  const ScalarEstimate cf = conditional_loss_mean(in.a, in.w, in.eps, in.code, mc.samples, mc.seed, mc.batches,
                                                  1 - alpha / 2, c.threads());
  const double widen = student_t_quantile(1 - alpha / 4, mc.batches - 1) /
                       student_t_quantile(1 - alpha / 2, mc.batches - 1);
  // Both means' bounds on their own rounding (the coefficient-space loss and the Gram form
  // of E[L | S] both cancel near A*).
  Verdict v = compare_statistically(std::abs(mc.loss.mean - cf.mean),
                                    mc.loss.halfwidth * widen + cf.halfwidth + mc.loss.rounding + cf.rounding,
                                    cf.mean, mc.samples, c.comparison_confidence(),
                                    mc.method() + "; closed form averaged over the same supports, union of two "
                                                  "Student t intervals at half the level each, plus both "
                                                  "means' rounding bounds");
  v.add("rounding bound of the Monte Carlo mean", mc.loss.rounding);
  v.add("rounding bound of the mean of E[L | S]", cf.rounding);
  v.add("Monte Carlo E[L]", mc.loss.mean);
  v.add("mean of E[L | S]", cf.mean);
  v.summary = "E[L]: Monte Carlo " + number_text(mc.loss.mean) + ", closed form over the supports " +
              number_text(cf.mean);
  return v;
}

Verdict check_closed_form_by_enumeration(ClaimContext& c) {
  const Instance& in = c.instance();
  Verdict v;
  v.method = Method::exhaustive;
  v.how = "every support S containing the row, E[g_i | S] of docs/theory.md §4 in closed form given S, summed in double";
  const std::uint64_t per_row = supports_containing_atom(in.h(), in.code.support.k());
  if (in.code.support.kind() != SupportLaw::Kind::uniform_fixed || per_row > enumeration_support_limit / c.rows().size()) {
    v.summary = "not enumerated: needs the uniform support law and at most 2e7 supports in all";
    return v;
  }
  const MatrixXd m = in.w * in.a;
  double worst = 0;
  for (const int row : c.rows()) {
    const EnumeratedRow e = enumerate_oracle_gradient_row(in.a, in.w, m, in.eps, in.code, row);
    const double ratio = (c.closed_form().row(row).total - e.value).norm() / (enumeration_tolerance * e.magnitude);
    worst = std::max(worst, ratio);
    v.add("row " + std::to_string(row) + " |closed form - enumeration| / (1e-9 summed magnitude)", ratio);
  }
  // A double-precision agreement within a tolerance: CONSISTENT / INCONSISTENT, not a proof.
  v.outcome = worst <= 1 ? Outcome::consistent : Outcome::inconsistent;
  v.summary = std::to_string(per_row) + " supports per row; largest |closed form - enumeration| / (1e-9 summed magnitude) = " +
              number_text(worst);
  return v;
}

Verdict check_certified_enclosure(ClaimContext& c) {
  Verdict v;
  if (!c.recovery_certified()) {
    v.outcome = Outcome::undecided;
    v.summary = "support recovery is not certified: the expected gradient is known only by Monte Carlo";
    v.how = "needs recovery.deterministic PROVEN";
    return v;
  }
  PrecisionGuard guard(c.bits());
  std::vector<interval> norms;
  for (const int row : c.rows()) norms.push_back(sqrt(c.closed_form_interval_row(row).total.squaredNorm()));
  const interval q1m2 = from_rational<interval>(c.instance().code.support.q_uniform(1) * c.instance().code.values.m2());
  v = certify_positive(
      [&](unsigned) {
        interval worst = 1;
        for (const auto& x : norms) {
          const interval margin = interval(mpfr(enclosure_relative_width)) * interval(lower(x)) - interval(width(x));
          if (upper(margin) < upper(worst)) worst = margin;
        }
        return worst;
      },
      Strictness::non_strict, c.bits(), c.bits());
  std::map<int, double> ratio;
  for (std::size_t r = 0; r < norms.size(); ++r) {
    v.add("row " + std::to_string(c.rows()[r]) + " |E grad|", norms[r]);
    v.add(evidence_label::row_ratio(c.rows()[r]), norms[r] / q1m2);
    ratio[c.rows()[r]] = median(norms[r] / q1m2).convert_to<double>();
  }
  // The range over each group of rows (row_groups.hpp): a statement about "the rows" names its group.
  const RowGroups groups = group_rows(c.instance().a, c.rows());
  const auto range = [&](const std::vector<int>& rows, const std::string& name) -> std::string {
    if (rows.empty()) return "";
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    std::string ids;
    for (const int row : rows) lo = std::min(lo, ratio[row]), hi = std::max(hi, ratio[row]), ids += (ids.empty() ? "" : ", ") + std::to_string(row);
    return name + " (" + ids + "): " + (rows.size() == 1 ? number_text(lo) : number_text(lo) + " to " + number_text(hi));
  };
  const std::string typical = range(groups.typical, "typical rows"), atypical = range(groups.atypical, "atypical rows");
  v.summary = "|E grad_{W_i}| / (q_i m2): " + typical + (typical.empty() || atypical.empty() ? "" : "; ") + atypical;
  return v;
}

Verdict check_bound_at_point(ClaimContext& c) {
  Verdict v = check_gradient_bound_at_point(c.instance(), c.neighbourhood(), c.rows(), c.recovery_certified(), at_w(c));
  if (c.instance().code.support.kind() != SupportLaw::Kind::uniform_fixed) return v;
  const std::string suffix = " (oracle gradient)";
  if (v.summary.size() >= suffix.size() && v.summary.compare(v.summary.size() - suffix.size(), suffix.size(), suffix) == 0)
    v.summary.resize(v.summary.size() - suffix.size());
  v.summary = (c.recovery_certified() ? "oracle gradient, here the true one (recovery certified at W): "
                                      : "oracle gradient (recovery not certified at W): ") + v.summary;
  return v;
}

Verdict check_uniform_bound_and_window(ClaimContext& c) {
  Verdict v = check_gradient_bound_uniform(c.instance(), c.neighbourhood(), c.rows(), at_w(c));
  if (c.instance().code.support.kind() != SupportLaw::Kind::uniform_fixed) return v;
  const BallRecovery& ball = c.ball_recovery();
  v.add("B_ball bounds", "the oracle (closed-form) gradient E grad_oracle for every W of the ball");
  v.add("recovery for every W of the ball (ball windows)", to_name(ball.uniform.outcome));
  v.add("P_fail for every W of the ball (Chernoff-Hoeffding, double)", ball.failure);
  v.add("G: per-sample |grad_i - grad_oracle_i| over the ball", ball.sample_difference);
  v.add(evidence_label::true_bound, ball.b_true);
  v.add(evidence_label::true_bound_reason, ball.which == "uniform recovery"
                               ? "uniform recovery: the bias recovers every sample for every W of the ball, so B_true = B_ball"
                               : "the failure bound: B_true = B_ball + P_fail G / (q_i m2), with P_fail evaluated in double: "
                                 "estimate, not certified");
  v.summary = "oracle gradient: for every W with |W_i - A*_i| <= " + number_text(ball.delta) +
              ", |E grad_oracle_{W_i}|/(q_i m2) <= B_ball = " + number_text(to_double(ball.b_ball)) +
              "; true gradient: <= B_true = " + number_text(to_double(ball.b_true)) +
              (ball.which == "uniform recovery" ? " (= B_ball: the bias recovers every sample for every W of the ball)"
                                                : " (B_ball + P_fail G/(q_i m2), P_fail = " + number_text(ball.failure) +
                                                      " in double, so B_true is an estimate, not certified; the bias does "
                                                      "not recover every W of the ball)") +
              (v.summary.find(" (B(W) = ") == std::string::npos ? "" : ";" + v.summary.substr(v.summary.find(" (B(W) = ")));
  return v;
}

Verdict check_term_bound_classes(ClaimContext& c) {
  const Instance& in = c.instance();
  Verdict v;
  if (in.code.support.kind() != SupportLaw::Kind::uniform_fixed) {
    v.outcome = Outcome::undecided;
    v.summary = "explicit bounds are stated for the uniform fixed-size support law only";
    return v;
  }
  const auto bounds = certify_term_bounds(in.a, in.w, in.eps, in.code, c.neighbourhood(), c.rows(), 1, true, shared(c));
  v = bounds.front().verdict;
  v.evidence.clear();
  for (const auto& b : bounds) {
    if (b.verdict.outcome == Outcome::refuted) v.outcome = Outcome::refuted;
    else if (b.verdict.outcome == Outcome::undecided && v.outcome != Outcome::refuted) v.outcome = Outcome::undecided;
    const std::string name = to_name(b.cls);
    v.add(name + " bound", b.bound);
    v.add(name + " largest norm", b.largest_class_norm);
    v.add(name + " inequality", b.inequality);
  }
  // The class with the largest evaluated bound (the crude orders of class_exponents assume
  // ‖W‖₂ ~ √h; the evaluated bounds use the family's own spectral norms).
  const auto largest = std::max_element(bounds.begin(), bounds.end(), [](const TermBound& x, const TermBound& y) {
    return upper(x.bound) < upper(y.bound);
  });
  const double scale = (in.code.support.q_uniform(1) * in.code.values.m2()).convert_to<double>();
  v.add("largest class bound / (q_i m2)", number_text(to_double(largest->bound) / scale) + " (" +
                                              to_name(largest->cls) + ")");
  v.summary = "all 7 classes checked on " + std::to_string(c.rows().size()) + " rows; the largest bound is the " +
              to_name(largest->cls) + " class's, " + number_text(to_double(largest->bound) / scale) +
              " q_i m2";
  return v;
}

}  // namespace scae
