// The ordered reduction of a Monte Carlo run (monte_carlo.cpp): every batch's result, handed over in
// batch order, added to the rows' totals (batch means, batch_statistics.hpp, or with all rows in
// coefficient space the sums Q and P, coefficient_totals.hpp), the loss's moments (Chan's pairwise
// update of the per-sample mean and squared deviations) and the counts; then the run's result.
// Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/batch_statistics.hpp"
#include "numerics/estimate/coefficient_totals.hpp"
#include "numerics/core/confidence.hpp"
#include "numerics/estimate/engine_types.hpp"
#include "numerics/estimate/worst_case_bounds.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace scae::engine {

class RunReduction {
public:
  RunReduction(const Shared& sh, bool oracle) : sh_(sh), oracle_(oracle) {
    if (sh.coefficients && sh.all_rows) totals_.emplace(sh, oracle);
    for (BatchStatistics* s : {&gradient_, &correction_, &oracle_stats_}) s->per_coordinate = !sh.all_rows;
  }

  // Batch b's result; batches arrive in order.
  void add(const BatchResult& result) {
    if (totals_) {
      totals_->add(result);
    } else {
      const Eigen::Index n = sh_.a.rows();
      const Eigen::Ref<const MatrixXd> oracle = result.oracle.topRows(n), correction = result.correction.topRows(n);
      if (oracle_) {
        gradient_.add(oracle, &correction, result.size, result.oracle_rounding + result.correction_rounding, result.gradient_squares);
        correction_.add(correction, nullptr, result.size, result.correction_rounding, result.correction_squares);
        oracle_stats_.add(oracle, nullptr, result.size, result.oracle_rounding, result.oracle_squares);
      } else {
        gradient_.add(correction, nullptr, result.size, result.correction_rounding, result.gradient_squares);
      }
    }
    const auto size = static_cast<double>(result.size);
    loss_.add(size, result.loss, result.loss_m2);
    loss_total_ += result.loss * size;
    loss_abs_total_ += std::abs(result.loss) * size;
    rounding_total_ += result.loss_rounding * size;
    recovered_ += result.recovered;
    active_ += result.active;
    fired_ += result.fired;
    product_seconds_ += result.product_seconds;
    ++batches_;
  }

  // The run's estimates of the rows `rows` from its `samples` samples.
  MonteCarloResult finish(const std::vector<int>& rows, const Bounds& bounds, std::uint64_t samples, double confidence) {
    MonteCarloResult out;
    const RowTotals* gradient = nullptr;
    const RowTotals* oracle = nullptr;
    const RowTotals* correction = nullptr;
    RowTotals batch_gradient, batch_oracle, batch_correction;
    if (totals_) {
      product_seconds_ += totals_->finish(samples);
      gradient = &totals_->gradient();
      oracle = &totals_->oracle();
      correction = &totals_->correction();
    } else {
      batch_gradient = gradient_.totals(samples);
      gradient = &batch_gradient;
      if (oracle_) {
        batch_oracle = oracle_stats_.totals(samples);
        batch_correction = correction_.totals(samples);
        oracle = &batch_oracle;
        correction = &batch_correction;
      }
    }
    out.gradient = summarise(*gradient, rows, bounds.gradient, samples, confidence);
    if (oracle_) {
      out.oracle_gradient = summarise(*oracle, rows, bounds.oracle, samples, confidence);
      out.correction = summarise(*correction, rows, bounds.gradient + bounds.oracle, samples, confidence);
    }
    const auto count = static_cast<double>(samples);
    out.loss.mean = loss_total_ / count;
    out.loss.halfwidth = normal_quantile(1 - (1 - confidence) / 2) * std::sqrt(loss_.m2 / (count - 1) / count);
    out.loss.halfwidth_bounded = hoeffding_halfwidth(bounds.loss, samples, confidence);
    // The batches' bounds, the weighted sum over batches and the division (each product of a batch
    // size and a mean, and the division, rounds once more).
    out.loss.rounding = (1 + higham_gamma(3)) * (rounding_total_ + higham_gamma(batches_ + 4) * loss_abs_total_) / count;
    out.recovery = clopper_pearson(recovered_, samples, confidence);
    out.mean_active_units = static_cast<double>(active_) / count;
    out.fired = fired_;
    out.product_seconds = product_seconds_;
    return out;
  }

private:
  const Shared& sh_;
  bool oracle_;
  std::optional<CoefficientTotals> totals_;  // all rows in coefficient space
  BatchStatistics gradient_, correction_, oracle_stats_;  // otherwise
  ScalarMoments loss_;
  double loss_total_ = 0, loss_abs_total_ = 0, rounding_total_ = 0, product_seconds_ = 0;
  std::uint64_t recovered_ = 0, active_ = 0, fired_ = 0;
  int batches_ = 0;
};

}  // namespace scae::engine
