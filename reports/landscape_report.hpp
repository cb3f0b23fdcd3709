// `scae landscape` output, rendered from the typed run (runs/landscape_run.hpp): the JSON holds every
// number and verdict (`--json`); the text is made from that JSON alone and opens with where the
// critical point is, in units of δ, against the bias's prediction 1 + ε/3.
#pragma once

#include "runs/landscape_run.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace scae {

nlohmann::json landscape_json(const LandscapeRun& run);
std::string landscape_text(const nlohmann::json& landscape);

}  // namespace scae
