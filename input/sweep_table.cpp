#include "input/sweep_table.hpp"

#include <bit>
#include <cmath>
#include <cstdio>

namespace scae::regime_toml {

namespace {

// Evaluates the rules at every h of the path: integers in range, identity+Hadamard sizes, a finite
// delta of safe magnitude; a failure names the key and the h.
void check_every_point(const SweepSpec& sw, const Field& table, const Section& s, const Regime& base) {
  const bool hadamard = base.dictionary.family == DictionarySpec::Family::identity_hadamard;
  const Field n_field = s.field("n"), k_field = s.field("k"), delta_field = s.field("delta");
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
}

// [sweep] paper_constant (the paper rule's series) and paper_precision (its Monte Carlo estimate).
void read_paper_series(const Section& s, SweepSpec& sw) {
  if (const Field f = s.field("paper_constant"); f.present()) {
    const std::string range = "number in (0, 100]: the constant C of the paper rule's series C m1 k (delta + mu/sqrt(n))";
    sw.paper = BiasChoice{BiasRule::paper, BiasChoice{}.fraction, f.number(range)};
    if (sw.paper->constant <= 0 || sw.paper->constant > 100) f.fail(sw.paper->constant.str() + " is outside (0, 100]", range);
  }
  if (const Field f = s.field("paper_precision"); f.present()) {
    const std::string range = "number in [1/1000, 1/2] with paper_constant: the relative radius of the paper series' Monte Carlo "
                              "estimate where its recovery is not certified";
    const rational precision = f.number(range);
    if (!sw.paper) f.fail("given without paper_constant", range);
    if (precision < rational(1, 1000) || precision > rational(1, 2)) f.fail(precision.str() + " is outside [1/1000, 1/2]", range);
    sw.paper_precision = precision.convert_to<double>();
  }
}

}  // namespace

SweepSpec read_sweep_table(const Section& s, const Field& table, const Regime& base) {
  s.check_keys({{"h"}, {"n"}, {"k"}, {"delta"}, {"p"}, {"bias"}, {"bias_fraction"}, {"bias_constant"}, {"contrast"},
                {"contrast_fraction"}, {"contrast_constant"}, {"paper_constant"}, {"paper_precision"}, {"rows"}, {"samples"}});
  SweepSpec sw;
  sw.line = table.line();
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

  const auto alone = [&](const char* key, const char* rule_key) {
    if (const Field g = s.field(key); g.present())
      g.fail(std::string("only read together with [sweep] ") + rule_key,
             std::string(rule_key) + " = a rule that takes it (fraction: window-low, exact-low, exact-above; constant: paper)");
  };
  if (const Field f = s.field("bias"); f.present()) sw.bias = read_bias_choice(f, s.field("bias_fraction"), s.field("bias_constant"));
  else if (base.bias.kind != BiasSpec::Kind::rule)
    table.fail("the base bias is fixed, so it cannot follow h", "key bias = one of " + accepted_names<BiasRule>());
  else {
    alone("bias_fraction", "bias");
    alone("bias_constant", "bias");
  }
  const BiasChoice main = sw.bias ? *sw.bias : base.bias.rule;
  if (const Field f = s.field("contrast"); f.present())
    sw.contrast = read_bias_choice(f, s.field("contrast_fraction"), s.field("contrast_constant"), true);
  else {
    alone("contrast_fraction", "contrast");
    alone("contrast_constant", "contrast");
    // A rule that falls with h (to 0, or to the floor of a "-low" rule) gets the fixed-window contrast.
    if (bias_limit_in_a1(main) < rational(1, 2)) sw.contrast = BiasChoice{BiasRule::exact_mid};
  }
  read_paper_series(s, sw);
  if (const Field f = s.field("rows"); f.present())
    sw.sampled_rows = static_cast<int>(f.integer(0, 256, "integer in [0, 256] (default 16): rows drawn at random per point"));
  sw.samples = base.monte_carlo.samples;
  if (const Field f = s.field("samples"); f.present())
    sw.samples = static_cast<std::uint64_t>(f.integer(1000, 1'000'000'000'000, "integer in [1000, 10^12]"));

  check_every_point(sw, table, s, base);
  return sw;
}

}  // namespace scae::regime_toml
