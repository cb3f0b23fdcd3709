// A double in JSON: a number when finite, null otherwise (JSON has no NaN or infinity), and back,
// null read as NaN. The stored records (sweep_point_record.hpp, sweep_record.hpp, ...) write their
// numbers this way.
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>

namespace scae {

inline nlohmann::json json_number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }
inline double number_from_json(const nlohmann::json& j) { return j.is_null() ? NAN : j.get<double>(); }

}  // namespace scae
