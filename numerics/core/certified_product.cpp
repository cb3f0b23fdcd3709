#include "numerics/core/certified_product.hpp"

#include "numerics/core/ball.hpp"
#include "numerics/core/huge_pages.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace scae {

namespace {
constexpr double unit_roundoff = std::numeric_limits<double>::epsilon() / 2;
double round_up(double x) { return std::nextafter(x * (1 + 8 * unit_roundoff), HUGE_VAL); }
}  // namespace

MatrixXd fixed_order_product(const MatrixXd& p, const MatrixXd& q) {
  if (p.cols() != q.rows()) throw std::invalid_argument("fixed_order_product: inner sizes differ");
  constexpr Eigen::Index block = 256;
  MatrixXd out;
  resize_on_huge_pages(out, p.rows(), q.cols());
  const Eigen::Index blocks = (q.cols() + block - 1) / block;
#pragma omp parallel
  {
    omp_set_num_threads(1);  // Eigen's product in a worker stays on its thread, also in a team of one
#pragma omp for schedule(dynamic, 1)
    for (Eigen::Index b = 0; b < blocks; ++b) {
      const Eigen::Index first = b * block, width = std::min(block, q.cols() - first);
      out.middleCols(first, width).noalias() = p * q.middleCols(first, width);
    }
  }
  return out;
}

BoundedProduct bounded_product(const MatrixXd& p, const MatrixXd& q) {
  const auto n = static_cast<double>(p.cols());
  const double gamma = 2 * higham_gamma(n + 2);
  const double underflow = 2 * n * std::numeric_limits<double>::denorm_min();
  BoundedProduct out;
  out.value = fixed_order_product(p, q);
  out.error = fixed_order_product(p.cwiseAbs(), q.cwiseAbs());
  out.error = out.error.unaryExpr([&](double s) { return round_up(gamma * s + underflow); });
  return out;
}

double abs_upper_bound(double value, double error) { return round_up(std::abs(value) + error); }

double BoundedProduct::abs_upper(Eigen::Index i, Eigen::Index j) const { return abs_upper_bound(value(i, j), error(i, j)); }
double BoundedProduct::lower(Eigen::Index i, Eigen::Index j) const {
  return std::nextafter(value(i, j) - error(i, j), -HUGE_VAL);
}
double BoundedProduct::upper(Eigen::Index i, Eigen::Index j) const {
  return std::nextafter(value(i, j) + error(i, j), HUGE_VAL);
}

namespace {
// Midpoint (nearest double) and a radius rounded up such that mid ± rad contains the interval.
template <class Intervals, class Doubles> void split(const Intervals& x, Doubles& mid, Doubles& rad) {
  mid.resize(x.rows(), x.cols());
  rad.resize(x.rows(), x.cols());
#pragma omp parallel for schedule(static) if (x.size() > 4096)
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const interval& xij = x(i, j);
      const double m = bmp::median(xij).convert_to<double>();
      const mpfr spread = std::max(bmp::upper(xij) - m, m - bmp::lower(xij));
      double r = spread.convert_to<double>();
      if (mpfr(r) < spread) r = std::nextafter(r, HUGE_VAL);
      mid(i, j) = m;
      rad(i, j) = r;
    }
}
}  // namespace

void enclose_product_mid_rad(const Matrix<interval>& x, bool x_transposed, const Matrix<interval>& y, bool y_transposed,
                             MatrixXd& mid, MatrixXd& rad) {
  MatrixXd xm, xr, ym, yr;
  if (x_transposed) split(x.transpose(), xm, xr);
  else split(x, xm, xr);
  if (y_transposed) split(y.transpose(), ym, yr);
  else split(y, ym, yr);
  const auto n = static_cast<double>(xm.cols());
  const double gamma = higham_gamma(n + 2);
  const double inflate = 1 + 2 * gamma + 8 * unit_roundoff;
  mid = fixed_order_product(xm, ym);
  const MatrixXd xa = xm.cwiseAbs(), ya = ym.cwiseAbs();
  rad = gamma * fixed_order_product(xa, ya) + fixed_order_product(xa, yr) + fixed_order_product(xr, ya) +
        fixed_order_product(xr, yr);
  const double underflow = 4 * n * std::numeric_limits<double>::denorm_min();
  rad = rad.unaryExpr([&](double r) { return std::nextafter(r * inflate + underflow, HUGE_VAL); });
}

interval enclosure(double mid, double rad) { return interval(mid) + interval(mpfr(-rad), mpfr(rad)); }

Matrix<interval> enclose_product(const Matrix<interval>& x, const Matrix<interval>& y) {
  MatrixXd mid, rad;
  enclose_product_mid_rad(x, false, y, false, mid, rad);
  Matrix<interval> out(mid.rows(), mid.cols());
  for (Eigen::Index j = 0; j < mid.cols(); ++j)
    for (Eigen::Index i = 0; i < mid.rows(); ++i) out(i, j) = enclosure(mid(i, j), rad(i, j));
  return out;
}

namespace {
// The midpoints fl(P Xm) (or Pᵀ Xm) and the final radii of enclose_product(P, X, transposed), the
// bound of the header, for X = Xm ± Xr.
void enclose_mid_rad(const MatrixXd& p, const MatrixXd& xm, const MatrixXd& xr, bool transposed, MatrixXd& mid,
                     MatrixXd& rad) {
  const Eigen::Index inner = transposed ? p.rows() : p.cols(), outer = transposed ? p.cols() : p.rows();
  if (xm.rows() != inner)
    throw std::invalid_argument("enclose_product: " + std::to_string(xm.rows()) + " rows, expected " + std::to_string(inner));
  const ProductRadius radius(inner);
  const MatrixXd y = radius.weights(xm, xr);
  mid.resize(outer, xm.cols());
  rad.resize(outer, xm.cols());
  const Eigen::Index block = std::clamp<Eigen::Index>((Eigen::Index{1} << 17) / std::max<Eigen::Index>(inner, 1), 8, 256);
  const Eigen::Index blocks = (outer + block - 1) / block;
#pragma omp parallel
  {
    omp_set_num_threads(1);  // as in fixed_order_product: one Eigen product per block, on its thread
    MatrixXd abs_block;
#pragma omp for schedule(dynamic, 1)
    for (Eigen::Index b = 0; b < blocks; ++b) {
      const Eigen::Index first = b * block, width = std::min(block, outer - first);
      if (transposed) {
        const auto part = p.middleCols(first, width);
        mid.middleRows(first, width).noalias() = part.transpose() * xm;
        abs_block = part.cwiseAbs();
        rad.middleRows(first, width).noalias() = abs_block.transpose() * y;
      } else {
        const auto part = p.middleRows(first, width);
        mid.middleRows(first, width).noalias() = part * xm;
        abs_block = part.cwiseAbs();
        rad.middleRows(first, width).noalias() = abs_block * y;
      }
    }
  }
  rad = rad.unaryExpr([&](double r) { return radius.finish(r); });
}
}  // namespace

ProductRadius::ProductRadius(Eigen::Index inner) {
  const auto k = static_cast<double>(inner);
  gamma = higham_gamma(k + 2);
  inflate = 1 + 2 * gamma + 8 * unit_roundoff;
  underflow = 4 * k * std::numeric_limits<double>::denorm_min();
}

double ProductRadius::finish(double computed) const {
  return std::nextafter(round_up(computed * inflate) + underflow, HUGE_VAL);
}

Matrix<interval> enclose_product(const MatrixXd& p, const Matrix<interval>& x, bool transposed) {
  MatrixXd xm, xr, mid, rad;
  split(x, xm, xr);
  enclose_mid_rad(p, xm, xr, transposed, mid, rad);
  Matrix<interval> out(mid.rows(), mid.cols());
#pragma omp parallel for schedule(static) if (out.size() > 4096)
  for (Eigen::Index j = 0; j < out.cols(); ++j)
    for (Eigen::Index i = 0; i < out.rows(); ++i) out(i, j) = interval(mid(i, j)) + interval(mpfr(-rad(i, j)), mpfr(rad(i, j)));
  return out;
}

Matrix<Ball> enclose_product(const MatrixXd& p, const Matrix<Ball>& x, bool transposed) {
  const MatrixXd xm = x.unaryExpr([](const Ball& b) { return b.m; }), xr = x.unaryExpr([](const Ball& b) { return b.r; });
  MatrixXd mid, rad;
  enclose_mid_rad(p, xm, xr, transposed, mid, rad);
  Matrix<Ball> out(mid.rows(), mid.cols());
  for (Eigen::Index j = 0; j < out.cols(); ++j)
    for (Eigen::Index i = 0; i < out.rows(); ++i) out(i, j) = Ball(mid(i, j), rad(i, j));
  return out;
}

interval interval_dot(const double* x, const double* y, Eigen::Index n) {
  interval sum = 0;
  for (Eigen::Index t = 0; t < n; ++t)
    if (x[t] != 0 && y[t] != 0) sum += interval(x[t]) * interval(y[t]);
  return sum;
}

MaxAbs certified_max_abs(const MatrixXd& p_transposed, const MatrixXd& q, Pairs pairs, long max_exact) {
  return certified_max_abs(bounded_product(p_transposed.transpose(), q), p_transposed, q, pairs, max_exact);
}

MaxAbs certified_max_abs(const BoundedProduct& c, const MatrixXd& p_transposed, const MatrixXd& q, Pairs pairs,
                         long max_exact) {
  const auto rows = c.value.rows(), cols = c.value.cols();
  const auto included = [&](Eigen::Index i, Eigen::Index j) { return pairs == Pairs::upper_triangle ? i < j : i != j; };
  const auto dot = [&](Eigen::Index i, Eigen::Index j) {
    return abs(interval_dot(p_transposed.col(i).data(), q.col(j).data(), q.rows()));
  };

  MaxAbs out;
  out.value = -1;
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i)
      if (included(i, j) && std::abs(c.value(i, j)) > out.value) {
        out.value = std::abs(c.value(i, j));
        out.i = i;
        out.j = j;
      }
  if (out.value < 0) throw std::invalid_argument("certified_max_abs needs at least one pair");

  const interval best = dot(out.i, out.j);
  mpfr lo = lower(best), hi = upper(best);
  std::vector<std::pair<Eigen::Index, Eigen::Index>> candidates;
  double float_bound = 0;
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i)
      if (included(i, j) && mpfr(c.abs_upper(i, j)) >= lo) {
        candidates.emplace_back(i, j);
        float_bound = std::max(float_bound, c.abs_upper(i, j));
      }
  if (static_cast<long>(candidates.size()) > max_exact) {
    if (mpfr(float_bound) > hi) hi = mpfr(float_bound);
  } else {
    for (const auto& [i, j] : candidates) {
      const interval d = dot(i, j);
      if (lower(d) > lo) lo = lower(d);
      if (upper(d) > hi) hi = upper(d);
    }
    out.exact_pairs = static_cast<long>(candidates.size());
  }
  out.enclosure = interval(lo, hi);
  return out;
}

}  // namespace scae
