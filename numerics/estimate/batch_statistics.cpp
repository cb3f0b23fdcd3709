#include "numerics/estimate/batch_statistics.hpp"

#include "numerics/core/confidence.hpp"
#include "numerics/core/mutation.hpp"

#include <algorithm>

namespace scae::engine {

namespace {

// The trace of the covariance of the mean row s: Σ_samples ‖g - mean‖² / (N - 1) / N, from
// Σ ‖g‖² - N ‖mean‖² (the mutant: one coordinate's share of it, trace / n).
double trace_of_mean_covariance(const RowTotals& totals, Eigen::Index s, std::uint64_t samples) {
  const auto count = static_cast<double>(samples);
  const double deviations = std::max(0.0, totals.squares(s) - count * totals.mean.row(s).squaredNorm());
  const double trace = deviations / (count - 1) / count;
  return mutant_active(Mutant::interval_ignores_covariance) ? trace / static_cast<double>(totals.mean.cols()) : trace;
}

}  // namespace

GradientEstimate summarise(const RowTotals& totals, const std::vector<int>& rows, const VectorXd& row_bounds,
                           std::uint64_t samples, double confidence) {
  GradientEstimate out;
  out.rows = rows;
  out.mean = totals.mean;
  out.rounding = totals.rounding;
  if (totals.batch_m2.size() > 0) {
    const int b = totals.batches;
    const double t = student_t_quantile(1 - (1 - confidence) / 2, b - 1);
    out.halfwidth = (t * (totals.batch_m2 / (static_cast<double>(b - 1) * b)).sqrt()).matrix().transpose();
  } else {
    out.halfwidth.resize(0, out.mean.cols());
  }
  out.norm = out.mean.rowwise().norm();
  const auto count = static_cast<Eigen::Index>(rows.size());
  out.norm_radius.resize(count);
  out.norm_radius_bounded.resize(count);
  out.bound.resize(count);
  out.halfwidth_bounded.resize(out.mean.rows(), out.mean.cols());
  for (Eigen::Index s = 0; s < count; ++s) {
    out.norm_radius(s) = gaussian_norm_radius(trace_of_mean_covariance(totals, s, samples), confidence);
    out.bound(s) = row_bounds(rows[static_cast<std::size_t>(s)]);
    out.norm_radius_bounded(s) = bounded_norm_radius(out.bound(s), samples, confidence);
    out.halfwidth_bounded.row(s).setConstant(hoeffding_halfwidth(out.bound(s), samples, confidence));
  }
  return out;
}

}  // namespace scae::engine
