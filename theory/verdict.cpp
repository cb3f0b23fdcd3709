#include "theory/verdict.hpp"

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <sstream>
#include <stdexcept>

namespace scae {

bool fails(Outcome o) { return o == Outcome::refuted || o == Outcome::inconsistent; }

std::string number_text(double x) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return buffer;
}

std::string interval_text(const IntervalEnds& x) {
  std::string text = "[";
  text.append(number_text(x.lower)).append(", ").append(number_text(x.upper)).append("]");
  return text;
}

std::string interval_text(const interval& x) {
  const auto [lo, hi] = outward_doubles(x);
  return interval_text(IntervalEnds{lo, hi});
}

std::string Evidence::text() const {
  switch (type()) {
    case EvidenceType::interval: return interval_text(std::get<IntervalEnds>(value));
    case EvidenceType::number: {
      const Number& x = std::get<Number>(value);
      return number_text(x.value) + (x.unit.empty() ? "" : " " + x.unit);
    }
    case EvidenceType::rational: return std::get<rational>(value).str();
    case EvidenceType::text: break;
  }
  return std::get<std::string>(value);
}

const IntervalEnds& Evidence::interval() const {
  if (const auto* ends = std::get_if<IntervalEnds>(&value)) return *ends;
  throw std::logic_error("the evidence " + name + " is a " + to_name(type()) + ", not an interval");
}

double Evidence::midpoint() const { return (interval().lower + interval().upper) / 2; }

void Verdict::add(std::string name, const interval& x) {
  const auto [lo, hi] = outward_doubles(x);
  add(std::move(name), IntervalEnds{lo, hi});
}

Verdict certify_positive(const std::function<interval(unsigned bits)>& margin, Strictness strictness, unsigned bits,
                         unsigned max_bits) {
  Verdict v;
  v.method = Method::certified;
  for (;; bits *= 2) {
    interval m;
    {
      PrecisionGuard guard(bits);
      m = margin(bits);
    }
    const bool positive = strictness == Strictness::strict ? lower(m) > 0 : lower(m) >= 0;
    const bool negative = strictness == Strictness::strict ? upper(m) <= 0 : upper(m) < 0;
    v.precision_bits = bits;
    v.evidence.clear();
    v.add("margin", m);
    v.outcome = positive ? Outcome::proven : negative ? Outcome::refuted : Outcome::undecided;
    if (v.outcome != Outcome::undecided || bits * 2 > max_bits) break;
  }
  v.how = "MPFI interval arithmetic on the exact binary inputs at " + std::to_string(v.precision_bits) + " bits";
  return v;
}

namespace {
Verdict statistical_verdict(std::uint64_t samples, double confidence, const std::string& how) {
  Verdict v;
  v.method = Method::statistical;
  v.samples = samples;
  v.confidence = confidence;
  v.how = how;
  return v;
}

// A comparison of numbers that overflowed or became NaN in double decides nothing: INCONCLUSIVE,
// with the reason, instead of whatever a comparison with NaN or infinity would say.
bool inconclusive_if_not_finite(Verdict& v, std::initializer_list<double> numbers) {
  for (const double x : numbers)
    if (!std::isfinite(x)) {
      v.outcome = Outcome::inconclusive;
      v.add("numerical fault", "a non-finite number (double overflow or NaN) entered the comparison");
      return true;
    }
  return false;
}
}  // namespace

Verdict compare_statistically(double distance, double radius, double scale, std::uint64_t samples, double confidence,
                              const std::string& how) {
  Verdict v = statistical_verdict(samples, confidence, how);
  v.add("distance", distance);
  v.add("radius", radius);
  v.add("scale", scale);
  if (inconclusive_if_not_finite(v, {distance, radius, scale})) return v;
  if (!(distance <= radius)) {
    v.outcome = Outcome::inconsistent;
  } else if (radius > scale) {
    v.outcome = Outcome::inconclusive;
    const double factor = radius / (scale / 2);
    v.add("samples_to_decide", std::ceil(static_cast<double>(samples) * factor * factor));
  } else {
    v.outcome = Outcome::consistent;
    // A true difference d shows as a distance in [d - radius, d + radius]: above 2 radius it is seen.
    v.add("smallest difference it would detect", 2 * radius);
  }
  return v;
}

Verdict compare_lower_bound(double bound, double lower, double upper, std::uint64_t samples, double confidence,
                            const std::string& how) {
  Verdict v = statistical_verdict(samples, confidence, how);
  v.add("bound", bound);
  v.add("interval", IntervalEnds{lower, upper});
  // A bound of -inf (an overflowed union of failure probabilities) is merely vacuous; NaN is a fault.
  if (inconclusive_if_not_finite(v, {std::isnan(bound) ? bound : 0.0, lower, upper})) return v;
  if (!(bound > 0)) {  // a vacuous bound cannot be contradicted, so it confirms nothing either
    v.outcome = Outcome::inconclusive;
    v.add("note", "the bound is vacuous (<= 0)");
    return v;
  }
  v.outcome = upper < bound ? Outcome::inconsistent : Outcome::consistent;
  if (v.outcome == Outcome::consistent) v.add("smallest violation it would detect", bound - lower);
  return v;
}

}  // namespace scae
