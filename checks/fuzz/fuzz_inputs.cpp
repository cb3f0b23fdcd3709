#include "checks/fuzz/fuzz_inputs.hpp"

#include "runs/claim_catalog.hpp"
#include "input/instance_builder.hpp"
#include "input/regime.hpp"
#include "input/sweep_path.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace scae::fuzz {

namespace {
// Builds a small regime's instance, its bias rule applied, and checks what a built instance promises.
void build_small(const Regime& regime) {
  const auto cells = static_cast<long long>(regime.dictionary.n) * regime.dictionary.h;
  if (cells > 4096) return;
  try {
    const Instance instance = build_instance(regime);
    require_finite(instance.a, "A*");
    require_finite(instance.w, "W");
    if (instance.eps.size() != regime.dictionary.h) throw std::logic_error("the bias does not have h entries");
    require_finite(instance.eps, "the bias");
  } catch (const RegimeError&) {
  }
}

bool double_safe(const rational& x) {
  const double v = abs(x).convert_to<double>();
  return x == 0 || (v >= 1e-100 && v <= 1e100);
}
}  // namespace

void regime_input(std::string_view bytes) {
  Regime regime;
  try {
    regime = parse_regime(std::string(bytes), "fuzz.toml");
  } catch (const RegimeError&) {
    return;
  }
  if (!(regime.dictionary.n < regime.dictionary.h)) throw std::logic_error("a parsed regime has h <= n");
  // claims lists: the selection `check` makes ([expect] verdicts are an Outcome by type).
  const auto claims = select_claims(regime.claims);
  if (statistical_comparisons(claims, 3) < 0) throw std::logic_error("a negative number of comparisons");
  build_small(regime);
  // [sweep]: validated when parsed, so every point must evaluate and stay in range.
  if (regime.sweep) {
    int built = 0;
    for (const SweepPoint& point : sweep_points(regime)) {
      if (point.n < 2 || point.n >= point.h || point.k < 1 || point.k > point.h)
        throw std::logic_error("a sweep point has n or k out of range");
      if (!double_safe(point.delta)) throw std::logic_error("a sweep point's delta is not 0 or in [1e-100, 1e100]");
      if (static_cast<long long>(point.n) * point.h <= 4096 && built++ < 4) build_small(regime_at(regime, point));
    }
  }
}

}  // namespace scae::fuzz
