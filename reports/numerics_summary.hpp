// The numerics summary rendered (runs/numerics_summary_run.hpp computes it, runs/numerics_summary_record.hpp
// holds its JSON): instance sizes, certified coherence and xi, the distance of W from A*, and the Monte
// Carlo estimates (support recovery, loss, gradient norms) with their confidence statements, seed and
// versions. Everything that depends on the run rather than on the regime and seed (threads, run time;
// date and host in reports) sits in the top-level "context". `scae summary` prints it; its JSON is
// also the core of the report.
#pragma once

#include "input/regime.hpp"
#include "runs/numerics_summary_record.hpp"
#include "runs/numerics_summary_run.hpp"

#include <string>

namespace scae {

// `scae summary`'s output: the record's JSON (`json`), or the text rendered from the record read back
// from that JSON.
std::string numerics_summary_output(const Regime& regime, const NumericsSummaryRun& run, bool json);
std::string format_numerics_summary(const NumericsSummaryRecord& summary);

}  // namespace scae
