// M = W A* and G = W Wᵀ of the dense closed form with intervals and fast products
// (expected_gradient.hpp), held as the midpoints and radii of their enclosures (certified_product.hpp:
// enclose_product_mid_rad): 16 bytes an entry instead of an MPFI interval's 96 or more at 128 bits,
// so h = 2048 holds 128 MiB instead of 0.8 GiB. An entry becomes the interval enclose_product would
// have stored (enclosure(mid, rad), at the precision in force), and M x is summed exactly as Eigen
// sums the product of the stored interval matrix, so the closed form's rows are the same bits.
#pragma once

#include "numerics/core/scalar.hpp"

namespace scae {

struct EnclosedMatrix {
  MatrixXd mid, rad;

  interval operator()(Eigen::Index i, Eigen::Index j) const;
  Vector<interval> row(Eigen::Index i) const;
  Vector<interval> col(Eigen::Index j) const;
  Vector<interval> diagonal() const;
  // Columns [first, first + count) as intervals.
  Matrix<interval> columns(Eigen::Index first, Eigen::Index count) const;
  // M x, bit for bit as Eigen's Matrix<interval>(M) * x. Eigen's column-major product (Eigen 3.4,
  // GeneralMatrixVector.h) adds to each entry of the result the sums over blocks of 16 or 4
  // consecutive columns (all columns when there are fewer than 128; the block size depends only on
  // the stride, h, and the scalar's size), in the order of the blocks. Products with chunks of at
  // least 128 columns starting at multiples of 128, each added to the result, therefore form the
  // same sums in the same order, while only one chunk of intervals exists at a time.
  Vector<interval> times(const Vector<interval>& x) const;
};

// The enclosure of X Y, with Xᵀ for X when x_transposed and Yᵀ for Y when y_transposed (read in place).
EnclosedMatrix enclosed_product(const Matrix<interval>& x, bool x_transposed, const Matrix<interval>& y, bool y_transposed);

}  // namespace scae
