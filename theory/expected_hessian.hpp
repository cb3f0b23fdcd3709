// The Hessian of the expected oracle loss E L (docs/theory.md, "Proof of a strict local minimum"; the loss
// ½‖ŷ − y‖² with S = supp x* in place of the ReLU's support, which is E L itself where every sample's
// support is recovered). Coordinates: vec(W) row by row, W_ic at index i n + c.
//
// Per sample (support S, values x, y = A* x, r_j = ⟨W_j, y⟩ − ε_j, e = Σ_{j∈S} r_j W_j − y, so that
// ∇_{W_i} L = r_i e + ⟨W_i, e⟩ y for i ∈ S and 0 otherwise), with ∂e/∂W_j = r_j I + W_j yᵀ:
//   H_ij = r_i r_j I + r_i W_j yᵀ + r_j y W_iᵀ + ⟨W_i, W_j⟩ y yᵀ                           (i ≠ j, both in S)
//   H_ii = r_i² I + e yᵀ + y eᵀ + r_i (W_i yᵀ + y W_iᵀ) + ‖W_i‖² y yᵀ                     (i ∈ S)
// and 0 for i or j outside S; H_ji = H_ijᵀ.
//
// The expected Hessian is not assembled from these blocks: the closed form of E∇ (expected_gradient.hpp)
// is a polynomial of degree 3 in W (L is of degree 4), so the five-point central stencil
//   ∂_p E∇(W) = [8 (E∇(W + s e_p) − E∇(W − s e_p)) − (E∇(W + 2s e_p) − E∇(W − 2s e_p))] / (12 s)
// is exact for any step s; with s = 1/2 the points W ± s e_p, W ± 2s e_p are formed in MPFI (exact at
// 128 bits unless |W_p| < 2^-70, and enclosed otherwise) and E∇ is enclosed there with T = interval, so
// column p of H is enclosed. Cost: 4 hn closed-form gradients of O(h²n) each (tiny instances only; issue 25
// part 4 would need the block structure instead). The blocks above are the independent cross-check
// (checks/theory/test_expected_hessian.cpp: enumeration of supports and values on a tiny instance).
//
// Third derivative (for the Lipschitz bound of H). Along a direction U (rows U_j), with a_j = ⟨U_j, y⟩,
// e(t) = e + t e1 + t² e2, e1 = Σ_S (r_j U_j + a_j W_j), e2 = Σ_S a_j U_j, so D³L[U,U,U] = 6 ⟨e1, e2⟩ and
// |D³L[U,U,U]| <= 6 ‖y‖ (‖r_S‖ + ‖y‖ ‖W_S‖_F) ‖U_S‖_F³. Over supports of size at most K, values <= a2 and
// every W' with ‖W' − W‖_F <= ρ: ‖y‖ <= Y = a2 (sum of the K largest ‖A*_l‖), ‖W'_S‖_F <= ω = √(sum of the
// K largest ‖W_j‖²) + ρ, ‖r_S‖ <= Y ω + ε_K (ε_K = √(sum of the K largest ε_j²)); and for ‖U‖_F = 1,
// E ‖U_S‖³ <= E ‖U_S‖² = Σ_j P(j ∈ S) ‖U_j‖² <= q_max. By Banach's theorem on symmetric trilinear forms
// (the norm is attained on the diagonal), for every W' in the ball and every unit U,
//   ‖D³ E L(W')[U, ·, ·]‖₂ <= L₃ := 6 q_max Y (2 Y ω + ε_K),
// so ‖H(W') − H(W)‖₂ <= L₃ ‖W' − W‖_F there. Sharp for h = n = k = 1, ε = 0, constant values.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"

#include <span>

namespace scae {

// The Hessian of the closed-form E L at W (hn × hn) by the exact stencil, for T = double (an estimate: each
// gradient rounded) or T = interval (an enclosure, at the current precision; products by midpoint-radius
// arithmetic). Throws std::invalid_argument on shape mismatch.
template <class T>
Matrix<T> expected_hessian(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code);

// The Hessian of one sample's oracle loss (support `support`, values `values`), from the blocks above.
MatrixXd sample_hessian(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, std::span<const int> support,
                        std::span<const double> values);

// An enclosure of L₃ above (its upper end is the bound) for every W' with ‖W' − W‖_F <= radius, at the
// current precision. Throws std::invalid_argument for a negative radius.
interval hessian_lipschitz_bound(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                 double radius);

}  // namespace scae
