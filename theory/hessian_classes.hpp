// The expected Hessian of the oracle loss split into index classes, for the uniform fixed-size support law
// (docs/theory.md §10, "The structured bound"; issue 25 part 4). With M = W A*, σ_i = Σ_l M_il, u = A* 1,
// P = A* A*ᵀ, z_i = P W_i and q_r = P(r given atoms in S), the second moments of the code are
//   E[1_ij x xᵀ] = β4 I + m1² q4 11ᵀ + m1²(q3 − q4)(s1ᵀ + 1sᵀ − 2ssᵀ) + m2(q2 − q3)(e_ie_iᵀ + e_je_jᵀ)
//                  + m1²(q2 − q4)(e_ie_jᵀ + e_je_iᵀ),   s = e_i + e_j, β4 = m2 q3 − m1² q4      (i ≠ j)
//   E[1_j x xᵀ]  = β3 I + m1² q3 11ᵀ + m1²(q2 − q3)(e_j1ᵀ + 1e_jᵀ − 2e_je_jᵀ) + m2(q1 − q2) e_je_jᵀ,  β3 = m2 q2 − m1² q3
// and E[1_ij x] = m1 q3 1 + m1(q2 − q3) s, E[1_j x] = m1 q2 1 + m1(q1 − q2) e_j. From the per-sample blocks of
// expected_hessian.hpp, block (i, j) of E H for i ≠ j is
//   c_ij I + W_j b_ijᵀ + b_ji W_iᵀ + G_ij Y_ij,   c_ij = E[1_ij r_i r_j],  b_ij = E[1_ij r_i y],  Y_ij = E[1_ij y yᵀ],
//   b_ij = β4 z_i + κ_ij u + ψ_ij A_i + φ_ij A_j                                    (coefficients below),
// and the diagonal block is
//   Bd_j = a_j I + (‖W_j‖² − 2) Y_j + Σ_{l≠j} (W_l b_ljᵀ + b_lj W_lᵀ) + 2 (W_j g_jᵀ + g_j W_jᵀ),
//   a_j = E[1_j r_j²],  g_j = E[1_j r_j y] = β3 z_j + gu_j u + ga_j A_j,  Y_j = E[1_j y yᵀ].
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"

namespace scae {

template <class T> struct ClassMoments {
  T m1, m2, q1, q2, q3, q4;
  T beta3, beta4;  // m2 q2 − m1² q3, m2 q3 − m1² q4
  T zeta;          // m1²(q2 − q4) − 2 m1²(q3 − q4): the coefficient of M_lj in ψ_lj
};

// The moments of a uniform fixed-size support law (std::invalid_argument for any other law).
template <class T> ClassMoments<T> class_moments(const CodeModel& code);

// The scalars of the pair (i, j), i ≠ j, that the coefficients need; mimj = ⟨M_i, M_j⟩.
template <class T> struct PairScalars {
  T mii, mij, mji, mjj, sigma_i, sigma_j, mimj, eps_i, eps_j;
};

template <class T> struct PairCoefficients {
  T kappa, psi, phi;  // b_ij = β4 z_i + κ u + ψ A_i + φ A_j
  T c;                // c_ij = E[1_ij r_i r_j]
};

template <class T> PairCoefficients<T> pair_coefficients(const ClassMoments<T>& m, const PairScalars<T>& p);

template <class T> struct DiagonalCoefficients {
  T a;       // a_j = E[1_j r_j²]
  T gu, ga;  // g_j = β3 z_j + gu u + ga A_j
};

// From M_jj, σ_j, ‖M_j‖² and ε_j.
template <class T>
DiagonalCoefficients<T> diagonal_coefficients(const ClassMoments<T>& m, const T& mjj, const T& sigma_j, const T& mjmj,
                                              const T& eps_j);

// The classes a dense reassembly may include (for the per-class cross-checks).
struct HessianClassSet {
  bool diagonal_blocks = true;     // Bd_j
  bool bias_coupling = true;       // c_ij I, i ≠ j
  bool rank_one_coupling = true;   // W_j b_ijᵀ + b_ji W_iᵀ, i ≠ j
  bool data_coupling = true;       // G_ij Y_ij, i ≠ j
};

// E H (hn × hn, vec(W) row by row) reassembled from the classes above in double: the independent
// cross-check of the stencil Hessian (expected_hessian.hpp) at small sizes. O(h² n²) memory.
MatrixXd class_hessian(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                       const HessianClassSet& classes = {});

// The diagonal block Bd_j alone (n × n, double), from its definition (every l summed).
MatrixXd class_diagonal_block(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                              Eigen::Index j);

}  // namespace scae
