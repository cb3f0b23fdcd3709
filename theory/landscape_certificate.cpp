#include "theory/landscape_certificate.hpp"

#include "numerics/core/certified_product.hpp"
#include "theory/exact_windows.hpp"
#include "theory/structured_hessian_bound.hpp"
#include "theory/expected_gradient.hpp"
#include "theory/expected_hessian.hpp"
#include "theory/support_recovery.hpp"
#include "numerics/core/verified_cholesky.hpp"

#include <limits>
#include <stdexcept>

namespace scae {

namespace {

const char* const argument_name =
    "ball argument by strong convexity (docs/theory.md, Proof of a strict local minimum): recovery on B(W~, r), "
    "lambda_min(H) >= lambda0 - L3 r on it by verified Cholesky, and |grad E L(W~)| < lambda r";

// max_i ‖W_i − A*_i‖ in MPFI.
interval row_distance(const MatrixXd& a, const MatrixXd& w) {
  interval worst = 0;
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    interval sum = 0;
    for (Eigen::Index t = 0; t < w.cols(); ++t) {
      const interval d = interval(w(i, t)) - interval(a(t, i));
      sum += d * d;
    }
    worst = hull_max(worst, sqrt(sum));
  }
  return worst;
}

// (a): the exact windows from M = W̃ A* with every entry's error widened by radius ‖A*_l‖.
Verdict recovery_on_ball(const Instance& in, const MatrixXd& w, double radius, unsigned bits) {
  BoundedProduct m = bounded_product(w, in.a);
  for (Eigen::Index l = 0; l < in.a.cols(); ++l) {
    interval norm = 0;
    for (Eigen::Index t = 0; t < in.a.rows(); ++t) norm += interval(in.a(t, l)) * interval(in.a(t, l));
    const interval spread = interval(radius) * sqrt(norm);
    for (Eigen::Index j = 0; j < m.error.rows(); ++j)
      m.error(j, l) = outward_doubles(interval(m.error(j, l)) + spread).second;
  }
  Verdict v = check_deterministic_recovery(exact_windows(m, in.code, bits), in.eps);
  v.summary = "on the ball of radius " + number_text(radius) + ": " + v.summary;
  return v;
}

// ‖E∇(W̃)‖_F in MPFI; above the dense limit by the rows-on-demand balls (O(h²n) in double, not in MPFI).
interval gradient_norm(const Instance& in, const MatrixXd& w) {
  const Matrix<interval> g =
      w.size() > landscape_dense_limit
          ? ExpectedGradient<interval>(in.a, w, in.eps, in.code, RowsOnDemand{}).all_rows()
          : ExpectedGradient<interval>(cast_matrix<interval>(in.a), cast_matrix<interval>(w), cast_vector<interval>(in.eps), in.code)
                .all_rows();
  interval sum = 0;
  for (Eigen::Index j = 0; j < g.cols(); ++j)
    for (Eigen::Index i = 0; i < g.rows(); ++i) sum += g(i, j) * g(i, j);
  return sqrt(sum);
}

Verdict certified_verdict(Outcome outcome, const std::string& summary, unsigned bits) {
  Verdict v;
  v.outcome = outcome;
  v.method = Method::certified;
  v.summary = summary;
  v.precision_bits = bits;
  v.how = argument_name;
  return v;
}

// (b) and (c) for r = 4 ‖∇‖/λ0 · 2^t, t = 0..3: the closed form's minimum at the first r that satisfies both.
bool prove_oracle_minimum(const Instance& in, const MatrixXd& w, double lambda0, LandscapeCertificate& cert, std::string& why) {
  const double g = outward_doubles(cert.gradient_norm).second;
  double r = std::max(4 * g / lambda0, std::numeric_limits<double>::min());
  for (int t = 0; t < 4; ++t, r *= 2) {
    const interval l3 = hessian_lipschitz_bound(in.a, w, in.eps, in.code, r);
    const interval lambda = interval(lambda0) - l3 * interval(r);
    if (!(lower(lambda) > 0)) {
      why = "lambda0 - L3 r <= 0 at r = " + number_text(r) + " (L3 = " + interval_text(l3) + ")";
      return false;
    }
    if (lower(lambda * interval(r) - cert.gradient_norm) > 0) {
      cert.radius = r;
      cert.lipschitz = l3;
      cert.ball_lower = lambda;
      cert.location = cert.gradient_norm / lambda;
      return true;
    }
    why = "|grad| >= lambda r up to r = " + number_text(r);
  }
  return false;
}

// A certified direction of negative curvature on a ball around W̃: the oracle claim is REFUTED, and E L's too
// where recovery holds on the ball.
void try_refute(const Instance& in, const MatrixXd& w, const SymmetricEnclosure& hess, LandscapeCertificate& cert) {
  const MatrixXd sym = hess.mid.selfadjointView<Eigen::Lower>();
  const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(sym);
  const interval q = rayleigh_quotient(hess, eig.eigenvectors().col(0));
  if (!(upper(q) < 0)) return;
  const double kappa = -outward_doubles(q).second;
  const double r = kappa / (4 * outward_doubles(hessian_lipschitz_bound(in.a, w, in.eps, in.code, 0)).second);
  const interval l3 = hessian_lipschitz_bound(in.a, w, in.eps, in.code, r);
  if (!(upper(q + l3 * interval(r)) < 0)) return;
  cert.radius = r;
  cert.lipschitz = l3;
  Verdict v = certified_verdict(Outcome::refuted,
                                "no local minimum within r = " + number_text(r) + " of W~: v'H(W)v/|v|^2 <= " +
                                    number_text(outward_doubles(q + l3 * interval(r)).second) + " < 0 on the whole ball",
                                cert.bits);
  v.add("rayleigh_quotient_at_w_tilde", q);
  v.add("radius", r);
  v.add("lipschitz_bound_L3", l3);
  cert.oracle_local_minimum = v;
  cert.recovery = recovery_on_ball(in, w, r, cert.bits);
  v.add("recovery_on_ball", cert.recovery.summary);
  if (cert.recovery.outcome == Outcome::proven) {
    v.summary = "E L (recovery certified on the ball) has " + v.summary;
  } else {
    v.outcome = Outcome::undecided;
    v.summary = "the closed form has " + v.summary + ", but it is not certified to be E L there";
  }
  cert.local_minimum = v;
}

// The structured bound's components on both minimum verdicts.
void add_structured_evidence(const StructuredHessianBound& b, LandscapeCertificate& cert) {
  const std::string components =
      "; lambda0 " + (b.lower ? number_text(*b.lower) : std::string("not certified")) + " by " + structured_bound_argument +
      ": blocks " + number_text(b.block_lower) + ", C_off " + number_text(b.coupling_lower) + ", 2|R1| " +
      number_text(2 * outward_doubles(b.r1).second) + ", |R3| " + number_text(outward_doubles(b.r3).second);
  for (Verdict* v : {&cert.local_minimum, &cert.oracle_local_minimum}) {
    v->how = cert.argument;
    v->summary += components;
    v->add("lambda0_route", structured_bound_argument);
    v->add("lambda0_structured", b.lower ? number_text(*b.lower) : "not certified: " + b.failure);
    v->add("diagonal_blocks_min_lambda", number_text(b.block_lower) + " (certified; block " + std::to_string(b.weakest_block) +
                                             ", estimate " + number_text(b.block_estimate) + ")");
    v->add("diagonal_blocks_leftover", interval_text(b.block_leftover));
    v->add("bias_coupling_min_lambda", number_text(b.coupling_lower) + " (certified; estimate " + number_text(b.coupling_estimate) + ")");
    v->add("rank_one_coupling_norm_R1", interval_text(b.r1));
    v->add("data_coupling_norm_R3", interval_text(b.r3));
  }
}

void delta_ball_verdict(LandscapeCertificate& cert) {
  if (cert.local_minimum.outcome != Outcome::proven) {
    cert.critical_point_in_delta_ball =
        certified_verdict(Outcome::undecided, "no critical point certified near W~", cert.bits);
    return;
  }
  const interval low = cert.row_distance - cert.location, high = cert.row_distance + cert.location;
  Outcome outcome = Outcome::undecided;
  if (upper(high) <= lower(cert.delta)) outcome = Outcome::proven;
  if (lower(low) > upper(cert.delta)) outcome = Outcome::refuted;
  cert.critical_point_in_delta_ball = certified_verdict(
      outcome,
      "max_i |W°_i - A*_i| in [" + number_text(outward_doubles(low).first) + ", " +
          number_text(outward_doubles(high).second) + "] against delta = " + interval_text(cert.delta),
      cert.bits);
  cert.critical_point_in_delta_ball.add("row_distance_at_w_tilde", cert.row_distance);
  cert.critical_point_in_delta_ball.add("location_radius", cert.location);
  cert.critical_point_in_delta_ball.add("delta", cert.delta);
}

LandscapeCertificate certify(const Instance& in, const MatrixXd& w, const interval& delta, unsigned bits) {
  if (w.rows() != in.w.rows() || w.cols() != in.w.cols())
    throw std::invalid_argument("certify_local_minimum: W~ must have the shape of the instance's W (h × n)");
  LandscapeCertificate cert;
  cert.argument = argument_name;
  cert.bits = bits;
  cert.delta = delta;
  cert.row_distance = row_distance(in.a, w);
  const bool dense = w.size() <= landscape_dense_limit;
  if (!dense && !in.code.support.exchangeable()) {
    cert.local_minimum = certified_verdict(Outcome::undecided,
                                           "hn = " + std::to_string(w.size()) + " is beyond the dense Hessian's reach (hn <= " +
                                               std::to_string(landscape_dense_limit) +
                                               "), and the structured bound needs an exchangeable support law",
                                           bits);
    cert.oracle_local_minimum = cert.local_minimum;
    delta_ball_verdict(cert);
    return cert;
  }
  cert.gradient_norm = gradient_norm(in, w);
  std::optional<SymmetricEnclosure> hess;
  if (dense) {
    hess = symmetric_enclosure(expected_hessian<interval>(in.a, w, in.eps, in.code));
    const CertifiedEigenvalueBound eig = certified_lower_eigenvalue(*hess);
    cert.hessian_estimate = eig.estimate;
    cert.hessian_lower = eig.lower;
  } else {
    cert.structured = structured_hessian_bound(in.a, w, in.eps, in.code);
    cert.argument = std::string(argument_name) + "; lambda0 by " + structured_bound_argument + " (structured bound)";
    cert.hessian_estimate = cert.structured->block_estimate;
    cert.hessian_lower = cert.structured->lower;
  }
  const CertifiedEigenvalueBound eig{cert.hessian_lower, cert.hessian_estimate, {}};
  std::string why = "lambda_min(H(W~)) not certified positive (estimate " + number_text(eig.estimate) + ")";
  if (eig.lower && *eig.lower > 0 && prove_oracle_minimum(in, w, *eig.lower, cert, why)) {
    cert.oracle_local_minimum = certified_verdict(
        Outcome::proven,
        "the closed-form (oracle) E L has exactly one critical point within r = " + number_text(cert.radius) +
            " of W~, a strict local minimum: lambda_min(H) >= " + number_text(outward_doubles(cert.ball_lower).first) +
            " on the ball",
        bits);
    Verdict& v = cert.oracle_local_minimum;
    v.add("radius", cert.radius);
    v.add("lambda0_at_w_tilde", *eig.lower);
    v.add("lipschitz_bound_L3", cert.lipschitz);
    v.add("lambda_on_ball", cert.ball_lower);
    v.add("gradient_norm_at_w_tilde", cert.gradient_norm);
    v.add("critical_point_within", cert.location);
    cert.recovery = recovery_on_ball(in, w, cert.radius, bits);
    cert.local_minimum = cert.oracle_local_minimum;
    cert.local_minimum.add("recovery_on_ball", cert.recovery.summary);
    if (cert.recovery.outcome == Outcome::proven) {
      cert.local_minimum.summary = "E L (recovery certified on the ball) has exactly one critical point within r = " +
                                   number_text(cert.radius) + " of W~, a strict local minimum";
    } else {
      cert.local_minimum.outcome = Outcome::undecided;
      cert.local_minimum.summary = "the closed form has a strict local minimum near W~, but it is not certified to be "
                                   "E L there: " + cert.recovery.summary;
    }
  } else {
    cert.oracle_local_minimum = certified_verdict(Outcome::undecided, why, bits);
    cert.local_minimum = cert.oracle_local_minimum;
    if (hess && eig.estimate < 0) try_refute(in, w, *hess, cert);
  }
  if (cert.structured) add_structured_evidence(*cert.structured, cert);
  cert.local_minimum.add("hessian_min_eigenvalue_estimate", number_text(eig.estimate) +
                                                                (dense ? " (estimate, not certified)"
                                                                       : " (the weakest diagonal block's; estimate, not certified)"));
  delta_ball_verdict(cert);
  return cert;
}

}  // namespace

LandscapeCertificate certify_local_minimum(const Instance& instance, const MatrixXd& w_tilde, unsigned bits) {
  PrecisionGuard guard(bits);
  return certify(instance, w_tilde, row_distance(instance.a, instance.w), bits);
}

LandscapeCertificate certify_local_minimum(const Instance& instance, const MatrixXd& w_tilde, const rational& delta,
                                           unsigned bits) {
  PrecisionGuard guard(bits);
  return certify(instance, w_tilde, from_rational<interval>(delta), bits);
}

}  // namespace scae
