// Gradient descent's end points against W°, the critical point of E L nearest A*ᵀ (the experiments'
// "descent_critical_point"; runs/experiments_run.hpp computes W° and the comparisons): the record a
// report holds, written as JSON and read back. t* and the ratio are null unless W° was computed; a
// comparison that was not made is NaN, written null.
#pragma once

#include "runs/experiments_run.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace scae {

// One descent run's end point against A*ᵀ and against W°.
struct DescentEndPoint {
  double start_distance = 0;
  RowComparison to_a_star, to_critical_point;
};

struct DescentReferenceRecord {
  ReferencePoint reference;
  std::vector<DescentEndPoint> runs;
};

DescentReferenceRecord descent_reference_record(const ExperimentsRun& run);
nlohmann::json descent_reference_json(const DescentReferenceRecord& record);
// Throws std::invalid_argument naming the field when the record lacks one or holds a wrong type.
DescentReferenceRecord descent_reference_from_json(const nlohmann::json& record);

}  // namespace scae
