// Exact per-unit recovery windows (Theorem 3.1 (b) of support_recovery.hpp; docs/theory.md §5).
// For supports of size K and values in [a1, a2], with M = W A*:
//   off_j = max over supports S ∌ j of Σ_{l∈S} x_l M_jl = sum of the K largest max(a1 M_jl, a2 M_jl), l ≠ j,
//   on_j  = min over S ∋ j = min(a1 M_jj, a2 M_jj) + sum of the K − 1 smallest min(a1 M_jl, a2 M_jl), l ≠ j
// (Bernoulli supports: every positive, resp. negative, term; atoms with q = 1 in both sums). Both are
// monotone in every M_jl, so the sums over the rigorous lower ends of row j of M and over its upper
// ends, in MPFI, enclose off_j and on_j. A unit's window needs only row j of M: the entries to sum
// are chosen in double (UnitWindowTerms, any thread), then summed in MPFI (one thread), so M can be
// streamed row by row (streamed_neighbourhood.hpp) with the same bits as from the dense M.
#pragma once

#include "numerics/core/certified_product.hpp"
#include "numerics/model/code_model.hpp"
#include "theory/neighbourhood.hpp"

#include <utility>
#include <vector>

namespace scae {

struct ExactWindows {
  unsigned bits = 128;
  std::vector<interval> off_max;  // per unit: largest off-support pre-activation
  std::vector<interval> on_min;   // per unit: smallest on-support pre-activation
};

// What the support law asks of every row: K (−1 for Bernoulli: every term of the right sign) and the
// atoms in every support (Bernoulli q = 1).
struct WindowSupport {
  int k = 0;
  std::vector<char> forced;
};
WindowSupport window_support(const CodeModel& code, Eigen::Index h);

// What every window computation starts from: h empty windows at `bits`, the support law's demands
// and the value bounds [a1, a2] in MPFI at the current precision (set it to `bits` first).
struct WindowSetup {
  ExactWindows windows;
  WindowSupport support;
  interval a1, a2;
};
WindowSetup window_setup(const CodeModel& code, Eigen::Index h, unsigned bits);

// The ends of row j of M that unit j's window sums, chosen in double, in summation order.
struct UnitWindowTerms {
  double diagonal_lower = 0, diagonal_upper = 0;
  std::vector<double> forced_lower, forced_upper;  // atoms in every support, l ≠ j
  std::vector<double> off_lower, off_upper;        // chosen for off_j from the lower / upper ends
  std::vector<double> on_lower, on_upper;          // chosen for on_j
  bool forced_unit = false;                         // j itself is in every support: no off window
};
// lower[l] <= M_jl <= upper[l] for l in [0, h). Uniform supports: the K largest (K − 1 smallest) ends
// in one pass over the row, in decreasing (increasing) order; Bernoulli: the terms of the right sign
// in row order.
void choose_unit_terms(Eigen::Index j, const double* lower, const double* upper, Eigen::Index h,
                       const WindowSupport& support, UnitWindowTerms& out);
// (off_j, on_j) in MPFI at the current precision, for values in [a1, a2].
std::pair<interval, interval> unit_window(const UnitWindowTerms& terms, const interval& a1, const interval& a2);

// The windows of every unit from the dense M of the neighbourhood (std::invalid_argument when it
// was streamed and has no M).
ExactWindows exact_windows(const Neighbourhood& nb, const CodeModel& code);
// The same from M = W A* alone (its rigorous entry bounds), at `bits` of interval precision.
ExactWindows exact_windows(const BoundedProduct& m, const CodeModel& code, unsigned bits = 128);

}  // namespace scae
