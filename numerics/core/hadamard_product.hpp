// Structure of the identity+Hadamard dictionary A* = [I, s H] (H the n × n Sylvester-Hadamard
// matrix, s the stored double nearest 1/√n): exact coherence and a certified M = W A* in O(hn log n)
// by the fast Walsh-Hadamard transform instead of an O(h²n) GEMM.
//
// Coherence: <e_r, e_t> = 0, <e_r, s H_c> = ±s, <s H_a, s H_b> = s² Σ_r H_ra H_rb = 0 for a ≠ b,
// so max_{i≠j} |<A*_i, A*_j>| = s exactly for the stored matrix.
// Product: M = [W, s (W H)]. The transform forms each entry of W H as a sum of the n terms ±W_it in
// a tree of depth L = log2 n, so |fl − exact| <= γ_L Σ_t |W_it| (Higham, Thm 4.1 for any summation
// tree); the product with s adds one rounding. Each entry of the right block is therefore within
// 2 γ_{L+2} s Σ_t |W_it| (+ an underflow allowance of h 2^-1074), rounded up; the left block is exact.
// Row i of M needs only W_i (O(n log n)), so M can also be streamed row by row without being stored;
// the dense product and the stream compute every row by the same function, hence with the same bits.
#pragma once

#include "numerics/core/ball.hpp"
#include "numerics/core/certified_product.hpp"


namespace scae {

// A* = [I, s H] without storing it (n × 2n doubles, 16 GiB at n = 32768): its columns on demand, with
// the same bits as identity_hadamard_dictionary(n).
struct IdentityHadamard {
  Eigen::Index n = 0;
  double s = 0;  // the stored double nearest 1/√n
  // Throws std::invalid_argument unless n is a power of two >= 2.
  explicit IdentityHadamard(Eigen::Index n);
  // The structure of a stored A* for which is_identity_hadamard(a) holds, with its own s = a(0, n)
  // (a file's [I, c H] passes that check for any c > 0). Throws std::invalid_argument otherwise.
  static IdentityHadamard of(const MatrixXd& a);
  Eigen::Index h() const { return 2 * n; }
  double entry(Eigen::Index t, Eigen::Index i) const;  // A*_{ti}
  void column(Eigen::Index i, double* out) const;       // A*_i into out[0, n)
};

// True when `a` is exactly identity_hadamard_dictionary(a.rows()) (checked entry by entry).
bool is_identity_hadamard(const MatrixXd& a);

// Row i of M = W A* from w_row = W_i (n contiguous doubles) and s = A*(0, n): writes fl(M_i) to
// value[0, 2n) and returns the error bound of each entry of the right block value[n, 2n) (the left
// block, W_i itself, is exact).
double identity_hadamard_row(const double* w_row, Eigen::Index n, double s, double* value);

// M = W A* with error bounds, for A* = identity_hadamard_dictionary(n) and W (2n × n).
BoundedProduct identity_hadamard_product(const MatrixXd& w, const MatrixXd& a);

// A* X (or A*ᵀ X when `transposed`) for A* = [I, s H] (n × 2n) and a matrix of balls X (2n × c, or
// n × c), column by column by the transform, O(n log n) per column instead of O(n²). The right block
// s H x̂ of a column's midpoints x̂ is identity_hadamard_row's, within 2 γ_{L+2} s Σ_t |x̂_t| (+ its
// underflow allowance) of the exact one; the radii add |s H| r = s Σ_t r_t to every entry, and the
// double sum of the r_t is at least 1 − γ_n of the exact one, so each entry of the right block gets
// the radius (bound + s Σ r (1 + 2 γ_{n+2})) (1 + 8u), rounded up (the same for every entry of a
// column, as |s H| is constant; Higham's bound of a GEMM with A* would take γ_{n+2} for γ_{L+2}).
// A* X adds X's top block by ball addition; A*ᵀ X = [X; s H X] (H is symmetric). Columns are shared
// out over the OpenMP threads (the same bits on any number).
Matrix<Ball> identity_hadamard_times(const Matrix<Ball>& x, double s, bool transposed);

}  // namespace scae
