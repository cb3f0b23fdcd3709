// Confidence statements for Monte Carlo estimates. Every estimate names its sample count, level
// and method; these are the methods:
//  * normal approximation by batch means: B batch means of equal size, Student t with B - 1
//    degrees of freedom per coordinate; for a vector mean, the radius
//    ‖mean - E‖ <= sqrt(T) (1 + sqrt(2 ln(1/α))),  T = trace of the batch-means covariance / B,
//    from E‖Z‖ <= sqrt(tr Cov Z) and Gaussian concentration with λ_max <= trace;
//  * distribution-free for bounded variables: Hoeffding per coordinate, |X| <= b gives
//    halfwidth b sqrt(2 ln(2/α) / N); for vectors with ‖X‖ <= b, McDiarmid's inequality gives
//    ‖mean - E‖ <= b / sqrt(N) (1 + sqrt(2 ln(1/α)));
//  * Clopper-Pearson (exact binomial) intervals for rates.
#pragma once

#include <cstdint>
#include <string>

namespace scae {

struct RateEstimate {
  std::uint64_t successes = 0;
  std::uint64_t trials = 0;
  double rate = 0;
  double lower = 0;
  double upper = 1;
  double confidence = 0.95;
  std::string method = "Clopper-Pearson";
};

double normal_quantile(double p);
double student_t_quantile(double p, double degrees_of_freedom);
RateEstimate clopper_pearson(std::uint64_t successes, std::uint64_t trials, double confidence);
// Two-sided Hoeffding halfwidth for the mean of n variables with |X| <= bound.
double hoeffding_halfwidth(double bound, std::uint64_t n, double confidence);
// Radius for a vector mean: normal approximation from the trace of the covariance of the mean.
double gaussian_norm_radius(double trace_of_mean_covariance, double confidence);
// Radius for a vector mean of n variables with ‖X‖ <= bound (McDiarmid).
double bounded_norm_radius(double bound, std::uint64_t n, double confidence);

}  // namespace scae
