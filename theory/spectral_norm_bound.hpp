// A certified upper bound of the spectral norm ‖B‖₂, used for ‖W‖₂, ‖A*‖₂ and ‖W − A*ᵀ‖₂ in the
// Theorem 3.2 bounds (term_bounds.hpp). With X the Gram matrix of the smaller side of B,
// ‖B‖₂² = ‖X‖₂ = ρ(X) <= ‖X^(2^s)‖_∞^(1/2^s) (any induced norm bounds the spectral radius, and X is
// symmetric positive semidefinite), so
//   S(B) = (max row-sum of |X^(2^s)|)^(1/2^(s+1)) >= ‖B‖₂,
// and, since ‖Y‖_∞ <= √m ‖Y‖₂ for an m × m matrix, S(B) / ‖B‖₂ <= m^(1/2^(s+2)): each squaring halves
// the exponent of the overestimate.
// Every product is rescaled by an exact power of two (no overflow or underflow; the derivation is
// next to the loop).
#pragma once

#include "numerics/core/scalar.hpp"

namespace scae {

// S(B) for squarings in [0, 8] (std::invalid_argument otherwise). For T = interval with
// fast_products the products are enclosed by midpoint-radius GEMMs in double (certified_product.hpp:
// enclose_product; relative width about 1e-14 instead of 2^-bits); otherwise they are plain MPFI
// (O(n³) MPFI operations per squaring).
template <class T> T spectral_norm_bound(const Matrix<T>& b, int squarings = 4, bool fast_products = true);

}  // namespace scae
