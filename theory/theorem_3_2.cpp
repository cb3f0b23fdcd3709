// Theorem 3.2 as explicit claims; the inequalities and their derivation are in theorem_3_2.hpp.
#include "theory/theorem_3_2.hpp"

#include "theory/evidence_labels.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/core/mutation.hpp"
#include "numerics/core/philox_stream.hpp"

#include <cmath>
#include <string>

namespace scae {

interval gradient_bound_ratio(const TermBoundInputs<interval>& in) {
  interval sum = 0;
  for (const TermClass cls : all_term_classes) {
    const bool bias = cls == TermClass::bias_diagonal || cls == TermClass::bias_two_index || cls == TermClass::bias_three_index;
    if (bias && mutant_active(Mutant::theorem_3_2_bound_without_bias_classes)) continue;
    sum += term_bound(cls, in);
  }
  return sum / (in.q1 * in.m2);
}

std::vector<interval> certified_ratios(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                       const std::vector<int>& rows, unsigned bits) {
  PrecisionGuard guard(bits);
  const ExpectedGradient<interval> closed(a, w, eps, code, RowsOnDemand{});
  const interval scale = from_rational<interval>(code.support.q_uniform(1) * code.values.m2());
  std::vector<interval> out;
  for (const ExpectedGradientTerms<interval>& terms : closed.rows_terms(rows)) {
    const Vector<interval>& g = terms.total;
    interval squares = 0;
    for (Eigen::Index t = 0; t < g.size(); ++t) squares += abs(g(t)) * abs(g(t));
    out.push_back(sqrt(squares) / scale);
  }
  return out;
}

MatrixXd spread_point(const MatrixXd& a, double delta, std::uint64_t seed) {
  const Eigen::Index n = a.rows();
  VectorXd v(n);
  PhiloxStream stream(seed, Stream::point, ~std::uint64_t{0});  // one direction for every row
  do {
    for (Eigen::Index t = 0; t < n; ++t) v(t) = stream.normal();
  } while (v.norm() == 0);
  v *= delta * (1 - std::ldexp(1.0, -20)) / v.norm();
  MatrixXd w = a.transpose();
  w.rowwise() += v.transpose();
  return w;
}

namespace {

// Certifies bound − ratio_r >= 0 for every ratio, at the precision the enclosures carry.
Verdict bound_above(const interval& bound, const std::vector<interval>& ratios, unsigned bits) {
  return certify_positive(
      [&](unsigned) {
        interval worst = bound - ratios.front();
        for (const interval& r : ratios) worst = hull_min(worst, bound - r);
        return worst;
      },
      Strictness::non_strict, bits, bits);
}

interval largest(const std::vector<interval>& xs) {
  interval out = xs.front();
  for (const interval& x : xs) out = hull_max(out, x);
  return out;
}

Verdict not_covered(const std::string& why) {
  Verdict v;
  v.outcome = Outcome::undecided;
  v.summary = why;
  v.how = "explicit class bounds of term_bounds.hpp";
  return v;
}

// The worst of several certified verdicts, with all their evidence.
Verdict worst_of(std::vector<std::pair<std::string, Verdict>> parts) {
  Verdict out = parts.front().second;
  out.evidence.clear();
  for (auto& [name, v] : parts) {
    if (v.outcome == Outcome::refuted) out.outcome = Outcome::refuted;
    else if (v.outcome == Outcome::undecided && out.outcome != Outcome::refuted) out.outcome = Outcome::undecided;
    out.add(name, to_name(v.outcome));
  }
  return out;
}

}  // namespace

Verdict check_gradient_bound_at_point(const Instance& instance, const Neighbourhood& nb, const std::vector<int>& rows,
                                      bool recovery_certified, const AtPoint& at_w) {
  if (instance.code.support.kind() != SupportLaw::Kind::uniform_fixed)
    return not_covered("the explicit bounds are stated for the uniform fixed-size support law only");
  PrecisionGuard guard(nb.bits);
  const interval bound = gradient_bound_ratio(at_w.inputs());
  const std::vector<interval>& ratios = at_w.ratios();
  Verdict v = bound_above(bound, ratios, nb.bits);
  v.how = "sum of the seven explicit class bounds at W (term_bounds.hpp) against the MPFI closed form of every row";
  v.add(evidence_label::bound_at_w, bound);
  for (std::size_t r = 0; r < rows.size(); ++r)
    v.add(evidence_label::row_ratio(rows[r]), ratios[r]);
  v.add("closed form is the true E grad", recovery_certified ? "yes (recovery certified)" : "no (oracle gradient only)");
  v.summary = "largest |E grad_{W_i}|/(q_i m2) = " + number_text(to_double(largest(ratios))) + " <= B(W) = " +
              number_text(to_double(bound)) + (recovery_certified ? "" : " (oracle gradient)");
  return v;
}

Verdict check_gradient_bound_uniform(const Instance& instance, const Neighbourhood& nb, const std::vector<int>& rows,
                                     const AtPoint& at_w) {
  if (instance.code.support.kind() != SupportLaw::Kind::uniform_fixed)
    return not_covered("the explicit bounds are stated for the uniform fixed-size support law only");
  PrecisionGuard guard(nb.bits);
  const interval sigma_a = dictionary_norm_bound(instance.a, nb.bits);
  const interval ball = gradient_bound_ratio(ball_term_bound_inputs(nb, sigma_a, instance.eps, instance.code));
  const interval bound_at_w = gradient_bound_ratio(at_w.inputs());
  const double delta = upper(nb.delta).convert_to<double>();
  const std::vector<interval>& here = at_w.ratios();

  // The spread point W' and the certification that it lies in the ball.
  const MatrixXd spread = spread_point(instance.a, delta, 1);
  interval spread_distance = 0;
  for (Eigen::Index i = 0; i < spread.rows(); ++i) {
    interval squares = 0;
    for (Eigen::Index t = 0; t < spread.cols(); ++t) {
      const interval d = interval(spread(i, t)) - interval(instance.a(t, i));
      squares += d * d;
    }
    spread_distance = hull_max(spread_distance, sqrt(squares));
  }
  const std::vector<interval> there = certified_ratios(instance.a, spread, instance.eps, instance.code, rows, nb.bits);

  Verdict inside = certify_positive([&](unsigned) { return interval(delta) - spread_distance; }, Strictness::non_strict,
                                    nb.bits, nb.bits);
  Verdict v = worst_of({{"B_ball >= B(W)", bound_above(ball, {bound_at_w}, nb.bits)},
                        {"B_ball >= rows at W", bound_above(ball, here, nb.bits)},
                        {"W' in the ball", inside},
                        {"B_ball >= rows at W'", bound_above(ball, there, nb.bits)}});
  v.how = "class bounds at the ball maxima (c = mu/sqrt(n) + delta A, R = A + delta, |W - A*^T|_2 <= sqrt(h) delta) "
          "against the MPFI closed form at W and at W' = A*^T + delta' 1 v^T";
  v.add("delta (ball radius)", delta);
  v.add(evidence_label::ball_bound, ball);
  v.add(evidence_label::bound_at_w, bound_at_w);
  v.add("largest ratio at W", largest(here));
  v.add("largest ratio at W'", largest(there));
  v.add("max_i |W'_i - A*_i|", spread_distance);
  v.summary = "for every W with |W_i - A*_i| <= " + number_text(delta) + ": |E grad_{W_i}|/(q_i m2) <= B_ball = " +
              number_text(to_double(ball)) + " (B(W) = " + number_text(to_double(bound_at_w)) + ", largest ratio at W " +
              number_text(to_double(largest(here))) + ", at W' " + number_text(to_double(largest(there))) + ")";
  return v;
}

}  // namespace scae
