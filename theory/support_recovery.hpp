// Support recovery by the ReLU layer (Theorem 3.1; derivation in PAPER.md §5). Supports of size
// K (uniform law: K = k; Bernoulli: any size up to h), values in [a1, a2], M = W A*:
//  (a) Sufficient (paper-style) window. With c = μ/√n + δ max_l ‖A*_l‖ >= |M_jl| (j != l) and
//      d = min_i ‖A*_i‖(‖A*_i‖ - δ) <= M_ii, every sample is recovered when, for every unit,
//          K a2 c <= ε_j < a1 d - (K - 1) a2 c,
//      which needs a1 d > (2K - 1) a2 c. Bias rules: paper ε = m1 K (δ + μ/√n), paper-half,
//      window-mid (middle of this window), exact-mid (middle of each exact window below).
//  (b) Exact per-unit window. off_j = max over supports S not containing j of u_j = sum of the K
//      largest max(a1 M_jl, a2 M_jl) over l != j; on_j = min over S containing j of u_j =
//      min(a1 M_jj, a2 M_jj) + sum of the K - 1 smallest min(a1 M_jl, a2 M_jl) over l != j
//      (Bernoulli: the positive, resp. negative, terms of every l). Unit j is right on every
//      sample iff off_j <= ε_j < on_j (for value laws whose support contains a1 and a2; for the
//      uniform law up to a null set). (a) implies (b): certified.
//  (c) Probability bound (Chernoff-Hoeffding). With ψ(s) = E e^{s x} the exact moment generating
//      function of the value law (uniform: (e^{s a2} - e^{s a1})/(s(a2 - a1)); two-point; constant)
//      and Hoeffding's comparison of sampling without and with replacement (1963, Thm 4: for
//      convex f, E f(sum without replacement) <= E f(sum with replacement)), for the uniform law
//      with q1 = k/h and every λ > 0,
//          P(u_j > ε_j | j ∉ S) <= e^{-λ ε_j} Φ_j(λ)^k,
//          P(u_j <= ε_j | j ∈ S) <= e^{λ ε_j} ψ(-λ M_jj) Φ_j(-λ)^{k-1},
//      Φ_j(λ) = mean_{l != j} ψ(λ M_jl); for Bernoulli supports Φ_j^k becomes
//      Π_{l != j} (1 - q_l + q_l ψ(λ M_jl)). A union bound over units gives
//          P(supp ReLU(W y - ε) != S) <= Σ_j [(1 - q_j) off-bound_j + q_j on-bound_j],
//      with λ chosen per unit by golden-section search; the bound is evaluated in double (it is
//      compared statistically with the Monte Carlo rate, not certified).
#pragma once

#include "code_model.hpp"
#include "neighbourhood.hpp"
#include "regime.hpp"
#include "verdict.hpp"

#include <string>
#include <vector>

namespace scae {

struct SufficientWindow {
  unsigned bits = 128;   // interval precision of the fields
  int support_size = 0;  // K
  interval c;            // μ/√n + δ max ‖A*_l‖
  interval d;            // min ‖A*_i‖(‖A*_i‖ - δ)
  interval lower;        // K a2 c
  interval upper;        // a1 d - (K - 1) a2 c
};

struct ExactWindows {
  unsigned bits = 128;
  std::vector<interval> off_max;  // per unit: largest off-support pre-activation
  std::vector<interval> on_min;   // per unit: smallest on-support pre-activation
};

SufficientWindow sufficient_window(const Neighbourhood& nb, const CodeModel& code);
ExactWindows exact_windows(const Neighbourhood& nb, const CodeModel& code);
// The same from M = W A* alone (its rigorous entry bounds), at `bits` of interval precision.
ExactWindows exact_windows(const BoundedProduct& m, const CodeModel& code, unsigned bits = 128);

enum class BiasRule { paper, paper_half, window_mid, exact_mid };
BiasRule parse_bias_rule(const std::string& name);  // "paper", "paper-half", "window-mid", "exact-mid"
std::string bias_rule_name(BiasRule rule);
VectorXd bias_from_rule(BiasRule rule, const Neighbourhood& nb, const CodeModel& code);
// Builds the regime's instance and, when its bias is given by a rule, computes the bias.
Instance build_instance_with_bias(const Regime& regime);

// (a) a1 d > (2K - 1) a2 c.
Verdict check_window_nonempty(const SufficientWindow& sw);
// (a) every ε_j in [lower, upper).
Verdict check_bias_in_sufficient_window(const SufficientWindow& sw, const VectorXd& eps);
// (b) every ε_j in [off_j, on_j): deterministic recovery of every sample.
Verdict check_deterministic_recovery(const ExactWindows& ew, const VectorXd& eps);
// (b) for W, A* and ε alone: the exact windows from the rigorous bounds of M = W A* (no
// neighbourhood facts needed), at 128 bits.
Verdict check_deterministic_recovery(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code);
// (a) => (b): lower >= max_j off_j and upper <= min_j on_j.
Verdict check_sufficient_implies_exact(const SufficientWindow& sw, const ExactWindows& ew);

struct RecoveryBound {
  double failure = 0;              // bound on P(supp ReLU != S)
  double rate = 0;                 // max(0, 1 - failure)
  std::vector<double> off, on;     // per-unit conditional bounds
};
RecoveryBound recovery_probability_bound(const Neighbourhood& nb, const CodeModel& code, const VectorXd& eps);

// (c) against the Monte Carlo rate: the bound must not exceed the upper Clopper-Pearson limit.
Verdict check_recovery_bound(const RecoveryBound& bound, std::uint64_t successes, std::uint64_t trials, double confidence);

}  // namespace scae
