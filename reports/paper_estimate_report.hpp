// Rendering of the paper rule's series' Monte Carlo estimate (runs/paper_monte_carlo.hpp) in the
// sweep's Markdown: one table row per estimated row and point, and the sentence of the conclusion.
// Presentation only: every number is read from the series' JSON ("monte_carlo").
#pragma once

#include <nlohmann/json.hpp>

#include <sstream>

namespace scae {

// The table, when some point of `sweep` (sweep_json) has an estimate; nothing otherwise.
void paper_estimate_table(std::ostringstream& md, const nlohmann::json& sweep);
// One sentence per the conclusion: the recovery rates against their bounds, the true ratios against
// the oracle's and the correction's share, with the points where no estimate was made.
void paper_estimate_sentence(std::ostringstream& out, const nlohmann::json& sweep);

}  // namespace scae
