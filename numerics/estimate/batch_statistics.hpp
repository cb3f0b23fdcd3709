// The ordered reduction of the Monte Carlo engine (monte_carlo.hpp): batch means combined in batch
// order into a mean with its rounding bound, the rows' per-sample second moments, and the
// confidence statements per checked row. Internal to numerics/estimate.
#pragma once

#include "numerics/core/certified_product.hpp"
#include "numerics/estimate/monte_carlo.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

namespace scae::engine {

// A gradient's rows over the run, whichever way they were summed: the mean (wanted x n), bounds on
// its rounding, Σ over the samples of ‖row‖² (row_moments.hpp) and, for named rows only, the batch
// means' sum of squared deviations per coordinate (empty otherwise).
struct RowTotals {
  MatrixXd mean;
  VectorXd rounding, squares;
  Eigen::ArrayXXd batch_m2;
  int batches = 0;
};

// Running mean and sum of squared deviations of the batch means, coordinatewise (Welford; only
// with `per_coordinate`), in one pass without temporaries (at R3 the arrays are 32 MB and this
// runs in the ordered section); and per row the batches' rounding bounds and ‖batch mean‖, both
// weighted by the batch size, and the samples' Σ ‖row‖².
struct BatchStatistics {
  bool per_coordinate = true;
  Eigen::ArrayXXd mean, m2;
  Eigen::ArrayXXd total;  // Σ batch size * batch mean
  VectorXd rounding, norms, squares;
  int count = 0;

  // Adds the batch mean x (+ y when given), both n x wanted, with its rows' rounding bounds and
  // squared norms.
  void add(const Eigen::Ref<const MatrixXd>& x, const Eigen::Ref<const MatrixXd>* y, std::uint64_t size,
           const VectorXd& row_rounding, const VectorXd& row_squares) {
    if (count == 0) {
      total = Eigen::ArrayXXd::Zero(x.rows(), x.cols());
      if (per_coordinate) mean = m2 = total;
      rounding = norms = squares = VectorXd::Zero(x.cols());
    }
    ++count;
    const double divisor = count, weight = static_cast<double>(size);
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
      const double* xc = x.col(c).data();
      const double* yc = y ? y->col(c).data() : nullptr;
      double* tc = &total(0, c);
      double batch_squares = 0;
      if (per_coordinate) {
        double* mc = &mean(0, c);
        double* sc = &m2(0, c);
#pragma omp simd reduction(+ : batch_squares)
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
          const double v = yc ? xc[i] + yc[i] : xc[i];
          const double delta = v - mc[i];
          mc[i] += delta / divisor;
          sc[i] += delta * (v - mc[i]);
          tc[i] += weight * v;
          batch_squares += v * v;
        }
      } else {
#pragma omp simd reduction(+ : batch_squares)
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
          const double v = yc ? xc[i] + yc[i] : xc[i];
          tc[i] += weight * v;
          batch_squares += v * v;
        }
      }
      rounding(c) += weight * row_rounding(c);
      norms(c) += weight * std::sqrt(batch_squares);
    }
    squares += row_squares;
  }

  // The rows: mean, and per row a bound on ‖total / samples - exact mean over the samples‖: the
  // batches' bounds, the sum x + y, the products by the batch sizes, their sum and the division
  // (γ_{B+5}).
  RowTotals totals(std::uint64_t samples) const {
    RowTotals out;
    out.mean = (total / static_cast<double>(samples)).matrix().transpose();
    out.rounding = (1 + higham_gamma(2)) * (rounding + higham_gamma(count + 5) * norms * (1 + higham_gamma(2))) / static_cast<double>(samples);
    out.squares = squares;
    out.batch_m2 = m2;
    out.batches = count;
    return out;
  }
};

// Chan, Golub and LeVeque's pairwise update: the count, mean and Σ (x - mean)² of the samples so
// far, and those of one more batch added (in batch order: the same bits for any thread count).
struct ScalarMoments {
  double count = 0, mean = 0, m2 = 0;
  void add(double size, double batch_mean, double batch_m2) {
    const double delta = batch_mean - mean, combined = count + size;
    m2 += batch_m2 + delta * delta * count * size / combined;
    mean += delta * size / combined;
    count = combined;
  }
};

// The estimate of the checked rows from their totals: mean, rounding bound, per coordinate (named
// rows only) Student t on the batch means and Hoeffding, per row norm the normal radius from the
// samples' second moments and McDiarmid. `row_bounds` are the worst-case per-sample norms of every
// row (worst_case_bounds.hpp).
GradientEstimate summarise(const RowTotals& totals, const std::vector<int>& rows, const VectorXd& row_bounds,
                           std::uint64_t samples, double confidence);

}  // namespace scae::engine
