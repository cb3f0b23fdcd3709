// The numerics summary of a regime, computed: the instance's sizes and code constants, its certified
// coherence and ξ, the distance of W from A*, the bias range and one Monte Carlo estimate over all
// rows (support recovery, loss, gradient norms). `scae summary` prints it and the report opens with
// it; reports/numerics_summary.hpp renders it.
#pragma once

#include "numerics/model/dictionary.hpp"
#include "numerics/model/instance.hpp"
#include "numerics/estimate/monte_carlo.hpp"

#include <string>

namespace scae {

struct NumericsSummaryRun {
  int n = 0, h = 0, k = 0;
  std::string a1, a2, m1, m2, q1;  // exact rationals as text; q1 = q_i, the chance a unit is in the support
  // The support law: uniform of fixed size k, or Bernoulli (then k = h, the largest possible
  // support, and q_min, q_max the range of the q_i), and the expected support size E|S|, exact
  // rationals as text.
  SupportLaw::Kind support = SupportLaw::Kind::uniform_fixed;
  std::string q_min, q_max, expected_support;
  Coherence coherence;
  double max_row_distance = 0;  // max_i ‖W_i − A*_i‖
  double bias_min = 0, bias_max = 0;
  MonteCarloResult monte_carlo;
  // Context only: never part of the numbers.
  int threads = 1;
  double seconds = 0;
};

// `coherence`: certified_coherence(instance.a) when the caller already holds it (the report takes
// it from its claims' neighbourhood), else computed here.
NumericsSummaryRun run_numerics_summary(const Instance& instance, int threads, const Coherence* coherence = nullptr);

}  // namespace scae
