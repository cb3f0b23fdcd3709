#include "runs/sweep_record.hpp"

#include "runs/json_number.hpp"
#include "runs/record_field.hpp"
#include "runs/sweep_point_record.hpp"

#include <stdexcept>
#include <string>

namespace scae {
namespace {

using json = nlohmann::json;
constexpr const char* record_kind = "sweep record";

constexpr const char* fit_method =
    "least squares on log h, log mean ratio; error-bar range: extreme slopes over the points' intervals; "
    "misfit range [lower, upper]: Student t from the residuals (not a confidence interval)";
constexpr const char* predicted_slope_method =
    "least-squares slope of log h^(p - xi) over the computed points, p = log k / log h: the "
    "theorem's rate, reported beside the slope verdict's prediction";
constexpr const char* bias_term_slope_method =
    "least-squares slope of log of the mean over rows of e(2m1 - e)/m2: the slope verdict's prediction";

const json& field(const json& j, const char* name) { return record_field(j, name, record_kind); }
template <class T> T value(const json& j, const char* name) { return record_value<T>(j, name, record_kind); }
double number(const json& j, const char* name) { return record_number(j, name, record_kind); }

json fit_json(const std::optional<SeriesFit>& s) {
  if (!s) return nullptr;
  const SlopeFit& f = s->fit;
  return {{"series", s->series},
          {"points", f.points},
          {"slope", f.slope},
          {"intercept", f.intercept},
          {"error_bar_range", {s->error_bars.first, s->error_bars.second}},
          {"lower", json_number(f.lower)},
          {"upper", json_number(f.upper)},
          {"confidence", f.confidence},
          {"first_ratio", s->first_ratio},
          {"last_ratio", s->last_ratio},
          {"method", fit_method}};
}

std::optional<SeriesFit> fit_from_json(const json& j) {
  if (j.is_null()) return std::nullopt;
  SeriesFit s;
  s.series = value<std::string>(j, "series");
  s.fit.points = value<int>(j, "points");
  s.fit.slope = number(j, "slope");
  s.fit.intercept = number(j, "intercept");
  const json& bars = field(j, "error_bar_range");
  const auto end = [&](std::size_t i) { return bars[i].is_number() || bars[i].is_null(); };
  if (!bars.is_array() || bars.size() != 2 || !end(0) || !end(1))
    throw std::invalid_argument(std::string(record_kind) + ": the field \"error_bar_range\" is not a pair of numbers: " + bars.dump());
  s.error_bars = {number_from_json(bars[0]), number_from_json(bars[1])};
  s.fit.lower = number(j, "lower");
  s.fit.upper = number(j, "upper");
  s.fit.confidence = number(j, "confidence");
  s.first_ratio = number(j, "first_ratio");
  s.last_ratio = number(j, "last_ratio");
  value<std::string>(j, "method");  // a fixed text: required, not kept
  return s;
}

}  // namespace

json sweep_context_json(const SweepContext& c) {
  json seconds = json::object();
  for (const auto& [h, t] : c.point_seconds) seconds[std::to_string(h)] = t;
  json out = {{"point_seconds", seconds}, {"resumed_points", c.resumed_points}, {"seconds", c.seconds}};
  if (c.threads) out["threads"] = *c.threads;
  if (c.processes) out["processes"] = *c.processes;
  return out;
}

SweepContext sweep_context_from_json(const json& j) {
  SweepContext c;
  const json& seconds = field(j, "point_seconds");
  if (!seconds.is_object())
    throw std::invalid_argument(std::string(record_kind) + ": the field \"point_seconds\" is not an object: " + seconds.dump());
  for (const auto& [h, t] : seconds.items()) {
    const auto digits = h.find_first_not_of("0123456789");
    if (h.empty() || digits != std::string::npos)
      throw std::invalid_argument(std::string(record_kind) + ": the field \"point_seconds\" has the key \"" + h + "\", not an h");
    c.point_seconds[std::stoi(h)] = number(seconds, h.c_str());
  }
  c.resumed_points = value<std::vector<int>>(j, "resumed_points");
  c.seconds = number(j, "seconds");
  if (j.contains("threads")) c.threads = value<int>(j, "threads");
  if (j.contains("processes")) c.processes = value<int>(j, "processes");
  return c;
}

namespace {

void add_source(json& out, const SweepSource& s) {
  out["schema_version"] = s.schema_version;
  out["build"] = to_json(s.build);
  out["regime"] = {{"name", s.regime}, {"source", s.regime_file}, {"seed", s.seed}};
}

SweepSource source_from_json(const json& j) {
  SweepSource s;
  s.schema_version = value<int>(j, "schema_version");
  s.build = build_info_from_json(field(j, "build"), record_kind);
  const json& regime = field(j, "regime");
  s.regime = value<std::string>(regime, "name");
  s.regime_file = value<std::string>(regime, "source");
  s.seed = value<std::uint64_t>(regime, "seed");
  return s;
}

}  // namespace

SweepRecord sweep_record(const SweepRun& run) {
  SweepRecord r;
  r.points = run.points;
  r.series = run.series.text();
  r.vanishing_bias = run.vanishing_bias;
  r.bias_limit = run.bias_limit.convert_to<double>();
  r.bias_limit_exact = run.bias_limit.str();
  r.contrast_vanishing = !run.points.empty() && run.points.front().contrast && vanishes_with_h(run.points.front().contrast->rule);
  r.fit = run.fit;
  r.contrast_fit = run.contrast_fit;
  r.paper_fit = run.paper_fit;
  r.bias_slope = run.bias_slope;
  r.predicted_slope = run.predicted_slope;
  r.bias_term_slope = run.bias_term_slope;
  r.typical_slope = run.typical_slope;
  r.atypical_slope = run.atypical_slope;
  for (const PathVerdict& p : run.verdicts) {
    VerdictRecord v = verdict_record(p.verdict);
    v.id = p.id;
    v.statement = p.statement;
    r.verdicts.push_back(v);
  }
  r.point_confidence = run.point_confidence;
  r.context = SweepContext{run.point_seconds, run.resumed, run.seconds, std::nullopt, std::nullopt};
  return r;
}

json sweep_record_json(const SweepRecord& r) {
  json out = {{"points", json::array()}};
  for (const auto& p : r.points) out["points"].push_back(sweep_point_json(p));
  out["series"] = r.series;
  out["vanishing_bias"] = r.vanishing_bias;
  out["bias_limit"] = r.bias_limit;
  out["bias_limit_exact"] = r.bias_limit_exact;
  out["contrast_vanishing"] = r.contrast_vanishing;
  out["fit"] = fit_json(r.fit);
  out["contrast_fit"] = fit_json(r.contrast_fit);
  out["paper_fit"] = fit_json(r.paper_fit);
  out["bias_slope"] = json_number(r.bias_slope);
  out["predicted_slope"] = json_number(r.predicted_slope);
  out["predicted_slope_method"] = predicted_slope_method;
  out["bias_term_slope"] = json_number(r.bias_term_slope);
  out["bias_term_slope_method"] = bias_term_slope_method;
  out["typical_slope"] = json_number(r.typical_slope);
  out["atypical_slope"] = json_number(r.atypical_slope);
  out["verdicts"] = json::array();
  for (const VerdictRecord& v : r.verdicts) out["verdicts"].push_back(verdict_record_json(v));
  out["conclusion"] = r.conclusion;
  out["point_confidence"] = r.point_confidence;
  if (r.context) out["context"] = sweep_context_json(*r.context);
  if (r.source) add_source(out, *r.source);
  return out;
}

SweepRecord sweep_record_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument(std::string(record_kind) + ": not a JSON object");
  SweepRecord r;
  r.points = sweep_points_from_json(j);
  r.series = value<std::string>(j, "series");
  r.vanishing_bias = value<bool>(j, "vanishing_bias");
  r.bias_limit = number(j, "bias_limit");
  r.bias_limit_exact = value<std::string>(j, "bias_limit_exact");
  r.contrast_vanishing = value<bool>(j, "contrast_vanishing");
  r.fit = fit_from_json(field(j, "fit"));
  r.contrast_fit = fit_from_json(field(j, "contrast_fit"));
  r.paper_fit = fit_from_json(field(j, "paper_fit"));
  r.bias_slope = number(j, "bias_slope");
  r.predicted_slope = number(j, "predicted_slope");
  value<std::string>(j, "predicted_slope_method");  // fixed texts: required, not kept
  r.bias_term_slope = number(j, "bias_term_slope");
  value<std::string>(j, "bias_term_slope_method");
  r.typical_slope = number(j, "typical_slope");
  r.atypical_slope = number(j, "atypical_slope");
  const json& verdicts = field(j, "verdicts");
  if (!verdicts.is_array()) throw std::invalid_argument(std::string(record_kind) + ": the field \"verdicts\" is not an array");
  for (const json& v : verdicts) r.verdicts.push_back(verdict_record_from_json(v));
  r.conclusion = value<std::string>(j, "conclusion");
  r.point_confidence = number(j, "point_confidence");
  if (j.contains("context")) r.context = sweep_context_from_json(field(j, "context"));
  if (j.contains("schema_version")) r.source = source_from_json(j);
  return r;
}

}  // namespace scae
