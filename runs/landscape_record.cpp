#include "runs/landscape_record.hpp"

#include "runs/json_number.hpp"
#include "runs/record_field.hpp"
#include "runs/verdict_record.hpp"

#include <stdexcept>
#include <tuple>

namespace scae {
namespace {

using nlohmann::json;

constexpr const char* record_kind = "landscape record";

const json& field(const json& j, const char* name) { return record_field(j, name, record_kind); }
template <class T> T value(const json& j, const char* name) { return record_value<T>(j, name, record_kind); }
double number(const json& j, const char* name) { return record_number(j, name, record_kind); }

json lanczos_json(const LanczosEstimate& e) {
  return {{"lambda_min", json_number(e.lambda_min)}, {"lambda_max", json_number(e.lambda_max)},
          {"ritz_residual", json_number(e.residual)}, {"hessian_products", e.steps},
          {"status", "estimate, not certified"}, {"method", "Lanczos with full reorthogonalisation"}};
}

LanczosEstimate lanczos_from_json(const json& j) {
  return {number(j, "lambda_min"), number(j, "lambda_max"), number(j, "ritz_residual"), value<int>(j, "hessian_products")};
}

json pair_json(double lo, double hi) { return {json_number(lo), json_number(hi)}; }

std::pair<double, double> pair_from_json(const json& j, const char* name) {
  const json& x = field(j, name);
  if (!x.is_array() || x.size() != 2 || !(x[0].is_number() || x[0].is_null()) || !(x[1].is_number() || x[1].is_null()))
    throw std::invalid_argument(std::string(record_kind) + ": the field \"" + name + "\" is not a pair of numbers");
  return {number_from_json(x[0]), number_from_json(x[1])};
}

json group_json(const RowGroup& g, double delta) {
  return {{"group", g.name},
          {"count", g.rows.size()},
          {"rows", g.rows},
          {"distance", pair_json(g.distance_min, g.distance_max)},
          {"distance_over_delta", pair_json(g.distance_min / delta, g.distance_max / delta)},
          {"scale", pair_json(g.scale_min, g.scale_max)},
          {"radial_root", pair_json(g.radial_min, g.radial_max)}};
}

RowGroup group_from_json(const json& j) {
  RowGroup g{value<std::string>(j, "group"), value<std::vector<int>>(j, "rows"), 0, 0, 0, 0, 0, 0};
  std::tie(g.distance_min, g.distance_max) = pair_from_json(j, "distance");
  std::tie(g.scale_min, g.scale_max) = pair_from_json(j, "scale");
  std::tie(g.radial_min, g.radial_max) = pair_from_json(j, "radial_root");
  return g;
}

json newton_json(const std::vector<NewtonIterate>& iterates) {
  json steps = json::array();
  for (const NewtonIterate& it : iterates)
    steps.push_back({{"ratio", json_number(it.ratio)}, {"loss", json_number(it.loss)}, {"cg_steps", it.cg_steps},
                     {"step", json_number(it.step)}});
  return steps;
}

}  // namespace

LandscapeRecord landscape_record(const LandscapeRun& run, int schema_version, const std::string& commit) {
  const CriticalPoint& p = run.point;
  std::vector<VerdictRecord> verdicts;
  for (const auto& [id, v] : run.verdicts) {
    verdicts.push_back(verdict_record(v));
    verdicts.back().id = id;
  }
  return {schema_version, commit, run.regime, record_loss, run.n, run.h, run.k, run.delta, run.eps_median, run.radial.t, run.radial.ratio,
          p.converged, p.ratio, p.loss, run.max_row_distance, run.frobenius_distance, run.scale, run.predicted_scale,
          p.iterates, run.groups, run.at_point, run.at_a, verdicts, run.seconds};
}

json landscape_record_json(const LandscapeRecord& r) {
  json groups = json::array();
  for (const RowGroup& g : r.groups) groups.push_back(group_json(g, r.delta));
  json verdicts = json::array();
  for (const VerdictRecord& v : r.verdicts) verdicts.push_back(verdict_record_json(v));
  return {{"schema_version", r.schema_version},
          {"commit", r.commit},
          {"regime", r.regime},
          {"loss", r.loss},
          {"n", r.n},
          {"h", r.h},
          {"k", r.k},
          {"delta", json_number(r.delta)},
          {"eps_median", json_number(r.eps_median)},
          {"radial_root",
           {{"t", json_number(r.radial_root)}, {"t_over_delta", json_number(r.radial_root / r.delta)},
            {"ratio", json_number(r.radial_ratio)}}},
          {"critical_point",
           {{"converged", r.converged},
            {"ratio", json_number(r.ratio)},
            {"expected_loss", json_number(r.expected_loss)},
            {"max_row_distance", json_number(r.max_row_distance)},
            {"max_row_distance_over_delta", json_number(r.max_row_distance / r.delta)},
            {"frobenius_distance", json_number(r.frobenius_distance)},
            {"frobenius_distance_over_delta", json_number(r.frobenius_distance / r.delta)},
            {"scale", json_number(r.scale)},
            {"predicted_scale", json_number(r.predicted_scale)},
            {"newton", newton_json(r.newton)}}},
          {"row_groups", groups},
          {"hessian", {{"at_critical_point", lanczos_json(r.at_point)}, {"at_a_star", lanczos_json(r.at_a)}}},
          {"verdicts", verdicts},
          {"seconds", json_number(r.seconds)}};
}

LandscapeRecord landscape_record_from_json(const json& j) {
  LandscapeRecord r;
  r.schema_version = value<int>(j, "schema_version");
  r.commit = value<std::string>(j, "commit");
  r.regime = value<std::string>(j, "regime");
  r.loss = value<std::string>(j, "loss");
  r.n = value<int>(j, "n");
  r.h = value<int>(j, "h");
  r.k = value<int>(j, "k");
  r.delta = number(j, "delta");
  r.eps_median = number(j, "eps_median");
  const json& radial = field(j, "radial_root");
  r.radial_root = number(radial, "t");
  r.radial_ratio = number(radial, "ratio");
  const json& p = field(j, "critical_point");
  r.converged = value<bool>(p, "converged");
  r.ratio = number(p, "ratio");
  r.expected_loss = number(p, "expected_loss");
  r.max_row_distance = number(p, "max_row_distance");
  r.frobenius_distance = number(p, "frobenius_distance");
  r.scale = number(p, "scale");
  r.predicted_scale = number(p, "predicted_scale");
  for (const json& s : field(p, "newton"))
    r.newton.push_back({number(s, "ratio"), number(s, "loss"), value<int>(s, "cg_steps"), number(s, "step")});
  for (const json& g : field(j, "row_groups")) r.groups.push_back(group_from_json(g));
  const json& hessian = field(j, "hessian");
  r.at_point = lanczos_from_json(field(hessian, "at_critical_point"));
  r.at_a = lanczos_from_json(field(hessian, "at_a_star"));
  for (const json& v : field(j, "verdicts")) r.verdicts.push_back(verdict_record_from_json(v));
  r.seconds = number(j, "seconds");
  return r;
}

}  // namespace scae
