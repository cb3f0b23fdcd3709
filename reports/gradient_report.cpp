#include "reports/gradient_report.hpp"

#include "reports/build_info.hpp"

namespace scae {

namespace {

nlohmann::json numbers(const VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

nlohmann::json estimate_json(const RowEstimate& e) {
  return {{"mean", numbers(e.mean)}, {"halfwidth", numbers(e.halfwidth)}, {"samples", e.samples},
          {"confidence", e.confidence}, {"method", e.method}};
}

}  // namespace

nlohmann::json gradient_json(const GradientRun& run) {
  nlohmann::json out;
  out["schema_version"] = json_schema_version;
  out["commit"] = build_info().commit;
  out["seed"] = run.seed;
  out["samples"] = run.samples;
  out["loss"] = "1/2 |y_hat - y|^2";
  out["recovery_certified"] = run.recovery_certified;
  const RateEstimate& recovery = run.recovery_rate;
  out["recovery_rate"] = {{"rate", recovery.rate},        {"lower", recovery.lower},
                          {"upper", recovery.upper},      {"samples", recovery.trials},
                          {"confidence", run.confidence}, {"method", recovery.method}};
  out["rows"] = nlohmann::json::array();
  for (const GradientRow& r : run.rows) {
    nlohmann::json row = {{"row", r.row}, {"closed_form", numbers(r.closed_form.total)}, {"closed_form_norm", r.closed_form.total.norm()},
                          {"monte_carlo_norm", r.monte_carlo_norm}, {"monte_carlo_norm_radius", r.monte_carlo_norm_radius}};
    nlohmann::json classes = nlohmann::json::object();
    for (const auto& [cls, vec] : r.closed_form.terms) classes[to_name(cls)] = numbers(vec);
    row["terms"] = classes;
    row["enclosure"] = run.recovery_certified ? nlohmann::json(r.enclosure) : nlohmann::json(nullptr);
    row["monte_carlo"] = estimate_json(r.monte_carlo);
    row["monte_carlo"]["q"] = r.q.str();
    row["monte_carlo"]["samples_given"] = r.samples_given;
    row["monte_carlo"]["samples_without"] = r.samples_without;
    row["oracle_correction"] = estimate_json(r.oracle_correction);
    out["rows"].push_back(row);
  }
  return out;
}

}  // namespace scae
