#include "runs/report_record.hpp"

#include "runs/claim_catalog.hpp"
#include "runs/json_number.hpp"
#include "runs/record_field.hpp"

#include <cmath>
#include <stdexcept>
#include <type_traits>

namespace scae {

namespace {

using json = nlohmann::json;

const json& field(const json& j, const char* name) { return record_field(j, name, "report record"); }

// The field `name` of `j` as a T (a string, a number, an integer or a list of them); refused by
// name when it is missing or of another type.
template <class T> T typed(const json& j, const char* name) {
  const json& x = field(j, name);
  const char* expected = std::is_same_v<T, std::string> ? "a string"
                         : std::is_same_v<T, double>    ? "a number"
                         : std::is_integral_v<T>        ? "an integer"
                                                        : "a list";
  const bool fits = std::is_same_v<T, std::string> ? x.is_string()
                    : std::is_same_v<T, double>    ? x.is_number()
                    : std::is_integral_v<T>        ? x.is_number_integer()
                                                   : x.is_array();
  try {
    if (fits) return x.get<T>();
  } catch (const json::exception&) {  // a list with an entry of another type
  }
  throw std::invalid_argument(std::string("report record: the field \"") + name + "\" is not " + expected + ": " + x.dump());
}

// The report's own fields of "regime", beside the summary's (read by numerics_summary_record_from_json).
void add_regime_details(ReportRegime& r, const json& g) {
  r.description = typed<std::string>(g, "description");
  r.delta = typed<std::string>(g, "delta");
  r.bias = typed<std::string>(g, "bias");
  r.seed = typed<std::uint64_t>(g, "seed");
  r.rows_checked = typed<std::vector<int>>(g, "rows_checked");
  if (g.contains("rows_atypical"))
    r.groups = std::pair{typed<std::vector<int>>(g, "rows_typical"), typed<std::vector<int>>(g, "rows_atypical")};
}

RecoveryWindows windows_from_json(const json& w) {
  RecoveryWindows out;
  const auto sufficient = typed<std::vector<double>>(w, "sufficient");
  if (sufficient.size() != 2) throw std::invalid_argument("report record: the field \"sufficient\" is not a pair");
  out.sufficient_lower = sufficient[0];
  out.sufficient_upper = sufficient[1];
  out.off = typed<std::vector<double>>(w, "off");
  out.on = typed<std::vector<double>>(w, "on");
  out.eps = typed<std::vector<double>>(w, "eps");
  return out;
}

std::vector<VerdictRecord> verdicts_from_json(const json& j, const char* name) {
  const json& list = field(j, name);
  if (!list.is_array()) throw std::invalid_argument(std::string("report record: the field \"") + name + "\" is not an array");
  std::vector<VerdictRecord> out;
  for (const json& v : list) out.push_back(verdict_record_from_json(v));
  return out;
}

// A number that may be null (NaN).
double number_or_nan(const json& j, const char* name) {
  const json& x = field(j, name);
  if (!x.is_null() && !x.is_number()) throw std::invalid_argument(std::string("report record: the field \"") + name + "\" is not a number");
  return number_from_json(x);
}

}  // namespace

ReportRecord report_record_from_json(const json& j) {
  ReportRecord r;
  NumericsSummaryRecord summary = numerics_summary_record_from_json(j, "report record");
  static_cast<SummaryRegime&>(r.regime) = std::move(summary.regime);
  add_regime_details(r.regime, field(j, "regime"));
  r.build = std::move(summary.build);
  r.dictionary = summary.dictionary;
  r.point = summary.point;
  r.monte_carlo = std::move(summary.monte_carlo);
  r.experiments = experiments_record_from_json(field(j, "experiments"));
  r.windows = windows_from_json(field(j, "recovery_windows"));
  r.claims = verdicts_from_json(j, "claims");
  r.other_verdicts = verdicts_from_json(j, "other_verdicts");
  r.bias_form = number_or_nan(j, "bias_form");
  r.bias_form_typical = r.bias_form_atypical = NAN;
  if (j.contains("bias_form_groups")) {
    r.has_bias_form_groups = true;
    r.bias_form_typical = number_or_nan(j["bias_form_groups"], "typical");
    r.bias_form_atypical = number_or_nan(j["bias_form_groups"], "atypical");
  }
  if (j.contains("asymptotics")) r.asymptotics = sweep_record_from_json(j["asymptotics"]);
  const json& m = field(j, "method");
  r.method = {typed<double>(m, "family_level"), typed<long long>(m, "statistical_claims"), typed<std::string>(m, "correction"),
              typed<std::string>(m, "certified"), typed<std::string>(m, "monte_carlo")};
  const json& c = field(j, "context");
  static_cast<ReportContext&>(r.context) = {typed<std::string>(c, "date"), typed<std::string>(c, "host"), typed<int>(c, "threads"),
                                            typed<int>(c, "processes"), typed<double>(c, "seconds")};
  if (!field(c, "sweep").is_null()) r.context.sweep = sweep_context_from_json(c["sweep"]);
  const json& s = field(c, "experiment_seconds");
  r.context.experiment_seconds = {typed<double>(s, "loss_well"), typed<double>(s, "descent"), typed<double>(s, "gradient_norms")};
  return r;
}

ReportRecord report_record(const ReportRun& run) {
  ReportRecord r;
  NumericsSummaryRecord summary = numerics_summary_record(run.regime, run.numerics, build_info());
  r.schema_version = summary.schema_version;
  static_cast<SummaryRegime&>(r.regime) = std::move(summary.regime);
  const Regime& regime = run.regime;
  r.regime.description = regime.description;
  r.regime.delta = regime.point.kind == PointSpec::Kind::random_direction ? regime.point.delta.str() : "from the point";
  r.regime.bias = regime.bias.kind == BiasSpec::Kind::rule    ? "rule " + regime.bias.rule.text()
                  : regime.bias.kind == BiasSpec::Kind::value ? regime.bias.value.str()
                                                              : "per unit";
  r.regime.seed = run.seed;
  r.regime.rows_checked = run.rows;
  r.regime.groups = std::pair{run.row_groups.typical, run.row_groups.atypical};
  r.build = std::move(summary.build);
  r.dictionary = summary.dictionary;
  r.point = summary.point;
  r.monte_carlo = std::move(summary.monte_carlo);
  r.windows = run.windows;
  for (const auto& c : run.claims) r.claims.push_back(claim_record(c, run.regime));
  r.bias_form = run.bias_form;
  r.bias_form_typical = run.bias_form_typical;
  r.bias_form_atypical = run.bias_form_atypical;
  r.has_bias_form_groups = true;
  r.experiments = experiments_record(run.experiments);
  r.method = {run.family_level, run.statistical_claims,
              "Bonferroni over the statistical comparisons (one per claim, or per checked row)",
              "MPFI intervals on the exact binary inputs, UNDECIDED retried at 256 and 512 bits", r.monte_carlo.method};
  static_cast<ReportContext&>(r.context) = run.context;
  r.context.experiment_seconds = run.experiments.seconds;
  return r;
}

json report_record_json(const ReportRecord& r) {
  json out = numerics_summary_record_json({r.schema_version, r.regime, r.dictionary, r.point, r.monte_carlo, r.build, {}});
  json& g = out["regime"];
  g["description"] = r.regime.description;
  g["delta"] = r.regime.delta;
  g["bias"] = r.regime.bias;
  g["seed"] = r.regime.seed;
  g["rows_checked"] = r.regime.rows_checked;
  if (r.regime.groups) {
    g["rows_typical"] = r.regime.groups->first;
    g["rows_atypical"] = r.regime.groups->second;
  }
  const RecoveryWindows& w = r.windows;
  out["recovery_windows"] = {{"sufficient", {w.sufficient_lower, w.sufficient_upper}}, {"off", w.off}, {"on", w.on}, {"eps", w.eps}};
  out["claims"] = json::array();
  for (const VerdictRecord& v : r.claims) out["claims"].push_back(verdict_record_json(v));
  out["other_verdicts"] = json::array();
  for (const VerdictRecord& v : r.other_verdicts) out["other_verdicts"].push_back(verdict_record_json(v));
  out["bias_form"] = json_number(r.bias_form);
  if (r.has_bias_form_groups)
    out["bias_form_groups"] = {{"typical", json_number(r.bias_form_typical)}, {"atypical", json_number(r.bias_form_atypical)}};
  if (r.asymptotics) out["asymptotics"] = sweep_record_json(*r.asymptotics);
  out["experiments"] = experiments_record_json(r.experiments);
  const ReportMethod& m = r.method;
  out["method"] = {{"family_level", m.family_level}, {"statistical_claims", m.statistical_claims}, {"correction", m.correction},
                   {"certified", m.certified}, {"monte_carlo", m.monte_carlo}};
  const ReportRecordContext& c = r.context;
  const ExperimentSeconds& s = c.experiment_seconds;
  out["context"] = {{"date", c.date},
                    {"host", c.host},
                    {"threads", c.threads},
                    {"processes", c.processes},
                    {"seconds", c.seconds},
                    {"sweep", c.sweep ? sweep_context_json(*c.sweep) : json(nullptr)},
                    {"experiment_seconds", {{"loss_well", s.loss_well}, {"descent", s.descent}, {"gradient_norms", s.gradient_norms}}}};
  return out;
}

}  // namespace scae
