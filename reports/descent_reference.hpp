// Gradient descent's end points against W°, the critical point of E L nearest A*ᵀ (issue 25 part 6;
// runs/experiments_run.hpp computes W° on the same instance), rendered from the typed record of
// runs/descent_reference_record.hpp: per start, ‖W − W°‖_F, max_i ‖W_i − W°_i‖ and the columnwise
// cosines cos(W_i, W°_i) beside cos(W_i, A*_i) and ‖W − A*ᵀ‖_F as a Markdown table; when W° could not
// be computed (recovery not certified at A*ᵀ) the output says so instead.
#pragma once

#include "runs/descent_reference_record.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace scae {

// The paragraph and table.
std::string descent_reference_markdown(const DescentReferenceRecord& reference);
// The report summary's sentence on where the minimum is: t* in units of δ (the point's largest row
// distance) and the descent end points' largest row distance to W° and to A*ᵀ; "" when W° was not computed.
std::string critical_point_sentence(const DescentReferenceRecord& reference, double delta);

}  // namespace scae
