// Reading a stored record back (the resume store's sweep points and grid cells): a field refused by
// name when it is missing, and a hypothesis with its verdict, refused when the verdict names no
// outcome. `record` names the kind of record in the message ("sweep point record", ...).
#pragma once

#include "theory/hypotheses.hpp"

#include <nlohmann/json.hpp>

namespace scae {

// The field `name` of `j`; throws std::invalid_argument "RECORD: no field "NAME"" when it is missing.
const nlohmann::json& record_field(const nlohmann::json& j, const char* name, const char* record);
// A hypothesis from its "id", "statement" and "verdict" fields, and "summary" when `with_summary`.
Hypothesis hypothesis_from_json(const nlohmann::json& j, const char* record, bool with_summary);

}  // namespace scae
