// The phase grid's stored records (DIR/grid_cells/xi-X.json and p-P_xi-X.json, the resume store's
// files) and the cells of grid.json: a ξ search and a cell read back give the same record bit for
// bit (the point inside a cell as sweep_point_record.hpp writes it). A cell's search is not stored
// in the cell: reading a cell back takes the ξ search it was computed from, which its key fixes.
#pragma once

#include "runs/phase_cell.hpp"
#include "runs/xi_target.hpp"

#include <nlohmann/json.hpp>

namespace scae {

nlohmann::json xi_search_json(const XiTarget& target);
XiTarget xi_search_from_json(const nlohmann::json& record);

nlohmann::json phase_cell_json(const PhaseCell& cell);
// The cell at (p_target, xi_target) whose ξ search gave `xi`; throws std::invalid_argument naming
// the field when the record lacks one or holds a wrong value.
PhaseCell phase_cell_from_json(const nlohmann::json& record, const rational& p_target, const rational& xi_target,
                               const XiTarget& xi);

}  // namespace scae
