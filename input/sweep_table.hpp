// The [sweep] table of a regime: the path of growing h (sizes, k and delta as rules in h and p),
// the bias rules of the main and contrast series, rows and samples; every point of the path is
// evaluated while reading, so a rule that fails at some h is refused with that h.
#pragma once

#include "input/regime.hpp"
#include "input/toml_field.hpp"

namespace scae::regime_toml {

// `base` is the regime read so far (dictionary, code, point, bias, monte_carlo).
SweepSpec read_sweep_table(const Section& s, const Field& table, const Regime& base);

}  // namespace scae::regime_toml
