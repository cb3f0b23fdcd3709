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

#include "numerics/core/enum_names.hpp"
#include "numerics/core/scalar.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace scae {

enum class Outcome { proven, refuted, undecided, consistent, inconsistent, inconclusive };
// deterministic: a comparison of computed (not random) numbers with a computed tolerance, in double from
// certified enclosures; it answers CONSISTENT / INCONSISTENT / INCONCLUSIVE and has no level.
enum class Method { certified, statistical, exhaustive, deterministic };

template <> struct Vocabulary<Outcome> {
  static constexpr std::string_view what = "verdict";
  static constexpr std::array<EnumName<Outcome>, 6> names{{{Outcome::proven, "PROVEN"},
                                                           {Outcome::refuted, "REFUTED"},
                                                           {Outcome::undecided, "UNDECIDED"},
                                                           {Outcome::consistent, "CONSISTENT"},
                                                           {Outcome::inconsistent, "INCONSISTENT"},
                                                           {Outcome::inconclusive, "INCONCLUSIVE"}}};
};
template <> struct Vocabulary<Method> {
  static constexpr std::string_view what = "method";
  static constexpr std::array<EnumName<Method>, 4> names{{{Method::certified, "certified"},
                                                          {Method::statistical, "statistical"},
                                                          {Method::exhaustive, "exhaustive"},
                                                          {Method::deterministic, "deterministic"}}};
};
// True for REFUTED and INCONSISTENT: the claim fails.
bool fails(Outcome o);

// A piece of evidence: its name and a typed value, which is one of
//  * an interval: its two ends as doubles (outward-rounded from an MPFI enclosure, or a confidence
//    interval's), printed "[lo, hi]" with 17 significant digits of each end (interval_text);
//  * a number, with its unit (may be empty), printed with 17 significant digits (number_text), then the unit;
//  * an exact rational, printed as GMP writes it ("7/3");
//  * a text.
struct IntervalEnds {
  double lower = 0, upper = 0;
  bool operator==(const IntervalEnds&) const = default;
};
struct Number {
  double value = 0;
  std::string unit;
  bool operator==(const Number&) const = default;
};
enum class EvidenceType { interval, number, rational, text };
template <> struct Vocabulary<EvidenceType> {
  static constexpr std::string_view what = "evidence type";
  static constexpr std::array<EnumName<EvidenceType>, 4> names{{{EvidenceType::interval, "interval"},
                                                                {EvidenceType::number, "number"},
                                                                {EvidenceType::rational, "rational"},
                                                                {EvidenceType::text, "text"}}};
};

struct Evidence {
  std::string name;
  std::variant<IntervalEnds, Number, rational, std::string> value;  // in the order of EvidenceType
  EvidenceType type() const { return static_cast<EvidenceType>(value.index()); }
  std::string text() const;  // the value as the report prints it
  // The value of an interval (throws std::logic_error for another type) and its midpoint.
  const IntervalEnds& interval() const;
  double midpoint() const;
  bool operator==(const Evidence&) const = default;
};

struct Verdict {
  Outcome outcome = Outcome::undecided;
  Method method = Method::certified;
  std::string summary;                                     // one line: the key number
  std::vector<Evidence> evidence;                          // named numbers
  unsigned precision_bits = 0;                             // certified
  std::uint64_t samples = 0;                               // statistical
  double confidence = 0;                                   // statistical
  std::string how;                                         // method in words
  // Evidence by its type: an enclosure (its outward-rounded ends), an interval's ends, a number with
  // an optional unit, an exact rational, a text.
  void add(std::string name, const interval& x);
  void add(std::string name, IntervalEnds x) { evidence.push_back({std::move(name), x}); }
  void add(std::string name, double x, std::string unit = "") { evidence.push_back({std::move(name), Number{x, std::move(unit)}}); }
  void add(std::string name, const rational& x) { evidence.push_back({std::move(name), x}); }
  void add(std::string name, std::string text) { evidence.push_back({std::move(name), std::move(text)}); }
  void add(std::string name, const char* text) { add(std::move(name), std::string(text)); }
};

// Text of an interval with 17 significant digits of each end.
std::string interval_text(const interval& x);
std::string number_text(double x);
// The same for an interval's ends: "[lo, hi]".
std::string interval_text(const IntervalEnds& x);

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
