#include "runs/verdict_record.hpp"

#include "runs/record_field.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace scae {

namespace {

using json = nlohmann::json;
constexpr const char* record_name = "verdict record";

[[noreturn]] void refuse(const std::string& field, const std::string& what) {
  throw std::invalid_argument(std::string(record_name) + ": the field \"" + field + "\" " + what);
}

const json& required(const json& j, const char* name) { return record_field(j, name, record_name); }

std::string text_field(const json& j, const char* name) {
  const json& x = required(j, name);
  if (!x.is_string()) refuse(name, "is not a string");
  return x.get<std::string>();
}

template <class E> E name_field(const json& j, const char* name) {
  const std::string text = text_field(j, name);
  if (const auto value = find_name<E>(text)) return *value;
  refuse(name, "names no " + std::string(Vocabulary<E>::what) + " (\"" + text + "\"; accepted: " + accepted_names<E>() + ")");
}

// A double of the evidence: a number when finite, else its text ("inf", "-inf", "nan"), which JSON
// numbers cannot hold.
json double_json(double x) { return std::isfinite(x) ? json(x) : json(number_text(x)); }

double double_from_json(const json& x, const char* field) {
  if (x.is_number()) return x.get<double>();
  if (x.is_string()) {
    const std::string text = x.get<std::string>();
    const double value = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(value) && number_text(value) == text) return value;
  }
  refuse(field, "holds " + x.dump() + ", not a number");
}

json evidence_json(const Evidence& e) {
  json entry = {{"name", e.name}, {"type", to_name(e.type())}, {"value", e.text()}};
  if (const auto* ends = std::get_if<IntervalEnds>(&e.value)) entry["interval"] = {double_json(ends->lower), double_json(ends->upper)};
  if (const auto* number = std::get_if<Number>(&e.value)) {
    entry["number"] = double_json(number->value);
    if (!number->unit.empty()) entry["unit"] = number->unit;
  }
  return entry;
}

Evidence evidence_from_json(const json& e) {
  if (!e.is_object()) refuse("evidence", "holds an entry that is not an object");
  Evidence out{text_field(e, "name"), {}};
  const std::string text = text_field(e, "value");  // every entry has it; the typed fields below carry the value
  switch (name_field<EvidenceType>(e, "type")) {
    case EvidenceType::interval: {
      const json& ends = required(e, "interval");
      if (!ends.is_array() || ends.size() != 2) refuse("interval", "is not a pair of ends");
      out.value = IntervalEnds{double_from_json(ends[0], "interval"), double_from_json(ends[1], "interval")};
      break;
    }
    case EvidenceType::number:
      out.value = Number{double_from_json(required(e, "number"), "number"), e.contains("unit") ? text_field(e, "unit") : ""};
      break;
    case EvidenceType::rational: {
      try {
        out.value = parse_rational(text);
      } catch (const std::exception&) {
        refuse("value", "of a rational holds \"" + text + "\", not an exact rational");
      }
      break;
    }
    case EvidenceType::text: out.value = text; break;
  }
  return out;
}

}  // namespace

Expected expected_for(const Regime& regime, const std::string& id) {
  const auto e = std::find_if(regime.expect.begin(), regime.expect.end(), [&](const Expectation& x) { return x.claim == id; });
  return e == regime.expect.end() ? Expected{} : Expected{e->verdict};
}

VerdictRecord verdict_record(const Verdict& v) {
  VerdictRecord r;
  r.method = v.method;
  r.outcome = v.outcome;
  r.summary = v.summary;
  r.how = v.how;
  r.evidence = v.evidence;
  if (v.method == Method::certified) r.precision_bits = v.precision_bits;
  if (v.method == Method::statistical) {
    r.samples = v.samples;
    r.confidence = v.confidence;
  }
  return r;
}

VerdictRecord verdict_record(const Verdict& v, const std::string& id, const std::string& statement, Kind kind, Source source,
                             Method method, const Regime& regime) {
  VerdictRecord r = verdict_record(v);
  r.id = id;
  r.statement = statement;
  r.kind = kind;
  r.source = source;
  r.method = method;
  r.expected = expected_for(regime, id);
  return r;
}

json verdict_record_json(const VerdictRecord& r) {
  json evidence = json::array();
  for (const Evidence& e : r.evidence) evidence.push_back(evidence_json(e));
  json out = {{"method", to_name(r.method)}, {"verdict", to_name(r.outcome)}, {"fails", fails(r.outcome)},
              {"summary", r.summary},        {"how", r.how},                  {"evidence", evidence}};
  if (!r.id.empty()) out["id"] = r.id;
  if (!r.statement.empty()) out["statement"] = r.statement;
  if (r.kind) out["kind"] = to_name(*r.kind);
  if (r.source) out["source"] = to_name(*r.source);
  if (r.precision_bits) out["precision_bits"] = *r.precision_bits;
  if (r.samples) out["samples"] = *r.samples;
  if (r.confidence) out["confidence"] = *r.confidence;
  if (r.expected) out["expected"] = r.expected->verdict ? json(to_name(*r.expected->verdict)) : json(nullptr);
  return out;
}

VerdictRecord verdict_record_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument(std::string(record_name) + ": not a JSON object");
  VerdictRecord r;
  r.method = name_field<Method>(j, "method");
  r.outcome = name_field<Outcome>(j, "verdict");
  r.summary = text_field(j, "summary");
  r.how = text_field(j, "how");
  const json& evidence = required(j, "evidence");
  if (!evidence.is_array()) refuse("evidence", "is not an array");
  for (const json& e : evidence) r.evidence.push_back(evidence_from_json(e));
  if (j.contains("id")) r.id = text_field(j, "id");
  if (j.contains("statement")) r.statement = text_field(j, "statement");
  if (j.contains("kind")) r.kind = name_field<Kind>(j, "kind");
  if (j.contains("source")) r.source = name_field<Source>(j, "source");
  if (j.contains("precision_bits")) {
    if (!j["precision_bits"].is_number_unsigned()) refuse("precision_bits", "is not a count of bits");
    r.precision_bits = j["precision_bits"].get<unsigned>();
  }
  if (j.contains("samples")) {
    if (!j["samples"].is_number_unsigned()) refuse("samples", "is not a count of samples");
    r.samples = j["samples"].get<std::uint64_t>();
  }
  if (j.contains("confidence")) {
    if (!j["confidence"].is_number()) refuse("confidence", "is not a number");
    r.confidence = j["confidence"].get<double>();
  }
  if (j.contains("expected")) {
    const json& e = j["expected"];
    r.expected = e.is_null() ? Expected{} : Expected{name_field<Outcome>(j, "expected")};
  }
  return r;
}

}  // namespace scae
