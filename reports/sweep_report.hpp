// `scae sweep` and the report's "Asymptotics" section: follows a regime's sweep path
// (runs/asymptotic_sweep.hpp), keeps each point's result in DIR/sweep_points/h-<h>.json as soon
// as it is known (written atomically), fits the log-log slope and says in a plain sentence whether
// "negligible" is visible at these sizes. With `resume`, points whose stored parameters match are
// read back instead of recomputed, so an interrupted sweep continues where it stopped and ends with
// the same numbers. Timings go to the "context" object only.
#pragma once

#include "asymptotic_sweep.hpp"
#include "regime.hpp"
#include "resources.hpp"
#include "sweep_path.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <utility>

namespace scae {

struct SweepOptions {
  std::filesystem::path directory = "sweep";
  int threads = 1;
  bool resume = false;
  bool progress = true;  // a progress bar on stderr when it is a terminal
  double max_hours = default_max_hours;  // refuse a path estimated to take longer (sweep_point_seconds)
};

// The smallest lower and largest upper bound over a stored point's rows.
std::pair<double, double> row_range(const nlohmann::json& point);
// Everything a point's numbers depend on; a stored point is reused only when this matches.
nlohmann::json sweep_point_key(const Regime& regime, const SweepPoint& point, double confidence);
// A point's result as stored in sweep.json and the point files.
nlohmann::json sweep_point_json(const SweepPointResult& result);

// Requires regime.sweep. Writes the point files; returns {"points", "fit", "conclusion", "context"}.
nlohmann::json sweep_json(const Regime& regime, const SweepOptions& options);
// The Markdown section (starting "## Asymptotics") with the figure asymptotics.svg.
std::string sweep_markdown(const nlohmann::json& sweep);
// Writes DIR/asymptotics.{dat,gp,svg}.
void write_sweep_figure(const std::filesystem::path& dir, const nlohmann::json& sweep);
// Runs the sweep and writes DIR/sweep.json, DIR/sweep.md and the figure; returns the path of sweep.md.
std::filesystem::path write_sweep(const Regime& regime, const SweepOptions& options);

}  // namespace scae
