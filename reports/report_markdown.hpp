// report.md, generated from report.json only (reports/report.hpp writes both), read back as a
// ReportRecord (runs/report_record.hpp), in the order a reader
// needs: header (versions, commit, seed, threads, date, machine, run time), summary with the headline
// answer, regime, verdict tables, negligibility, recovery windows, Monte Carlo summary, evidence per
// claim, asymptotics, the paper's experiments, method.
#pragma once

#include "runs/report_record.hpp"

#include <string>

namespace scae {

std::string report_markdown(const ReportRecord& report);

}  // namespace scae
