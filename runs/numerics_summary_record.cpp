#include "runs/numerics_summary_record.hpp"

#include "numerics/core/enum_names.hpp"
#include "runs/json_number.hpp"
#include "runs/record_field.hpp"
#include "theory/verdict.hpp"

#include <stdexcept>

namespace scae {

namespace {

using json = nlohmann::json;

json regime_json(const SummaryRegime& r) {
  json out = {{"name", r.name}, {"source", r.source}, {"n", r.n}, {"h", r.h}, {"k", r.k}, {"a1", r.a1}, {"a2", r.a2},
              {"m1", r.m1}, {"m2", r.m2}, {"q1", r.q1}, {"support", to_name(r.support)},
              {"expected_support", r.expected_support}, {"overrides", r.overrides}};
  if (r.q_range) out["q_range"] = {r.q_range->first, r.q_range->second};
  return out;
}

json monte_carlo_json(const SummaryMonteCarlo& m) {
  const auto& g = m.gradient_row_norm;
  return {{"samples", m.samples},
          {"batches", m.batches},
          {"confidence", json_number(m.confidence)},
          {"seed", m.seed},
          {"method", m.method},
          {"recovery", {{"rate", json_number(m.recovery.rate)}, {"lower", json_number(m.recovery.lower)},
                        {"upper", json_number(m.recovery.upper)}, {"method", m.recovery.method}}},
          {"loss", {{"mean", json_number(m.loss.mean)}, {"halfwidth", json_number(m.loss.halfwidth)},
                    {"halfwidth_bounded", json_number(m.loss.halfwidth_bounded)}, {"rounding", json_number(m.loss.rounding)}}},
          {"mean_active_units", json_number(m.mean_active_units)},
          {"gradient_row_norm", {{"mean", json_number(g.mean)}, {"max", json_number(g.max)}, {"max_row", g.max_row},
                                 {"max_row_radius", json_number(g.max_row_radius)},
                                 {"max_row_radius_bounded", json_number(g.max_row_radius_bounded)}}},
          {"oracle_correction_row_norm",
           {{"mean", json_number(m.oracle_correction_row_norm.mean)}, {"max", json_number(m.oracle_correction_row_norm.max)}}}};
}

SummaryRegime regime_from_json(const json& g, const char* record) {
  SummaryRegime r;
  r.name = record_value<std::string>(g, "name", record);
  r.source = record_value<std::string>(g, "source", record);
  r.n = record_value<long long>(g, "n", record);
  r.h = record_value<long long>(g, "h", record);
  r.k = record_value<long long>(g, "k", record);
  for (auto [out, name] : {std::pair{&r.a1, "a1"}, {&r.a2, "a2"}, {&r.m1, "m1"}, {&r.m2, "m2"}, {&r.q1, "q1"},
                           {&r.expected_support, "expected_support"}})
    *out = record_value<std::string>(g, name, record);
  const std::string support = record_value<std::string>(g, "support", record);
  const auto kind = find_name<SupportLaw::Kind>(support);
  if (!kind)
    throw std::invalid_argument(std::string(record) + ": the field \"support\" is \"" + support + "\"; accepted: " +
                                accepted_names<SupportLaw::Kind>());
  r.support = *kind;
  if (r.support == SupportLaw::Kind::bernoulli) {
    const auto q = record_value<std::vector<std::string>>(g, "q_range", record);
    if (q.size() != 2) throw std::invalid_argument(std::string(record) + ": the field \"q_range\" is not a pair");
    r.q_range = std::pair{q[0], q[1]};
  }
  r.overrides = record_value<std::vector<std::string>>(g, "overrides", record);
  return r;
}

SummaryMonteCarlo monte_carlo_from_json(const json& j, const char* record) {
  SummaryMonteCarlo m;
  const auto number = [&](const json& x, const char* name) { return record_number(x, name, record); };
  const auto object = [&](const json& x, const char* name) -> const json& { return record_field(x, name, record); };
  m.samples = record_value<std::uint64_t>(j, "samples", record);
  m.batches = record_value<int>(j, "batches", record);
  m.confidence = number(j, "confidence");
  m.seed = record_value<std::uint64_t>(j, "seed", record);
  m.method = record_value<std::string>(j, "method", record);
  const json& recovery = object(j, "recovery");
  m.recovery = {number(recovery, "rate"), number(recovery, "lower"), number(recovery, "upper"),
                record_value<std::string>(recovery, "method", record)};
  const json& loss = object(j, "loss");
  m.loss = {number(loss, "mean"), number(loss, "halfwidth"), number(loss, "halfwidth_bounded"), number(loss, "rounding")};
  m.mean_active_units = number(j, "mean_active_units");
  const json& g = object(j, "gradient_row_norm");
  m.gradient_row_norm = {number(g, "mean"), number(g, "max"), record_value<long long>(g, "max_row", record),
                         number(g, "max_row_radius"), number(g, "max_row_radius_bounded")};
  const json& c = object(j, "oracle_correction_row_norm");
  m.oracle_correction_row_norm = {number(c, "mean"), number(c, "max")};
  return m;
}

}  // namespace

NumericsSummaryRecord numerics_summary_record(const Regime& regime, const NumericsSummaryRun& run, const BuildInfo& build) {
  NumericsSummaryRecord r;
  r.regime = {regime.name, regime.source.string(), run.n, run.h, run.k, run.a1, run.a2, run.m1, run.m2, run.q1,
              run.support, run.expected_support, std::nullopt, regime.overrides};
  if (run.support == SupportLaw::Kind::bernoulli) r.regime.q_range = std::pair{run.q_min, run.q_max};
  r.dictionary = {run.coherence.value, run.coherence.xi_value, interval_text(run.coherence.enclosure), interval_text(run.coherence.xi)};
  r.point = {run.max_row_distance, run.bias_min, run.bias_max};
  const MonteCarloResult& mc = run.monte_carlo;
  SummaryMonteCarlo& m = r.monte_carlo;
  m.samples = mc.samples;
  m.seed = mc.seed;
  m.batches = mc.batches;
  m.confidence = mc.confidence;
  m.method = mc.method();
  m.recovery = {mc.recovery.rate, mc.recovery.lower, mc.recovery.upper, mc.recovery.method};
  m.loss = {mc.loss.mean, mc.loss.halfwidth, mc.loss.halfwidth_bounded, mc.loss.rounding};
  m.mean_active_units = mc.mean_active_units;
  Eigen::Index worst = 0;
  mc.gradient.norm.maxCoeff(&worst);
  m.gradient_row_norm = {mc.gradient.norm.mean(), mc.gradient.norm(worst), static_cast<long long>(worst),
                         mc.gradient.norm_radius(worst), mc.gradient.norm_radius_bounded(worst)};
  m.oracle_correction_row_norm = {mc.correction.norm.mean(), mc.correction.norm.maxCoeff()};
  r.build = build;
  r.context = {run.threads, run.seconds};
  return r;
}

nlohmann::json numerics_summary_record_json(const NumericsSummaryRecord& r) {
  const SummaryDictionary& d = r.dictionary;
  const SummaryPoint& p = r.point;
  return {{"regime", regime_json(r.regime)},
          {"dictionary", {{"coherence", json_number(d.coherence)}, {"coherence_enclosure", d.coherence_enclosure},
                          {"xi", json_number(d.xi)}, {"xi_enclosure", d.xi_enclosure}}},
          {"point", {{"max_row_distance", json_number(p.max_row_distance)}, {"bias_min", json_number(p.bias_min)},
                     {"bias_max", json_number(p.bias_max)}}},
          {"monte_carlo", monte_carlo_json(r.monte_carlo)},
          {"schema_version", r.schema_version},
          {"build", to_json(r.build)},
          {"context", {{"threads", r.context.threads}, {"seconds", json_number(r.context.seconds)}}}};
}

NumericsSummaryRecord numerics_summary_record_from_json(const nlohmann::json& j, const char* record) {
  NumericsSummaryRecord r;
  r.schema_version = record_value<int>(j, "schema_version", record);
  r.regime = regime_from_json(record_field(j, "regime", record), record);
  const json& d = record_field(j, "dictionary", record);
  r.dictionary = {record_number(d, "coherence", record), record_number(d, "xi", record),
                  record_value<std::string>(d, "coherence_enclosure", record), record_value<std::string>(d, "xi_enclosure", record)};
  const json& p = record_field(j, "point", record);
  r.point = {record_number(p, "max_row_distance", record), record_number(p, "bias_min", record), record_number(p, "bias_max", record)};
  r.monte_carlo = monte_carlo_from_json(record_field(j, "monte_carlo", record), record);
  r.build = build_info_from_json(record_field(j, "build", record), record);
  const json& c = record_field(j, "context", record);
  r.context = {record_value<int>(c, "threads", record), record_number(c, "seconds", record)};
  return r;
}

}  // namespace scae
