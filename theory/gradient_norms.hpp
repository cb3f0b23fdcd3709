// The paper's "the average gradient norm near A* is small" (docs/theory.md §2 item 3), measured as a
// function of the distance δ: for each δ and a few random points W with every row at distance δ
// from A*_i (numerics/model/near_point.hpp with seeds seed, seed + 1, ...), the average over rows
// (1/h) Σ_i ‖E∇_{W_i} L‖ (L = ½‖ŷ − y‖²) and its ratio to the natural scale q_1 m2 (docs/theory.md §6).
//
// Two estimates from one Monte Carlo run (numerics/estimate/monte_carlo.hpp, oracle on):
//  * plain: the Monte Carlo mean ĝ of the true gradient;
//  * corrected: the closed form of E∇_oracle (theory/expected_gradient.hpp, double) plus the Monte
//    Carlo mean of the correction ∇ − ∇_oracle, which is zero on the recovery event: unbiased, and
//    exact (zero radius) when deterministic support recovery is certified at W.
// Confidence radius. f(G) = (1/h) Σ_i ‖G_i‖ satisfies |f(G) − f(G')| <= ‖G − G'‖_F / √h, and the
// batch-means radius of the whole mean in Frobenius norm is sqrt(Σ_i r_i²) with r_i the per-row
// radii (both are sqrt(trace) (1 + sqrt(2 ln(1/α)))); so the radius of f is sqrt(mean_i r_i²).
// The family-wise level is split (Bonferroni) over every point and both estimates.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace scae {

struct GradientNormOptions {
  std::vector<double> deltas = {0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5};  // each in [0, 10]
  int points = 2;                    // random points per δ, in [1, 64]
  std::uint64_t samples = 100000;    // per point, in [batches, 1e9]
  int batches = 32;                  // in [2, 1024]
  std::uint64_t seed = 1;
  double confidence = 0.95;          // family-wise, in (0, 1)
  int threads = 0;
};

// Throws std::invalid_argument naming the option and its accepted range.
void validate(const GradientNormOptions& options);

struct GradientNormPoint {
  double delta = 0;
  int point = 0;
  bool recovery_certified = false;  // deterministic recovery at W: then E∇ = closed form exactly
  double closed_form = 0;           // (1/h) Σ ‖E∇_oracle,i‖ from the closed form
  double plain = 0, plain_radius = 0;
  double corrected = 0, corrected_radius = 0;
  double recovery_rate = 0;         // Monte Carlo support-recovery rate
};

struct GradientNorms {
  double scale = 0;   // q_1 m2
  double level = 0;   // per-statement confidence after the Bonferroni split
  std::vector<GradientNormPoint> points;
  std::string method;
};

GradientNorms gradient_norms(const MatrixXd& a, const VectorXd& eps, const CodeModel& code,
                             const GradientNormOptions& options);

}  // namespace scae
