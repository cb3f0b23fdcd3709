// The ordered reduction of the Monte Carlo engine (monte_carlo.hpp): batch means combined in batch
// order into a mean with its rounding bound and confidence statements per checked row. Internal to
// numerics/estimate.
#pragma once

#include "certified_product.hpp"
#include "monte_carlo.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

namespace scae::engine {

// Welford's running mean and sum of squared deviations of the batch means, coordinatewise, in one
// pass without temporaries (at R3 the arrays are 32 MB and this runs in the ordered section); and
// per row the batches' rounding bounds and ‖batch mean‖, both weighted by the batch size.
struct BatchStatistics {
  Eigen::ArrayXXd mean, m2;
  Eigen::ArrayXXd total;  // Σ batch size * batch mean
  VectorXd rounding, norms;
  int count = 0;

  // Adds the batch mean x (+ y when given), both n x wanted, with its rows' rounding bounds.
  void add(const Eigen::Ref<const MatrixXd>& x, const Eigen::Ref<const MatrixXd>* y, std::uint64_t size,
           const VectorXd& row_rounding) {
    if (count == 0) {
      mean = Eigen::ArrayXXd::Zero(x.rows(), x.cols());
      m2 = mean;
      total = mean;
      rounding = norms = VectorXd::Zero(x.cols());
    }
    ++count;
    const double divisor = count, weight = static_cast<double>(size);
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
      const double* xc = x.col(c).data();
      const double* yc = y ? y->col(c).data() : nullptr;
      double* mc = &mean(0, c);
      double* sc = &m2(0, c);
      double* tc = &total(0, c);
      double squares = 0;
#pragma omp simd reduction(+ : squares)
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const double v = yc ? xc[i] + yc[i] : xc[i];
        const double delta = v - mc[i];
        mc[i] += delta / divisor;
        sc[i] += delta * (v - mc[i]);
        tc[i] += weight * v;
        squares += v * v;
      }
      rounding(c) += weight * row_rounding(c);
      norms(c) += weight * std::sqrt(squares);
    }
  }

  // Per row, a bound on ‖total / samples - exact mean over the samples‖: the batches' bounds, the
  // sum x + y, the products by the batch sizes, their sum and the division (γ_{B+5}).
  VectorXd rounding_of_mean(std::uint64_t samples) const {
    return (1 + higham_gamma(2)) * (rounding + higham_gamma(count + 5) * norms * (1 + higham_gamma(2))) / static_cast<double>(samples);
  }
};

// The estimate of the checked rows from their batch statistics: mean, rounding bound, Student t and
// Hoeffding half-widths per coordinate, Gaussian-concentration and McDiarmid radii per row norm.
// `row_bounds` are the worst-case per-sample norms of every row (worst_case_bounds.hpp).
GradientEstimate summarise(const BatchStatistics& stats, const std::vector<int>& rows, const VectorXd& row_bounds,
                           std::uint64_t samples, double confidence);

}  // namespace scae::engine
