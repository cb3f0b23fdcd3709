// `scae report` rendered: report.json (every number, for machines) and report.md, generated from
// that JSON only, from a computed ReportRun (runs/report_run.hpp). Both are written to temporary
// names and renamed into place, so an interrupted run leaves no half-written report
// (report_markdown.hpp makes the Markdown).
#pragma once

#include "reports/report_markdown.hpp"
#include "runs/report_run.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace scae {

nlohmann::json report_json(const ReportRun& run);
// Removes the report.json and report.md of an earlier run (rank 0 only), before a new report runs:
// a run that then fails leaves no result of an older run beside its own stored sweep points.
void remove_report_files(const std::filesystem::path& directory);
// Writes report.json, report.md and the figures into `directory` (rank 0 only); returns the path of report.md.
std::filesystem::path write_report(const ReportRun& run, const std::filesystem::path& directory);

}  // namespace scae
