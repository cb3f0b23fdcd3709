#include "numerics/core/confidence.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <stdexcept>

namespace scae {

namespace {
void check_level(double confidence) {
  if (!(confidence > 0 && confidence < 1)) throw std::invalid_argument("confidence must lie in (0, 1)");
}
}  // namespace

double normal_quantile(double p) { return boost::math::quantile(boost::math::normal_distribution<double>(), p); }

double student_t_quantile(double p, double degrees_of_freedom) {
  return boost::math::quantile(boost::math::students_t_distribution<double>(degrees_of_freedom), p);
}

RateEstimate clopper_pearson(std::uint64_t successes, std::uint64_t trials, double confidence) {
  check_level(confidence);
  if (trials == 0 || successes > trials) throw std::invalid_argument("Clopper-Pearson needs 0 <= successes <= trials, trials > 0");
  const double alpha = 1 - confidence;
  const auto s = static_cast<double>(successes), n = static_cast<double>(trials);
  RateEstimate out;
  out.successes = successes;
  out.trials = trials;
  out.rate = s / n;
  out.confidence = confidence;
  out.lower = successes == 0 ? 0.0 : boost::math::ibeta_inv(s, n - s + 1, alpha / 2);
  out.upper = successes == trials ? 1.0 : boost::math::ibeta_inv(s + 1, n - s, 1 - alpha / 2);
  return out;
}

double hoeffding_halfwidth(double bound, std::uint64_t n, double confidence) {
  check_level(confidence);
  return bound * std::sqrt(2 * std::log(2 / (1 - confidence)) / static_cast<double>(n));
}

double gaussian_norm_radius(double trace_of_mean_covariance, double confidence) {
  check_level(confidence);
  return std::sqrt(trace_of_mean_covariance) * (1 + std::sqrt(2 * std::log(1 / (1 - confidence))));
}

double bounded_norm_radius(double bound, std::uint64_t n, double confidence) {
  check_level(confidence);
  return bound / std::sqrt(static_cast<double>(n)) * (1 + std::sqrt(2 * std::log(1 / (1 - confidence))));
}

}  // namespace scae
