// What produced a result: scae version and git commit, compiler, build type and the versions of
// the numerical libraries. Every report and benchmark prints it; its JSON object ("build" in
// report.json, sweep.json, grid.json and `scae summary --json`) is written and read here only.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace scae {

// The top-level "schema_version" of every JSON file scae writes (docs/json.md); raised when a
// field changes meaning or is removed.
constexpr int json_schema_version = 1;

struct BuildInfo {
  std::string version;
  std::string commit;  // git HEAD of the source tree at run time (suffix "-dirty" for local changes)
  std::string compiler;
  std::string build_type;
  std::string eigen, boost, gmp, mpfr, mpfi;
};

BuildInfo build_info();
// {"scae", "commit", "compiler", "build_type", "eigen", "boost", "gmp", "mpfr", "mpfi"}, all strings.
nlohmann::json to_json(const BuildInfo& info);
// The "build" object read back; throws std::invalid_argument "RECORD: no field "NAME"" or "...: the
// field "NAME" holds the wrong type (...)" for a missing or mistyped field.
BuildInfo build_info_from_json(const nlohmann::json& build, const char* record);

}  // namespace scae
