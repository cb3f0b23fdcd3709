// Reading a regime's TOML with messages that name the file, the line, the key and the accepted
// range: a Field is one key (typed, range-checked reads), a Section one table (unknown keys and
// keys not read under the regime's choices are refused). Errors are RegimeError
// ("FILE:LINE: key 'section.key': problem; accepted: range"); a value given by --set is located
// as "--set KEY".
#pragma once

#include "input/regime.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scae::regime_toml {

inline std::string str(std::int64_t v) { return std::to_string(v); }
inline std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// "a string", "an integer", ... for messages.
std::string type_name(const toml::node& node);
long line_of(const toml::node& node);

// The regime text parsed, with each --set KEY=VALUE applied: VALUE is read as a TOML value (a bare
// word that is not one is a string) and its source is "--set KEY".
toml::table parse_with_overrides(const std::string& toml_text, const std::string& source_name,
                                 const std::vector<std::string>& overrides);

// One key of the regime (or one element of an array key): reads it with its type and range,
// and raises "FILE:LINE: key 'section.key': problem; accepted: range" on any problem.
class Field {
public:
  // `table`, when given, is the table holding the key: an absent key of a table made by --set is
  // located at that --set.
  Field(const std::string& source, std::string key, const toml::node* node, long table_line, const toml::node* table = nullptr)
      : source_(&source), key_(std::move(key)), node_(node), table_(table), line_(node ? line_of(*node) : table_line) {}

  bool present() const { return node_ != nullptr; }
  const std::string& key() const { return key_; }
  long line() const { return line_; }
  const toml::node* node() const { return node_; }

  // "FILE:LINE", or "--set KEY" for a value (or a table holding an absent key) given on the command line.
  std::string location() const {
    const toml::node* given = node_ ? node_ : table_;
    const auto& origin = given ? given->source().path : nullptr;
    if (origin && origin->starts_with("--set ")) return *origin;
    return *source_ + ":" + std::to_string(line_);
  }

  [[noreturn]] void fail(const std::string& problem, const std::string& accepted) const {
    throw RegimeError(location() + ": key '" + key_ + "': " + problem + "; accepted: " + accepted);
  }

  const toml::node& require(const std::string& accepted) const {
    if (!node_) fail("missing required key", accepted);
    return *node_;
  }

  // A string without control characters (tab allowed; newline too with `lines`, for prose).
  std::string string(const std::string& accepted, bool lines = false) const {
    const auto* value = require(accepted).as_string();
    if (!value) fail("expected a string, found " + type_name(*node_), accepted);
    const std::string& text = value->get();
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if ((c < 0x20 || c == 0x7f) && c != '\t' && !(lines && c == '\n')) {
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X", c);
        fail("control character " + std::string(code) + " at position " + str(static_cast<std::int64_t>(i)),
             accepted + ", without control characters (tab" + (lines ? std::string(" and newline") : std::string()) + " allowed)");
      }
    }
    return text;
  }

  std::string choice(std::initializer_list<std::string_view> options) const {
    return choice(std::vector<std::string_view>(options));
  }
  std::string choice(const std::vector<std::string_view>& options) const {
    std::string accepted;
    for (const auto option : options) accepted += (accepted.empty() ? "" : " | ") + in_quotes(option);
    const std::string value = string(accepted);
    for (const auto option : options)
      if (value == option) return value;
    fail(in_quotes(value) + " is not one of the choices", accepted);
  }

  std::int64_t integer(std::int64_t lo, std::int64_t hi, const std::string& accepted) const {
    const auto* value = require(accepted).as_integer();
    if (!value) fail("expected an integer, found " + type_name(*node_), accepted);
    const std::int64_t v = value->get();
    if (v < lo) fail(str(v) + " is below " + str(lo), accepted);
    if (v > hi) fail(str(v) + " is above " + str(hi), accepted);
    return v;
  }

  // A finite number as an exact rational: a string is parsed exactly ("3/2", "0.57"), an
  // integer is exact, and a float stands for its shortest round-trip decimal (0.02 is 1/50).
  rational number(const std::string& accepted) const {
    const toml::node& node = require(accepted);
    rational q;
    if (const auto* text = node.as_string()) {
      try {
        q = parse_rational(text->get());
      } catch (const std::invalid_argument&) {
        fail(in_quotes(text->get()) + " is not a number", accepted);
      }
    } else if (const auto* integer = node.as_integer()) {
      q = rational(static_cast<long long>(integer->get()));
    } else if (const auto* real = node.as_floating_point()) {
      const double x = real->get();
      if (!std::isfinite(x)) fail("non-finite value " + std::string(std::isnan(x) ? "nan" : x > 0 ? "inf" : "-inf"), accepted);
      char buffer[32];
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
      q = parse_rational(std::string(buffer, end));
    } else {
      fail("expected a number (integer, float or string such as \"3/2\"), found " + type_name(node), accepted);
    }
    if (!std::isfinite(q.convert_to<double>()))
      fail((node.is_string() ? in_quotes(*node.value<std::string>()) : q.str()) + " is outside the range of double",
           accepted);
    return q;
  }

  // A number the Monte Carlo engine computes with in double: 0 or of magnitude in
  // [1e-100, 1e100], so that its squares and products with the other inputs stay far from
  // double overflow and underflow (a1 = 1e-4000 would silently become 0, a2 = 1e200 would make
  // the loss infinite).
  rational double_safe_number(const std::string& accepted) const {
    const rational q = number(accepted);
    static const rational largest = parse_rational("1e100");
    const rational size = q < 0 ? rational(-q) : q;
    if (q != 0 && (size > largest || size * largest < 1)) {
      const double x = q.convert_to<double>();
      char text[32];
      std::snprintf(text, sizeof text, "%.6g", x);
      fail((x == 0 ? std::string("a number below the smallest double") : std::string(text)) +
               " is outside the magnitudes double arithmetic carries safely here",
           accepted + ", 0 or of magnitude in [1e-100, 1e100]");
    }
    return q;
  }

  // The elements of an array key, each as a Field named key[index].
  std::vector<Field> elements(const std::string& accepted) const {
    const auto* array = require(accepted).as_array();
    if (!array) fail("expected an array, found " + type_name(*node_), accepted);
    std::vector<Field> out;
    for (std::size_t i = 0; i < array->size(); ++i)
      out.emplace_back(*source_, key_ + "[" + std::to_string(i) + "]", array->get(i), line_);
    return out;
  }

private:
  const std::string* source_;
  std::string key_;
  const toml::node* node_;
  const toml::node* table_;
  long line_;
};

// Whether a key is read under the regime's choices, and if not, why not.
struct KeyRule {
  KeyRule(std::string_view k) : key(k) {}  // read under every choice
  KeyRule(std::string_view k, bool applies_here, std::string only, std::string current)
      : key(k), applies(applies_here), only_with(std::move(only)), here(std::move(current)) {}
  std::string_view key;
  bool applies = true;
  std::string only_with;  // e.g. family = "gaussian"
  std::string here;       // e.g. family = "identity-hadamard"
};

// A table of the regime ([dictionary], ... or the root), with its keys checked against the rules.
class Section {
public:
  Section(const std::string& source, const toml::table& table, std::string prefix)
      : source_(&source), table_(&table), prefix_(std::move(prefix)) {}

  Field field(std::string_view key) const {
    return Field(*source_, prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key), table_->get(key),
                 line_of(*table_), table_);
  }

  // A required sub-table.
  Section section(std::string_view key) const {
    const Field f = field(key);
    const std::string accepted = "a table [" + f.key() + "]";
    if (!f.present()) f.fail("missing required section", accepted);
    const auto* table = f.node()->as_table();
    if (!table) f.fail("expected a table, found " + type_name(*f.node()), accepted);
    return Section(*source_, *table, f.key());
  }

  // Rejects keys that are unknown, or known but not read under this regime's choices.
  void check_keys(std::initializer_list<KeyRule> rules) const {
    std::string accepted;
    for (const auto& rule : rules)
      if (rule.applies) accepted += (accepted.empty() ? "keys " : ", ") + std::string(rule.key);
    for (const auto& [key, node] : *table_) {
      const Field f = field(key.str());
      const KeyRule* match = nullptr;
      for (const auto& rule : rules)
        if (rule.key == key.str()) match = &rule;
      if (!match) f.fail("unknown key", accepted);
      if (!match->applies) f.fail("only read with " + match->only_with + ", but here " + match->here, accepted);
    }
  }

private:
  const std::string* source_;
  const toml::table* table_;
  std::string prefix_;
};

// Turns an std::invalid_argument of a constructor into a RegimeError at the field's line.
template <class F> auto construct(const Field& f, const std::string& accepted, F&& make) {
  try {
    return make();
  } catch (const std::invalid_argument& e) {
    f.fail(e.what(), accepted);
  }
}

// A bias rule key with its fraction key (window-low, exact-low, exact-above) and constant key (paper);
// with `none`, the
// rule "none" reads as no choice.
std::optional<BiasChoice> read_bias_choice(const Field& name, const Field& fraction, const Field& constant,
                                           bool none = false);

}  // namespace scae::regime_toml
