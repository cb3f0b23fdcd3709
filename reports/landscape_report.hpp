// `scae landscape` output, rendered from the typed run (runs/landscape_run.hpp): the JSON holds every
// number and verdict (`--json`, runs/landscape_record's keys with the build's schema version and
// commit); the text is made from that JSON alone, read back as a LandscapeRecord, and opens with where
// the critical point is, in units of δ, against the bias's prediction 1 + ε/3.
#pragma once

#include "runs/landscape_record.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace scae {

nlohmann::json landscape_json(const LandscapeRun& run);
std::string landscape_text(const LandscapeRecord& landscape);
// The text from landscape_json's output, read back through the record.
std::string landscape_text(const nlohmann::json& landscape);

}  // namespace scae
