// What produced a result: scae version and git commit, compiler, build type and the versions of
// the numerical libraries. Every report and benchmark prints it.
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
nlohmann::json to_json(const BuildInfo& info);

}  // namespace scae
