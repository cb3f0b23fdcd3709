#include "input/regime.hpp"

#include "input/sweep_table.hpp"
#include "input/toml_field.hpp"
#include "theory/verdict.hpp"

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

using namespace regime_toml;

constexpr std::int64_t int_max = std::numeric_limits<int>::max();
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::filesystem::path resolve(const Field& f, const std::filesystem::path& base, const std::string& accepted) {
  const std::string text = f.string(accepted);
  if (text.empty()) f.fail("empty path", accepted);
  const std::filesystem::path path = std::filesystem::path(text).is_relative() ? base / text : std::filesystem::path(text);
  if (const std::string problem = regular_file_problem(matrix_file(path)); !problem.empty())
    f.fail("file " + in_quotes(matrix_file(path).string()) + " " + problem, accepted);
  return path;
}

DictionarySpec read_dictionary(const Section& s, const std::filesystem::path& base) {
  DictionarySpec d;
  const std::string family = s.field("family").choice(all_names<DictionarySpec::Family>());
  d.family = *find_name<DictionarySpec::Family>(family);
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
    const std::string accepted = "a power of two in [2, 2^29] (h = 2n must be an int)";
    d.n = static_cast<int>(n.integer(2, std::int64_t{1} << 29, accepted));
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

  if (d.family == DictionarySpec::Family::gaussian) {
    const Field seed = s.field("seed");
    if (seed.present()) d.seed = static_cast<std::uint64_t>(seed.integer(0, int64_max, "integer >= 0"));
  }
  if (from_file) {
    d.file = resolve(s.field("file"), base, "path of a CSV, Matrix Market (.mtx), NumPy (.npy) or MATLAB (.mat, FILE.mat:NAME) file, relative to the regime's folder");
    const Field columns = s.field("columns");
    if (columns.present())
      d.norms = *find_name<ColumnNorms>(columns.choice(all_names<ColumnNorms>()));
  }
  return d;
}

CodeModel read_code(const Section& s, int h) {
  using Support = SupportLaw::Kind;
  using Values = ValueLaw::Kind;
  const std::string support_name = s.field("support").choice(all_names<Support>());
  const std::string values_name = s.field("values").choice(all_names<Values>());
  const Support support = from_name<Support>(support_name);
  const Values values = from_name<Values>(values_name);
  const auto quoted = [](auto kind) { return in_quotes(to_name(kind)); };
  const std::string support_here = "support = " + in_quotes(support_name);
  const std::string values_here = "values = " + in_quotes(values_name);
  s.check_keys({{"support"},
                {"values"},
                {"k", support == Support::uniform_fixed, "support = " + quoted(Support::uniform_fixed), support_here},
                {"q", support == Support::bernoulli, "support = " + quoted(Support::bernoulli), support_here},
                {"a1"},
                {"a2", values != Values::constant, "values = " + quoted(Values::uniform) + " or " + quoted(Values::two_point), values_here},
                {"p_high", values == Values::two_point, "values = " + quoted(Values::two_point), values_here}});

  CodeModel code;
  if (support == Support::uniform_fixed) {
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
  if (values == Values::constant) {
    code.values = construct(a1, "number > 0", [&] { return ValueLaw::constant(low); });
    return code;
  }
  const Field a2 = s.field("a2");
  const std::string a2_accepted = "number >= a1 = " + low.str();
  const rational high = a2.double_safe_number(a2_accepted);
  if (high < low) a2.fail("a2 = " + high.str() + " is below a1 = " + low.str(), a2_accepted);
  if (values == Values::uniform) {
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
  const std::string kind = s.field("kind").choice(all_names<PointSpec::Kind>());
  p.kind = from_name<PointSpec::Kind>(kind);
  const bool random = p.kind == PointSpec::Kind::random_direction;
  const std::string here = "kind = " + in_quotes(kind);
  const std::string random_here = "kind = " + in_quotes(to_name(PointSpec::Kind::random_direction));
  s.check_keys({{"kind"},
                {"delta", random, random_here, here},
                {"seed", random, random_here, here},
                {"file", p.kind == PointSpec::Kind::file, "kind = " + in_quotes(to_name(PointSpec::Kind::file)), here}});
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

// A bias rule by name with its fraction key (window-low, exact-low, exact-above) and constant key (paper).

BiasSpec read_bias(const Section& s, const Field& table, int h, const std::filesystem::path& base) {
  s.check_keys({{"value"}, {"values"}, {"file"}, {"rule"}, {"fraction"}, {"constant"}});
  const std::string accepted = "exactly one of value (all units), values (array of h = " + str(h) +
                               " numbers), file (a vector file), rule (" + accepted_names<BiasRule>() + ")";
  const Field value = s.field("value"), values = s.field("values"), file = s.field("file"), rule = s.field("rule");
  const Field* given = nullptr;
  for (const Field* f : {&value, &values, &file, &rule}) {
    if (!f->present()) continue;
    if (!given) {
      given = f;
      continue;
    }
    // The message stands at the --set when one of the two comes from the command line.
    const bool given_set = given->location().starts_with("--set ");
    const Field& blamed = given_set ? *given : *f;
    const Field& other = given_set ? *f : *given;
    const std::string at = other.location();
    blamed.fail("given together with '" + other.key() + "' (" + (at.starts_with("--set ") ? at : "line " + str(other.line())) +
                    "); remove one, e.g. with --set " + other.key() + "=",
                accepted);
  }
  if (!given) table.fail("none of value, values, file is given", accepted);
  for (const char* key : {"fraction", "constant"})
    if (const Field f = s.field(key); f.present() && given != &rule)
      f.fail("only read together with rule (fraction: window-low, exact-low or exact-above; constant: paper)", accepted);

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
    b.rule = *read_bias_choice(rule, s.field("fraction"), s.field("constant"));
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
        f.choice(all_names<Outcome>());
    out.push_back({id.substr(std::string("expect.").size()), *find_name<Outcome>(verdict), f.location()});
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

}  // namespace

Regime parse_regime(const std::string& toml_text, const std::string& source_name, const std::filesystem::path& base,
                    const std::vector<std::string>& overrides, SweepTable sweep) {
  const toml::table root = parse_with_overrides(toml_text, source_name, overrides);
  const Section top(source_name, root, "");
  top.check_keys({{"name"}, {"description"}, {"dictionary"}, {"code"}, {"point"}, {"bias"}, {"monte_carlo"}, {"expect"},
                  {"claims"}, {"sweep"}});

  Regime r;
  const Field name = top.field("name");
  r.name = name.string("non-empty string");
  if (r.name.empty()) name.fail("empty name", "non-empty string");
  if (const Field f = top.field("description"); f.present()) r.description = f.string("string", true);
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
  if (sweep == SweepTable::read && top.field("sweep").present()) r.sweep = read_sweep_table(top.section("sweep"), top.field("sweep"), r);
  return r;
}

Regime load_regime(const std::filesystem::path& path, const std::vector<std::string>& overrides, SweepTable sweep) {
  if (const std::string problem = regular_file_problem(path); !problem.empty())
    throw RegimeError(path.string() + ": " + (problem == "not found" ? "regime file not found" : problem));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RegimeError(path.string() + ": cannot open the regime file");
  std::ostringstream text;
  text << in.rdbuf();
  Regime r = parse_regime(text.str(), path.string(), path.parent_path(), overrides, sweep);
  r.source = path;
  return r;
}

}  // namespace scae
