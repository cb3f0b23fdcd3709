// Per-sample squared norms of the gradient rows of the Monte Carlo engine (monte_carlo.cpp), for
// the row-norm confidence statements (batch_statistics.hpp): one scalar per unit that fires, O(1)
// each from scalars the accumulation already has. Internal to numerics/estimate.
//
// Derivation. For an activation (J, r) of a sample y (autoencoder.hpp), with e = W^T r - y and
// c_j = <W_j, e>, row j of the sample's gradient is g_j = r_j e + c_j y (zero for j outside J), so
//   ‖g_j‖² = r_j² ‖e‖² + 2 r_j c_j <e, y> + c_j² ‖y‖².
// Vector space has e and y and takes the dot products. Coefficient space never forms e: with
// u = W y, G = W W^T and c_J = G_JJ r_J - u_J (coefficient_accumulation.hpp),
//   ‖e‖² = r^T G r - 2 r·u_J + ‖y‖² = r·c - r·u_J + ‖y‖²,   <e, y> = r·u_J - ‖y‖².
// The oracle activation (S, r', e', c') of the same sample gives the correction row g_j - g'_j,
// whose squared norm is ‖g_j‖² (j in J only), ‖g'_j‖² (j in S only) or, for j in J ∩ S,
//   ‖g_j‖² + ‖g'_j‖² - 2 <g_j, g'_j>,
//   <g_j, g'_j> = r_j r'_j <e, e'> + r_j c'_j <e, y> + c_j r'_j <e', y> + c_j c'_j ‖y‖²,
// with <e, e'> = Σ_{t∈S} r'_t <W_t, e> - <y, e> in coefficient space, <W_t, e> = c_t for t in J
// and (G r)_t - u_t otherwise (a dot product in vector space). checks/numerics/estimate/test_row_moments.cpp compares the three sums with the
// rows formed one sample at a time.
//
// Rounding. Near A* ‖e‖² cancels terms of the size of ‖y‖² in coefficient space (as the loss does,
// accumulation_rounding.hpp) and the correction's difference cancels when g_j ≈ g'_j; the squares
// only feed the estimate of a variance, whose sampling error dominates these, and a negative
// difference is taken as 0.
#pragma once

#include "numerics/estimate/engine_types.hpp"

#include <algorithm>

namespace scae::engine {

// One activation of a sample as the accumulation last saw it: its units (ascending), their outputs
// r and c_p = <W_p, e> (set at least at the wanted units), and ‖e‖², <e, y>, ‖y‖².
struct ActivationScalars {
  const int* units = nullptr;
  const double* r = nullptr;
  const double* c = nullptr;
  int count = 0;
  double ee = 0, ey = 0, yy = 0;
};

// ‖g_j‖² for the activation's p-th unit.
inline double row_square(const ActivationScalars& a, int p) {
  const double r = a.r[p], c = a.c[p];
  return r * r * a.ee + 2 * r * c * a.ey + c * c * a.yy;
}

// squares(slot of j) += ‖g_j‖² for every wanted unit j of the activation.
inline void add_row_squares(const Shared& sh, const ActivationScalars& a, VectorXd& squares) {
  for (int p = 0; p < a.count; ++p)
    if (const int s = sh.slot[a.units[p]]; s >= 0) squares(s) += row_square(a, p);
}

// squares(slot of j) += ‖g_j - g'_j‖² over the wanted units of J ∪ S, for the activation `a` and
// the oracle activation `o` of the same sample with ee_cross = <e, e'>.
inline void add_difference_squares(const Shared& sh, const ActivationScalars& a, const ActivationScalars& o,
                                   double ee_cross, VectorXd& squares) {
  const int past = static_cast<int>(sh.slot.size());  // beyond every unit
  int p = 0, t = 0;
  while (p < a.count || t < o.count) {
    const int j = p < a.count ? a.units[p] : past, l = t < o.count ? o.units[t] : past;
    const int unit = std::min(j, l);
    const int s = sh.slot[unit];
    if (j == l) {
      if (s >= 0) {
        const double cross = a.r[p] * o.r[t] * ee_cross + a.r[p] * o.c[t] * a.ey + a.c[p] * o.r[t] * o.ey +
                             a.c[p] * o.c[t] * a.yy;
        squares(s) += std::max(0.0, row_square(a, p) + row_square(o, t) - 2 * cross);
      }
      ++p;
      ++t;
    } else if (j < l) {
      if (s >= 0) squares(s) += row_square(a, p);
      ++p;
    } else {
      if (s >= 0) squares(s) += row_square(o, t);
      ++t;
    }
  }
}

}  // namespace scae::engine
