// The bias rules a regime may name ([bias] rule, [sweep] bias and contrast): one vocabulary for the
// regime parser and for theory/support_recovery, which computes them (definitions and windows in
// theory/support_recovery.hpp and docs/theory.md). The two "-low" rules take a fraction θ in
// [0, 1) of their window above its lower end; the others take none.
#pragma once

#include "scalar.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace scae {

enum class BiasRule { paper, paper_half, window_mid, window_low, exact_mid, exact_low };

inline constexpr std::array<BiasRule, 6> all_bias_rules = {BiasRule::paper,      BiasRule::paper_half, BiasRule::window_mid,
                                                           BiasRule::window_low, BiasRule::exact_mid,  BiasRule::exact_low};

constexpr std::string_view bias_rule_name(BiasRule rule) {
  switch (rule) {
    case BiasRule::paper: return "paper";
    case BiasRule::paper_half: return "paper-half";
    case BiasRule::window_mid: return "window-mid";
    case BiasRule::window_low: return "window-low";
    case BiasRule::exact_mid: return "exact-mid";
    case BiasRule::exact_low: break;
  }
  return "exact-low";
}

inline std::optional<BiasRule> find_bias_rule(std::string_view name) {
  for (const BiasRule rule : all_bias_rules)
    if (bias_rule_name(rule) == name) return rule;
  return std::nullopt;
}

// "paper, paper-half, window-mid, window-low, exact-mid, exact-low": the accepted names.
inline std::string bias_rule_names() {
  std::string out;
  for (const BiasRule rule : all_bias_rules) out += (out.empty() ? "" : ", ") + std::string(bias_rule_name(rule));
  return out;
}

// Whether the rule places the bias at a fraction of its window (the `fraction` key).
constexpr bool takes_fraction(BiasRule rule) { return rule == BiasRule::window_low || rule == BiasRule::exact_low; }

// Whether the rule follows the lower end of a window, k a2 (δ + μ/√n) up to constants, which tends to
// 0 along a path with p < ξ (paper, paper-half and the "-low" rules; the latter add θ times the
// window's width, about θ a1, so they level off there). The "-mid" rules stay of order a1 / 2.
constexpr bool vanishes_with_h(BiasRule rule) { return rule != BiasRule::window_mid && rule != BiasRule::exact_mid; }

// A rule with its fraction θ (used by the "-low" rules only).
struct BiasChoice {
  BiasChoice() = default;
  BiasChoice(BiasRule r, rational f = rational(1, 20)) : rule(r), fraction(std::move(f)) {}  // NOLINT: a rule is a choice
  BiasRule rule = BiasRule::exact_mid;
  rational fraction = rational(1, 20);  // default θ = 0.05
  std::string text() const {            // "exact-low (fraction 1/50)"
    return std::string(bias_rule_name(rule)) + (takes_fraction(rule) ? " (fraction " + fraction.str() + ")" : "");
  }
  bool operator==(const BiasChoice& o) const { return rule == o.rule && (!takes_fraction(rule) || fraction == o.fraction); }
};

}  // namespace scae
