// Typical and atypical rows (docs/verification.md, "Typical and atypical rows"). A row i is atypical
// when its inner products with the other atoms add up coherently: with g_l = <A*_i, A*_l>,
//     z_i = |Σ_{l≠i} g_l| / √(Σ_{l≠i} g_l²)  >  4,
// i.e. their sum is more than 4 times the size that independent random signs would give it (z is
// about |N(0, 1)| for a Gaussian dictionary, so a typical row exceeds 4 with probability 6e-5). On
// identity+Hadamard [I, H/√n] rows 0 and h/2 have every g_l = +1/√n on half the dictionary, z = √n;
// every other row has Σ g_l = 0, z = 0. Such rows have a displacement of their own near A*ᵀ
// (docs/theory.md §7), so statements about "the rows" are made per group.
#pragma once

#include "numerics/core/scalar.hpp"

#include <vector>

namespace scae {

inline constexpr double atypical_row_threshold = 4;

// z_i above (0 when every g_l is 0).
double row_coherence_score(const MatrixXd& a, int i);

struct RowGroups {
  std::vector<int> typical, atypical;  // in the order of the rows given
  std::vector<double> score;           // z of each row given, in their order
};

RowGroups group_rows(const MatrixXd& a, const std::vector<int>& rows);

}  // namespace scae
