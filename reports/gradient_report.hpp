// `scae gradient REGIME --rows LIST --json`: the typed result of runs/gradient_run as JSON, all
// numbers, so that any other tool can recompute them (the closed form and its term classes, the
// certified enclosure or null, the Monte Carlo mean of the true gradient and the oracle correction
// with per-coordinate halfwidths). The keys are runs/gradient_record's; this adds the build's
// schema version and commit.
#pragma once

#include "runs/gradient_run.hpp"

#include <nlohmann/json.hpp>

namespace scae {

nlohmann::json gradient_json(const GradientRun& run);

}  // namespace scae
