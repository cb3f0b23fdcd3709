// Rendering of the paper rule's series' Monte Carlo estimate (runs/paper_monte_carlo.hpp) in the
// sweep's Markdown: one table row per estimated row and point, and the sentence of the conclusion.
// Presentation only: every number is the series' PaperEstimate, read back from the sweep's JSON
// (runs/sweep_point_record.hpp).
#pragma once

#include "runs/asymptotic_sweep.hpp"

#include <sstream>
#include <vector>

namespace scae {

// The table, when some point has an estimate; nothing otherwise.
void paper_estimate_table(std::ostringstream& md, const std::vector<SweepPointResult>& points);
// One sentence per the conclusion: the recovery rates against their bounds, the true ratios against
// the oracle's and the correction's share, with the points where no estimate was made.
void paper_estimate_sentence(std::ostringstream& out, const std::vector<SweepPointResult>& points);

}  // namespace scae
