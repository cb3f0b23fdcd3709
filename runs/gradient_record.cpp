#include "runs/gradient_record.hpp"

#include "runs/json_number.hpp"
#include "runs/record_field.hpp"

#include <stdexcept>

namespace scae {
namespace {

constexpr const char* record_kind = "gradient record";

const nlohmann::json& field(const nlohmann::json& j, const char* name) { return record_field(j, name, record_kind); }
template <class T> T value(const nlohmann::json& j, const char* name) { return record_value<T>(j, name, record_kind); }

nlohmann::json numbers(const VectorXd& v) {
  nlohmann::json out = nlohmann::json::array();
  for (const double x : v) out.push_back(json_number(x));
  return out;
}

VectorXd vector_of(const nlohmann::json& j, const char* name) {
  const nlohmann::json& xs = field(j, name);
  const auto refuse = [&] {
    throw std::invalid_argument(std::string(record_kind) + ": the field \"" + name + "\" is not an array of numbers");
  };
  if (!xs.is_array()) refuse();
  VectorXd v(static_cast<Eigen::Index>(xs.size()));
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!xs[i].is_number() && !xs[i].is_null()) refuse();
    v(static_cast<Eigen::Index>(i)) = number_from_json(xs[i]);
  }
  return v;
}

nlohmann::json estimate_json(const RowEstimate& e) {
  return {{"mean", numbers(e.mean)}, {"halfwidth", numbers(e.halfwidth)}, {"samples", e.samples},
          {"confidence", e.confidence}, {"method", e.method}};
}

RowEstimate estimate_from_json(const nlohmann::json& j) {
  return {vector_of(j, "mean"), vector_of(j, "halfwidth"), value<std::uint64_t>(j, "samples"),
          value<double>(j, "confidence"), value<std::string>(j, "method")};
}

nlohmann::json row_json(const GradientRow& r, bool certified) {
  nlohmann::json classes = nlohmann::json::object();
  for (const auto& [cls, vec] : r.closed_form.terms) classes[std::string(to_name(cls))] = numbers(vec);
  nlohmann::json monte_carlo = estimate_json(r.monte_carlo);
  monte_carlo.update({{"q", r.q.str()}, {"samples_given", r.samples_given}, {"samples_without", r.samples_without}});
  return {{"row", r.row},
          {"closed_form", numbers(r.closed_form.total)},
          {"closed_form_norm", r.closed_form.total.norm()},
          {"monte_carlo_norm", r.monte_carlo_norm},
          {"monte_carlo_norm_radius", r.monte_carlo_norm_radius},
          {"terms", classes},
          {"enclosure", certified ? nlohmann::json(r.enclosure) : nlohmann::json(nullptr)},
          {"monte_carlo", monte_carlo},
          {"oracle_correction", estimate_json(r.oracle_correction)}};
}

GradientRow row_from_json(const nlohmann::json& j) {
  GradientRow r;
  r.row = value<int>(j, "row");
  r.closed_form.row = r.row;
  r.closed_form.total = vector_of(j, "closed_form");
  for (const auto& [name, values] : field(j, "terms").items())
    r.closed_form.terms[from_name<TermClass>(name)] = vector_of(field(j, "terms"), name.c_str());
  if (const nlohmann::json& enclosure = field(j, "enclosure"); !enclosure.is_null())
    r.enclosure = value<std::vector<std::pair<double, double>>>(j, "enclosure");
  r.monte_carlo_norm = value<double>(j, "monte_carlo_norm");
  r.monte_carlo_norm_radius = value<double>(j, "monte_carlo_norm_radius");
  const nlohmann::json& monte_carlo = field(j, "monte_carlo");
  r.monte_carlo = estimate_from_json(monte_carlo);
  r.q = parse_rational(value<std::string>(monte_carlo, "q"));
  r.samples_given = value<std::uint64_t>(monte_carlo, "samples_given");
  r.samples_without = value<std::uint64_t>(monte_carlo, "samples_without");
  r.oracle_correction = estimate_from_json(field(j, "oracle_correction"));
  return r;
}

}  // namespace

nlohmann::json gradient_record_json(const GradientRecord& record) {
  const GradientRun& run = record.run;
  const RateEstimate& recovery = run.recovery_rate;
  nlohmann::json rows = nlohmann::json::array();
  for (const GradientRow& r : run.rows) rows.push_back(row_json(r, run.recovery_certified));
  return {{"schema_version", record.schema_version},
          {"commit", record.commit},
          {"seed", run.seed},
          {"samples", run.samples},
          {"loss", record_loss},
          {"recovery_certified", run.recovery_certified},
          {"recovery_rate",
           {{"rate", recovery.rate}, {"lower", recovery.lower}, {"upper", recovery.upper}, {"samples", recovery.trials},
            {"confidence", run.confidence}, {"method", recovery.method}}},
          {"rows", rows}};
}

GradientRecord gradient_record_from_json(const nlohmann::json& j) {
  GradientRecord record{value<int>(j, "schema_version"), value<std::string>(j, "commit"), {}};
  GradientRun& run = record.run;
  run.seed = value<std::uint64_t>(j, "seed");
  run.samples = value<std::uint64_t>(j, "samples");
  run.recovery_certified = value<bool>(j, "recovery_certified");
  const nlohmann::json& recovery = field(j, "recovery_rate");
  run.recovery_rate.rate = value<double>(recovery, "rate");
  run.recovery_rate.lower = value<double>(recovery, "lower");
  run.recovery_rate.upper = value<double>(recovery, "upper");
  run.recovery_rate.trials = value<std::uint64_t>(recovery, "samples");
  run.recovery_rate.method = value<std::string>(recovery, "method");
  run.confidence = value<double>(recovery, "confidence");
  run.recovery_rate.confidence = run.confidence;
  for (const auto& row : field(j, "rows")) run.rows.push_back(row_from_json(row));
  return record;
}

}  // namespace scae
