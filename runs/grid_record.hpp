// The phase grid's stored records (DIR/grid_cells/xi-X.json and p-P_xi-X.json, the resume store's
// files) and the cells of grid.json: a ξ search and a cell read back give the same record bit for
// bit (the point inside a cell as sweep_point_record.hpp writes it). A cell keeps its ξ search,
// every size tried included, so it reads back from its own record alone.
#pragma once

#include "runs/phase_cell.hpp"
#include "runs/xi_target.hpp"

#include <nlohmann/json.hpp>

namespace scae {

nlohmann::json xi_search_json(const XiTarget& target);
XiTarget xi_search_from_json(const nlohmann::json& record);

nlohmann::json phase_cell_json(const PhaseCell& cell);
// Both readers throw std::invalid_argument naming the field when the record lacks one or holds a
// wrong value.
PhaseCell phase_cell_from_json(const nlohmann::json& record);

}  // namespace scae
