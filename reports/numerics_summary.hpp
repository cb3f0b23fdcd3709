// The numerics summary rendered (runs/numerics_summary_run.hpp computes it): instance sizes,
// certified coherence and xi, the distance of W from A*, and the Monte Carlo estimates (support
// recovery, loss, gradient norms) with their confidence statements, seed and versions. Everything
// that depends on the run rather than on the regime and seed (threads, run time; date and host in
// reports) sits in the top-level "context". `scae summary` prints it; it is also the JSON core of
// the report.
#pragma once

#include "runs/numerics_summary_run.hpp"
#include "input/regime.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace scae {

nlohmann::json numerics_summary_json(const Regime& regime, const NumericsSummaryRun& run);
std::string format_numerics_summary(const nlohmann::json& summary);

}  // namespace scae
