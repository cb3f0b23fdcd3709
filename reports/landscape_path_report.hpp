// The critical point of E L along the sweep path, rendered (`scae sweep` and the report's "Asymptotics"
// section; the numbers are runs/landscape_path.hpp's, each point's PathLandscape read back from the
// sweep's JSON by runs/sweep_record.hpp): a sentence saying where the critical point is relative
// to A*ᵀ and to the δ-ball, a table (t*, t*/δ, the distance in units of δ, the ratio, the
// certificate's verdicts with λ and r), and the figure
// DIR/landscape_path.{dat,gp,svg}: the distance to the critical point in units of δ against h, log-log.
#pragma once

#include "runs/asymptotic_sweep.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace scae {

// The plain-sentence finding from the measured points ("" when no point was computed).
std::string landscape_path_sentence(const std::vector<SweepPointResult>& points);
// The Markdown subsection (starting "### The critical point along the path"), or "" when no point has
// its landscape computed.
std::string landscape_path_markdown(const std::vector<SweepPointResult>& points);
// Writes DIR/landscape_path.{dat,gp,svg} when some point was computed.
void write_landscape_path_figure(const std::filesystem::path& dir, const std::vector<SweepPointResult>& points);

}  // namespace scae
