// Support recovery by the ReLU layer (Theorem 3.1; derivation in docs/theory.md §5). Supports of size
// K (uniform law: K = k; Bernoulli: any size up to h), values in [a1, a2], M = W A*:
//  (a) Sufficient (paper-style) window. With c = μ/√n + δ max_l ‖A*_l‖ >= |M_jl| (j != l) and
//      d = min_i ‖A*_i‖(‖A*_i‖ - δ) <= M_ii, every sample is recovered when, for every unit,
//          K a2 c <= ε_j < a1 d - (K - 1) a2 c,
//      which needs a1 d > (2K - 1) a2 c.
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
//      with λ chosen per unit by Brent's minimiser on log λ; the bound is evaluated in double (it is
//      compared statistically with the Monte Carlo rate, not certified).
//  (d) Bias rules (numerics/model/bias_rule.hpp; docs/theory.md, "Bias rules"), θ = the rule's fraction,
//      C its constant:
//        paper       ε = C m1 K̄ (δ + μ/√n), K̄ = k (uniform) or the expected support size (Bernoulli)
//        paper-half  the same with C = 1/2
//        window-mid  ε = (lower + upper) / 2 of (a)        window-low  ε = lower + θ (upper - lower)
//        exact-mid   ε_j = (off_j + on_j) / 2 of (b)        exact-low   ε_j = off_j + θ (on_j - off_j)
//        exact-above ε_j = off_j + θ |off_j|  (= (1 + θ) off_j for off_j >= 0)
//      window-low needs a window certified non-empty (std::invalid_argument otherwise; window-mid
//      is placed in an empty window too, and then lies outside it). The "-low" and exact-above values
//      are the upper end of their enclosure rounded up to double, so θ = 0 still lies in the window;
//      exact-above lies in unit j's window when (1 + θ) off_j < on_j, which check_deterministic_recovery
//      decides. paper, paper-half and exact-above follow k a2 (δ + μ/√n) and tend to 0 when p < ξ; the
//      "-low" rules level off at θ times the window's width (→ θ a1, a floor); the "-mid" rules stay
//      near a1 / 2 (bias_limit_in_a1).
//      Degenerate laws: a two-point law with p_high ∈ {0, 1} is a constant law (code_model), and a
//      Bernoulli atom with q = 1 is in every support: its term enters both sums of (b) whatever its
//      sign, and its own unit has no off-support window (off_j = -inf).
#pragma once

#include "numerics/model/code_model.hpp"
#include "theory/exact_windows.hpp"
#include "numerics/model/instance.hpp"
#include "theory/neighbourhood.hpp"
#include "theory/verdict.hpp"

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
  interval paper_scale;  // δ + μ/√n, the paper rule's scale
};

SufficientWindow sufficient_window(const Neighbourhood& nb, const CodeModel& code);

// The bias of every unit under a rule (d). Throws std::invalid_argument for window-low when the
// sufficient window is not certified non-empty.
VectorXd bias_from_rule(const BiasChoice& rule, const Neighbourhood& nb, const CodeModel& code);
VectorXd bias_from_rule(const BiasChoice& rule, const ExactWindows& ew, const SufficientWindow& sw, const CodeModel& code);

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

// (d) The constants C for which the paper rule puts every unit in its exact window: C s in
// [max_j off_j, min_j on_j) with s = m1 K̄ (δ + μ/√n), so C in [smallest, largest) with
// smallest = max_j off_j / s and largest = min_j on_j / s, both enclosed (empty when smallest >= largest).
struct PaperConstantRange {
  interval smallest, largest;
};
PaperConstantRange paper_constant_range(const ExactWindows& ew, const SufficientWindow& sw, const CodeModel& code);

// (d) Every rule lands in its window: exact-mid, exact-low and exact-above (θ = the instance's rule fraction, else
// 0.05) in every exact window; window-mid and window-low in the sufficient window where it is
// certified non-empty (else those two are skipped and said so). UNDECIDED when some unit's exact
// window is empty (no rule can be placed).
Verdict check_bias_rules_inside_windows(const Neighbourhood& nb, const Instance& instance);

struct RecoveryBound {
  double failure = 0;              // bound on P(supp ReLU != S)
  double rate = 0;                 // max(0, 1 - failure)
  std::vector<double> off, on;     // per-unit conditional bounds
};
RecoveryBound recovery_probability_bound(const Neighbourhood& nb, const CodeModel& code, const VectorXd& eps);
// The same from fl(M) alone (the values of M = W A*).
RecoveryBound recovery_probability_bound(const MatrixXd& m, const CodeModel& code, const VectorXd& eps);

// (c) against the Monte Carlo rate: the bound must not exceed the upper Clopper-Pearson limit.
Verdict check_recovery_bound(const RecoveryBound& bound, std::uint64_t successes, std::uint64_t trials, double confidence);

}  // namespace scae
