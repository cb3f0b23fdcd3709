// The report's answer to its headline question, "is the expected gradient negligible?" (Theorem 3.2
// of Rangamani et al., ISIT 2018: ‖E∇_{W_i} L‖ becomes negligible near A* as h grows, for a bias that
// vanishes with h). Rendered from report.json only, read back as a ReportRecord
// (runs/report_record.hpp): the certified ratios ‖E∇_{W_i}‖/(q_i m2) at the regime's W (or the
// Monte Carlo mean when recovery is not certified), the bias's own share
// ε(2m1 − ε)/m2, the Theorem 3.2 bound verdicts and the sweep path's fit. Says what the numbers show
// and nothing more.
#pragma once

#include "runs/report_record.hpp"

#include <string>

namespace scae {

// One paragraph for the Summary: the ratio at this size and, when a path was run, along it.
std::string negligibility_answer(const ReportRecord& report);
// The section "Is the expected gradient negligible?": the same numbers with the bounds and the contrast series.
std::string negligibility(const ReportRecord& report);

}  // namespace scae
