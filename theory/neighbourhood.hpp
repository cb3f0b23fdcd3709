// Neighbourhood facts (docs/theory.md §1, used by Theorems 3.1 and 3.2). With δ = max_i ‖W_i - A*_i‖,
// coherence μ/√n = max_{j≠l} |<A*_j, A*_l>| and M = W A*, the triangle and Cauchy-Schwarz
// inequalities give, for the stored (not exactly unit) columns,
//   |M_jl| <= μ/√n + δ ‖A*_l‖           (j != l)      -- paper: <= μ/√n + δ
//   M_ii   >= ‖A*_i‖² - δ ‖A*_i‖                       -- paper: >= 1 - δ
//   ‖W_i‖  <= ‖A*_i‖ + δ                               -- paper: <= 1 + δ
// Each is certified on the instance: the margin (right side minus left side) is enclosed in MPFI
// from the exact binary entries (certified_product.hpp for M) and must be >= 0.
#pragma once

#include "numerics/model/dictionary.hpp"
#include "numerics/core/certified_product.hpp"
#include "numerics/core/scalar.hpp"
#include "theory/verdict.hpp"

namespace scae {

struct Neighbourhood {
  Coherence coherence;
  interval delta;               // max_i ‖W_i - A*_i‖
  interval max_column_norm;     // max_l ‖A*_l‖
  interval min_column_norm;     // min_l ‖A*_l‖
  MaxAbs max_off_diagonal;      // max_{j != l} |M_jl|
  interval diagonal_margin;     // min_i (M_ii - (‖A*_i‖² - δ ‖A*_i‖))
  interval min_diagonal;        // min_i M_ii
  interval row_norm_margin;     // min_i (‖A*_i‖ + δ - ‖W_i‖)
  interval max_row_norm;        // max_i ‖W_i‖
  BoundedProduct m;             // M = W A* with error bounds (empty when streamed)
  int h = 0;                    // number of units
  unsigned bits = 0;
};

// All quantities at `bits` of interval precision (results keep it).
Neighbourhood neighbourhood(const MatrixXd& a, const MatrixXd& w, unsigned bits = 128);

// |M_jl| <= μ/√n + scale·δ‖A*_l‖ (scale 1 is the fact; scale < 1 is a deliberately false variant).
Verdict check_off_diagonal(const Neighbourhood& nb, const rational& scale = 1);
// M_ii >= ‖A*_i‖² - scale·δ‖A*_i‖.
Verdict check_diagonal(const Neighbourhood& nb, const rational& scale = 1);
// ‖W_i‖ <= ‖A*_i‖ + scale·δ.
Verdict check_row_norm(const Neighbourhood& nb, const rational& scale = 1);

}  // namespace scae
