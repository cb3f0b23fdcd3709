// The numerics summary of a regime: instance sizes, certified coherence and xi, the distance of W
// from A*, and the Monte Carlo estimates (support recovery, loss, gradient norms) with their
// confidence statements, seed and versions. Everything that depends on the run rather than on the
// regime and seed (threads, run time; date and host in reports) sits in the top-level "context". `scae report` prints it until the Markdown report
// exists; it is also the JSON core of that report.
#pragma once

#include "dictionary.hpp"
#include "regime.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace scae {

// `coherence`: certified_coherence(instance.a) when the caller already holds it (the report takes
// it from its claims' neighbourhood), else computed here.
nlohmann::json numerics_summary(const Regime& regime, const Instance& instance, int threads,
                                const Coherence* coherence = nullptr);
std::string format_numerics_summary(const nlohmann::json& summary);

}  // namespace scae
