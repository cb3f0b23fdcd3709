#include "runs/sweep_point_record.hpp"

#include "runs/json_number.hpp"
#include "runs/record_field.hpp"

#include <optional>
#include <stdexcept>

namespace scae {
namespace {

// The statement the record adds to the point's hypotheses: Theorem 3.1's bias condition, whose
// verdict is the main series' deterministic recovery.
constexpr const char* recovery_hypothesis = "bias_recovers_every_sample";

nlohmann::json json_numbers(const std::vector<double>& xs) {
  nlohmann::json out = nlohmann::json::array();
  for (const double x : xs) out.push_back(json_number(x));
  return out;
}

nlohmann::json names_of(const std::vector<RatioComparison>& xs) {
  nlohmann::json out = nlohmann::json::array();
  for (const RatioComparison x : xs) out.push_back(to_name(x));
  return out;
}

// The paper series' Monte Carlo estimate (PaperEstimate), null when not made.
nlohmann::json estimate_json(const std::optional<PaperEstimate>& e) {
  if (!e) return nullptr;
  return {{"method", e->method},
          {"rows", e->rows},
          {"atypical", e->atypical},
          {"ratio", json_numbers(e->ratio)},
          {"lower", json_numbers(e->lower)},
          {"upper", json_numbers(e->upper)},
          {"oracle_ratio", json_numbers(e->oracle_ratio)},
          {"correction", json_numbers(e->correction)},
          {"correction_lower", json_numbers(e->correction_lower)},
          {"correction_upper", json_numbers(e->correction_upper)},
          {"share", json_numbers(e->share)},
          {"share_lower", json_numbers(e->share_lower)},
          {"share_upper", json_numbers(e->share_upper)},
          {"comparison", names_of(e->comparison)},
          {"samples_given", e->samples_given},
          {"samples_without", e->samples_without},
          {"fired_without", e->fired_without},
          {"recovery",
           {{"rate", json_number(e->recovery_rate)}, {"lower", json_number(e->recovery_lower)}, {"upper", json_number(e->recovery_upper)},
            {"chernoff_hoeffding_bound", json_number(e->recovery_bound)}, {"samples", e->recovery_samples},
            {"method", "Clopper-Pearson"}}},
          {"recovery_verdict", to_name(e->recovery_verdict)},
          {"correction_verdict", to_name(e->correction_verdict)},
          {"confidence", json_number(e->confidence)},
          {"relative", json_number(e->relative)},
          {"seconds", json_number(e->seconds)},
          {"plan_seconds", json_number(e->plan_seconds)}};
}

nlohmann::json series_json(const SeriesPoint& s) {
  nlohmann::json classes = nlohmann::json::object();
  for (const auto& [name, value] : s.class_ratios) classes[name] = json_number(value);
  return {{"series", s.rule.text()},
          {"bias_rule", to_name(s.rule.rule)},
          {"bias_fraction", takes_fraction(s.rule.rule) ? nlohmann::json(s.rule.fraction.str()) : nlohmann::json(nullptr)},
          {"bias_constant", takes_constant(s.rule.rule) ? nlohmann::json(s.rule.constant.str()) : nlohmann::json(nullptr)},
          {"eps", {{"min", json_number(s.eps_min)}, {"median", json_number(s.eps_median)}, {"max", json_number(s.eps_max)}}},
          {"max_bias", json_number(s.eps_max)},
          {"recovery", to_name(s.recovery)},
          {"ball_recovery", to_name(s.ball_recovery)},
          {"ball_bound_gradient", s.ball_recovery == Outcome::proven ? "true" : "oracle"},
          {"method", to_name(s.method)},
          {"note", s.note},
          {"ratio", json_numbers(s.ratio)},
          {"lower", json_numbers(s.lower)},
          {"upper", json_numbers(s.upper)},
          {"mean_ratio", json_number(s.mean_ratio)},
          {"typical_mean_ratio", json_number(s.typical_mean_ratio)},
          {"atypical_mean_ratio", json_number(s.atypical_mean_ratio)},
          {"bias_term_remainder", json_number(s.bias_term_remainder)},
          {"quantiles", json_numbers(s.quantiles)},
          {"mean_gradient_norm", json_number(s.mean_gradient_norm)},
          {"bias_form", json_number(s.bias_form)},
          {"class_ratios", classes},
          {"dominant_class", s.dominant_class},
          {"ball_bound", {json_number(s.bound_lower), json_number(s.bound_upper)}},
          {"recovery_probability",
           {{"rate", json_number(s.recovery_rate)}, {"lower", json_number(s.recovery_lower)}, {"upper", json_number(s.recovery_upper)},
            {"chernoff_hoeffding_bound", json_number(s.recovery_bound)}}},
          {"samples", s.samples},
          {"confidence", json_number(s.confidence)},
          {"monte_carlo", estimate_json(s.estimate)},
          {"monte_carlo_note", s.estimate_note}};
}

constexpr const char* record_kind = "sweep point record";

const nlohmann::json& field(const nlohmann::json& j, const char* name) { return record_field(j, name, record_kind); }
template <class T> T value(const nlohmann::json& j, const char* name) { return record_value<T>(j, name, record_kind); }
double number(const nlohmann::json& j, const char* name) { return record_number(j, name, record_kind); }

std::vector<double> numbers_of(const nlohmann::json& j) {
  std::vector<double> out;
  for (const auto& x : j) out.push_back(number_from_json(x));
  return out;
}

BiasChoice rule_of(const nlohmann::json& j) {
  const std::string name = value<std::string>(j, "bias_rule");
  const auto rule = find_name<BiasRule>(name);
  if (!rule) throw std::invalid_argument("sweep point record: bias_rule = \"" + name + "\"; the rules are " + accepted_names<BiasRule>());
  const nlohmann::json &fraction = field(j, "bias_fraction"), &constant = field(j, "bias_constant");
  return BiasChoice(*rule, fraction.is_null() ? BiasChoice{}.fraction : parse_rational(fraction.get<std::string>()),
                    constant.is_null() ? BiasChoice{}.constant : parse_rational(constant.get<std::string>()));
}

std::optional<PaperEstimate> estimate_from_json(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  PaperEstimate e;
  e.method = value<std::string>(j, "method");
  e.rows = value<std::vector<int>>(j, "rows");
  e.atypical = value<std::vector<bool>>(j, "atypical");
  e.ratio = numbers_of(field(j, "ratio"));
  e.lower = numbers_of(field(j, "lower"));
  e.upper = numbers_of(field(j, "upper"));
  e.oracle_ratio = numbers_of(field(j, "oracle_ratio"));
  e.correction = numbers_of(field(j, "correction"));
  e.correction_lower = numbers_of(field(j, "correction_lower"));
  e.correction_upper = numbers_of(field(j, "correction_upper"));
  e.share = numbers_of(field(j, "share"));
  e.share_lower = numbers_of(field(j, "share_lower"));
  e.share_upper = numbers_of(field(j, "share_upper"));
  for (const std::string& name : value<std::vector<std::string>>(j, "comparison")) {
    const auto comparison = find_name<RatioComparison>(name);
    if (!comparison)
      throw std::invalid_argument(std::string(record_kind) + ": the field \"comparison\" holds \"" + name + "\"; accepted: " +
                                  accepted_names<RatioComparison>());
    e.comparison.push_back(*comparison);
  }
  e.samples_given = value<std::vector<std::uint64_t>>(j, "samples_given");
  e.samples_without = value<std::vector<std::uint64_t>>(j, "samples_without");
  e.fired_without = value<std::vector<std::uint64_t>>(j, "fired_without");
  const nlohmann::json& recovery = field(j, "recovery");
  e.recovery_rate = number(recovery, "rate");
  e.recovery_lower = number(recovery, "lower");
  e.recovery_upper = number(recovery, "upper");
  e.recovery_bound = number(recovery, "chernoff_hoeffding_bound");
  e.recovery_samples = value<std::uint64_t>(recovery, "samples");
  e.recovery_verdict = record_enum<Outcome>(j, "recovery_verdict", record_kind);
  e.correction_verdict = record_enum<Outcome>(j, "correction_verdict", record_kind);
  e.confidence = number(j, "confidence");
  e.relative = number(j, "relative");
  e.seconds = number(j, "seconds");
  e.plan_seconds = number(j, "plan_seconds");
  return e;
}

SeriesPoint series_from_json(const nlohmann::json& j) {
  SeriesPoint s;
  s.rule = rule_of(j);
  const nlohmann::json& eps = field(j, "eps");
  s.eps_min = number(eps, "min");
  s.eps_median = number(eps, "median");
  s.eps_max = number(eps, "max");
  s.recovery = record_enum<Outcome>(j, "recovery", record_kind);
  s.ball_recovery = record_enum<Outcome>(j, "ball_recovery", record_kind);
  s.method = record_enum<SeriesMethod>(j, "method", record_kind);
  s.note = value<std::string>(j, "note");
  s.ratio = numbers_of(field(j, "ratio"));
  s.lower = numbers_of(field(j, "lower"));
  s.upper = numbers_of(field(j, "upper"));
  s.mean_ratio = number(j, "mean_ratio");
  s.typical_mean_ratio = number(j, "typical_mean_ratio");
  s.atypical_mean_ratio = number(j, "atypical_mean_ratio");
  s.bias_term_remainder = number(j, "bias_term_remainder");
  s.quantiles = numbers_of(field(j, "quantiles"));
  s.mean_gradient_norm = number(j, "mean_gradient_norm");
  s.bias_form = number(j, "bias_form");
  for (const auto& [name, value] : field(j, "class_ratios").items()) s.class_ratios.emplace_back(name, number_from_json(value));
  s.dominant_class = value<std::string>(j, "dominant_class");
  const nlohmann::json& ball = field(j, "ball_bound");
  s.bound_lower = number_from_json(ball.at(0));
  s.bound_upper = number_from_json(ball.at(1));
  const nlohmann::json& recovery = field(j, "recovery_probability");
  s.recovery_rate = number(recovery, "rate");
  s.recovery_lower = number(recovery, "lower");
  s.recovery_upper = number(recovery, "upper");
  s.recovery_bound = number(recovery, "chernoff_hoeffding_bound");
  s.samples = value<std::uint64_t>(j, "samples");
  s.confidence = number(j, "confidence");
  s.estimate = estimate_from_json(field(j, "monte_carlo"));
  s.estimate_note = value<std::string>(j, "monte_carlo_note");
  return s;
}

// An outcome written "" when there is none (a search that did not get so far).
std::optional<Outcome> outcome_or_none(const nlohmann::json& j, const char* name) {
  if (record_value<std::string>(j, name, record_kind).empty()) return std::nullopt;
  return record_enum<Outcome>(j, name, record_kind);
}

nlohmann::json landscape_json(const PathLandscape& l) {
  const auto outcome_or_empty = [](const std::optional<Outcome>& o) { return o ? to_name(*o) : std::string(); };
  return {{"method", to_name(l.method)},
          {"note", l.note},
          {"delta", json_number(l.delta)},
          {"radial_root", json_number(l.t)},
          {"radial_root_over_delta", json_number(l.t_over_delta)},
          {"max_row_distance", json_number(l.distance)},
          {"distance_over_delta", json_number(l.distance_over_delta)},
          {"ratio", json_number(l.ratio)},
          {"converged", l.converged},
          {"recovery_there", outcome_or_empty(l.recovery_there)},
          {"local_minimum", outcome_or_empty(l.local_minimum)},
          {"critical_point_in_delta_ball", outcome_or_empty(l.critical_point_in_delta_ball)},
          {"certificate", l.certificate},
          {"lambda", json_number(l.lambda)},
          {"radius", json_number(l.radius)},
          {"memory_bytes", l.memory_bytes}};
}

PathLandscape landscape_from_json(const nlohmann::json& j) {
  PathLandscape l;
  l.method = record_enum<LandscapeSearch>(j, "method", record_kind);
  l.note = value<std::string>(j, "note");
  l.delta = number(j, "delta");
  l.t = number(j, "radial_root");
  l.t_over_delta = number(j, "radial_root_over_delta");
  l.distance = number(j, "max_row_distance");
  l.distance_over_delta = number(j, "distance_over_delta");
  l.ratio = number(j, "ratio");
  l.converged = value<bool>(j, "converged");
  l.recovery_there = outcome_or_none(j, "recovery_there");
  l.local_minimum = outcome_or_none(j, "local_minimum");
  l.critical_point_in_delta_ball = outcome_or_none(j, "critical_point_in_delta_ball");
  l.certificate = value<std::string>(j, "certificate");
  l.lambda = number(j, "lambda");
  l.radius = number(j, "radius");
  l.memory_bytes = value<std::uint64_t>(j, "memory_bytes");
  return l;
}

}  // namespace

nlohmann::json sweep_point_key(const Regime& regime, const SweepPoint& p, double confidence, const LandscapePathLimits& landscape) {
  const SweepSpec* sw = regime.sweep ? &*regime.sweep : nullptr;
  return {{"h", p.h},
          {"n", p.n},
          {"k", p.k},
          {"delta", p.delta.str()},
          {"family", to_name(regime.dictionary.family)},
          {"dictionary_seed", regime.dictionary.seed},
          {"point_seed", regime.point.seed},
          {"values", {regime.code.values.m1().str(), regime.code.values.m2().str(), regime.code.values.a1().str(),
                      regime.code.values.a2().str()}},
          {"bias_rule", path_bias_rule(regime).text()},
          {"contrast", sw && sw->contrast ? nlohmann::json(sw->contrast->text()) : nlohmann::json(nullptr)},
          {"paper", sw && sw->paper ? nlohmann::json(sw->paper->text()) : nlohmann::json(nullptr)},
          {"paper_precision", sw ? sw->paper_precision : 0.0},
          {"sampled_rows", sw ? sw->sampled_rows : 0},
          {"samples", sw ? sw->samples : regime.monte_carlo.samples},
          {"seed", regime.monte_carlo.seed},
          {"batches", regime.monte_carlo.batches},
          {"confidence", confidence},
          {"landscape", to_name(landscape_path_method(landscape, p.h))}};
}

nlohmann::json sweep_point_json(const SweepPointResult& r) {
  nlohmann::json out = series_json(r.main);
  nlohmann::json hypotheses = nlohmann::json::array();
  for (const auto& h : r.hypotheses)
    hypotheses.push_back({{"id", h.id}, {"statement", h.statement}, {"verdict", to_name(h.verdict.outcome)}});
  hypotheses.push_back({{"id", recovery_hypothesis},
                        {"statement", "every bias lies in its unit's exact recovery window (Theorem 3.1's bias condition)"},
                        {"verdict", to_name(r.main.recovery)}});
  out["hypotheses"] = hypotheses;
  out.update({{"h", r.point.h},
              {"n", r.point.n},
              {"k", r.point.k},
              {"delta", r.point.delta.str()},
              {"p", json_number(r.p)},
              {"xi", json_number(r.xi)},
              {"p_minus_xi", json_number(r.p - r.xi)},
              {"nu_squared", json_number(r.nu_squared)},
              {"coherence", json_number(r.coherence)},
              {"max_row_distance", json_number(r.delta)},
              {"rows", r.rows},
              {"fixed_rows", r.fixed_rows},
              {"atypical_rows", r.atypical_rows},
              {"window", {{"off_median", json_number(r.off_median)}, {"on_median", json_number(r.on_median)}}},
              {"paper_constant",
               {{"smallest", {json_number(r.paper_constant_smallest.first), json_number(r.paper_constant_smallest.second)}},
                {"largest", {json_number(r.paper_constant_largest.first), json_number(r.paper_constant_largest.second)}}}},
              {"contrast", r.contrast ? series_json(*r.contrast) : nlohmann::json(nullptr)},
              {"paper", r.paper ? series_json(*r.paper) : nlohmann::json(nullptr)},
              {"landscape", landscape_json(r.landscape)}});
  return out;
}

SweepPointResult sweep_point_from_json(const nlohmann::json& j) {
  SweepPointResult r;
  r.main = series_from_json(j);
  for (const auto& h : field(j, "hypotheses"))
    if (field(h, "id") != recovery_hypothesis)  // the main series' recovery, added when written
      r.hypotheses.push_back(hypothesis_from_json(h, record_kind, false));
  r.point = {value<int>(j, "h"), value<int>(j, "n"), value<int>(j, "k"),
             parse_rational(value<std::string>(j, "delta"))};
  r.p = number(j, "p");
  r.xi = number(j, "xi");
  r.nu_squared = number(j, "nu_squared");
  r.coherence = number(j, "coherence");
  r.delta = number(j, "max_row_distance");
  r.rows = value<std::vector<int>>(j, "rows");
  r.fixed_rows = value<int>(j, "fixed_rows");
  r.atypical_rows = value<std::vector<int>>(j, "atypical_rows");
  const nlohmann::json& window = field(j, "window");
  r.off_median = number(window, "off_median");
  r.on_median = number(window, "on_median");
  const nlohmann::json& constant = field(j, "paper_constant");
  const auto pair_of = [](const nlohmann::json& x) { return std::pair{number_from_json(x.at(0)), number_from_json(x.at(1))}; };
  r.paper_constant_smallest = pair_of(field(constant, "smallest"));
  r.paper_constant_largest = pair_of(field(constant, "largest"));
  if (const nlohmann::json& c = field(j, "contrast"); !c.is_null()) r.contrast = series_from_json(c);
  if (const nlohmann::json& c = field(j, "paper"); !c.is_null()) r.paper = series_from_json(c);
  r.landscape = landscape_from_json(field(j, "landscape"));
  return r;
}

std::vector<SweepPointResult> sweep_points_from_json(const nlohmann::json& sweep) {
  std::vector<SweepPointResult> points;
  for (const nlohmann::json& p : field(sweep, "points")) points.push_back(sweep_point_from_json(p));
  return points;
}

}  // namespace scae
