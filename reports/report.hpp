// `scae report`: runs a regime's claims and writes DIR/report.json (every number, for machines)
// and DIR/report.md, generated from that JSON only. Both are written to temporary names and
// renamed into place, so an interrupted run leaves no half-written report (report_markdown.hpp
// makes the Markdown).
#pragma once

#include "claim_catalog.hpp"
#include "regime.hpp"
#include "report_markdown.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace scae {

struct ReportOptions {
  std::filesystem::path directory = "report";
  std::vector<int> rows;  // empty: default_rows(h)
  int threads = 1;
};

nlohmann::json report_json(const Regime& regime, const Instance& instance, const ReportOptions& options);
// Writes both files; returns the path of report.md.
std::filesystem::path write_report(const Regime& regime, const Instance& instance, const ReportOptions& options);

}  // namespace scae
