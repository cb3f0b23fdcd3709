#include "reports/gradient_report.hpp"

#include "runs/build_info.hpp"
#include "runs/gradient_record.hpp"

namespace scae {

nlohmann::json gradient_json(const GradientRun& run) {
  return gradient_record_json({json_schema_version, build_info().commit, run});
}

}  // namespace scae
