// One enum <-> name facility for every vocabulary of scae (bias rules, verdicts, methods, claim
// sources and kinds, term classes, dictionary families, column norms): a vocabulary is one constexpr
// table of {value, name} pairs, given beside its enum as a specialisation of Vocabulary, e.g.
//   template <> struct Vocabulary<Method> {
//     static constexpr std::string_view what = "method";
//     static constexpr std::array<EnumName<Method>, 4> names{{{Method::certified, "certified"}, ...}};
//   };
// to_name and find_name read it in both directions; from_name refuses an unknown name with the
// accepted list; accepted_names lists them in the table's order. The names are the JSON and regime
// spellings, so a table entry is the one place a name is written.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace scae {

template <class E> struct EnumName {
  E value;
  std::string_view name;
};

// Specialised for each enum that has names: `what` (the vocabulary in words) and `names`.
template <class E> struct Vocabulary;

template <class E> constexpr std::string_view name_view(E value) {
  for (const auto& entry : Vocabulary<E>::names)
    if (entry.value == value) return entry.name;
  throw std::logic_error("a value outside the vocabulary of " + std::string(Vocabulary<E>::what));
}

// The name of `value`, e.g. "PROVEN" for Outcome::proven.
template <class E> std::string to_name(E value) { return std::string(name_view(value)); }

// The value named `name`, or nothing.
template <class E> constexpr std::optional<E> find_name(std::string_view name) {
  for (const auto& entry : Vocabulary<E>::names)
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

// Every value, in the table's order.
template <class E> constexpr auto all_values() {
  std::array<E, Vocabulary<E>::names.size()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = Vocabulary<E>::names[i].value;
  return out;
}

// Every name, in the table's order (for a regime key's accepted choices).
template <class E> std::vector<std::string_view> all_names() {
  std::vector<std::string_view> out;
  for (const auto& entry : Vocabulary<E>::names) out.push_back(entry.name);
  return out;
}

// "a, b, c": the names in the table's order, joined by `separator`.
template <class E> std::string accepted_names(std::string_view separator = ", ") {
  std::string out;
  for (const auto& entry : Vocabulary<E>::names) out.append(out.empty() ? "" : separator).append(entry.name);
  return out;
}

// The value named `name`; std::invalid_argument "unknown WHAT 'NAME'; accepted: a, b, c" otherwise.
template <class E> E from_name(std::string_view name) {
  if (const std::optional<E> value = find_name<E>(name)) return *value;
  throw std::invalid_argument("unknown " + std::string(Vocabulary<E>::what) + " '" + std::string(name) +
                              "'; accepted: " + accepted_names<E>());
}

}  // namespace scae
