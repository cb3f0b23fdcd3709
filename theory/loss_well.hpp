// The paper's "A* sits at the bottom of a well of the loss landscape" (docs/theory.md §2 item 3),
// measured: the population loss E[L] (L = ½‖ŷ − y‖²) along lines W(t) = centre + t D, t on a grid
// of `points` values in [−T, T], for K random directions D whose rows are drawn from N(0, I_n)
// with Philox (seed, Stream::directions, k h + i) and normalised to unit length (every row of D has
// norm 1, so at t every row is at distance |t| from the centre's row), and optionally two directions
// that random ones in hn dimensions are almost orthogonal to (docs/theory.md §7): the radial
// direction D = A*ᵀ (W(t) = (1 + t) A*ᵀ at the centre A*ᵀ) and the descent direction D = −E∇(centre),
// the closed form of the expected oracle gradient (the true one where recovery is certified at the
// centre), scaled so that its longest row has norm 1. At A*ᵀ with a bias ε > 0 the expected gradient
// is not 0 (its main term is q_i ε(ε − 2m1) A*_i), so along both the loss can fall from A*ᵀ.
//
// E[L(t)] is a Monte Carlo mean with common random numbers (the same samples for every t: the
// first ones of Philox (seed, Stream::codes), via theory/sampled_loss.hpp), cut into B batches. Every statistic below is linear in the loss values,
// so its confidence interval is Student t (B − 1 dof) over its B per-batch values:
//   curvature by the second difference  (L(Δ) − 2 L(0) + L(−Δ)) / Δ²  at the centre (grid step Δ);
//   slope b and curvature 2c of the least-squares quadratic a + b t + c t² over the 2w + 1 grid
//   points around the centre;  the gap L(t_min) − L(0) at the grid minimum t_min.
// A curve has the centre at its bottom when its grid minimum is the centre and both curvatures
// have confidence intervals above 0; it contradicts that when the gap is significantly negative or a
// curvature is significantly negative. Levels are Bonferroni-split over 2 statements per curve.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"
#include "theory/verdict.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace scae {

struct LossWellOptions {
  int directions = 4;             // K random directions, in [1, 64]
  double half_width = 1;          // T, in (0, 10]
  int points = 41;                // grid points in [−T, T], odd, in [5, 401]
  std::uint64_t samples = 20000;  // common samples, in [batches, 1e9]
  int batches = 32;               // in [2, 1024]
  int fit_half_window = 2;        // w: the quadratic fit uses 2w + 1 points, in [1, (points − 1)/2]
  bool scaling_direction = true;  // also the radial line (1 + t) A*ᵀ through the centre's direction A*ᵀ
  bool gradient_direction = true; // also the line centre − t E∇(centre)/(its longest row's norm)
  std::uint64_t seed = 1;
  double confidence = 0.95;       // family-wise, in (0, 1)
  int threads = 0;
};

// Throws std::invalid_argument naming the option and its accepted range.
void validate(const LossWellOptions& options);

// The K directions (h × n, unit rows) drawn as above.
std::vector<MatrixXd> loss_directions(int h, int n, int count, std::uint64_t seed);
// −E∇(centre) (closed form, oracle support) divided by the norm of its longest row; all zeros when
// the expected gradient is 0.
MatrixXd descent_direction(const MatrixXd& a, const MatrixXd& centre, const VectorXd& eps, const CodeModel& code);

struct BatchEstimate {
  double value = 0;
  double halfwidth = 0;  // Student t over the batches at the curve's level
  double lower() const { return value - halfwidth; }
  double upper() const { return value + halfwidth; }
};

struct LossCurve {
  std::string direction;                 // "random 0", ..., "radial" or "descent"
  std::vector<double> loss, halfwidth;   // per grid point
  int argmin = 0;                        // grid index of the smallest mean loss
  double argmin_t = 0;
  BatchEstimate gap;                          // L(t_min) − L(0)
  BatchEstimate second_difference;            // d²L/dt² at 0 by the second difference
  BatchEstimate fit_slope, fit_curvature;     // b and 2c of the quadratic fit
  double fit_vertex = 0;                 // −b / (2c)
  Outcome outcome = Outcome::inconclusive;  // CONSISTENT: the centre is at the bottom of this curve
};

struct LossWell {
  std::vector<double> ts;
  std::vector<LossCurve> curves;  // the random directions, then "radial" and "descent" if asked
  Verdict verdict;                // the centre is at the bottom along every random direction
  Verdict scaling_verdict;        // the same along the radial direction (when asked)
  Verdict descent_verdict;        // the same along the descent direction (when asked and E∇(centre) != 0)
  double curve_level = 0;         // per-statement confidence after the Bonferroni split
  std::string normalisation = "every row of D has unit norm";
};

// centre: W at the centre (A*ᵀ for the paper's claim), h × n.
LossWell loss_well(const MatrixXd& a, const MatrixXd& centre, const VectorXd& eps, const CodeModel& code,
                   const LossWellOptions& options);

}  // namespace scae
