// `scae landscape`'s record: what the JSON (`--json`) and the text show of a LandscapeRun
// (runs/landscape_run.hpp), with the build's schema version and commit, written and read back. The
// quotients by δ and the group's row count are written from the other fields and not read back; W°
// itself is exported apart (`--export`), not recorded.
#pragma once

#include "runs/landscape_run.hpp"
#include "runs/verdict_record.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace scae {

struct LandscapeRecord {
  int schema_version = 0;
  std::string commit;
  std::string regime;
  std::string loss;  // the loss E L is of
  int n = 0, h = 0, k = 0;
  double delta = 0, eps_median = 0;
  double radial_root = 0, radial_ratio = 0;  // t* and the ratio at (1 + t*) A*ᵀ
  // At W°: Newton–CG's end, the ratio max_i ‖E∇_{W_i}‖/(q_i m2), E L, the distances to A*ᵀ and c.
  bool converged = false;
  double ratio = 0, expected_loss = 0, max_row_distance = 0, frobenius_distance = 0, scale = 0, predicted_scale = 0;
  std::vector<NewtonIterate> newton;
  std::vector<RowGroup> groups;
  LanczosEstimate at_point, at_a;
  std::vector<VerdictRecord> verdicts;  // each with its id
  double seconds = 0;
};

LandscapeRecord landscape_record(const LandscapeRun& run, int schema_version, const std::string& commit);
nlohmann::json landscape_record_json(const LandscapeRecord& record);
// Throws std::invalid_argument naming the field when the record lacks one or holds a wrong value.
LandscapeRecord landscape_record_from_json(const nlohmann::json& record);

}  // namespace scae
