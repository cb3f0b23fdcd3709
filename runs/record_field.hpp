// Reading a stored record back (the resume store's sweep points and grid cells): a field refused by
// name when it is missing, and a hypothesis with its verdict, refused when the verdict names no
// outcome. `record` names the kind of record in the message ("sweep point record", ...).
#pragma once

#include "numerics/core/enum_names.hpp"
#include "theory/hypotheses.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace scae {

// The loss the gradient and E L records are of (numerics/model/autoencoder.hpp), written beside them.
inline constexpr const char* record_loss = "1/2 |y_hat - y|^2";

// The field `name` of `j`; throws std::invalid_argument "RECORD: no field "NAME"" when it is missing.
const nlohmann::json& record_field(const nlohmann::json& j, const char* name, const char* record);
// The field `name` of `j` as a T; throws std::invalid_argument "RECORD: the field "NAME" holds the
// wrong type (TYPE)" when it holds another type (a string for a number, ...), as record_field when missing.
template <class T> T record_value(const nlohmann::json& j, const char* name, const char* record) {
  const nlohmann::json& x = record_field(j, name, record);
  try {
    return x.get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(std::string(record) + ": the field \"" + name + "\" holds the wrong type (" + x.type_name() + ")");
  }
}
// The field `name` of `j` as a value of the vocabulary E, written by its name; throws
// std::invalid_argument "RECORD: the field "NAME" names no WHAT ("TEXT"; accepted: a, b, c)" for
// another name, as record_value when missing or not a string.
template <class E> E record_enum(const nlohmann::json& j, const char* name, const char* record) {
  const std::string text = record_value<std::string>(j, name, record);
  if (const auto value = find_name<E>(text)) return *value;
  throw std::invalid_argument(std::string(record) + ": the field \"" + name + "\" names no " + std::string(Vocabulary<E>::what) +
                              " (\"" + text + "\"; accepted: " + accepted_names<E>() + ")");
}
// The field `name` of `j` as a number that may be NaN (written null, runs/json_number.hpp); refused
// like record_value when it holds neither a number nor null.
double record_number(const nlohmann::json& j, const char* name, const char* record);
// A hypothesis from its "id", "statement" and "verdict" fields, and "summary" when `with_summary`.
Hypothesis hypothesis_from_json(const nlohmann::json& j, const char* record, bool with_summary);

}  // namespace scae
