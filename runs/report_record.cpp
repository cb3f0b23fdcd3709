#include "runs/report_record.hpp"

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

ReportRegime regime_from_json(const json& g) {
  ReportRegime r;
  r.name = typed<std::string>(g, "name");
  r.description = typed<std::string>(g, "description");
  r.n = typed<long long>(g, "n");
  r.h = typed<long long>(g, "h");
  r.k = typed<long long>(g, "k");
  for (auto [out, name] : {std::pair{&r.a1, "a1"}, {&r.a2, "a2"}, {&r.m1, "m1"}, {&r.m2, "m2"}, {&r.q1, "q1"},
                           {&r.support, "support"}, {&r.expected_support, "expected_support"}, {&r.delta, "delta"}, {&r.bias, "bias"}})
    *out = typed<std::string>(g, name);
  if (g.contains("q_range")) {
    const auto q = typed<std::vector<std::string>>(g, "q_range");
    if (q.size() != 2) throw std::invalid_argument("report record: the field \"q_range\" is not a pair");
    r.q_range = std::pair{q[0], q[1]};
  }
  r.overrides = typed<std::vector<std::string>>(g, "overrides");
  r.seed = typed<std::uint64_t>(g, "seed");
  r.rows_checked = typed<std::vector<int>>(g, "rows_checked");
  if (g.contains("rows_atypical"))
    r.groups = std::pair{typed<std::vector<int>>(g, "rows_typical"), typed<std::vector<int>>(g, "rows_atypical")};
  return r;
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
  r.regime = regime_from_json(field(j, "regime"));
  for (auto [out, name] : {std::pair{&r.build, "build"}, {&r.dictionary, "dictionary"}, {&r.point, "point"},
                           {&r.monte_carlo, "monte_carlo"}})
    *out = field(j, name);
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
  r.context = {typed<std::string>(c, "date"), typed<std::string>(c, "host"), typed<int>(c, "threads"),
               typed<int>(c, "processes"), typed<double>(c, "seconds")};
  return r;
}

}  // namespace scae
