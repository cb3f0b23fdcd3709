#include "runs/numerics_summary_run.hpp"

#include "numerics/model/near_point.hpp"

#include <algorithm>
#include <chrono>

namespace scae {

NumericsSummaryRun run_numerics_summary(const Instance& instance, int threads, const Coherence* known) {
  const auto start = std::chrono::steady_clock::now();
  NumericsSummaryRun run;
  run.coherence = known ? *known : certified_coherence(instance.a);
  MonteCarloOptions options;
  options.samples = instance.monte_carlo.samples;
  options.seed = instance.monte_carlo.seed;
  options.confidence = instance.monte_carlo.confidence.convert_to<double>();
  options.batches = instance.monte_carlo.batches;
  options.threads = threads;
  options.distributed = true;
  run.monte_carlo = estimate(instance.a, instance.w, instance.eps, instance.code, options);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.threads = threads;

  run.n = instance.n();
  run.h = instance.h();
  run.k = instance.code.support.k();
  run.a1 = instance.code.values.a1().str();
  run.a2 = instance.code.values.a2().str();
  run.m1 = instance.code.values.m1().str();
  run.m2 = instance.code.values.m2().str();
  run.q1 = instance.code.support.joint(std::vector<int>{0}).str();
  const SupportLaw& support = instance.code.support;
  run.support = support.kind();
  if (support.kind() == SupportLaw::Kind::bernoulli) {
    const auto [low, high] = std::minmax_element(support.q().begin(), support.q().end());
    run.q_min = low->str();
    run.q_max = high->str();
  }
  run.expected_support = support.expected_size().str();
  run.max_row_distance = max_row_distance(instance.w, instance.a);
  run.bias_min = instance.eps.minCoeff();
  run.bias_max = instance.eps.maxCoeff();
  return run;
}

}  // namespace scae
