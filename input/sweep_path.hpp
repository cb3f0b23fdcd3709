// The points of a regime's [sweep] path: sizes, k and delta from the path's rules in h and p, and
// the regime at one point (docs/regimes.md, [sweep]).
#pragma once

#include "input/regime.hpp"

#include <vector>

namespace scae {

struct SweepPoint {
  int h = 0, n = 0, k = 0;
  rational delta = 0;
};

// The points of the regime's sweep path (validated when the regime was loaded).
std::vector<SweepPoint> sweep_points(const Regime& regime);
// The point at h with the rules evaluated at p (not validated): n, k and delta as the [sweep]
// rules or their defaults give them; a delta rule that is a plain number stays exact.
SweepPoint sweep_point_at(const Regime& regime, int h, double p);
// The regime at one point of its path: sizes, k, delta and the bias rule replaced.
Regime regime_at(const Regime& regime, const SweepPoint& point);
// The path's bias rule: [sweep] bias, else the regime's [bias] rule.
BiasChoice path_bias_rule(const Regime& regime);

}  // namespace scae
