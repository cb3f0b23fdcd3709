// The Monte Carlo engine's shared data (monte_carlo.hpp): what every sample of a run needs, computed
// once (Shared), and what one batch hands to the ordered reduction (BatchResult). Internal to
// numerics/estimate.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/estimate/coefficient_sums.hpp"
#include "numerics/estimate/conditional_draw.hpp"
#include "numerics/core/scalar.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdint>
#include <memory>
#include <vector>

namespace scae::engine {

class RowBlockFiring;

// Everything a sample needs, computed once.
struct Shared {
  const MatrixXd& a;
  const VectorXd& eps;
  const CodeModel& code;
  Eigen::Index padded;  // n rounded up to a multiple of 8: vector loops without scalar tails
  MatrixXd wt;  // W^T, padded x h (zero rows below n): column j is W_j
  MatrixXd ap;  // A*, padded x h
  MatrixXd m;   // W A*, h x h: column l is M(:, l)
  std::vector<int> slot;  // unit -> index among the wanted rows, or -1
  int wanted = 0;
  int max_support = 0;
  bool prefetch = false;  // W^T does not fit in L2: prefetch the columns of the units that fire
  std::vector<int> rows{};  // the wanted rows
  bool all_rows = false;    // rows = 0, 1, ..., h-1
  bool coefficients = false;  // accumulate in coefficient space (monte_carlo.hpp)
  bool oracle = false;        // the run also estimates the oracle gradient and the correction
  int threads = 1;            // the run's threads
  bool track_sums = false;    // a batch's coefficient sums track the lines they touch (coefficient_sums.hpp)
  std::vector<double> g{};   // W W^T, packed upper triangle (coefficient space only)
  std::vector<double> ga{};  // A*^T A*, packed upper triangle (coefficient space only)
  bool screening = false;          // find the firing units with a float copy of M (monte_carlo.hpp)
  int screening_size = 0;          // ... in samples of at most this many atoms
  Eigen::MatrixXf mf{};            // M rounded to float
  std::vector<float> threshold{};  // float thresholds <= eps_j - margin
  // Block screening: blocks of 8 units tested first by an upper bound of their u (engine_plan.cpp).
  bool block_screening = false;
  Eigen::MatrixXf block_max{};          // (blocks rounded up to 16) x h: max(0, max of M over the block) rounded up
  std::vector<float> block_threshold{};  // per block, below min eps_j by the float rounding; +inf past the last
  // Supports drawn given one unit (row_conditional.hpp; none: the code law's). Then only that unit's
  // row is summed, and samples where it does not fire are skipped (sample_draw.hpp): the run's
  // loss, recovery and activity counts are of the other samples only and are not reported.
  SupportCondition condition{};
  double decoder_sign = 1, encoder_sign = 1, loss_factor = 0.5;  // ±1, ±1, ½ (other values: mutants only)
  VectorXd w_norm{}, a_norm{};  // ‖W_j‖ and ‖A*_l‖, for the rounding bounds (accumulation_rounding.hpp)
  // Rows shared over processes (MonteCarloOptions::share_rows, shared_rows.hpp): m is empty here, and
  // `block` holds this process's rows of M and finds the firing sets.
  std::shared_ptr<const RowBlockFiring> block{};
  int first_row = 0;  // the unit of m's first row: 0, or a process's first unit in its block plan (shared_rows.cpp)
};

// The largest float <= x, and the smallest float >= x (x finite and within float range).
inline float float_below(double x) {
  const float f = static_cast<float>(x);
  return static_cast<double>(f) > x ? std::nextafter(f, -std::numeric_limits<float>::infinity()) : f;
}
inline float float_above(double x) {
  const float f = static_cast<float>(x);
  return static_cast<double>(f) < x ? std::nextafter(f, std::numeric_limits<float>::infinity()) : f;
}

struct BatchResult {
  MatrixXd oracle;      // padded x wanted: batch mean of the oracle gradient (empty when `sums`)
  MatrixXd correction;  // padded x wanted: batch mean of ∇ - ∇_oracle (empty when `sums`)
  // All rows in coefficient space: the batch's unscaled sums instead of its means, added up over
  // the run in batch order and turned into rows once (monte_carlo.cpp).
  bool sums = false;
  Coefficients oracle_sums, correction_sums;
  // Per wanted row: bounds on ‖computed - exact‖ of the means (with `sums`: the unscaled terms of
  // rounding_terms, accumulation_rounding.hpp).
  VectorXd oracle_rounding, correction_rounding;
  // Per wanted row: Σ over the batch's samples of the squared norm of the sample's row
  // (row_moments.hpp), for ∇, ∇_oracle and ∇ - ∇_oracle.
  VectorXd gradient_squares, oracle_squares, correction_squares;
  double loss = 0;
  double loss_m2 = 0;        // Σ over the batch's samples of (loss - batch mean)²
  double loss_rounding = 0;  // bound on |loss - exact batch mean of the samples' losses|
  std::uint64_t recovered = 0;
  std::uint64_t active = 0;
  std::uint64_t fired = 0;  // samples not skipped (all of them unless drawn given a unit)
  std::uint64_t size = 0;
  double product_seconds = 0;  // in the products Q W + P A*^T (coefficient space)
};

}  // namespace scae::engine
