// The sweep rendered (`scae sweep` and the report's "Asymptotics" section): the plain-sentence
// conclusion on whether "negligible" is visible at these sizes, the Markdown section and the figure,
// each from a SweepRecord (runs/sweep_record.hpp) read back from sweep.json (or report.json's
// "asymptotics"). Timings go to the record's context only.
#pragma once

#include "input/regime.hpp"
#include "runs/sweep_record.hpp"
#include "runs/sweep_run.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace scae {

// The smallest lower and largest upper bound over a series' rows.
std::pair<double, double> row_range(const SeriesPoint& series);

// The run's record read back from its JSON, with its conclusion (rendered from it).
SweepRecord concluded_sweep_record(const SweepRun& run);
// The Markdown section (starting "## Asymptotics") with the figure asymptotics.svg.
std::string sweep_markdown(const SweepRecord& sweep);
// Writes DIR/asymptotics.{dat,gp,svg}.
void write_sweep_figure(const std::filesystem::path& dir, const SweepRecord& sweep);
// The files write_sweep writes into `directory` (SweepOptions::replaced removes an earlier run's).
std::vector<std::filesystem::path> sweep_files(const std::filesystem::path& directory);
// Writes DIR/sweep.json, DIR/sweep.md and the figure (rank 0 only); returns the path of sweep.md.
std::filesystem::path write_sweep(const Regime& regime, const SweepRun& run, const std::filesystem::path& directory);

}  // namespace scae
