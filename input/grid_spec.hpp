// The grid of `scae sweep REGIME --grid p=LIST,xi=LIST` (issue #6): target values of the sparsity
// exponent p (k = h^p) and of the incoherence exponent ξ (coherence = h^-ξ). LIST is a single
// decimal or lo:hi:step, inclusive, with hi - lo a whole multiple of step; values are exact
// rationals (lo + i step computed exactly, never by accumulating doubles). Accepted: p in (0, 1),
// ξ in (0, 1/2], at most 64 values per axis, both keys given once and nothing else.
#pragma once

#include "numerics/core/scalar.hpp"

#include <string>
#include <vector>

namespace scae {

struct GridSpec {
  std::vector<rational> p, xi;  // increasing
};

// Throws std::invalid_argument naming --grid, the key and the accepted range.
GridSpec parse_grid(const std::string& text);

// A terminating rational (denominator 2^a 5^b, as every parsed grid value is) as its shortest
// decimal: 1/20 -> "0.05"; other rationals as "num/den".
std::string decimal_text(const rational& x);

}  // namespace scae
