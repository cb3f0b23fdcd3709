// A sweep point's result as the resume store keeps it (DIR/sweep_points/h-<h>.json, the grid's
// cell files) and as sweep.json shows it. Reading a record back gives the same numbers bit for bit
// (17 significant digits; a number that is not finite is written null and read back as NaN), so a
// resumed sweep renders exactly what an uninterrupted one does. The key lists every input the
// numbers depend on: a stored point is reused only when its key equals the asking run's.
#pragma once

#include "runs/asymptotic_sweep.hpp"
#include "runs/landscape_path.hpp"
#include "input/regime.hpp"
#include "input/sweep_path.hpp"

#include <nlohmann/json.hpp>

namespace scae {

// `landscape`: the key holds the search run at the point's h (landscape_path_method).
nlohmann::json sweep_point_key(const Regime& regime, const SweepPoint& point, double confidence,
                               const LandscapePathLimits& landscape = no_landscape_path);
nlohmann::json sweep_point_json(const SweepPointResult& result);
// Throws std::invalid_argument naming the field when the record lacks one or holds a wrong type.
SweepPointResult sweep_point_from_json(const nlohmann::json& record);
// The points of sweep.json (or of report.json's "asymptotics"), each read by sweep_point_from_json.
std::vector<SweepPointResult> sweep_points_from_json(const nlohmann::json& sweep);

}  // namespace scae
