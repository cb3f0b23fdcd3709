#include "regime.hpp"

#include "budget.hpp"
#include "resources.hpp"
#include "verdict.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>

namespace scae {

namespace {

constexpr std::int64_t int_max = std::numeric_limits<int>::max();
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr int memory_check_threads = 2;

std::string str(std::int64_t v) { return std::to_string(v); }

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

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

// One key of the regime (or one element of an array key): reads it with its type and range,
// and raises "FILE:LINE: key 'section.key': problem; accepted: range" on any problem.
class Field {
public:
  Field(const std::string& source, std::string key, const toml::node* node, long table_line)
      : source_(&source), key_(std::move(key)), node_(node), line_(node ? line_of(*node) : table_line) {}

  bool present() const { return node_ != nullptr; }
  const std::string& key() const { return key_; }
  long line() const { return line_; }
  const toml::node* node() const { return node_; }

  // "FILE:LINE", or "--set KEY" for a value given on the command line (apply_override).
  std::string location() const {
    const auto& origin = node_ ? node_->source().path : nullptr;
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

  std::string string(const std::string& accepted) const {
    const auto* value = require(accepted).as_string();
    if (!value) fail("expected a string, found " + type_name(*node_), accepted);
    return value->get();
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
                 line_of(*table_));
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

std::filesystem::path resolve(const Field& f, const std::filesystem::path& base, const std::string& accepted) {
  const std::string text = f.string(accepted);
  if (text.empty()) f.fail("empty path", accepted);
  const std::filesystem::path path = std::filesystem::path(text).is_relative() ? base / text : std::filesystem::path(text);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(matrix_file(path), ec)) f.fail("file " + in_quotes(matrix_file(path).string()) + " not found", accepted);
  return path;
}

DictionarySpec read_dictionary(const Section& s, const std::filesystem::path& base) {
  DictionarySpec d;
  std::vector<std::string_view> families;
  for (const auto f : all_dictionary_families) families.push_back(family_name(f));
  const std::string family = s.field("family").choice(families);
  for (const auto f : all_dictionary_families)
    if (family_name(f) == family) d.family = f;
  const bool hadamard = d.family == DictionarySpec::Family::identity_hadamard;
  const bool from_file = d.family == DictionarySpec::Family::file;
  const std::string here = "family = " + in_quotes(family);
  s.check_keys({{"family"},
                {"n"},
                {"h"},
                {"seed", d.family == DictionarySpec::Family::gaussian, "family = \"gaussian\"", here},
                {"file", from_file, "family = \"file\"", here},
                {"columns", from_file, "family = \"file\"", here}});

  const Field n = s.field("n");
  if (hadamard) {
    const std::string accepted = "a power of two in [2, 2^30]";
    d.n = static_cast<int>(n.integer(2, std::int64_t{1} << 30, accepted));
    if (!std::has_single_bit(static_cast<unsigned>(d.n))) n.fail(str(d.n) + " is not a power of two", accepted);
  } else {
    d.n = static_cast<int>(n.integer(2, int_max - 1, "integer in [2, " + str(int_max - 1) + "]"));
  }
  const Field h = s.field("h");
  if (hadamard) {
    const std::string accepted = "2n = " + str(2 * std::int64_t{d.n}) + " (or leave h out)";
    d.h = h.present() ? static_cast<int>(h.integer(2 * std::int64_t{d.n}, 2 * std::int64_t{d.n}, accepted)) : 2 * d.n;
  } else {
    d.h = static_cast<int>(h.integer(std::int64_t{d.n} + 1, int_max,
                                     "integer in [n + 1, " + str(int_max) + "] = [" + str(d.n + 1) + ", " + str(int_max) +
                                         "] (h > n: overcomplete)"));
  }

  const std::uint64_t need = estimated_memory_bytes(d.n, d.h, memory_check_threads);
  if (const MemoryBudget budget; !budget.admits(need))
    (h.present() ? h : n)
        .fail("n = " + str(d.n) + ", h = " + str(d.h) + " " +
                  budget.refusal(need, "8 bytes x (12nh + 3h^2 + 2nh x " + str(memory_check_threads) + " threads)"),
              "n, h whose estimate is " + budget.accepted());

  if (d.family == DictionarySpec::Family::gaussian) {
    const Field seed = s.field("seed");
    if (seed.present()) d.seed = static_cast<std::uint64_t>(seed.integer(0, int64_max, "integer >= 0"));
  }
  if (from_file) {
    d.file = resolve(s.field("file"), base, "path of a CSV, Matrix Market (.mtx), NumPy (.npy) or MATLAB (.mat, FILE.mat:NAME) file, relative to the regime's folder");
    const Field columns = s.field("columns");
    if (columns.present())
      d.norms = columns.choice({"normalise", "require-unit"}) == "normalise" ? ColumnNorms::normalise
                                                                              : ColumnNorms::require_unit;
  }
  return d;
}

CodeModel read_code(const Section& s, int h) {
  const std::string support = s.field("support").choice({"uniform", "bernoulli"});
  const std::string values = s.field("values").choice({"uniform", "two-point", "constant"});
  const std::string support_here = "support = " + in_quotes(support);
  const std::string values_here = "values = " + in_quotes(values);
  s.check_keys({{"support"},
                {"values"},
                {"k", support == "uniform", "support = \"uniform\"", support_here},
                {"q", support == "bernoulli", "support = \"bernoulli\"", support_here},
                {"a1"},
                {"a2", values != "constant", "values = \"uniform\" or \"two-point\"", values_here},
                {"p_high", values == "two-point", "values = \"two-point\"", values_here}});

  CodeModel code;
  if (support == "uniform") {
    const Field k = s.field("k");
    const std::string accepted = "integer in [1, h] = [1, " + str(h) + "]";
    const int size = static_cast<int>(k.integer(1, h, accepted));
    code.support = construct(k, accepted, [&] { return SupportLaw::uniform_fixed(h, size); });
  } else {
    const Field q = s.field("q");
    const std::string accepted = "number in (0, 1], or an array of h = " + str(h) + " such numbers";
    auto probability = [&](const Field& f) {
      const rational p = f.number(accepted);
      if (p <= 0 || p > 1) f.fail(p.str() + " is outside (0, 1]", accepted);
      return p;
    };
    std::vector<rational> qs;
    if (q.present() && q.node()->is_array()) {
      const auto entries = q.elements(accepted);
      if (entries.size() != static_cast<std::size_t>(h))
        q.fail("array of " + str(static_cast<std::int64_t>(entries.size())) + " numbers", accepted);
      for (const auto& entry : entries) qs.push_back(probability(entry));
    } else {
      qs.assign(static_cast<std::size_t>(h), probability(q));
    }
    code.support = construct(q, accepted, [&] { return SupportLaw::bernoulli(std::move(qs)); });
  }

  const Field a1 = s.field("a1");
  const rational low = a1.double_safe_number("number > 0");
  if (low <= 0) a1.fail("a1 = " + low.str() + " is not positive", "number > 0");
  if (values == "constant") {
    code.values = construct(a1, "number > 0", [&] { return ValueLaw::constant(low); });
    return code;
  }
  const Field a2 = s.field("a2");
  const std::string a2_accepted = "number >= a1 = " + low.str();
  const rational high = a2.double_safe_number(a2_accepted);
  if (high < low) a2.fail("a2 = " + high.str() + " is below a1 = " + low.str(), a2_accepted);
  if (values == "uniform") {
    code.values = construct(a2, a2_accepted, [&] { return ValueLaw::uniform(low, high); });
    return code;
  }
  const Field p_high = s.field("p_high");
  const std::string p_accepted = "number in [0, 1] (default 1/2)";
  rational p = rational(1, 2);
  if (p_high.present()) {
    p = p_high.number(p_accepted);
    if (p < 0 || p > 1) p_high.fail(p.str() + " is outside [0, 1]", p_accepted);
  }
  code.values = construct(p_high, p_accepted, [&] { return ValueLaw::two_point(low, high, p); });
  return code;
}

PointSpec read_point(const Section& s, const std::filesystem::path& base) {
  PointSpec p;
  const std::string kind = s.field("kind").choice({"random-direction", "dictionary", "file"});
  p.kind = kind == "dictionary" ? PointSpec::Kind::dictionary
           : kind == "file"     ? PointSpec::Kind::file
                                : PointSpec::Kind::random_direction;
  const bool random = p.kind == PointSpec::Kind::random_direction;
  const std::string here = "kind = " + in_quotes(kind);
  s.check_keys({{"kind"},
                {"delta", random, "kind = \"random-direction\"", here},
                {"seed", random, "kind = \"random-direction\"", here},
                {"file", p.kind == PointSpec::Kind::file, "kind = \"file\"", here}});
  if (random) {
    const Field delta = s.field("delta");
    const std::string accepted = "finite number >= 0";
    p.delta = delta.double_safe_number(accepted);
    if (p.delta < 0) delta.fail("delta = " + p.delta.str() + " is negative", accepted);
    const Field seed = s.field("seed");
    if (seed.present()) p.seed = static_cast<std::uint64_t>(seed.integer(0, int64_max, "integer >= 0"));
  }
  if (p.kind == PointSpec::Kind::file)
    p.file = resolve(s.field("file"), base, "path of an h x n CSV, Matrix Market (.mtx), NumPy (.npy) or MATLAB (.mat, FILE.mat:NAME) file, relative to the regime's folder");
  return p;
}

// A bias rule by name with its fraction key (read only for the "-low" rules); `none` allows "none".
std::optional<BiasChoice> read_bias_choice(const Field& name, const Field& fraction, bool none = false) {
  const std::string accepted = (none ? "\"none\" or " : std::string()) + "one of " + bias_rule_names();
  const std::string text = name.string(accepted);
  if (none && text == "none") return std::nullopt;
  const std::optional<BiasRule> rule = find_bias_rule(text);
  if (!rule) name.fail(in_quotes(text) + " is not a bias rule", accepted);
  BiasChoice choice{*rule};
  if (fraction.present()) {
    if (!takes_fraction(*rule))
      fraction.fail("only read with the rules window-low and exact-low, but here " + in_quotes(text),
                    "no " + fraction.key() + " for this rule");
    const std::string range = "number in [0, 1) (default 0.05): the fraction of the window above its lower end";
    choice.fraction = fraction.number(range);
    if (choice.fraction < 0 || choice.fraction >= 1) fraction.fail(choice.fraction.str() + " is outside [0, 1)", range);
  }
  return choice;
}

BiasSpec read_bias(const Section& s, const Field& table, int h, const std::filesystem::path& base) {
  s.check_keys({{"value"}, {"values"}, {"file"}, {"rule"}, {"fraction"}});
  const std::string accepted = "exactly one of value (all units), values (array of h = " + str(h) +
                               " numbers), file (a vector file), rule (" + bias_rule_names() + ")";
  const Field value = s.field("value"), values = s.field("values"), file = s.field("file"), rule = s.field("rule");
  const Field* given = nullptr;
  for (const Field* f : {&value, &values, &file, &rule}) {
    if (!f->present()) continue;
    if (given) f->fail("given together with '" + given->key() + "' (line " + str(given->line()) + ")", accepted);
    given = f;
  }
  if (!given) table.fail("none of value, values, file is given", accepted);
  if (const Field f = s.field("fraction"); f.present() && given != &rule)
    f.fail("only read with rule = \"window-low\" or \"exact-low\"", accepted);

  BiasSpec b;
  if (given == &value) {
    b.kind = BiasSpec::Kind::value;
    b.value = value.double_safe_number("finite number");
  } else if (given == &values) {
    b.kind = BiasSpec::Kind::values;
    const std::string values_accepted = "array of h = " + str(h) + " finite numbers";
    const auto entries = values.elements(values_accepted);
    if (entries.size() != static_cast<std::size_t>(h))
      values.fail("array of " + str(static_cast<std::int64_t>(entries.size())) + " numbers", values_accepted);
    for (const auto& entry : entries) b.values.push_back(entry.double_safe_number("finite number"));
  } else if (given == &rule) {
    b.kind = BiasSpec::Kind::rule;
    b.rule = *read_bias_choice(rule, s.field("fraction"));
  } else {
    b.kind = BiasSpec::Kind::file;
    b.file = resolve(file, base, "path of a vector file (CSV, .mtx, 1-D .npy or .mat) of h = " + str(h) + " numbers, relative to the regime's folder");
  }
  return b;
}

// [expect]: claim ids (dotted ids quoted, or written as nested tables) mapped to verdict names.
void read_expectations(const Section& s, const toml::table& table, const std::string& prefix, const std::string& source,
                       std::vector<Expectation>& out) {
  for (const auto& [key, node] : table) {
    const std::string id = prefix + "." + std::string(key.str());
    if (const auto* nested = node.as_table()) {
      read_expectations(Section(source, *nested, id), *nested, id, source, out);
      continue;
    }
    const Field f = s.field(key.str());
    const std::string verdict =
        f.choice(outcome_names());
    out.push_back({id.substr(std::string("expect.").size()), verdict, f.location()});
  }
}

MonteCarloBudget read_monte_carlo(const Section& s) {
  s.check_keys({{"samples"}, {"confidence"}, {"seed"}, {"batches"}});
  MonteCarloBudget m;
  const std::int64_t max_samples = 1'000'000'000'000;
  m.samples = static_cast<std::uint64_t>(s.field("samples").integer(1000, max_samples, "integer in [1000, 10^12]"));
  if (const Field f = s.field("confidence"); f.present()) {
    const std::string accepted = "number in (0, 1) (default 0.95)";
    m.confidence = f.number(accepted);
    if (m.confidence <= 0 || m.confidence >= 1) f.fail(m.confidence.str() + " is outside (0, 1)", accepted);
  }
  if (const Field f = s.field("seed"); f.present())
    m.seed = static_cast<std::uint64_t>(f.integer(0, int64_max, "integer >= 0"));
  if (const Field f = s.field("batches"); f.present()) {
    const auto most = std::min<std::int64_t>(4096, static_cast<std::int64_t>(m.samples));
    m.batches = static_cast<int>(f.integer(8, most, "integer in [8, 4096], at most samples (default 64)"));
  }
  return m;
}

// [sweep]: evaluates every rule at every h now, so a bad path fails at load with file, line and key.
SweepSpec read_sweep(const Section& s, const Field& table, const Regime& base) {
  s.check_keys({{"h"}, {"n"}, {"k"}, {"delta"}, {"p"}, {"bias"}, {"bias_fraction"}, {"contrast"}, {"contrast_fraction"},
                {"rows"}, {"samples"}});
  SweepSpec sw;
  sw.line = table.line();
  const bool hadamard = base.dictionary.family == DictionarySpec::Family::identity_hadamard;
  if (base.dictionary.family == DictionarySpec::Family::file)
    table.fail("a dictionary read from a file has fixed sizes", "a sweep with family = \"gaussian\" or \"identity-hadamard\"");
  if (base.code.support.kind() != SupportLaw::Kind::uniform_fixed)
    table.fail("the support law is Bernoulli", "a sweep with support = \"uniform\" (k given by a rule)");
  if (base.point.kind != PointSpec::Kind::random_direction)
    table.fail("the point is not random-direction", "a sweep with [point] kind = \"random-direction\"");

  const Field hs = s.field("h");
  const std::string h_accepted = "array of strictly increasing integers in [4, 2^20]";
  for (const Field& f : hs.elements(h_accepted)) {
    const int h = static_cast<int>(f.integer(4, 1 << 20, h_accepted));
    if (!sw.h.empty() && h <= sw.h.back()) f.fail(str(h) + " does not exceed the previous h", h_accepted);
    sw.h.push_back(h);
  }
  if (sw.h.empty()) hs.fail("empty array", h_accepted);

  const std::string rule_accepted =
      "an integer, or a rule in h and p such as \"h/2\" or \"round(h^0.2)\" (" + std::string(SizeRule::grammar) + ")";
  const auto rule = [&](const Field& f, const std::string& accepted) -> SizeRule {
    if (!f.present()) return {};
    if (const auto* integer = f.node()->as_integer()) return SizeRule(std::to_string(integer->get()));
    if (f.node()->is_floating_point()) return SizeRule(f.number(accepted).str());
    return construct(f, accepted, [&] { return SizeRule(f.string(accepted)); });
  };
  const Field n_field = s.field("n"), k_field = s.field("k"), delta_field = s.field("delta");
  sw.n = rule(n_field, rule_accepted);
  sw.k = rule(k_field, rule_accepted);
  sw.delta = rule(delta_field, "a number >= 0, or a rule in h and p such as \"h^(-p-0.05)\" (" +
                                  std::string(SizeRule::grammar) + ")");
  if (const Field f = s.field("p"); f.present()) {
    const std::string accepted = "number in (0, 1)";
    sw.p = f.number(accepted);
    if (*sw.p <= 0 || *sw.p >= 1) f.fail(sw.p->str() + " is outside (0, 1)", accepted);
  }
  for (const auto& [r, f] : {std::pair{&sw.n, &n_field}, std::pair{&sw.k, &k_field}, std::pair{&sw.delta, &delta_field}})
    if (r->uses_p() && !sw.p) f->fail("the rule uses p but [sweep] gives no p", "a rule in h only, or add p = ... to [sweep]");

  if (const Field f = s.field("bias"); f.present()) sw.bias = read_bias_choice(f, s.field("bias_fraction"));
  else if (base.bias.kind != BiasSpec::Kind::rule)
    table.fail("the base bias is fixed, so it cannot follow h", "key bias = one of " + bias_rule_names());
  else if (const Field g = s.field("bias_fraction"); g.present())
    g.fail("only read together with [sweep] bias", "bias = \"window-low\" or \"exact-low\" beside it");
  const BiasChoice main = sw.bias ? *sw.bias : base.bias.rule;
  if (const Field f = s.field("contrast"); f.present()) sw.contrast = read_bias_choice(f, s.field("contrast_fraction"), true);
  else if (const Field g = s.field("contrast_fraction"); g.present())
    g.fail("only read together with [sweep] contrast", "contrast = \"window-low\" or \"exact-low\" beside it");
  else if (vanishes_with_h(main.rule)) sw.contrast = BiasChoice{BiasRule::exact_mid};
  if (const Field f = s.field("rows"); f.present())
    sw.sampled_rows = static_cast<int>(f.integer(0, 256, "integer in [0, 256] (default 16): rows drawn at random per point"));
  sw.samples = base.monte_carlo.samples;
  if (const Field f = s.field("samples"); f.present())
    sw.samples = static_cast<std::uint64_t>(f.integer(1000, 1'000'000'000'000, "integer in [1000, 10^12]"));

  // Evaluate the path.
  Regime probe = base;
  probe.sweep = sw;
  const auto point_fail = [&](const Field& f, int h, const std::string& problem, const std::string& accepted) {
    (f.present() ? f : table).fail("at h = " + str(h) + ": " + problem, accepted);
  };
  const double p = sw.p ? sw.p->convert_to<double>() : 0;
  for (const int h : sw.h) {
    const auto integer = [&](const SizeRule& r, const Field& f, int fallback, int lo, int hi, const std::string& what) {
      if (r.empty()) {
        if (fallback < lo || fallback > hi)
          point_fail(f, h, what + " = " + str(fallback) + " (not given in [sweep])", "give a rule with values in [" + str(lo) + ", " + str(hi) + "]");
        return fallback;
      }
      const double v = r.evaluate(h, p);
      const std::string accepted = "an integer in [" + str(lo) + ", " + str(hi) + "]";
      if (!std::isfinite(v) || v != std::round(v))
        point_fail(f, h, "\"" + r.text() + "\" gives " + std::to_string(v) + ", not an integer (wrap it in round())", accepted);
      if (v < lo || v > hi) point_fail(f, h, "\"" + r.text() + "\" gives " + std::to_string(v), accepted);
      return static_cast<int>(v);
    };
    const int n = hadamard && sw.n.empty() ? h / 2 : integer(sw.n, n_field, base.dictionary.n, 2, h - 1, "n");
    if (hadamard && (2 * n != h || !std::has_single_bit(static_cast<unsigned>(n))))
      point_fail(n_field, h, "identity-hadamard needs h = 2n with n a power of two, here n = " + str(n), "h a power of two >= 4 and n = h/2");
    integer(sw.k, k_field, base.code.support.k(), 1, h, "k");
    if (!sw.delta.empty()) {
      const double d = sw.delta.evaluate(h, p);
      if (!std::isfinite(d) || d < 0)
        point_fail(delta_field, h, "\"" + sw.delta.text() + "\" gives " + std::to_string(d), "a finite number >= 0");
      if (d != 0 && (d < 1e-100 || d > 1e100)) {  // as for [point] delta (double_safe_number)
        char text[32];
        std::snprintf(text, sizeof text, "%.6g", d);
        point_fail(delta_field, h, "\"" + sw.delta.text() + "\" gives " + text + ", outside the magnitudes double arithmetic carries safely here",
                   "a number >= 0, 0 or of magnitude in [1e-100, 1e100]");
      }
    }
  }
  return sw;
}

// Sets KEY (dotted, e.g. monte_carlo.samples) in the parsed file to VALUE read as a TOML value
// (a bare word that is not one is a string). The value's source is "--set KEY", so the regime's
// validation names the override instead of a file line.
void apply_override(toml::table& root, const std::string& assignment) {
  const std::string accepted = "KEY=VALUE with KEY a dotted regime key such as monte_carlo.samples and VALUE a TOML value";
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
  toml::table value_holder;
  try {
    value_holder = toml::parse("value = " + text, std::string_view(origin));
  } catch (const toml::parse_error&) {
    value_holder = toml::parse("value = " + toml_quoted(text), std::string_view(origin));
  }
  toml::table* table = &root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    toml::node* next = table->get(parts[i]);
    if (!next) next = &table->insert(parts[i], toml::table{}).first->second;
    table = next->as_table();
    if (!table) {
      std::string prefix = parts[0];
      for (std::size_t j = 1; j <= i; ++j) prefix += "." + parts[j];
      throw RegimeError(origin + ": '" + prefix + "' is not a table in the regime; accepted: " + accepted);
    }
  }
  table->insert_or_assign(parts.back(), std::move(*value_holder.get("value")));
}

}  // namespace

Regime parse_regime(const std::string& toml_text, const std::string& source_name, const std::filesystem::path& base,
                    const std::vector<std::string>& overrides) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(source_name));
  } catch (const toml::parse_error& e) {
    throw RegimeError(source_name + ":" + std::to_string(e.source().begin.line) + ": TOML syntax error: " +
                      std::string(e.description()));
  }
  for (const std::string& o : overrides) apply_override(root, o);
  const Section top(source_name, root, "");
  top.check_keys({{"name"}, {"description"}, {"dictionary"}, {"code"}, {"point"}, {"bias"}, {"monte_carlo"}, {"expect"},
                  {"claims"}, {"sweep"}});

  Regime r;
  const Field name = top.field("name");
  r.name = name.string("non-empty string");
  if (r.name.empty()) name.fail("empty name", "non-empty string");
  if (const Field f = top.field("description"); f.present()) r.description = f.string("string");
  r.dictionary = read_dictionary(top.section("dictionary"), base);
  r.code = read_code(top.section("code"), r.dictionary.h);
  r.point = read_point(top.section("point"), base);
  r.bias = read_bias(top.section("bias"), top.field("bias"), r.dictionary.h, base);
  r.monte_carlo = read_monte_carlo(top.section("monte_carlo"));
  if (top.field("expect").present()) read_expectations(top.section("expect"), *root.get("expect")->as_table(), "expect", source_name, r.expect);
  r.overrides = overrides;
  if (const Field f = top.field("claims"); f.present()) {
    r.claims_location = f.location();
    for (const Field& e : f.elements("array of claim id prefixes such as \"recovery\" (see `scae claims`)")) {
      r.claims.push_back(e.string("a claim id prefix"));
      if (r.claims.back().empty()) e.fail("empty prefix", "a claim id prefix such as \"recovery\"");
    }
  }
  if (top.field("sweep").present()) r.sweep = read_sweep(top.section("sweep"), top.field("sweep"), r);
  return r;
}

Regime load_regime(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw RegimeError(path.string() + ": regime file not found");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RegimeError(path.string() + ": cannot open the regime file");
  std::ostringstream text;
  text << in.rdbuf();
  Regime r = parse_regime(text.str(), path.string(), path.parent_path(), overrides);
  r.source = path;
  return r;
}

}  // namespace scae
