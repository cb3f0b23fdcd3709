#include "batch_statistics.hpp"

#include "confidence.hpp"
#include "mutation.hpp"

namespace scae::engine {

GradientEstimate summarise(const BatchStatistics& stats, const std::vector<int>& rows, const VectorXd& row_bounds,
                           std::uint64_t samples, double confidence) {
  const int b = stats.count;
  const double t = student_t_quantile(1 - (1 - confidence) / 2, b - 1);
  const Eigen::ArrayXXd mean_variance = stats.m2 / (static_cast<double>(b - 1) * b);  // Var of the overall mean
  GradientEstimate out;
  out.rows = rows;
  out.mean = (stats.total / static_cast<double>(samples)).matrix().transpose();
  out.rounding = stats.rounding_of_mean(samples);
  out.halfwidth = (t * mean_variance.sqrt()).matrix().transpose();
  out.norm = out.mean.rowwise().norm();
  const auto count = static_cast<Eigen::Index>(rows.size());
  out.norm_radius.resize(count);
  out.norm_radius_bounded.resize(count);
  out.bound.resize(count);
  out.halfwidth_bounded.resize(out.mean.rows(), out.mean.cols());
  for (Eigen::Index s = 0; s < count; ++s) {
    out.norm_radius(s) = gaussian_norm_radius(mutant_active(Mutant::interval_ignores_covariance) ? mean_variance.col(s).maxCoeff()
                                                                                               : mean_variance.col(s).sum(), confidence);
    out.bound(s) = row_bounds(rows[static_cast<std::size_t>(s)]);
    out.norm_radius_bounded(s) = bounded_norm_radius(out.bound(s), samples, confidence);
    out.halfwidth_bounded.row(s).setConstant(hoeffding_halfwidth(out.bound(s), samples, confidence));
  }
  return out;
}

}  // namespace scae::engine
