#include "theory/critical_point.hpp"

#include "theory/hessian_vector.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace scae {

namespace {

constexpr std::array<double, 4> nodes = {-0.5, 0, 0.5, 1};

// The cubic through (nodes[r], values[r]) at t (Lagrange form).
double cubic_at(const std::array<double, 4>& values, double t) {
  double sum = 0;
  for (std::size_t r = 0; r < 4; ++r) {
    double basis = 1;
    for (std::size_t s = 0; s < 4; ++s)
      if (s != r) basis *= (t - nodes[s]) / (nodes[r] - nodes[s]);
    sum += values[r] * basis;
  }
  return sum;
}

// The root of the cubic nearest to 0 in [−1, 3]: sign changes on a grid of step 1/1000 around 0,
// outwards, then bisection; NaN when there is none.
double nearest_root(const std::array<double, 4>& values) {
  constexpr int steps = 3000;
  const auto bisect = [&](double lo, double hi) {
    double f_lo = cubic_at(values, lo);
    for (int it = 0; it < 200 && hi - lo > 0; ++it) {
      const double mid = lo + (hi - lo) / 2;
      if (mid == lo || mid == hi) break;
      const double f_mid = cubic_at(values, mid);
      if ((f_mid <= 0) == (f_lo <= 0)) {
        lo = mid;
        f_lo = f_mid;
      } else {
        hi = mid;
      }
    }
    return lo + (hi - lo) / 2;
  };
  if (cubic_at(values, 0) == 0) return 0;
  for (int s = 0; s < steps; ++s) {  // [s, s + 1] / 1000 upwards and [−(s + 1), −s] / 1000 downwards
    const double a = s / 1000.0, b = (s + 1) / 1000.0;
    if ((cubic_at(values, a) <= 0) != (cubic_at(values, b) <= 0)) return bisect(a, b);
    if (s < 1000 && (cubic_at(values, -b) <= 0) != (cubic_at(values, -a) <= 0)) return bisect(-b, -a);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

VectorXd row_ratios(const ExpectedLoss& loss, const MatrixXd& gradient) {
  return gradient.rowwise().norm().cwiseQuotient(loss.row_scale());
}

}  // namespace

RadialRoot radial_root(const ExpectedLoss& loss) {
  const MatrixXd at = loss.a().transpose();
  const Eigen::Index h = at.rows();
  MatrixXd row_values(h, 4);
  for (std::size_t r = 0; r < 4; ++r)
    row_values.col(static_cast<Eigen::Index>(r)) = loss.gradient((1 + nodes[r]) * at).cwiseProduct(at).rowwise().sum();
  RadialRoot out;
  std::array<double, 4> total{};
  for (std::size_t r = 0; r < 4; ++r) total[r] = row_values.col(static_cast<Eigen::Index>(r)).sum();
  out.t = nearest_root(total);
  out.row_t.resize(h);
  for (Eigen::Index i = 0; i < h; ++i)
    out.row_t(i) = nearest_root({row_values(i, 0), row_values(i, 1), row_values(i, 2), row_values(i, 3)});
  if (std::isfinite(out.t)) {
    out.row_ratio = row_ratios(loss, loss.gradient((1 + out.t) * at));
    out.ratio = out.row_ratio.maxCoeff();
  }
  return out;
}

namespace {

// CG on H d = −g to ‖H d + g‖ <= eta ‖g‖; stops at non-positive curvature. Returns the Hessian products made.
int conjugate_gradients(const ExpectedLoss& loss, const MatrixXd& w, const MatrixXd& g, double eta, int max_cg, MatrixXd& d) {
  d = MatrixXd::Zero(g.rows(), g.cols());
  MatrixXd r = -g, p = r;
  double rr = r.squaredNorm();
  const double goal = eta * eta * g.squaredNorm();
  int products = 0;
  while (products < max_cg && rr > goal) {
    const MatrixXd hp = hessian_times(loss, w, p);
    ++products;
    const double curvature = p.cwiseProduct(hp).sum();
    if (!(curvature > 0)) {
      if (products == 1) d = -g;
      break;
    }
    const double step = rr / curvature;
    d += step * p;
    r -= step * hp;
    const double rr_new = r.squaredNorm();
    p = r + (rr_new / rr) * p;
    rr = rr_new;
  }
  return products;
}

}  // namespace

CriticalPoint find_critical_point(const ExpectedLoss& loss, const MatrixXd& start, const NewtonOptions& options) {
  if (start.rows() != loss.h() || start.cols() != loss.n())
    throw std::invalid_argument("the start is " + std::to_string(start.rows()) + "x" + std::to_string(start.cols()) +
                                ", expected h x n");
  CriticalPoint out;
  out.w = start;
  out.gradient = loss.gradient(out.w);
  out.loss = loss.value(out.w);
  const double first_norm = out.gradient.norm();
  for (int it = 0;; ++it) {
    out.row_ratio = row_ratios(loss, out.gradient);
    out.ratio = out.row_ratio.maxCoeff();
    out.iterates.push_back({out.ratio, out.loss, 0, 0});
    out.converged = out.ratio < options.tolerance;
    if (out.converged || it >= options.max_newton) break;
    const double g_norm = out.gradient.norm();
    MatrixXd d;
    out.iterates.back().cg_steps =
        conjugate_gradients(loss, out.w, out.gradient, std::min(0.1, g_norm / first_norm), options.max_cg, d);
    const double slope = out.gradient.cwiseProduct(d).sum();
    bool accepted = false;
    for (double alpha = 1; alpha > 1e-10 && !accepted; alpha /= 2) {
      const MatrixXd w_new = out.w + alpha * d;
      const MatrixXd g_new = loss.gradient(w_new);
      const double l_new = loss.value(w_new);
      const bool armijo = l_new <= out.loss - 1e-4 * alpha * std::abs(slope);
      const bool flat = std::abs(l_new - out.loss) <= 1e-12 * std::abs(out.loss) && g_new.norm() < g_norm;
      if (armijo || flat) {
        out.iterates.back().step = alpha;
        out.w = w_new;
        out.gradient = g_new;
        out.loss = l_new;
        accepted = true;
      }
    }
    if (!accepted) break;  // no decrease along d: the iterate is returned unconverged
  }
  return out;
}

}  // namespace scae
