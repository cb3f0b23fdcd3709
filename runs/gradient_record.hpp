// `scae gradient --json`'s record: the typed GradientRun (runs/gradient_run.hpp) with the build's
// schema version and commit, written as JSON and read back. Every number is written (the closed form,
// its term classes by their names, the enclosure or null, the Monte Carlo means and halfwidths); the
// row's closed_form_norm is written from the closed form and not read back.
#pragma once

#include "runs/gradient_run.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace scae {

struct GradientRecord {
  int schema_version = 0;
  std::string commit;
  GradientRun run;
};

nlohmann::json gradient_record_json(const GradientRecord& record);
// Throws std::invalid_argument naming the field when the record lacks one or holds a wrong value.
GradientRecord gradient_record_from_json(const nlohmann::json& record);

}  // namespace scae
