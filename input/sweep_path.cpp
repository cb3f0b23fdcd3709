#include "input/sweep_path.hpp"

#include <stdexcept>
#include <string>

namespace scae {

SweepPoint sweep_point_at(const Regime& regime, int h, double p) {
  if (!regime.sweep) throw std::invalid_argument("sweep_point_at: the regime has no [sweep] table");
  const SweepSpec& sw = *regime.sweep;
  const bool hadamard = regime.dictionary.family == DictionarySpec::Family::identity_hadamard;
  SweepPoint pt;
  pt.h = h;
  pt.n = sw.n.empty() ? (hadamard ? h / 2 : regime.dictionary.n) : static_cast<int>(sw.n.evaluate(h, p));
  pt.k = sw.k.empty() ? regime.code.support.k() : static_cast<int>(sw.k.evaluate(h, p));
  if (sw.delta.empty()) {
    pt.delta = regime.point.delta;
  } else {
    try {
      pt.delta = parse_rational(sw.delta.text());  // a plain number stays exact
    } catch (const std::invalid_argument&) {
      pt.delta = exact_rational(sw.delta.evaluate(h, p));
    }
  }
  return pt;
}

std::vector<SweepPoint> sweep_points(const Regime& regime) {
  std::vector<SweepPoint> out;
  if (!regime.sweep) return out;
  const double p = regime.sweep->p ? regime.sweep->p->convert_to<double>() : 0;
  for (const int h : regime.sweep->h) out.push_back(sweep_point_at(regime, h, p));
  return out;
}

Regime regime_at(const Regime& regime, const SweepPoint& point) {
  Regime r = regime;
  r.sweep.reset();
  r.expect.clear();
  r.name = regime.name + " at h = " + std::to_string(point.h);
  r.dictionary.n = point.n;
  r.dictionary.h = point.h;
  r.code.support = SupportLaw::uniform_fixed(point.h, point.k);
  r.point.delta = point.delta;
  if (regime.sweep && regime.sweep->bias) {
    r.bias = BiasSpec{};
    r.bias.kind = BiasSpec::Kind::rule;
    r.bias.rule = *regime.sweep->bias;
  }
  return r;
}

BiasChoice path_bias_rule(const Regime& regime) {
  if (regime.sweep && regime.sweep->bias) return *regime.sweep->bias;
  return regime.bias.rule;
}

}  // namespace scae
