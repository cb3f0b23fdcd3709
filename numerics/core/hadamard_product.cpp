#include "numerics/core/hadamard_product.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace scae {

namespace {

void require_identity_hadamard(const MatrixXd& w, const MatrixXd& a) {
  if (!is_identity_hadamard(a)) throw std::invalid_argument("identity_hadamard_product needs A* = [I, s H]");
  if (w.rows() != a.cols() || w.cols() != a.rows())
    throw std::invalid_argument("W is " + std::to_string(w.rows()) + "x" + std::to_string(w.cols()) + ", expected " +
                                std::to_string(a.cols()) + "x" + std::to_string(a.rows()));
}

// Σ_t |x_t| in a fixed order: x_0, then groups of four added pairwise, then the rest one by one.
double abs_sum(const double* x, Eigen::Index n) {
  const Eigen::Index groups_end = (n - 1) & ~Eigen::Index{3};
  double sum = std::abs(x[0]);
  Eigen::Index t = 1;
  for (; t < groups_end; t += 4)
    sum = sum + ((std::abs(x[t]) + std::abs(x[t + 1])) + (std::abs(x[t + 2]) + std::abs(x[t + 3])));
  for (; t < n; ++t) sum = sum + std::abs(x[t]);
  return sum;
}

}  // namespace

IdentityHadamard::IdentityHadamard(Eigen::Index size) : n(size) {
  if (n < 2 || !std::has_single_bit(static_cast<unsigned long>(n)))
    throw std::invalid_argument("n = " + std::to_string(n) + " must be a power of two >= 2 for identity+Hadamard");
  s = 1.0 / std::sqrt(static_cast<double>(n));
}

IdentityHadamard IdentityHadamard::of(const MatrixXd& a) {
  if (!is_identity_hadamard(a)) throw std::invalid_argument("A* is not [I, s H]");
  IdentityHadamard out(a.rows());
  out.s = a(0, a.rows());
  return out;
}

double IdentityHadamard::entry(Eigen::Index t, Eigen::Index i) const {
  if (i < n) return t == i ? 1.0 : 0.0;
  return std::popcount(static_cast<unsigned long>(t & (i - n))) % 2 == 1 ? -s : s;
}

void IdentityHadamard::column(Eigen::Index i, double* out) const {
  for (Eigen::Index t = 0; t < n; ++t) out[t] = entry(t, i);
}

bool is_identity_hadamard(const MatrixXd& a) {
  const Eigen::Index n = a.rows();
  if (n < 2 || a.cols() != 2 * n || !std::has_single_bit(static_cast<unsigned long>(n))) return false;
  if (!a.leftCols(n).isIdentity(0)) return false;
  const double s = a(0, n);
  if (!(s > 0)) return false;
  for (Eigen::Index c = 0; c < n; ++c)
    for (Eigen::Index r = 0; r < n; ++r) {
      const bool negative = std::popcount(static_cast<unsigned long>(r & c)) % 2 == 1;
      if (a(r, n + c) != (negative ? -s : s)) return false;
    }
  return true;
}

double identity_hadamard_row(const double* w_row, Eigen::Index n, double s, double* value) {
  const double u = std::numeric_limits<double>::epsilon() / 2;
  const double depth = std::log2(static_cast<double>(n));
  const double nu = (depth + 2) * u;
  const double gamma = 2 * nu / (1 - nu);
  const double underflow = static_cast<double>(2 * n) * std::numeric_limits<double>::denorm_min();
  std::copy(w_row, w_row + n, value);
  double* x = value + n;
  std::copy(w_row, w_row + n, x);
  for (Eigen::Index len = 1; len < n; len *= 2)
    for (Eigen::Index start = 0; start < n; start += 2 * len)
      for (Eigen::Index i = start; i < start + len; ++i) {
        const double p = x[i], q = x[i + len];
        x[i] = p + q;
        x[i + len] = p - q;
      }
  for (Eigen::Index c = 0; c < n; ++c) x[c] = s * x[c];
  return std::nextafter(gamma * s * abs_sum(w_row, n) * (1 + 8 * u) + underflow, HUGE_VAL);
}

BoundedProduct identity_hadamard_product(const MatrixXd& w, const MatrixXd& a) {
  require_identity_hadamard(w, a);
  const Eigen::Index n = a.rows(), h = a.cols();
  const double s = a(0, n);
  BoundedProduct out;
  out.value.resize(h, h);
  out.error.resize(h, h);
  out.error.leftCols(n).setZero();
  const MatrixXd t = w.transpose();  // column i is W_i
  VectorXd value(h);
  for (Eigen::Index i = 0; i < h; ++i) {
    const double bound = identity_hadamard_row(t.col(i).data(), n, s, value.data());
    out.value.row(i) = value.transpose();
    out.error.row(i).tail(n).setConstant(bound);
  }
  return out;
}

Matrix<Ball> identity_hadamard_times(const Matrix<Ball>& x, double s, bool transposed) {
  const Eigen::Index n = transposed ? x.rows() : x.rows() / 2;
  if (n < 2 || !std::has_single_bit(static_cast<unsigned long>(n)) || (!transposed && x.rows() != 2 * n))
    throw std::invalid_argument("identity_hadamard_times: " + std::to_string(x.rows()) + " rows; accepted: n or 2n, n a power of two");
  const double u = std::numeric_limits<double>::epsilon() / 2, radius_factor = 1 + 2 * higham_gamma(static_cast<double>(n + 2));
  Matrix<Ball> out(transposed ? 2 * n : n, x.cols());
#pragma omp parallel
  {
    std::vector<double> mid(static_cast<std::size_t>(n)), value(static_cast<std::size_t>(2 * n));
#pragma omp for schedule(dynamic, 1)
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const Eigen::Index first = transposed ? 0 : n;  // the rows of X that H multiplies
      double radii = 0;
      for (Eigen::Index t = 0; t < n; ++t) {
        mid[static_cast<std::size_t>(t)] = x(first + t, j).m;
        radii += x(first + t, j).r;
      }
      const double bound = identity_hadamard_row(mid.data(), n, s, value.data());
      const double r = std::nextafter((bound + s * radii * radius_factor) * (1 + 8 * u), HUGE_VAL);
      for (Eigen::Index t = 0; t < n; ++t) {
        const Ball right(value[static_cast<std::size_t>(n + t)], r);
        if (transposed) {
          out(t, j) = x(t, j);
          out(n + t, j) = right;
        } else {
          out(t, j) = x(t, j) + right;
        }
      }
    }
  }
  return out;
}

}  // namespace scae
