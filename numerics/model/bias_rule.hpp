// The bias rules a regime may name ([bias] rule, [sweep] bias and contrast): one vocabulary for the
// regime parser and for theory/support_recovery, which computes them (definitions and windows in
// theory/support_recovery.hpp and docs/theory.md, "Bias rules"). The "-low" rules and exact-above take
// a fraction θ in [0, 1) (the `fraction` key); paper takes an exact constant C > 0 (the `constant` key).
#pragma once

#include "numerics/core/enum_names.hpp"
#include "numerics/core/scalar.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace scae {

enum class BiasRule { paper, paper_half, window_mid, window_low, exact_mid, exact_low, exact_above };

template <> struct Vocabulary<BiasRule> {
  static constexpr std::string_view what = "bias rule";
  static constexpr std::array<EnumName<BiasRule>, 7> names{{{BiasRule::paper, "paper"},
                                                            {BiasRule::paper_half, "paper-half"},
                                                            {BiasRule::window_mid, "window-mid"},
                                                            {BiasRule::window_low, "window-low"},
                                                            {BiasRule::exact_mid, "exact-mid"},
                                                            {BiasRule::exact_low, "exact-low"},
                                                            {BiasRule::exact_above, "exact-above"}}};
};

// Whether the rule reads the `fraction` key θ, and whether it reads the `constant` key C.
constexpr bool takes_fraction(BiasRule rule) {
  return rule == BiasRule::window_low || rule == BiasRule::exact_low || rule == BiasRule::exact_above;
}
constexpr bool takes_constant(BiasRule rule) { return rule == BiasRule::paper; }

// A rule with its fraction θ (window-low, exact-low, exact-above) and constant C (paper).
struct BiasChoice {
  BiasChoice() = default;
  BiasChoice(BiasRule r, rational f = rational(1, 20), rational c = 1)  // NOLINT: a rule is a choice
      : rule(r), fraction(std::move(f)), constant(std::move(c)) {}
  BiasRule rule = BiasRule::exact_mid;
  rational fraction = rational(1, 20);  // default θ = 0.05
  rational constant = 1;                // default C = 1
  std::string text() const {            // "exact-low (fraction 1/50)", "paper (constant 1)"
    return to_name(rule) + (takes_fraction(rule) ? " (fraction " + fraction.str() + ")" : "") +
           (takes_constant(rule) ? " (constant " + constant.str() + ")" : "");
  }
  bool operator==(const BiasChoice& o) const {
    return rule == o.rule && (!takes_fraction(rule) || fraction == o.fraction) && (!takes_constant(rule) || constant == o.constant);
  }
};

// The limit of the rule's bias as h → ∞ along a path with p < ξ, in units of a1, for a family whose
// on-support ends tend to a1 (d → 1) and whose off-support ends tend to 0 (docs/theory.md, "Bias
// rules"): 0 for paper, paper-half and exact-above (they follow k a2 (δ + μ/√n) up to constants);
// θ for window-low and exact-low (θ of a width that tends to a1: a floor); 1/2 for the "-mid" rules.
inline rational bias_limit_in_a1(const BiasChoice& choice) {
  switch (choice.rule) {
    case BiasRule::window_low:
    case BiasRule::exact_low: return choice.fraction;
    case BiasRule::window_mid:
    case BiasRule::exact_mid: return rational(1, 2);
    case BiasRule::paper:
    case BiasRule::paper_half:
    case BiasRule::exact_above: break;
  }
  return 0;
}

// Whether that limit is 0 (exact-low with θ = 0 is exact-above with θ = 0: it vanishes too).
inline bool vanishes_with_h(const BiasChoice& choice) { return bias_limit_in_a1(choice) == 0; }

}  // namespace scae
