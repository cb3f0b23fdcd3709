// A regime made concrete. build_instance returns a whole Instance: A*, W, the code law, the Monte
// Carlo budget and the bias, a rule's bias computed here from the certified windows
// (theory/support_recovery). Every failure is a RegimeError naming the file and the key.
#pragma once

#include "numerics/model/instance.hpp"
#include "input/regime.hpp"

namespace scae {

Instance build_instance(const Regime& regime);
// The same with a rule's bias not yet placed (eps empty, bias_rule set): for runs that place several
// rules on one geometry and share its windows (the sweep's main and contrast series).
Instance build_instance_without_bias(const Regime& regime);
// The regime as a StructuredInstance (no matrix is formed) when its dictionary is identity+Hadamard
// and its point built in (random direction or A* itself); nullopt otherwise.
std::optional<StructuredInstance> structured_instance(const Regime& regime);

}  // namespace scae
