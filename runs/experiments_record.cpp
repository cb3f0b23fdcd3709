#include "runs/experiments_record.hpp"

#include "runs/json_number.hpp"
#include "runs/record_field.hpp"

#include <algorithm>
#include <stdexcept>

namespace scae {
namespace {

using json = nlohmann::json;

constexpr const char* record_kind = "experiments record";

const json& field(const json& j, const char* name) { return record_field(j, name, record_kind); }
template <class T> T value(const json& j, const char* name) { return record_value<T>(j, name, record_kind); }
double number(const json& j, const char* name) { return record_number(j, name, record_kind); }

json numbers(const std::vector<double>& xs) {
  json out = json::array();
  for (const double x : xs) out.push_back(json_number(x));
  return out;
}

std::vector<double> numbers_of(const json& j, const char* name) {
  const json& xs = field(j, name);
  const auto is_number = [](const json& x) { return x.is_number() || x.is_null(); };
  if (!xs.is_array() || !std::all_of(xs.begin(), xs.end(), is_number))
    throw std::invalid_argument(std::string(record_kind) + ": the field \"" + name + "\" is not an array of numbers");
  std::vector<double> out;
  for (const json& x : xs) out.push_back(number_from_json(x));
  return out;
}

Outcome outcome_of(const json& j) {
  const std::string text = value<std::string>(j, "outcome");
  if (const auto o = find_name<Outcome>(text)) return *o;
  throw std::invalid_argument(std::string(record_kind) + ": the field \"outcome\" holds \"" + text + "\"; accepted: " +
                              accepted_names<Outcome>());
}

json estimate_json(const BatchEstimate& e) { return {{"value", json_number(e.value)}, {"halfwidth", json_number(e.halfwidth)}}; }
BatchEstimate estimate_from_json(const json& j) { return {number(j, "value"), number(j, "halfwidth")}; }

json curve_json(const LossCurve& c) {
  return {{"direction", c.direction},
          {"loss", numbers(c.loss)},
          {"halfwidth", numbers(c.halfwidth)},
          {"argmin_t", json_number(c.argmin_t)},
          {"gap", estimate_json(c.gap)},
          {"second_difference", estimate_json(c.second_difference)},
          {"fit_slope", estimate_json(c.fit_slope)},
          {"fit_curvature", estimate_json(c.fit_curvature)},
          {"fit_vertex", json_number(c.fit_vertex)},
          {"outcome", to_name(c.outcome)}};
}

LossCurve curve_from_json(const json& j) {
  LossCurve c;
  c.direction = value<std::string>(j, "direction");
  c.loss = numbers_of(j, "loss");
  c.halfwidth = numbers_of(j, "halfwidth");
  c.argmin_t = number(j, "argmin_t");
  c.gap = estimate_from_json(field(j, "gap"));
  c.second_difference = estimate_from_json(field(j, "second_difference"));
  c.fit_slope = estimate_from_json(field(j, "fit_slope"));
  c.fit_curvature = estimate_from_json(field(j, "fit_curvature"));
  c.fit_vertex = number(j, "fit_vertex");
  c.outcome = outcome_of(j);
  return c;
}

json loss_well_json(const LossWellRecord& w) {
  json curves = json::array();
  for (const LossCurve& c : w.curves) curves.push_back(curve_json(c));
  json out = {{"t", numbers(w.t)},
              {"normalisation", w.normalisation},
              {"samples", w.samples},
              {"batches", w.batches},
              {"fit_points", w.fit_points},
              {"curve_level", json_number(w.curve_level)},
              {"median_bias", json_number(w.median_bias)},
              {"bias_form", json_number(w.bias_form)},
              {"curves", curves},
              {"verdict", verdict_record_json(w.verdict)},
              {"random_verdict", verdict_record_json(w.random_verdict)}};
  if (w.radial_verdict) out["radial_verdict"] = verdict_record_json(*w.radial_verdict);
  if (w.descent_verdict) out["descent_verdict"] = verdict_record_json(*w.descent_verdict);
  return out;
}

LossWellRecord loss_well_from_json(const json& j) {
  LossWellRecord w;
  w.t = numbers_of(j, "t");
  w.normalisation = value<std::string>(j, "normalisation");
  w.samples = value<std::uint64_t>(j, "samples");
  w.batches = value<int>(j, "batches");
  w.fit_points = value<int>(j, "fit_points");
  w.curve_level = number(j, "curve_level");
  w.median_bias = number(j, "median_bias");
  w.bias_form = number(j, "bias_form");
  for (const json& c : field(j, "curves")) w.curves.push_back(curve_from_json(c));
  w.verdict = verdict_record_from_json(field(j, "verdict"));
  w.random_verdict = verdict_record_from_json(field(j, "random_verdict"));
  if (j.contains("radial_verdict")) w.radial_verdict = verdict_record_from_json(j.at("radial_verdict"));
  if (j.contains("descent_verdict")) w.descent_verdict = verdict_record_from_json(j.at("descent_verdict"));
  return w;
}

json descent_run_json(const DescentRunRecord& r) {
  return {{"start_distance", json_number(r.start_distance)},
          {"behaviour", r.behaviour},
          {"max_distance", numbers(r.max_distance)},
          {"mean_distance", numbers(r.mean_distance)},
          {"min_distance", numbers(r.min_distance)},
          {"loss", numbers(r.loss)},
          {"exact_steps", r.exact_steps},
          {"diverged", r.diverged},
          {"final_mean_norm", json_number(r.final_mean_norm)},
          {"final_min_cosine", json_number(r.final_min_cosine)},
          {"outcome", to_name(r.outcome)}};
}

DescentRunRecord descent_run_from_json(const json& j) {
  return {number(j, "start_distance"), value<std::string>(j, "behaviour"), numbers_of(j, "max_distance"),
          numbers_of(j, "mean_distance"), numbers_of(j, "min_distance"), numbers_of(j, "loss"), value<int>(j, "exact_steps"),
          value<bool>(j, "diverged"), number(j, "final_mean_norm"), number(j, "final_min_cosine"), outcome_of(j)};
}

json descent_json(const DescentRecord& d) {
  json runs = json::array();
  for (const DescentRunRecord& r : d.runs) runs.push_back(descent_run_json(r));
  return {{"steps", d.steps},
          {"step_scale", json_number(d.step_scale)},
          {"step_size", json_number(d.step_size)},
          {"median_bias", json_number(d.median_bias)},
          {"batch", d.batch},
          {"loss_samples", d.loss_samples},
          {"normalise_rows", d.normalise_rows},
          {"close_distance", json_number(d.close_distance)},
          {"runs", runs},
          {"verdict", verdict_record_json(d.verdict)}};
}

json norm_point_json(const GradientNormPoint& p) {
  return {{"delta", json_number(p.delta)},
          {"point", p.point},
          {"recovery_certified", p.recovery_certified},
          {"closed_form", json_number(p.closed_form)},
          {"plain", json_number(p.plain)},
          {"plain_radius", json_number(p.plain_radius)},
          {"corrected", json_number(p.corrected)},
          {"corrected_radius", json_number(p.corrected_radius)},
          {"recovery_rate", json_number(p.recovery_rate)}};
}

GradientNormPoint norm_point_from_json(const json& j) {
  return {number(j, "delta"),           value<int>(j, "point"),       value<bool>(j, "recovery_certified"),
          number(j, "closed_form"),     number(j, "plain"),           number(j, "plain_radius"),
          number(j, "corrected"),       number(j, "corrected_radius"), number(j, "recovery_rate")};
}

json norms_json(const GradientNormsRecord& g) {
  json points = json::array();
  for (const GradientNormPoint& p : g.points) points.push_back(norm_point_json(p));
  return {{"scale", json_number(g.scale)}, {"level", json_number(g.level)}, {"samples", g.samples},
          {"method", g.method},           {"points", points},              {"verdict", verdict_record_json(g.verdict)}};
}

GradientNormsRecord norms_from_json(const json& j) {
  GradientNormsRecord g{number(j, "scale"), number(j, "level"), value<std::uint64_t>(j, "samples"), value<std::string>(j, "method"),
                        {}, verdict_record_from_json(field(j, "verdict"))};
  for (const json& p : field(j, "points")) g.points.push_back(norm_point_from_json(p));
  return g;
}

LossWellRecord loss_well_record(const ExperimentsRun& run) {
  const LossWell& well = run.loss_well;
  const LossWellOptions& o = run.options.well;
  LossWellRecord w{well.ts, well.normalisation, o.samples, o.batches, 2 * o.fit_half_window + 1, well.curve_level, run.median_bias,
                   run.bias_form, well.curves, verdict_record(run.well_verdict), verdict_record(well.verdict), {}, {}};
  const auto has = [&](const char* name) {
    return std::any_of(well.curves.begin(), well.curves.end(), [&](const LossCurve& c) { return c.direction == name; });
  };
  if (has("radial")) w.radial_verdict = verdict_record(well.scaling_verdict);
  if (has("descent")) w.descent_verdict = verdict_record(well.descent_verdict);
  return w;
}

DescentRecord descent_record(const ExperimentsRun& run) {
  const Descent& d = run.descent;
  const DescentOptions& o = run.options.descent;
  DescentRecord out{o.steps, o.step_scale, d.step_size, run.median_bias, o.batch, o.loss_samples, o.normalise_rows,
                    o.close_distance, {}, verdict_record(d.verdict)};
  for (const DescentRun& r : d.runs)
    out.runs.push_back({r.start_distance, run_behaviour(r, o), r.max_distance, r.mean_distance, r.min_distance, r.loss, r.exact_steps,
                        r.diverged, r.final_mean_norm, r.final_min_cosine, r.outcome});
  return out;
}

}  // namespace

ExperimentsRecord experiments_record(const ExperimentsRun& run) {
  const GradientNorms& g = run.gradient_norms;
  return {loss_well_record(run), descent_record(run), descent_reference_record(run),
          {g.scale, g.level, run.options.norms.samples, g.method, g.points, verdict_record(run.norms_verdict)}};
}

json experiments_record_json(const ExperimentsRecord& e) {
  json out = {{"loss_well", loss_well_json(e.loss_well)}, {"descent", descent_json(e.descent)},
              {"gradient_norms", norms_json(e.gradient_norms)}};
  if (e.critical_point) out["descent_critical_point"] = descent_reference_json(*e.critical_point);
  return out;
}

DescentRecord descent_record_from_json(const json& j) {
  DescentRecord d{value<int>(j, "steps"),
                  number(j, "step_scale"),
                  number(j, "step_size"),
                  number(j, "median_bias"),
                  value<std::uint64_t>(j, "batch"),
                  value<std::uint64_t>(j, "loss_samples"),
                  value<bool>(j, "normalise_rows"),
                  number(j, "close_distance"),
                  {},
                  verdict_record_from_json(field(j, "verdict"))};
  for (const json& r : field(j, "runs")) d.runs.push_back(descent_run_from_json(r));
  return d;
}

ExperimentsRecord experiments_record_from_json(const json& j) {
  ExperimentsRecord e{loss_well_from_json(field(j, "loss_well")), descent_record_from_json(field(j, "descent")), std::nullopt,
                      norms_from_json(field(j, "gradient_norms"))};
  if (j.contains("descent_critical_point")) e.critical_point = descent_reference_from_json(j.at("descent_critical_point"));
  return e;
}

}  // namespace scae
