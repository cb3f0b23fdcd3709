// E[∇_{W_i} L ; oracle support] by enumerating every support S ∋ i of the uniform law of fixed
// size k (each of probability 1/C(h, k)) and adding the conditional expectation of docs/theory.md §4:
//   E[g_i | S] = B Σ r − m1 (1ᵀr) d − ε_i m1 B 1 + ε_i d + A*_S Σ t − c m1 A*_S 1,
//   B = W_Sᵀ M_SS − A*_S,  r = A*_Sᵀ W_i,  t = Bᵀ W_i,  d = W_Sᵀ ε_S,  c = ⟨W_i, d⟩,
//   Σ = m1² 11ᵀ + (m2 − m1²) I.
// Written as W_Sᵀ α + A*_S β with k-vectors (M = W A*, g = W W_i):
//   α = M_SS Σ r − m1 (1ᵀr) ε_S − ε_i m1 M_SS 1 + ε_i ε_S,
//   β = −Σ r + ε_i m1 1 + Σ t − c m1 1,   t = M_SSᵀ g_S − r,  c = ε_Sᵀ g_S,
// so each support costs O(k²) and a row O(C(h − 1, k − 1) k² + hn). Supports without i add
// nothing (the oracle gradient of row i vanishes there). This is a direct sum over the instance's
// supports, independent of the term-class reduction of theory/expected_gradient.hpp; the claim
// gradient.closed_form_matches_enumeration compares the two in double precision.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"

#include <cstdint>

namespace scae {

struct EnumeratedRow {
  VectorXd value;           // E[∇_{W_i} L ; oracle], n entries
  double magnitude = 0;     // Σ_S P(S) Σ_j (|α_j| ‖W_j‖ + |β_j| ‖A*_j‖): the scale of the rounding error
  std::uint64_t supports = 0;
};

// C(h − 1, k − 1): the supports that contain a given atom (saturates at UINT64_MAX).
std::uint64_t supports_containing_atom(int h, int k);

// Throws std::invalid_argument for a support law other than uniform of fixed size.
EnumeratedRow enumerate_oracle_gradient_row(const MatrixXd& a, const MatrixXd& w, const MatrixXd& m, const VectorXd& eps,
                                            const CodeModel& code, int i);

}  // namespace scae
