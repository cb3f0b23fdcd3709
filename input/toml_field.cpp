#include "input/toml_field.hpp"

#include <algorithm>
#include <cstdio>

namespace scae::regime_toml {
namespace {

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A TOML basic string holding `s`.
std::string toml_quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A node parsed from "VALUE" whose source is ORIGIN ("--set KEY"), so that errors about it name ORIGIN.
toml::node& parsed_value(toml::table& holder, const std::string& text, const std::string& origin) {
  try {
    holder = toml::parse("value = " + text, std::string_view(origin));
  } catch (const toml::parse_error&) {
    holder = toml::parse("value = " + toml_quoted(text), std::string_view(origin));
  }
  return *holder.get("value");
}

// Sets KEY (dotted, e.g. monte_carlo.samples) in the parsed file to VALUE; an empty VALUE removes KEY.
void apply_override(toml::table& root, const std::string& assignment) {
  const std::string accepted = "KEY=VALUE with KEY a dotted regime key such as monte_carlo.samples and VALUE a TOML value, "
                               "or KEY= (nothing after '=') to remove a key the regime has";
  const std::size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0)
    throw RegimeError("--set '" + assignment + "': expected KEY=VALUE; accepted: " + accepted);
  const std::string key(trim_blanks(std::string_view(assignment).substr(0, equals)));
  const std::string text(trim_blanks(std::string_view(assignment).substr(equals + 1)));
  const std::string origin = "--set " + key;
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = std::min(key.find('.', start), key.size());
    parts.push_back(key.substr(start, dot - start));
    if (parts.back().empty()) throw RegimeError(origin + ": empty part in the key; accepted: " + accepted);
    if (dot == key.size()) break;
    start = dot + 1;
  }
  toml::table* table = &root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    toml::node* next = table->get(parts[i]);
    if (!next && text.empty()) {
      table = nullptr;
      break;
    }
    toml::table holder;
    if (!next) next = &table->insert(parts[i], std::move(parsed_value(holder, "{}", origin))).first->second;
    table = next->as_table();
    if (!table) {
      std::string prefix = parts[0];
      for (std::size_t j = 1; j <= i; ++j) prefix += "." + parts[j];
      throw RegimeError(origin + ": '" + prefix + "' is not a table in the regime; accepted: " + accepted);
    }
  }
  if (text.empty()) {
    if (!table || !table->contains(parts.back()))
      throw RegimeError(origin + ": there is no key '" + key + "' to remove; accepted: " + accepted);
    table->erase(parts.back());
    return;
  }
  toml::table holder;
  table->insert_or_assign(parts.back(), std::move(parsed_value(holder, text, origin)));
}

}  // namespace

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

long line_of(const toml::node& node) { return std::max<long>(1, static_cast<long>(node.source().begin.line)); }

toml::table parse_with_overrides(const std::string& toml_text, const std::string& source_name,
                                 const std::vector<std::string>& overrides) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(source_name));
  } catch (const toml::parse_error& e) {
    throw RegimeError(source_name + ":" + std::to_string(e.source().begin.line) + ": TOML syntax error: " +
                      std::string(e.description()));
  }
  for (const std::string& o : overrides) apply_override(root, o);
  return root;
}

std::optional<BiasChoice> read_bias_choice(const Field& name, const Field& fraction, const Field& constant, bool none) {
  const std::string accepted = (none ? "\"none\" or " : std::string()) + "one of " + accepted_names<BiasRule>();
  const std::string text = name.string(accepted);
  if (none && text == "none") return std::nullopt;
  const std::optional<BiasRule> rule = find_name<BiasRule>(text);
  if (!rule) name.fail(in_quotes(text) + " is not a bias rule", accepted);
  BiasChoice choice{*rule};
  if (fraction.present()) {
    if (!takes_fraction(*rule))
      fraction.fail("only read with the rules window-low, exact-low and exact-above, but here " + in_quotes(text),
                    "no " + fraction.key() + " for this rule");
    const std::string range = "number in [0, 1) (default 0.05): the fraction of the window above its lower end "
                              "(exact-above: of the lower end itself)";
    choice.fraction = fraction.number(range);
    if (choice.fraction < 0 || choice.fraction >= 1) fraction.fail(choice.fraction.str() + " is outside [0, 1)", range);
  }
  if (constant.present()) {
    if (!takes_constant(*rule))
      constant.fail("only read with the rule paper, but here " + in_quotes(text), "no " + constant.key() + " for this rule");
    const std::string range = "number in (0, 100] (default 1): the constant C of the paper's bias C m1 k (delta + mu/sqrt(n))";
    choice.constant = constant.number(range);
    if (choice.constant <= 0 || choice.constant > 100) constant.fail(choice.constant.str() + " is outside (0, 100]", range);
  }
  return choice;
}

}  // namespace scae::regime_toml
