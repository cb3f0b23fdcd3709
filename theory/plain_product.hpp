// X Y and Xᵀ Y in the scalar type itself (MPFI or MPFR), by plain loops in a fixed order: the products
// of the exact (non-fast) spectral bounds (spectral_norm_bound.hpp) and of the closed form's rows in
// MPFI (expected_gradient_rows.cpp). Not Eigen's GEMM kernel: in builds without FMA (portable x86-64)
// its multiply-add path gives NaN entries for Boost.Multiprecision scalars (every other column of a
// product with several columns). A NaN entry throws std::logic_error instead.
#pragma once

#include "numerics/core/scalar.hpp"

#include <cmath>
#include <stdexcept>

namespace scae {

// X Y for any Eigen expressions X and Y of the scalar type T (X may be a transpose, read in place).
template <class X, class Y> Matrix<typename X::Scalar> plain_product(const Eigen::MatrixBase<X>& x, const Eigen::MatrixBase<Y>& y) {
  using T = typename X::Scalar;
  Matrix<T> out(x.rows(), y.cols());
  for (Eigen::Index j = 0; j < y.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      T sum = 0;
      for (Eigen::Index t = 0; t < x.cols(); ++t) sum += x(i, t) * y(t, j);
      if (std::isnan(to_double(sum))) throw std::logic_error("plain_product: a NaN entry");
      out(i, j) = sum;
    }
  return out;
}

template <class T> Matrix<T> plain_product_transposed(const Matrix<T>& x, const Matrix<T>& y) { return plain_product(x.transpose(), y); }

}  // namespace scae
