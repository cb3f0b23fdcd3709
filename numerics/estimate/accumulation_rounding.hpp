// The rounding bounds of the Monte Carlo engine's accumulation (monte_carlo.cpp), in either space
// (vector_accumulation.hpp, coefficient_accumulation.hpp): per sample and per batch. Internal to
// numerics/estimate.
#pragma once

#include "numerics/core/certified_product.hpp"
#include "numerics/estimate/engine_types.hpp"
#include "numerics/estimate/sample_draw.hpp"

#include <cmath>
#include <cstdint>

namespace scae::engine {

// Rounding of the activation (units, r) of `sample`, with R = Σ_p |r_p| ‖W_p‖ and
// X = Σ_t x_t ‖A*_t‖, so that ‖W^T r‖ <= R, ‖y‖ <= X, and |u_j|, |(G r)_j|, |c_j| are at most
// ‖W_j‖ X, ‖W_j‖ R, ‖W_j‖ (R + X). Every dot product involved (G = W W^T, M = W A*, A*^T A*,
// c = G r - u, r·c, r·u, ‖y‖², or e and ‖e‖² in vector space) has at most m = n + 2|J| + |S|² + 4
// terms and is within γ_m of its absolute value (Higham, Accuracy and Stability, §3.1).
//  - Loss: those absolute values add up to at most 2 (R + X)², so the returned bound on the
//    loss's error is 2 γ_m (R + X)². Near A* the coefficient-space loss ½(r·c - r·u + ‖y‖²)
//    cancels terms of size ‖y‖²: this is what keeps it honest there.
//  - Row j (wanted): its contribution r_j e + c_j y is within γ_m (|r_j| (R + X) + X ‖W_j‖ (R + X))
//    of exact, and in coefficient space every entry of Q = Σ r r^T and P = Σ (c - r) x^T that
//    row j's result W^T Q_j + A* P_j^T reads is a sum whose absolute terms, weighted by ‖W_l‖ and
//    ‖A*_l‖, add up to Σ_samples |r_j| R + |c_j - r_j| X. Both are covered by adding
//    |r_j| (R + 2X) + 2 ‖W_j‖ X (R + X) to rows(slot) per sample; scale_rounding() multiplies the
//    batch's sums by γ_T / N with T = N + 4h + n + max|S|² + 8 (sums over N samples, h-term products).
inline double rounding_terms(const Shared& sh, const Sample& sample, const int* units, const double* r, int count,
                             VectorXd& rows) {
  double big_r = 0, big_x = 0;
  for (int p = 0; p < count; ++p) big_r += std::abs(r[p]) * sh.w_norm(units[p]);
  const int size = sample.size;
  for (int t = 0; t < size; ++t) big_x += std::abs(sample.x[t]) * sh.a_norm(sample.atoms[t]);
  const double m = static_cast<double>(sh.a.rows()) + 2.0 * count + static_cast<double>(size) * size + 4;
  const double loss_rounding = (1 + higham_gamma(4)) * 2 * higham_gamma(m) * (big_r + big_x) * (big_r + big_x);
  for (int p = 0; p < count; ++p) {
    const int s = sh.slot[units[p]];
    if (s >= 0) rows(s) += std::abs(r[p]) * (big_r + 2 * big_x) + 2 * sh.w_norm(units[p]) * big_x * (big_r + big_x);
  }
  return loss_rounding;
}

// The factor that turns the rows' summed terms over `samples` samples into a bound for their sum
// (times 1 / samples: for their mean): γ_T with T = samples + 4h + n + max|S|² + 8 (rounding_terms; the sum over the samples
// in any order is within γ_{samples-1} of its absolute terms, Higham §4.2).
inline double row_rounding_factor(const Shared& sh, double samples) {
  const double t = samples + 4.0 * static_cast<double>(sh.a.cols()) + static_cast<double>(sh.a.rows()) +
                   static_cast<double>(sh.max_support) * sh.max_support + 8;
  return (1 + higham_gamma(3)) * higham_gamma(t);
}

// The batch's bounds from its samples' (out.size of them, scale = 1 / size): for the loss, the
// samples' bounds, the sequential sum and the two roundings of the scaling (γ_{N+3} Σ|L|); for the
// rows, row_rounding_factor, except when the batch hands on its sums (out.sums): then its rows'
// terms are added up over the run and scaled once (monte_carlo.cpp).
inline void scale_rounding(const Shared& sh, double rounding_sum, double loss_abs, double scale, BatchResult& out) {
  out.loss_rounding = (1 + higham_gamma(3)) * (rounding_sum + higham_gamma(static_cast<double>(out.size) + 3) * loss_abs) * scale;
  if (out.sums) return;
  const double factor = row_rounding_factor(sh, static_cast<double>(out.size)) * scale;
  out.oracle_rounding *= factor;
  out.correction_rounding *= factor;
}

}  // namespace scae::engine
