// An independent check of the certified coherence (numerics/model/dictionary.hpp) used by every window
// and bound: claim neighbourhood.coherence_bounds_every_pair, |<A*_j, A*_l>| <= mu/sqrt(n) for
// every pair j != l. The Gram matrix A*ᵀA* is recomputed in double; each entry carries Higham's
// bound |fl(<x, y>) - <x, y>| <= gamma_n Σ_t |x_t y_t|, gamma_n = n u / (1 - n u), u = 2^-53,
// which is 0 when every entry of A* is a multiple of 2^-e with |entry| <= 1 and n 2^(2e) <= 2^53
// (every product and partial sum is then an exact double: identity+Hadamard). Pairs whose double
// value comes within that bound of the coherence are recomputed in MPFI.
// PROVEN when every pair is certainly at most the upper end of the coherence enclosure, REFUTED
// when one pair certainly exceeds it, UNDECIDED otherwise.
#pragma once

#include "numerics/core/scalar.hpp"
#include "theory/verdict.hpp"

namespace scae {

Verdict check_coherence_bounds_every_pair(const MatrixXd& a, const interval& coherence, unsigned bits);

}  // namespace scae
