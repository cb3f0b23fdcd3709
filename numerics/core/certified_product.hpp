// Rigorous enclosures of the entries of a floating-point matrix product C = P Q (P r x n, Q n x c).
// C is computed by GEMM in double (fixed_order_product: the same bits for any number of threads
// or processes); Higham's a-priori bound (Accuracy and Stability of Numerical
// Algorithms, Thm 3.5; any summation order, FMA included) gives
//   |fl(C)_ij - C_ij| <= gamma_n (|P||Q|)_ij,   gamma_n = n u / (1 - n u),  u = 2^-53,
// and fl(|P||Q|) itself is off by at most gamma_n, so error_ij = 2 gamma_{n+2} fl(|P||Q|)_ij plus
// an underflow allowance of 2 n 2^-1074, inflated by (1 + 8u) and rounded up, bounds the error of
// every entry. Entries near a maximum are recomputed exactly as MPFI dot products.
#pragma once

#include "numerics/core/scalar.hpp"

#include <limits>

namespace scae {

// γ_m = m u / (1 - m u), u = 2^-53: the relative error bound of an m-term dot product
// (Higham, Accuracy and Stability of Numerical Algorithms, §3.1). Inline: the Monte Carlo
// engine evaluates it per sample.
inline double higham_gamma(double m) {
  const double mu = m * (std::numeric_limits<double>::epsilon() / 2);
  return mu / (1 - mu);
}

// P Q in double, bit for bit the same whatever the number of threads: Eigen's multi-threaded GEMM
// cuts the inner dimension into blocks whose size depends on the thread count (another summation
// order, other last bits), so fixed blocks of 256 columns of Q are shared out instead, each
// multiplied by Eigen on one thread.
MatrixXd fixed_order_product(const MatrixXd& p, const MatrixXd& q);

// round_up(|value| + error) with round_up(x) = next double above x (1 + 8u): a rigorous upper bound
// of |exact| when |exact - value| <= error.
double abs_upper_bound(double value, double error);

struct BoundedProduct {
  MatrixXd value;  // fl(P Q)
  MatrixXd error;  // |exact - value| <= error, entrywise
  // Rigorous upper bound of |exact entry (i, j)| as a double.
  double abs_upper(Eigen::Index i, Eigen::Index j) const;
  // Rigorous lower and upper bounds of the exact entry as doubles.
  double lower(Eigen::Index i, Eigen::Index j) const;
  double upper(Eigen::Index i, Eigen::Index j) const;
};

BoundedProduct bounded_product(const MatrixXd& p, const MatrixXd& q);

// Enclosure of the product of two interval matrices by midpoint-radius arithmetic in double
// (Rump): with X = Xm ± Xr, Y = Ym ± Yr,
//   |XY - fl(Xm Ym)| <= gamma_n |Xm||Ym| + |Xm| Yr + Xr |Ym| + Xr Yr,
// each GEMM of non-negative terms inflated by 1 + 2 gamma_{n+2} for its own rounding. O(GEMM) in
// double instead of O(n^3) MPFI operations; widths are about 1e-16 relative instead of 2^-bits.
Matrix<interval> enclose_product(const Matrix<interval>& x, const Matrix<interval>& y);
// The same enclosure as midpoints fl(Xm Ym) and radii, entry (i, j) being enclosure(mid(i, j), rad(i, j)):
// 16 bytes an entry instead of an interval's (callers that keep an h × h product, expected_gradient.hpp).
// With x_transposed (y_transposed) the product is with Xᵀ (Yᵀ), read in place.
void enclose_product_mid_rad(const Matrix<interval>& x, bool x_transposed, const Matrix<interval>& y, bool y_transposed,
                             MatrixXd& mid, MatrixXd& rad);
// [mid − rad, mid + rad] as an interval at the current precision (interval(mid) + [−rad, rad]).
interval enclosure(double mid, double rad);

// The same bound for an exact double matrix P times an interval matrix X = Xm ± Xr whose columns are
// several right-hand sides: encloses P X, or Pᵀ X when `transposed`. With k the inner size,
//   |P X − fl(P Xm)| <= γ_k |P||Xm| + |P| Xr <= |P| (γ_{k+2} |Xm| + Xr)   (Higham, Thm 3.5, per entry),
// and the non-negative product on the right is inflated by 1 + 2 γ_{k+2} for its own rounding.
// |P| is never stored: P is read by blocks of output rows (about 1 MiB each, sized from the shape
// only), each block's |·| is made, multiplied and dropped. Blocks are shared out over the OpenMP
// threads, each one single-threaded Eigen product, so the bits do not depend on the thread count;
// they do depend on the number of columns of X (Eigen multiplies one column as a GEMV).
Matrix<interval> enclose_product(const MatrixXd& p, const Matrix<interval>& x, bool transposed);

// The radius of that bound for inner size k, in two steps: weights(x̂, r) = γ_{k+2}|x̂| + r, which |P|
// multiplies (in any order and any blocking of the k terms), then finish(computed |P| y) inflates the
// computed sum by 1 + 2 γ_{k+2} (+ 8u, an underflow allowance of 4k 2^-1074) and rounds it up.
struct ProductRadius {
  double gamma = 0, inflate = 0, underflow = 0;
  explicit ProductRadius(Eigen::Index inner);
  MatrixXd weights(const MatrixXd& mid, const MatrixXd& rad) const { return gamma * mid.cwiseAbs() + rad; }
  double finish(double computed) const;
};

// Exact-entry MPFI dot product of two arrays of doubles, at the current interval precision.
interval interval_dot(const double* x, const double* y, Eigen::Index n);

enum class Pairs { upper_triangle, off_diagonal };

struct MaxAbs {
  double value = 0;       // max |fl(C)_ij| over the pairs
  Eigen::Index i = 0, j = 0;
  interval enclosure;     // contains the exact max |C_ij|
  long exact_pairs = 0;   // entries recomputed in MPFI
};

// Certified max |(P Q)_ij| over i < j (upper_triangle) or i != j (off_diagonal), with the rows of
// P given as the columns of `p_transposed`. Candidates whose error bound reaches the best exact
// lower bound are recomputed in MPFI (at most max_exact of them; beyond that the floating-point
// bound is used for the upper end). Uses the current interval precision.
MaxAbs certified_max_abs(const MatrixXd& p_transposed, const MatrixXd& q, Pairs pairs, long max_exact = 200000);
// The same, reusing product = bounded_product(p_transposed^T, q).
MaxAbs certified_max_abs(const BoundedProduct& product, const MatrixXd& p_transposed, const MatrixXd& q, Pairs pairs,
                         long max_exact = 200000);

}  // namespace scae
