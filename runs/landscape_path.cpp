#include "runs/landscape_path.hpp"

#include "theory/critical_point.hpp"
#include "theory/expected_loss.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "theory/landscape_certificate.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/streamed_neighbourhood.hpp"
#include "theory/support_recovery.hpp"

#include <cmath>
#include <limits>

namespace scae {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// The certificate at W° with the path's δ: its verdicts, λ and r as returned.
void certify(const Instance& instance, const MatrixXd& w, const rational& delta, PathLandscape& out) {
  const LandscapeCertificate c = certify_local_minimum(instance, w, delta);
  out.local_minimum = c.local_minimum.outcome;
  out.critical_point_in_delta_ball = c.critical_point_in_delta_ball.outcome;
  out.certificate = c.local_minimum.summary;
  out.lambda = c.hessian_lower ? outward_doubles(c.ball_lower).first : not_a_number;
  out.radius = c.radius;
}

// Deterministic recovery at W for the instance's bias: exact windows, one row of M = W A* at a time on
// identity+Hadamard, else from the dense M.
Verdict recovery_at(const Instance& in, const MatrixXd& w) {
  return is_identity_hadamard(in.a) ? check_deterministic_recovery(streamed_exact_windows(in.a, w, in.code), in.eps)
                                    : check_deterministic_recovery(in.a, w, in.eps, in.code);
}

}  // namespace

std::uint64_t landscape_path_memory_bytes(int n, int h) {
  const auto hh = static_cast<std::uint64_t>(h), nn = static_cast<std::uint64_t>(n);
  return 8 * (10 * hh * hh + 13 * hh * nn);
}

LandscapeSearch landscape_path_method(const LandscapePathLimits& limits, int h) {
  if (h > limits.radial_max_h) return LandscapeSearch::not_computed;
  return h <= limits.newton_max_h ? LandscapeSearch::newton_cg : LandscapeSearch::radial_root;
}

PathLandscape landscape_not_reached(int n, int h, const rational& delta, const LandscapePathLimits& limits) {
  PathLandscape out;
  out.delta = delta.convert_to<double>();
  out.t = out.t_over_delta = out.distance = out.distance_over_delta = out.ratio = out.lambda = out.radius = not_a_number;
  out.memory_bytes = landscape_path_memory_bytes(n, h);
  if (landscape_path_method(limits, h) == LandscapeSearch::not_computed) out.note = "h > " + std::to_string(limits.radial_max_h) + " (--landscape-max-h)";
  return out;
}

PathLandscape path_landscape(const Instance& instance, const rational& delta, const LandscapePathLimits& limits) {
  PathLandscape out = landscape_not_reached(instance.n(), instance.h(), delta, limits);
  const LandscapeSearch method = landscape_path_method(limits, instance.h());
  if (method == LandscapeSearch::not_computed) return out;
  const MatrixXd at = instance.a.transpose();
  const Verdict recovery = recovery_at(instance, at);
  if (recovery.outcome != Outcome::proven) {
    out.note = "recovery at A*^T not certified for the point's bias (" + std::string(to_name(recovery.outcome)) +
               "): the closed form is only the oracle loss";
    return out;
  }
  const ExpectedLoss loss(instance.a, instance.eps, instance.code);
  const RadialRoot radial = radial_root(loss);
  out.t = radial.t;
  out.t_over_delta = radial.t / out.delta;
  if (!std::isfinite(radial.t)) {
    out.method = LandscapeSearch::radial_root;
    out.note = "the radial derivative has no root for t in [-1, 3]";
    return out;
  }
  MatrixXd w = (1 + radial.t) * at;
  out.ratio = radial.ratio;
  out.method = method;
  if (method == LandscapeSearch::newton_cg) {
    const CriticalPoint point = find_critical_point(loss, w, NewtonOptions{});
    w = point.w;
    out.ratio = point.ratio;
    out.converged = point.converged;
    certify(instance, w, delta, out);
  } else {
    out.note = "h > " + std::to_string(limits.newton_max_h) + " (--landscape-newton-max-h): at (1 + t*) A*^T";
  }
  out.recovery_there = recovery_at(instance, w).outcome;
  out.distance = max_row_distance(w, instance.a);
  out.distance_over_delta = out.distance / out.delta;
  return out;
}

}  // namespace scae
