#include "runs/record_field.hpp"

#include "runs/json_number.hpp"

#include <stdexcept>
#include <string>

namespace scae {

const nlohmann::json& record_field(const nlohmann::json& j, const char* name, const char* record) {
  if (!j.is_object() || !j.contains(name))
    throw std::invalid_argument(std::string(record) + ": no field \"" + name + "\"");
  return j.at(name);
}

double record_number(const nlohmann::json& j, const char* name, const char* record) {
  const nlohmann::json& x = record_field(j, name, record);
  if (!x.is_number() && !x.is_null())
    throw std::invalid_argument(std::string(record) + ": the field \"" + name + "\" holds the wrong type (" + x.type_name() +
                                "); accepted: a number, or null for one that is not finite");
  return number_from_json(x);
}

Hypothesis hypothesis_from_json(const nlohmann::json& j, const char* record, bool with_summary) {
  Hypothesis h{record_field(j, "id", record).get<std::string>(), record_field(j, "statement", record).get<std::string>(), {}};
  const std::string name = record_field(j, "verdict", record).get<std::string>();
  const auto outcome = find_name<Outcome>(name);
  if (!outcome)
    throw std::invalid_argument(std::string(record) + ": the hypothesis " + h.id + " has the verdict \"" + name + "\"");
  h.verdict.outcome = *outcome;
  if (with_summary) h.verdict.summary = record_field(j, "summary", record).get<std::string>();
  return h;
}

}  // namespace scae
