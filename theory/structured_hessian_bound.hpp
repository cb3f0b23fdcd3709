// A certified lower bound of λ_min(E H(W)) for the expected Hessian of the oracle loss at sizes where the dense
// stencil Hessian (expected_hessian.hpp) is out of reach (issue 25 part 4; docs/theory.md §10, "The structured
// bound"). Argument "block Cholesky + Weyl": with the classes of hessian_classes.hpp,
//   E H = Bd + C_off ⊗ I_n + R1 + R1ᵀ + R3,
// Bd = blockdiag(Bd_j), C_off = [c_ij]_{i≠j}, R1 block (i, j) = W_j b_ijᵀ, R3 block (i, j) = G_ij Y_ij (i ≠ j), so
//   λ_min(E H) >= min_j λ_min(Bd_j) + λ_min(C_off) − 2‖R1‖₂ − ‖R3‖₂.
//  * Bd_j = a_j I + (‖W_j‖² − 2) β3 P + β4 (WᵀZ + ZᵀW) + (Wᵀ diag(ψ⁰) A*ᵀ + sym) + sym(x_u, u) + sym(x_A, A_j)
//    + sym(x_W, W_j) + ζ (Σ_{l≠j} M_lj W_l A_lᵀ + sym), sym(x, y) = x yᵀ + y xᵀ: every part but the last is enclosed
//    entrywise (midpoint-radius in double with Higham's rounding bounds) and certified by verified Cholesky
//    (verified_cholesky.hpp); the last has norm <= ℓ = 2 |ζ| ‖W‖₂ ‖A*‖₂ max_{l≠j} |M_lj|.
//  * λ_min(C_off) by verified Cholesky of its enclosure (h × h).
//  * ‖R1‖₂ <= ‖W‖₂ max_j (Σ_{i≠j} ‖b_ij‖²)^{1/2}, since (R1 V)_i = Wᵀ t_i with (t_i)_j = ⟨b_ij, V_j⟩.
//  * ‖R3‖₂ <= |β4| g α² + m1² q4 g ‖u‖² + 2 |η1| ν² g + |ζ| (ν² g + α² g_max) + 2 η3 ‖u‖ (ν g + α g_col), one term
//    per class of Y_ij (η1 = m2(q2 − q3) − 2 m1²(q3 − q4), η3 = m1²(q3 − q4)); g = ‖G_off‖₂, α = ‖A*‖₂,
//    ν = max ‖A_i‖, g_max = max_{i≠j} |G_ij|, g_col = max_j ‖column j of G_off‖.
// Every spectral norm by spectral_norm_bound.hpp, every scalar in MPFI: the bound is certified.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"

#include <optional>
#include <string>

namespace scae {

struct StructuredHessianBound {
  std::optional<double> lower;  // certified: λ_min(E H(W)) >= lower (set when every block and C_off were certified)
  interval value;               // the enclosure of the bound's expression (lower is its lower end)
  double block_lower = 0;       // certified min_j λ_min of the enclosed part of Bd_j
  double block_estimate = 0;    // λ_min of the weakest block's midpoint (estimate, not certified)
  Eigen::Index weakest_block = -1;
  interval block_leftover;      // ℓ
  double coupling_lower = 0;    // certified lower bound of λ_min(C_off)
  double coupling_estimate = 0; // λ_min(C_off's midpoint), estimate
  interval r1;                  // bound of ‖R1‖₂
  interval r3;                  // bound of ‖R3‖₂
  std::string failure;          // why `lower` is not set
};

inline constexpr const char* structured_bound_argument = "block Cholesky + Weyl";

// The bound at W for the instance's A* (n × h), bias and code law (exchangeable support laws only:
// std::invalid_argument otherwise, and on shape mismatch). MPFI at the current precision.
StructuredHessianBound structured_hessian_bound(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                const CodeModel& code);

}  // namespace scae
