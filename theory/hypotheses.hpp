// Regime and hypotheses of Theorems 3.1 and 3.2 (docs/theory.md §1-§2), for a concrete instance:
//   μ/√n = coherence,  ξ = -log(μ/√n)/log h,  p = log k / log h (k = E|S|),
//   δ = max_i ‖W_i - A*_i‖,  ν² = -log δ / log h - p  (from δ = h^{-p-ν²}).
// Hypotheses, each certified in MPFI: h > n, a1 > 0, p < 1/3, p < ξ/2 (the first version's
// condition p < min(1/3, ξ/2)), and ν² > 0 (δ < h^{-p}, the finite-h reading of the
// neighbourhood δ = O(h^{-p-ν²})). The constants 1/3 and 1/2 enter as exact rationals.
#pragma once

#include "numerics/model/code_model.hpp"
#include "theory/neighbourhood.hpp"
#include "theory/verdict.hpp"

#include <string>
#include <vector>

namespace scae {

struct RegimeQuantities {
  unsigned bits = 128;  // interval precision of the fields
  int n = 0, h = 0;
  interval coherence, xi, p, delta, nu_squared;
  double coherence_value = 0, xi_value = 0, p_value = 0, delta_value = 0, nu_value = 0;  // ν = NaN when ν² <= 0
};

RegimeQuantities regime_quantities(const Neighbourhood& nb, const CodeModel& code, int n, int h);

struct Hypothesis {
  std::string id;         // e.g. "p_below_xi_half"
  std::string statement;  // e.g. "p < xi/2"
  Verdict verdict;
};

// `p_factor` multiplies p in the two p-conditions (1 is the claim; > 1 makes a deliberately false variant).
std::vector<Hypothesis> check_hypotheses(const RegimeQuantities& q, const CodeModel& code, const rational& p_factor = 1);

}  // namespace scae
