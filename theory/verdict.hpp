// Verdicts, never bare booleans.
//  * Certified (deterministic quantities in MPFI on the exact binary inputs): a claim
//    "margin > 0" (or ">= 0") is PROVEN when the whole enclosure of the margin lies on the right
//    side, REFUTED when it lies on the wrong side, UNDECIDED when it straddles; UNDECIDED is
//    retried at doubled precision up to a cap (guess and verify, as Arb does).
//  * Statistical (Monte Carlo against a theoretical value): CONSISTENT when the value lies in the
//    confidence region and the region is narrow enough to tell the value from zero, INCONSISTENT
//    when it lies outside, INCONCLUSIVE when the region is too wide (with the samples that would
//    decide). A comparison in which a number is not finite (double overflow, NaN) is INCONCLUSIVE
//    with the evidence "numerical fault". The level of each claim is the family-wise level split across the claims of a run
//    (Bonferroni).
// Each verdict carries its evidence: numbers, precision or sample count, method.
#pragma once

#include "numerics/core/scalar.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scae {

enum class Outcome { proven, refuted, undecided, consistent, inconsistent, inconclusive };
// deterministic: a comparison of computed (not random) numbers with a computed tolerance, in double from
// certified enclosures; it answers CONSISTENT / INCONSISTENT / INCONCLUSIVE and has no level.
enum class Method { certified, statistical, exhaustive, deterministic };

inline constexpr std::array<Outcome, 6> all_outcomes = {Outcome::proven,     Outcome::refuted,      Outcome::undecided,
                                                        Outcome::consistent, Outcome::inconsistent, Outcome::inconclusive};
std::string outcome_name(Outcome o);  // "PROVEN", ...
std::vector<std::string_view> outcome_names();  // every name, in the order of all_outcomes
std::optional<Outcome> find_outcome(std::string_view name);  // the outcome named "PROVEN", ...
std::string method_name(Method m);    // "certified", ...
// True for REFUTED and INCONSISTENT: the claim fails.
bool fails(Outcome o);

struct Verdict {
  Outcome outcome = Outcome::undecided;
  Method method = Method::certified;
  std::string summary;                                     // one line: the key number
  std::vector<std::pair<std::string, std::string>> evidence;  // named numbers, as text
  unsigned precision_bits = 0;                             // certified
  std::uint64_t samples = 0;                               // statistical
  double confidence = 0;                                   // statistical
  std::string how;                                         // method in words
  void add(const std::string& name, const std::string& value) { evidence.emplace_back(name, value); }
};

// Text of an interval with 17 significant digits of each end.
std::string interval_text(const interval& x);
std::string number_text(double x);

enum class Strictness { strict, non_strict };

// Certifies margin(bits) > 0 (strict) or >= 0, starting at `bits` and doubling up to `max_bits`.
Verdict certify_positive(const std::function<interval(unsigned bits)>& margin, Strictness strictness,
                         unsigned bits = 128, unsigned max_bits = 2048);

// Statistical comparison of an estimate with a theoretical value: `distance` between them,
// `radius` of the confidence region at `confidence`, `scale` the magnitude below which the region
// is too wide to decide (INCONCLUSIVE, with the samples that would make the radius scale/2).
Verdict compare_statistically(double distance, double radius, double scale, std::uint64_t samples, double confidence,
                              const std::string& how);

// One-sided: the claim is "true value >= bound"; [lower, upper] a confidence interval.
Verdict compare_lower_bound(double bound, double lower, double upper, std::uint64_t samples, double confidence,
                            const std::string& how);

}  // namespace scae
