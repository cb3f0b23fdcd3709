// Second derivatives of the expected loss E L on the recovery event (theory/expected_loss.hpp;
// docs/theory.md, "The landscape near A*").
//
// Hessian-vector product. E∇(W + sV) is a polynomial of degree 3 in s (the gradient is cubic in W), so
// the four-point central stencil
//   H V = d/ds E∇(W + sV)|_0 = [8 (f(τ) − f(−τ)) − (f(2τ) − f(−2τ))] / (12 τ),   f(s) = E∇(W + sV),
// is exact for every τ (it is exact for polynomials of degree ≤ 4); only rounding remains. τ is chosen
// so that the largest row of 2τV has norm ½: the rounding error is then about 12 u Σ|terms of E∇| /
// (12 τ), a few units in the last place of the terms of E∇ times the largest row norm of V.
// Four evaluations of E∇, O(h²n).
//
// Lanczos. The extreme eigenvalues of H(W) by the Lanczos process with full reorthogonalisation from
// a Philox start (seed, Stream::directions, counter = the coordinate): an ESTIMATE, not certified (Ritz
// values lie inside the spectrum; λ_min is approached from above). `residual` is the Ritz residual
// ‖H u − θ u‖ of the smallest Ritz pair, so some eigenvalue lies within it of θ.
#pragma once

#include "theory/expected_loss.hpp"

#include <cstdint>

namespace scae {

// H(W) V (V: h × n, the same shape as W), exact up to rounding.
MatrixXd hessian_times(const ExpectedLoss& loss, const MatrixXd& w, const MatrixXd& v);

// The dense Hessian (hn × hn) for small sizes, coordinates ordered row by row of W: index i n + t is
// W_it. One product per column, symmetrised ((H + Hᵀ)/2). Throws std::invalid_argument when hn > 4096.
MatrixXd dense_hessian(const ExpectedLoss& loss, const MatrixXd& w);

struct LanczosEstimate {
  double lambda_min = 0, lambda_max = 0;  // extreme Ritz values: estimate, not certified
  double residual = 0;                     // ‖H u − λ_min u‖ of the smallest Ritz vector u
  int steps = 0;                           // Hessian products made
};

// Stops when the smallest Ritz pair's residual is below rel_tol |λ_min| or after max_steps products.
LanczosEstimate lanczos_extremes(const ExpectedLoss& loss, const MatrixXd& w, int max_steps, double rel_tol,
                                 std::uint64_t seed);

}  // namespace scae
