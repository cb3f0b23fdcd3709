#include "theory/expected_gradient_enclosed.hpp"

#include "numerics/core/certified_product.hpp"

#include <algorithm>

namespace scae {

interval EnclosedMatrix::operator()(Eigen::Index i, Eigen::Index j) const { return enclosure(mid(i, j), rad(i, j)); }

Vector<interval> EnclosedMatrix::row(Eigen::Index i) const {
  Vector<interval> out(mid.cols());
  for (Eigen::Index j = 0; j < mid.cols(); ++j) out(j) = (*this)(i, j);
  return out;
}

Vector<interval> EnclosedMatrix::col(Eigen::Index j) const {
  Vector<interval> out(mid.rows());
  for (Eigen::Index i = 0; i < mid.rows(); ++i) out(i) = (*this)(i, j);
  return out;
}

Vector<interval> EnclosedMatrix::diagonal() const {
  Vector<interval> out(std::min(mid.rows(), mid.cols()));
  for (Eigen::Index i = 0; i < out.size(); ++i) out(i) = (*this)(i, i);
  return out;
}

Matrix<interval> EnclosedMatrix::columns(Eigen::Index first, Eigen::Index count) const {
  Matrix<interval> out(mid.rows(), count);
  for (Eigen::Index j = 0; j < count; ++j)
    for (Eigen::Index i = 0; i < mid.rows(); ++i) out(i, j) = (*this)(i, first + j);
  return out;
}

Vector<interval> EnclosedMatrix::times(const Vector<interval>& x) const {
  constexpr Eigen::Index chunk = 128;  // a multiple of Eigen's blocks of 16 and 4 columns, and at least 128
  const Eigen::Index cols = mid.cols();
  Vector<interval> out;
  for (Eigen::Index first = 0; first < cols;) {
    const Eigen::Index count = cols - first < 2 * chunk ? cols - first : chunk;  // the last chunk has 128 to 255
    const Matrix<interval> block = columns(first, count);
    if (first == 0) out.noalias() = block * x.segment(first, count);
    else out.noalias() += block * x.segment(first, count);
    first += count;
  }
  return out;
}

EnclosedMatrix enclosed_product(const Matrix<interval>& x, bool x_transposed, const Matrix<interval>& y, bool y_transposed) {
  EnclosedMatrix out;
  enclose_product_mid_rad(x, x_transposed, y, y_transposed, out.mid, out.rad);
  return out;
}

}  // namespace scae
