#include "theory/ball_recovery.hpp"

#include "theory/theorem_3_2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace scae {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// An upper bound of ‖A*_l‖ for every column: the double norm (n + 2 roundings, relative error at
// most (n + 2) u) inflated by (n + 4) 2^-52 and rounded up.
VectorXd column_norm_upper(const MatrixXd& a) {
  const double inflate = 1 + static_cast<double>(a.rows() + 4) * std::ldexp(1.0, -52);
  VectorXd out(a.cols());
  for (Eigen::Index l = 0; l < a.cols(); ++l) out(l) = std::nextafter(a.col(l).norm() * inflate, infinity);
  return out;
}

}  // namespace

BoundedProduct ball_product_bounds(const MatrixXd& a, double delta_upper) {
  if (!(delta_upper >= 0)) throw std::invalid_argument("ball_product_bounds: the radius must be >= 0");
  BoundedProduct gram = bounded_product(a.transpose(), a);
  const VectorXd norms = column_norm_upper(a);
  // error + δ ‖A*_l‖: two roundings of relative size u each, covered by (1 + 2^-50) and one step up.
  const double inflate = 1 + std::ldexp(1.0, -50);
  for (Eigen::Index l = 0; l < gram.error.cols(); ++l)
    for (Eigen::Index j = 0; j < gram.error.rows(); ++j)
      gram.error(j, l) = std::nextafter((gram.error(j, l) + delta_upper * norms(l)) * inflate, infinity);
  return gram;
}

ExactWindows ball_exact_windows(const MatrixXd& a, double delta_upper, const CodeModel& code, unsigned bits) {
  return exact_windows(ball_product_bounds(a, delta_upper), code, bits);
}

RecoveryBound ball_failure_bound(const MatrixXd& a, double delta_upper, const CodeModel& code, const VectorXd& eps) {
  const BoundedProduct m = ball_product_bounds(a, delta_upper);
  MatrixXd upper_ends(m.value.rows(), m.value.cols()), lower_ends(upper_ends.rows(), upper_ends.cols());
  for (Eigen::Index l = 0; l < m.value.cols(); ++l)
    for (Eigen::Index j = 0; j < m.value.rows(); ++j) {
      upper_ends(j, l) = m.upper(j, l);
      lower_ends(j, l) = m.lower(j, l);
    }
  const RecoveryBound off = recovery_probability_bound(upper_ends, code, eps);
  const RecoveryBound on = recovery_probability_bound(lower_ends, code, eps);
  RecoveryBound out;
  out.off = off.off;
  out.on = on.on;
  const auto h = static_cast<std::size_t>(m.value.rows());
  const bool bernoulli = code.support.kind() == SupportLaw::Kind::bernoulli;
  const double q1 = bernoulli ? 0 : static_cast<double>(code.support.k()) / static_cast<double>(h);
  for (std::size_t j = 0; j < h; ++j) {
    const double qj = bernoulli ? code.support.q()[j].convert_to<double>() : q1;
    out.failure += (1 - qj) * out.off[j] + qj * out.on[j];
  }
  out.rate = std::max(0.0, 1 - out.failure);
  return out;
}

interval sample_gradient_difference_bound(const TermBoundInputs<interval>& ball, const VectorXd& eps, const CodeModel& code) {
  double most_negative = 0;
  for (Eigen::Index j = 0; j < eps.size(); ++j) most_negative = std::max(most_negative, -eps(j));
  const interval eps_minus(most_negative), eps_plus = ball.eps_max;
  const interval largest_value = hull_max(abs(from_rational<interval>(code.values.a1())), abs(from_rational<interval>(code.values.a2())));
  const interval y = ball.sigma_a * largest_value * sqrt(interval(ball.k));  // Y >= ‖y‖
  const interval &r = ball.r_max, &s = ball.sigma_w;
  const interval true_row = (2 * r * y + eps_minus) * (s * (s * y + sqrt(interval(ball.h)) * eps_minus) + y);
  const interval oracle_row = (2 * r * y + eps_plus) * (s * (s * y + sqrt(interval(ball.k)) * eps_plus) + y);
  return true_row + oracle_row;
}

BallRecovery ball_recovery(const MatrixXd& a, const Neighbourhood& nb, const interval& sigma_a, const VectorXd& eps,
                           const CodeModel& code) {
  if (code.support.kind() != SupportLaw::Kind::uniform_fixed)
    throw std::invalid_argument("ball_recovery: the explicit bounds are stated for the uniform fixed-size support law only");
  PrecisionGuard guard(nb.bits);
  BallRecovery out;
  out.delta = outward_doubles(nb.delta).second;
  out.uniform = check_deterministic_recovery(ball_exact_windows(a, out.delta, code, nb.bits), eps);
  const RecoveryBound failure = ball_failure_bound(a, out.delta, code, eps);
  out.failure = std::min(1.0, failure.failure);
  const TermBoundInputs<interval> ball = ball_term_bound_inputs(nb, sigma_a, eps, code);
  out.sample_difference = sample_gradient_difference_bound(ball, eps, code);
  out.b_ball = gradient_bound_ratio(ball);
  if (out.uniform.outcome == Outcome::proven) {
    out.b_true = out.b_ball;
    out.which = "uniform recovery";
  } else {
    // The double failure bound enters with a relative slack of 1e-9 for its evaluation's rounding.
    const interval failure_up = interval(out.failure) * interval(1.000000001);
    out.b_true = out.b_ball + failure_up * out.sample_difference / (ball.q1 * ball.m2);
    out.which = "failure bound";
  }
  return out;
}

}  // namespace scae
