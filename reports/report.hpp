// `scae report`: runs a regime's claims and writes DIR/report.json (every number, for machines)
// and DIR/report.md, generated from that JSON only. Both are written to temporary names and
// renamed into place, so an interrupted run leaves no half-written report. The Markdown follows
// the order a reader needs: header (versions, commit, seed, threads, date, machine, run time),
// regime with derived quantities and hypotheses, verdict table, evidence per claim, method.
#pragma once

#include "claim_catalog.hpp"
#include "regime.hpp"

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
std::string report_markdown(const nlohmann::json& report);
// Writes both files; returns the path of report.md.
std::filesystem::path write_report(const Regime& regime, const Instance& instance, const ReportOptions& options);

}  // namespace scae
