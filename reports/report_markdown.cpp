#include "reports/report_markdown.hpp"

#include "runs/claim_labels.hpp"
#include "runs/report_record.hpp"
#include "reports/descent_reference.hpp"
#include "reports/experiments_section.hpp"
#include "reports/markdown_text.hpp"
#include "reports/negligibility.hpp"
#include "reports/sweep_report.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

namespace scae {

namespace {

std::string text(const nlohmann::json& x) { return x.is_string() ? x.get<std::string>() : x.dump(); }
// A number as report.json writes it (the shortest text that reads back to it).
std::string number_json_text(double x) { return nlohmann::json(x).dump(); }
// "[0, 3, 5]": a list of rows as report.json writes it.
std::string rows_text(const std::vector<int>& rows) { return nlohmann::json(rows).dump(); }

// The symbols of the inequalities of gradient.term_bounds (theory/term_bounds.hpp).
constexpr const char* term_bound_legend =
    "Symbols: q_r = k(k−1)…(k−r+1)/(h(h−1)…(h−r+1)); H₁ = h − 1, H₂ = h − 2; M = W A*, G = W Wᵀ; c = max_{j≠l} "
    "|M_jl|; δ = max_i ‖W_i − A*_i‖; R = max_j ‖W_j‖; A = max_l ‖A*_l‖; ε = max_j |ε_j|; Λ = max_i |M_ii|; σ_W, σ_A, "
    "σ_E: upper bounds of ‖W‖₂, ‖A*‖₂, ‖W − A*ᵀ‖₂; δ' = max(1 − min_i M_ii, max_i M_ii − 1); c_g = c + R δ; η = 2δ' + R δ; η₁ = δ' + R δ; "
    "N_r, N_c, N_g: bounds of the 2-norm of a row of M, a column of M and a row of G without their diagonal entries; "
    "M_o: bound of the spectral norm of M off the diagonal.";

// A Markdown table cell: '|' escaped.
std::string cell(const std::string& content) {
  std::string out;
  for (const char c : content) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// Every verdict of the run (the claims, then the experiments' and the sweep path's), and per kind
// (claim, consistency, hypothesis: docs/verification.md) how many hold, fail and decide nothing.
struct KindCount {
  std::size_t total = 0, hold = 0, failing = 0;
  std::size_t undecided() const { return total - hold - failing; }
};
struct VerdictCount {
  std::vector<const VerdictRecord*> all;
  std::size_t failing = 0;
  std::map<Kind, KindCount> kinds;
};
VerdictCount count_verdicts(const ReportRecord& r) {
  VerdictCount out;
  for (const auto& c : r.claims) out.all.push_back(&c);
  for (const auto& c : r.other_verdicts) out.all.push_back(&c);
  for (const VerdictRecord* c : out.all) {
    KindCount& k = out.kinds[c->kind.value_or(Kind::claim)];
    ++k.total;
    k.hold += c->outcome == Outcome::proven || c->outcome == Outcome::consistent;
    k.failing += fails(c->outcome);
    out.failing += fails(c->outcome);
  }
  return out;
}

// "2 paper claims: 1 holds (PROVEN or CONSISTENT), 1 fails ..., 0 decide nothing ...", for one kind.
std::string kind_tally(Kind kind, const KindCount& k) {
  const auto plural = [](std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  const std::string noun = kind == Kind::claim         ? plural(k.total, "paper claim", "paper claims")
                           : kind == Kind::consistency ? plural(k.total, "consistency check", "consistency checks")
                                                   : plural(k.total, "hypothesis", "hypotheses");
  return noun + ": " + plural(k.hold, "holds", "hold") + " (PROVEN or CONSISTENT), " + plural(k.failing, "fails", "fail") +
         " (REFUTED or INCONSISTENT), " + std::to_string(k.undecided()) + " undecided (UNDECIDED or INCONCLUSIVE)";
}

// The counts of every kind present, paper claims first, in one sentence.
std::string tally_sentence(const VerdictCount& count) {
  std::string out;
  for (const Kind kind : all_kinds)
    if (const auto k = count.kinds.find(kind); k != count.kinds.end())
      out += (out.empty() ? "" : "; ") + kind_tally(kind, k->second);
  return out + ".";
}

// Title, versions, commit, seed, threads, date, machine and run time.
void header(std::ostringstream& md, const ReportRecord& r) {
  const nlohmann::json& b = r.build;
  md << "# scae report: " << markdown_literal(r.regime.name) << "\n\n";
  md << "scae " << text(b["scae"]) << ", commit `" << text(b["commit"]) << "`, " << text(b["compiler"]) << " ("
     << text(b["build_type"]) << "); Eigen " << text(b["eigen"]) << ", Boost " << text(b["boost"]) << ", MPFR "
     << text(b["mpfr"]) << ", MPFI " << text(b["mpfi"]) << ", GMP " << text(b["gmp"]) << ". Seed " << r.regime.seed << ", "
     << counted(r.context.threads, "thread", "threads") << ", " << r.context.date << " on " << r.context.host << ", "
     << number_json_text(r.context.seconds) << " s. Loss ½‖ŷ − y‖².\n\n";
}

// The counts, the failing verdicts and the headline answer.
void summary(std::ostringstream& md, const ReportRecord& r, const VerdictCount& count) {
  const ReportRegime& g = r.regime;
  md << "## Summary\n\n";
  md << "Regime **" << markdown_literal(g.name) << "**: n = " << g.n << ", h = " << g.h << ", " << support_law_text(g)
     << ", δ = " << text(r.point["max_row_distance"]) << ", bias " << g.bias << ". " << count.all.size()
     << " verdicts (the catalog's " << r.claims.size() << " entries, the paper's experiments and the path's checks), "
        "counted by kind (paper claims include the experiments): "
     << tally_sentence(count) << "\n\n";
  for (const VerdictRecord* c : count.all)
    if (fails(c->outcome)) md << "- `" << c->id << "` " << to_name(c->outcome) << ": " << c->summary << "\n";
  if (count.failing > 0) md << "\n";
  md << negligibility_answer(r) << "\n\n";
  if (r.experiments.critical_point) {
    const std::string where = critical_point_sentence(*r.experiments.critical_point, r.point["max_row_distance"].get<double>());
    if (!where.empty()) md << where << "\n\n";
  }
}

// The --set overrides, then the regime's quantities.
void regime_table(std::ostringstream& md, const ReportRecord& r) {
  const ReportRegime& g = r.regime;
  if (!g.overrides.empty()) {
    md << "Overrides:";
    for (const std::string& o : g.overrides) md << " " << markdown_code("--set " + o);
    md << ".\n\n";
  }
  const nlohmann::json& d = r.dictionary;
  const auto midpoint = [&](const nlohmann::json& enclosure) { return short_text(median_of_interval_text(text(enclosure))); };
  md << "## Regime\n\n" << markdown_literal(g.description) << "\n\n";
  md << "| quantity | value |\n| --- | --- |\n";
  if (g.support == "bernoulli")  // k is h there: the law is shown instead
    md << "| n, h | " << g.n << ", " << g.h << " |\n| support | " << support_law_text(g) << "; the sufficient window uses K = h = "
       << g.h << ": every support up to all h atoms has positive probability, and the window must hold for each |\n";
  else
    md << "| n, h, k | " << g.n << ", " << g.h << ", " << g.k << " |\n";
  md << "| values | [" << g.a1 << ", " << g.a2 << "], m1 = " << g.m1 << ", m2 = " << g.m2 << " |\n";
  md << "| q_i | " << g.q1 << " |\n";
  md << "| coherence μ/√n | " << midpoint(d["coherence_enclosure"]) << " in " << text(d["coherence_enclosure"]) << " |\n";
  md << "| ξ | " << midpoint(d["xi_enclosure"]) << " in " << text(d["xi_enclosure"]) << " |\n";
  md << "| δ = max ‖W_i − A*_i‖ | " << text(r.point["max_row_distance"]) << " (regime: " << g.delta << ") |\n";
  md << "| bias | " << g.bias << " |\n";
  md << "| rows checked | " << rows_text(g.rows_checked) << " |\n";
  if (g.groups)
    md << "| typical rows | " << rows_text(g.groups->first) << " |\n| atypical rows (inner products with the other atoms "
          "adding up: docs/verification.md) | " << rows_text(g.groups->second) << " |\n";
  md << "\n";
}

// A listed verdict's kind, source and expectation as the tables print them.
std::string kind_text(const VerdictRecord& c) { return c.kind ? to_name(*c.kind) : ""; }
std::string source_text(const VerdictRecord& c) { return c.source ? to_name(*c.source) : ""; }
std::optional<Outcome> expected_of(const VerdictRecord& c) { return c.expected ? c.expected->verdict : std::nullopt; }

// The claims' verdicts, then the experiments' and the path's.
void verdict_tables(std::ostringstream& md, const ReportRecord& r, const VerdictCount& count) {
  const auto row = [&](const VerdictRecord& c) {
    const std::string verdict = to_name(c.outcome);
    const std::optional<Outcome> expected = expected_of(c);
    const bool loud = fails(c.outcome) || (expected && *expected != c.outcome);
    md << "| `" << c.id << "` | " << kind_text(c) << " | " << cell(c.statement) << " | " << source_text(c) << " | "
       << to_name(c.method) << " | " << (loud ? "**" + verdict + "**" : verdict) << " | "
       << (expected ? to_name(*expected) : "–") << " | " << cell(c.summary) << " |\n";
  };
  const char* header = "| claim | kind | statement | source | method | verdict | expected | key number |\n"
                       "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  md << "## Verdicts\n\n" << header;
  for (const auto& c : r.claims) row(c);
  md << "\nThe paper's experiments (section below; each one's rule is stated there) and the sweep path (section "
        "Asymptotics):\n\n" << header;
  for (const auto& c : r.other_verdicts) row(c);
  md << "\n" << (count.failing == 0 ? std::string("No verdict above is REFUTED or INCONSISTENT.")
                              : std::to_string(count.failing) + " of the " + std::to_string(count.all.size()) +
                                    " verdicts above are REFUTED or INCONSISTENT (in bold).")
     << " By kind: " << tally_sentence(count) << "\n\n";
}

// Negligibility, the recovery windows and the Monte Carlo summary.
void windows_and_monte_carlo(std::ostringstream& md, const ReportRecord& r) {
  md << "## Is the expected gradient negligible?\n\n" << negligibility(r) << "\n\n";

  const RecoveryWindows& windows = r.windows;
  md << "## Support recovery windows\n\n![Exact per-unit windows and the sufficient window](recovery_windows.svg)\n\n"
     << "Unit j recovers its support on every sample exactly when its bias lies in [off_j, on_j) (largest off-support and "
        "smallest on-support pre-activation); the paper-style sufficient window is [" << number_json_text(windows.sufficient_lower)
     << ", " << number_json_text(windows.sufficient_upper) << ")" << (windows.sufficient_lower < windows.sufficient_upper ? "" : ", which is empty")
     << ". Data: `recovery_windows.dat`, script: `recovery_windows.gp`.\n\n";

  const nlohmann::json& m = r.monte_carlo;
  md << "## Monte Carlo summary (all rows)\n\n"
     << "Support recovery rate " << text(m["recovery"]["rate"]) << " in [" << text(m["recovery"]["lower"]) << ", "
     << text(m["recovery"]["upper"]) << "] (Clopper–Pearson, " << level_text(m["confidence"].get<double>()) << "); E[L] = "
     << text(m["loss"]["mean"]) << " ± " << text(m["loss"]["halfwidth"]) << " (" << level_text(m["confidence"].get<double>())
     << "); mean ‖E∇_{W_i}‖ over rows " << text(m["gradient_row_norm"]["mean"])
     << ", largest " << text(m["gradient_row_norm"]["max"]) << " (row " << text(m["gradient_row_norm"]["max_row"])
     << "); " << text(m["mean_active_units"]) << " units fire per sample. " << text(m["method"]) << ".\n\n";
}

// Each claim's statement, method and evidence table.
void evidence(std::ostringstream& md, const ReportRecord& r) {
  md << "## Evidence\n\n";
  for (const VerdictRecord& c : r.claims) {
    md << "### `" << c.id << "`: " << to_name(c.outcome) << "\n\n" << c.statement << " (" << source_text(c) << ", "
       << to_name(c.method) << "). " << c.summary << "\n\n";
    if (!c.how.empty()) md << "Method: " << c.how << ".\n\n";
    if (!c.evidence.empty()) {
      // The level of the table's intervals, from the verdict record: a statistical claim's
      // confidence, or certified enclosures.
      const std::string level = c.confidence       ? " (intervals and ± at " + level_text(*c.confidence) + ")"
                                : c.precision_bits ? " (intervals: certified enclosures)"
                                                   : "";
      md << "| quantity | value" << level << " |\n| --- | --- |\n";
      for (const Evidence& e : c.evidence) md << "| " << cell(e.name) << " | " << cell(e.text()) << " |\n";
      md << "\n";
      if (c.id == claim_id::term_bounds) md << term_bound_legend << "\n\n";
    }
  }
}

}  // namespace

std::string report_markdown(const ReportRecord& r) {
  std::ostringstream md;
  const VerdictCount count = count_verdicts(r);
  header(md, r);
  summary(md, r, count);
  regime_table(md, r);
  verdict_tables(md, r, count);
  windows_and_monte_carlo(md, r);
  evidence(md, r);
  if (r.asymptotics) md << sweep_markdown(*r.asymptotics);
  else md << "## Asymptotics\n\nThis regime has no [sweep] path, so no asymptotic fit was made (see `scae sweep`).\n\n";
  md << experiments_markdown(r.experiments);
  md << "## Method\n\nCertified claims: " << r.method.certified << ". Statistical claims: family-wise level "
     << number_json_text(r.method.family_level) << " over " << r.method.statistical_claims << " claims, " << r.method.correction
     << ". Monte Carlo: " << r.method.monte_carlo << ".\n";
  return escape_emphasis(short_numbers(md.str()));
}

}  // namespace scae
