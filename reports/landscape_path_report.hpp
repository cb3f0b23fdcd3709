// The critical point of E L along the sweep path, rendered (`scae sweep` and the report's "Asymptotics"
// section; the numbers are runs/landscape_path.hpp's, under each point's "landscape" key): a sentence
// saying where the critical point is relative to A*ᵀ and to the δ-ball, a table (t*, t*/δ, the distance
// in units of δ, the ratio, the certificate's verdicts with λ and r), and the figure
// DIR/landscape_path.{dat,gp,svg}: the distance to the critical point in units of δ against h, log-log.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace scae {

// The plain-sentence finding from the measured points ("" when no point was computed).
std::string landscape_path_sentence(const nlohmann::json& sweep);
// The Markdown subsection (starting "### The critical point along the path"), or "" when no point of the
// sweep has a "landscape" computed.
std::string landscape_path_markdown(const nlohmann::json& sweep);
// Writes DIR/landscape_path.{dat,gp,svg} when some point was computed.
void write_landscape_path_figure(const std::filesystem::path& dir, const nlohmann::json& sweep);

}  // namespace scae
