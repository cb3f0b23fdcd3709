// The rows of a point W (h × n), stored or regenerated. A random-direction point near A* = [I, s H]
// (near_point.hpp) is a function of (n, δ, seed): row i is A*_i + (δ / ‖d_i‖) d_i with d_i drawn from
// its own Philox stream, so it can be made again whenever it is needed, with the same bits as the
// stored matrix, in O(n) memory. That is how a point too large to store is used: at h = 65536,
// W alone would take 16 GiB.
//
// enclose_rows_product encloses W X and Wᵀ X for a matrix of balls X (ball.hpp) with the bound of
// enclose_product (certified_product.hpp): |fl(P x) − P x| <= γ_{m+2} |P| |x| for a product of inner
// size m, whatever the order of the m additions (Higham, Thm 3.1 and §3.1), so the sum over blocks of
// rows of W is covered by the same radius as one GEMM, computed with γ of the whole inner size. A
// stored W goes to enclose_product itself (the same bits as before); a regenerated one is formed in
// blocks of 256 rows, the blocks' parts added in block order, each output entry by one thread: the
// same bits for any number of threads.
#pragma once

#include "numerics/core/ball.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <functional>

namespace scae {

// Row i of the random-direction point: out[t] = a_col[t] + (δ / ‖d‖) d_t, d ~ N(0, I_n) from
// Philox (seed, Stream::point, i), redrawn while ‖d‖ = 0. `direction` is scratch of size n.
void point_row(const double* a_col, Eigen::Index n, double delta, std::uint64_t seed, Eigen::Index i, VectorXd& direction,
               double* out);

class PointRows {
public:
  PointRows() = default;
  // A stored W, held by reference: it must outlive this object.
  explicit PointRows(const MatrixXd& w);
  // The random-direction point at distance δ from A* = [I, s H] (point_at_distance(a, δ, seed)).
  PointRows(const IdentityHadamard& a, double delta, std::uint64_t seed);

  Eigen::Index rows() const { return h_; }
  Eigen::Index cols() const { return n_; }
  const MatrixXd* stored() const { return stored_; }
  // W_i into out[0, n).
  void row(Eigen::Index i, double* out) const;
  VectorXd row(Eigen::Index i) const;
  // Rows [first, first + count) as the columns of out (n × count), made on the OpenMP threads.
  void rows_transposed(Eigen::Index first, Eigen::Index count, MatrixXd& out) const;

private:
  const MatrixXd* stored_ = nullptr;
  IdentityHadamard a_{2};
  double delta_ = 0;
  std::uint64_t seed_ = 0;
  Eigen::Index h_ = 0, n_ = 0;
};

// W X (X: n × c) or, when `transposed`, Wᵀ X (X: h × c), enclosed as in the header.
Matrix<Ball> enclose_rows_product(const PointRows& w, const Matrix<Ball>& x, bool transposed);

// Every row of M = W A* for A* = [I, s H] without storing M: for blocks of 256 consecutive rows,
// `row(i, value, right_error)` (as identity_hadamard_row gives them) for each row of the block, in
// parallel on the OpenMP threads (no multiprecision work in it), then `block_done(first, count)` on
// the calling thread, blocks in order. Memory: one block of W and one row of M per thread. Throws
// std::invalid_argument when W is not h × n.
using HadamardRowVisit = std::function<void(Eigen::Index, const double*, double)>;
void stream_product_rows(const IdentityHadamard& a, const PointRows& w, const HadamardRowVisit& row,
                         const std::function<void(Eigen::Index, Eigen::Index)>& block_done = {});

}  // namespace scae
