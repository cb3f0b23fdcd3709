// `scae gradient REGIME --rows LIST --json`: for each row, the closed form (docs/theory.md §4) with its
// term classes, a certified enclosure where support recovery is certified (then the closed form
// is the true expected gradient; otherwise null), the Monte Carlo mean of the true gradient (by the
// row-conditional estimator, numerics/estimate/row_conditional.hpp) and the oracle correction (plain
// sampling) with per-coordinate halfwidths — all numbers, so that any other tool can recompute them.
#pragma once

#include "input/regime.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace scae {

nlohmann::json gradient_json(const Instance& instance, const std::vector<int>& rows, int threads);

}  // namespace scae
