#include "reports/report_markdown.hpp"

#include "runs/claim_labels.hpp"
#include "reports/descent_reference.hpp"
#include "reports/experiments_section.hpp"
#include "reports/markdown_text.hpp"
#include "reports/negligibility.hpp"
#include "reports/sweep_report.hpp"

#include <cstddef>
#include <map>
#include <sstream>
#include <vector>

namespace scae {

namespace {

std::string text(const nlohmann::json& x) { return x.is_string() ? x.get<std::string>() : x.dump(); }

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
  std::vector<const nlohmann::json*> all;
  std::size_t failing = 0;
  std::map<std::string, KindCount> kinds;  // "claim", "consistency", "hypothesis"
};
VerdictCount count_verdicts(const nlohmann::json& r) {
  VerdictCount out;
  for (const auto& c : r["claims"]) out.all.push_back(&c);
  for (const auto& c : r["other_verdicts"]) out.all.push_back(&c);
  for (const auto* c : out.all) {
    const std::string v = text((*c)["verdict"]);
    KindCount& k = out.kinds[text((*c)["kind"])];
    ++k.total;
    k.hold += v == "PROVEN" || v == "CONSISTENT";
    k.failing += (*c)["fails"].get<bool>();
    out.failing += (*c)["fails"].get<bool>();
  }
  return out;
}

// "2 paper claims: 1 holds (PROVEN or CONSISTENT), 1 fails ..., 0 decide nothing ...", for one kind.
std::string kind_tally(const std::string& kind, const KindCount& k) {
  const auto plural = [](std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  const std::string noun = kind == "claim"         ? plural(k.total, "paper claim", "paper claims")
                           : kind == "consistency" ? plural(k.total, "consistency check", "consistency checks")
                                                   : plural(k.total, "hypothesis", "hypotheses");
  return noun + ": " + plural(k.hold, "holds", "hold") + " (PROVEN or CONSISTENT), " + plural(k.failing, "fails", "fail") +
         " (REFUTED or INCONSISTENT), " + std::to_string(k.undecided()) + " undecided (UNDECIDED or INCONCLUSIVE)";
}

// The counts of every kind present, paper claims first, in one sentence.
std::string tally_sentence(const VerdictCount& count) {
  std::string out;
  for (const char* kind : {"claim", "consistency", "hypothesis"})
    if (const auto k = count.kinds.find(kind); k != count.kinds.end())
      out += (out.empty() ? "" : "; ") + kind_tally(kind, k->second);
  return out + ".";
}

// Title, versions, commit, seed, threads, date, machine and run time.
void header(std::ostringstream& md, const nlohmann::json& r) {
  const auto& b = r["build"];
  const auto& g = r["regime"];
  md << "# scae report: " << markdown_literal(text(g["name"])) << "\n\n";
  md << "scae " << text(b["scae"]) << ", commit `" << text(b["commit"]) << "`, " << text(b["compiler"]) << " ("
     << text(b["build_type"]) << "); Eigen " << text(b["eigen"]) << ", Boost " << text(b["boost"]) << ", MPFR "
     << text(b["mpfr"]) << ", MPFI " << text(b["mpfi"]) << ", GMP " << text(b["gmp"]) << ". Seed " << text(g["seed"])
     << ", " << counted(r["context"]["threads"].get<long long>(), "thread", "threads") << ", " << text(r["context"]["date"]) << " on "
     << text(r["context"]["host"]) << ", " << text(r["context"]["seconds"]) << " s. Loss ½‖ŷ − y‖².\n\n";
}

// The counts, the failing verdicts and the headline answer.
void summary(std::ostringstream& md, const nlohmann::json& r, const VerdictCount& count) {
  const auto& g = r["regime"];
  md << "## Summary\n\n";
  md << "Regime **" << markdown_literal(text(g["name"])) << "**: n = " << text(g["n"]) << ", h = " << text(g["h"]) << ", " << support_law_text(g)
     << ", δ = " << text(r["point"]["max_row_distance"]) << ", bias " << text(g["bias"]) << ". " << count.all.size()
     << " verdicts (the catalog's " << r["claims"].size() << " entries, the paper's experiments and the path's checks), "
        "counted by kind (paper claims include the experiments): "
     << tally_sentence(count) << "\n\n";
  for (const auto* c : count.all)
    if ((*c)["fails"].get<bool>())
      md << "- `" << text((*c)["id"]) << "` " << text((*c)["verdict"]) << ": " << text((*c)["summary"]) << "\n";
  if (count.failing > 0) md << "\n";
  md << negligibility_answer(r) << "\n\n";
  const auto& e = r["experiments"];
  if (e.contains("descent_critical_point")) {
    const std::string where = critical_point_sentence(e["descent_critical_point"], r["point"]["max_row_distance"].get<double>());
    if (!where.empty()) md << where << "\n\n";
  }
}

// The --set overrides, then the regime's quantities.
void regime_table(std::ostringstream& md, const nlohmann::json& r) {
  const auto& g = r["regime"];
  if (g.contains("overrides") && !g["overrides"].empty()) {
    md << "Overrides:";
    for (const auto& o : g["overrides"]) md << " " << markdown_code("--set " + text(o));
    md << ".\n\n";
  }
  const auto& d = r["dictionary"];
  const auto midpoint = [&](const nlohmann::json& enclosure) { return short_text(median_of_interval_text(text(enclosure))); };
  md << "## Regime\n\n" << markdown_literal(text(g["description"])) << "\n\n";
  md << "| quantity | value |\n| --- | --- |\n";
  if (g.value("support", std::string("uniform")) == "bernoulli")  // k is h there: the law is shown instead
    md << "| n, h | " << text(g["n"]) << ", " << text(g["h"]) << " |\n| support | " << support_law_text(g)
       << "; the sufficient window uses K = h = " << text(g["h"]) << ": every support up to all h atoms has positive "
          "probability, and the window must hold for each |\n";
  else
    md << "| n, h, k | " << text(g["n"]) << ", " << text(g["h"]) << ", " << text(g["k"]) << " |\n";
  md << "| values | [" << text(g["a1"]) << ", " << text(g["a2"]) << "], m1 = " << text(g["m1"]) << ", m2 = " << text(g["m2"])
     << " |\n";
  md << "| q_i | " << text(g["q1"]) << " |\n";
  md << "| coherence μ/√n | " << midpoint(d["coherence_enclosure"]) << " in " << text(d["coherence_enclosure"]) << " |\n";
  md << "| ξ | " << midpoint(d["xi_enclosure"]) << " in " << text(d["xi_enclosure"]) << " |\n";
  md << "| δ = max ‖W_i − A*_i‖ | " << text(r["point"]["max_row_distance"]) << " (regime: " << text(g["delta"]) << ") |\n";
  md << "| bias | " << text(g["bias"]) << " |\n";
  md << "| rows checked | " << g["rows_checked"].dump() << " |\n";
  if (g.contains("rows_atypical"))
    md << "| typical rows | " << g["rows_typical"].dump() << " |\n| atypical rows (inner products with the other atoms "
          "adding up: docs/verification.md) | " << g["rows_atypical"].dump() << " |\n";
  md << "\n";
}

// The claims' verdicts, then the experiments' and the path's.
void verdict_tables(std::ostringstream& md, const nlohmann::json& r, const VerdictCount& count) {
  const auto row = [&](const nlohmann::json& c) {
    const std::string verdict = text(c["verdict"]);
    const bool mismatch = !c["expected"].is_null() && text(c["expected"]) != verdict;
    const bool loud = c["fails"].get<bool>() || mismatch;
    md << "| `" << text(c["id"]) << "` | " << text(c["kind"]) << " | " << cell(text(c["statement"])) << " | " << text(c["source"]) << " | "
       << text(c["method"]) << " | " << (loud ? "**" + verdict + "**" : verdict) << " | "
       << (c["expected"].is_null() ? "–" : text(c["expected"])) << " | " << cell(text(c["summary"])) << " |\n";
  };
  const char* header = "| claim | kind | statement | source | method | verdict | expected | key number |\n"
                       "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  md << "## Verdicts\n\n" << header;
  for (const auto& c : r["claims"]) row(c);
  md << "\nThe paper's experiments (section below; each one's rule is stated there) and the sweep path (section "
        "Asymptotics):\n\n" << header;
  for (const auto& c : r["other_verdicts"]) row(c);
  md << "\n" << (count.failing == 0 ? std::string("No verdict above is REFUTED or INCONSISTENT.")
                              : std::to_string(count.failing) + " of the " + std::to_string(count.all.size()) +
                                    " verdicts above are REFUTED or INCONSISTENT (in bold).")
     << " By kind: " << tally_sentence(count) << "\n\n";
}

// Negligibility, the recovery windows and the Monte Carlo summary.
void windows_and_monte_carlo(std::ostringstream& md, const nlohmann::json& r) {
  md << "## Is the expected gradient negligible?\n\n" << negligibility(r) << "\n\n";

  const auto& windows = r["recovery_windows"];
  md << "## Support recovery windows\n\n![Exact per-unit windows and the sufficient window](recovery_windows.svg)\n\n"
     << "Unit j recovers its support on every sample exactly when its bias lies in [off_j, on_j) (largest off-support and "
        "smallest on-support pre-activation); the paper-style sufficient window is [" << text(windows["sufficient"][0])
     << ", " << text(windows["sufficient"][1]) << ")" << (windows["sufficient"][0].get<double>() < windows["sufficient"][1].get<double>() ? "" : ", which is empty")
     << ". Data: `recovery_windows.dat`, script: `recovery_windows.gp`.\n\n";

  const auto& m = r["monte_carlo"];
  md << "## Monte Carlo summary (all rows)\n\n"
     << "Support recovery rate " << text(m["recovery"]["rate"]) << " in [" << text(m["recovery"]["lower"]) << ", "
     << text(m["recovery"]["upper"]) << "] (Clopper–Pearson, " << level_text(m["confidence"].get<double>()) << "); E[L] = "
     << text(m["loss"]["mean"]) << " ± " << text(m["loss"]["halfwidth"]) << " (" << level_text(m["confidence"].get<double>())
     << "); mean ‖E∇_{W_i}‖ over rows " << text(m["gradient_row_norm"]["mean"])
     << ", largest " << text(m["gradient_row_norm"]["max"]) << " (row " << text(m["gradient_row_norm"]["max_row"])
     << "); " << text(m["mean_active_units"]) << " units fire per sample. " << text(m["method"]) << ".\n\n";
}

// Each claim's statement, method and evidence table.
void evidence(std::ostringstream& md, const nlohmann::json& r) {
  md << "## Evidence\n\n";
  for (const auto& c : r["claims"]) {
    md << "### `" << text(c["id"]) << "`: " << text(c["verdict"]) << "\n\n" << text(c["statement"]) << " (" << text(c["source"])
       << ", " << text(c["method"]) << "). " << text(c["summary"]) << "\n\n";
    if (!c["how"].get<std::string>().empty()) md << "Method: " << text(c["how"]) << ".\n\n";
    if (!c["evidence"].empty()) {
      // The level of the table's intervals, from the verdict record: a statistical claim's
      // confidence, or certified enclosures.
      const std::string level = c.contains("confidence") ? " (intervals and ± at " + level_text(c["confidence"].get<double>()) + ")"
                                : c.contains("precision_bits") ? " (intervals: certified enclosures)"
                                                               : "";
      md << "| quantity | value" << level << " |\n| --- | --- |\n";
      for (const auto& e : c["evidence"]) md << "| " << cell(text(e["name"])) << " | " << cell(text(e["value"])) << " |\n";
      md << "\n";
      if (c["id"] == claim_id::term_bounds) md << term_bound_legend << "\n\n";
    }
  }
}

}  // namespace

std::string report_markdown(const nlohmann::json& r) {
  std::ostringstream md;
  const VerdictCount count = count_verdicts(r);
  header(md, r);
  summary(md, r, count);
  regime_table(md, r);
  verdict_tables(md, r, count);
  windows_and_monte_carlo(md, r);
  evidence(md, r);
  if (r.contains("asymptotics")) md << sweep_markdown(r["asymptotics"]);
  else md << "## Asymptotics\n\nThis regime has no [sweep] path, so no asymptotic fit was made (see `scae sweep`).\n\n";
  md << experiments_markdown(r["experiments"]);
  md << "## Method\n\nCertified claims: " << text(r["method"]["certified"]) << ". Statistical claims: family-wise level "
     << text(r["method"]["family_level"]) << " over " << text(r["method"]["statistical_claims"]) << " claims, "
     << text(r["method"]["correction"]) << ". Monte Carlo: " << text(r["method"]["monte_carlo"]) << ".\n";
  return escape_emphasis(short_numbers(md.str()));
}

}  // namespace scae
