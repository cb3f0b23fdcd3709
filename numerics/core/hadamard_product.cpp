#include "hadamard_product.hpp"

#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace scae {

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

BoundedProduct identity_hadamard_product(const MatrixXd& w, const MatrixXd& a) {
  if (!is_identity_hadamard(a)) throw std::invalid_argument("identity_hadamard_product needs A* = [I, s H]");
  const Eigen::Index n = a.rows(), h = a.cols();
  if (w.rows() != h || w.cols() != n)
    throw std::invalid_argument("W is " + std::to_string(w.rows()) + "x" + std::to_string(w.cols()) + ", expected " +
                                std::to_string(h) + "x" + std::to_string(n));
  const double s = a(0, n);
  const double u = std::numeric_limits<double>::epsilon() / 2;
  const double depth = std::log2(static_cast<double>(n));
  const double nu = (depth + 2) * u;
  const double gamma = 2 * nu / (1 - nu);
  const double underflow = static_cast<double>(h) * std::numeric_limits<double>::denorm_min();

  BoundedProduct out;
  out.value.resize(h, h);
  out.error.resize(h, h);
  out.value.leftCols(n) = w;
  out.error.leftCols(n).setZero();
  // Transform the rows of W, held as the columns of Wᵀ so that each transform is contiguous.
  MatrixXd t = w.transpose();
  for (Eigen::Index len = 1; len < n; len *= 2)
    for (Eigen::Index col = 0; col < h; ++col) {
      double* x = t.col(col).data();
      for (Eigen::Index start = 0; start < n; start += 2 * len)
        for (Eigen::Index i = start; i < start + len; ++i) {
          const double p = x[i], q = x[i + len];
          x[i] = p + q;
          x[i + len] = p - q;
        }
    }
  const VectorXd abs_sums = w.cwiseAbs().rowwise().sum();
  for (Eigen::Index i = 0; i < h; ++i) {
    const double bound = std::nextafter(gamma * s * abs_sums(i) * (1 + 8 * u) + underflow, HUGE_VAL);
    out.value.row(i).tail(n) = s * t.col(i).transpose();
    out.error.row(i).tail(n).setConstant(bound);
  }
  return out;
}

}  // namespace scae
