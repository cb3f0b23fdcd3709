#include "report.hpp"

#include "build_info.hpp"
#include "distributed.hpp"
#include "experiments_section.hpp"
#include "figure.hpp"
#include "progress.hpp"
#include "support_recovery.hpp"
#include "sweep_report.hpp"
#include "markdown_text.hpp"
#include "matrix_io.hpp"
#include "numerics_summary.hpp"
#include "verdict.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace scae {

namespace {

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buffer;
}

std::string host_name() {
  char buffer[256] = {};
  return gethostname(buffer, sizeof buffer - 1) == 0 ? buffer : "unknown";
}

// An interval_text "[lo, hi]" as the pair of its ends, for programs; null when the text is not one.
nlohmann::json interval_pair(const std::string& text) {
  if (text.size() < 5 || text.front() != '[' || text.back() != ']') return nullptr;
  const auto comma = text.find(", ");
  if (comma == std::string::npos) return nullptr;
  const std::string lo_text = text.substr(1, comma - 1), hi_text = text.substr(comma + 2, text.size() - comma - 3);
  char* end = nullptr;
  const double lo = std::strtod(lo_text.c_str(), &end);
  if (end != lo_text.c_str() + lo_text.size()) return nullptr;
  const double hi = std::strtod(hi_text.c_str(), &end);
  if (end != hi_text.c_str() + hi_text.size() || !(lo <= hi)) return nullptr;
  return {lo, hi};
}

nlohmann::json verdict_json(const ClaimResult& r, const Regime& regime) {
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& [name, value] : r.verdict.evidence) {
    nlohmann::json entry = {{"name", name}, {"value", value}};
    if (nlohmann::json pair = interval_pair(value); !pair.is_null()) entry["interval"] = pair;
    evidence.push_back(entry);
  }
  nlohmann::json out = {{"id", r.claim->id},
                        {"statement", r.claim->statement},
                        {"source", source_name(r.claim->source)},
                        {"method", method_name(r.claim->method)},
                        {"verdict", outcome_name(r.verdict.outcome)},
                        {"fails", fails(r.verdict.outcome)},
                        {"summary", r.verdict.summary},
                        {"how", r.verdict.how},
                        {"evidence", evidence}};
  if (r.verdict.method == Method::certified) out["precision_bits"] = r.verdict.precision_bits;
  if (r.verdict.method == Method::statistical) {
    out["samples"] = r.verdict.samples;
    out["confidence"] = r.verdict.confidence;
  }
  const auto e = std::find_if(regime.expect.begin(), regime.expect.end(), [&](const Expectation& x) { return x.claim == r.claim->id; });
  out["expected"] = e == regime.expect.end() ? nlohmann::json(nullptr) : nlohmann::json(e->verdict);
  return out;
}

// The value of a named piece of evidence of a claim, or "".
std::string evidence_of(const nlohmann::json& report, const std::string& claim, const std::string& name) {
  for (const auto& c : report["claims"])
    if (c["id"] == claim)
      for (const auto& e : c["evidence"])
        if (e["name"] == name) return e["value"].get<std::string>();
  return {};
}

std::string verdict_of(const nlohmann::json& report, const std::string& claim) {
  for (const auto& c : report["claims"])
    if (c["id"] == claim) return c["verdict"].get<std::string>();
  return {};
}

// Theorem 3.2 says ‖E∇_{W_i}‖ is negligible as h grows; say plainly what this run shows.
// The midpoint of an interval_text "[lo, hi]" (0 when it is not one).
double median_of_interval_text(const std::string& text) {
  const auto comma = text.find(',');
  if (text.size() < 5 || text.front() != '[' || comma == std::string::npos) return 0;
  return (std::stod(text.substr(1, comma - 1)) + std::stod(text.substr(comma + 1))) / 2;
}

double natural_scale(const nlohmann::json& r) {
  return parse_rational(r["regime"]["q1"].get<std::string>()).convert_to<double>() *
         parse_rational(r["regime"]["m2"].get<std::string>()).convert_to<double>();
}

// ‖E∇_{W_i}‖/(q_i m2) at the regime's W: per checked row (midpoints of the certified enclosures)
// when recovery is certified, else the Monte Carlo mean over all rows (row -1).
std::pair<bool, std::vector<std::pair<int, double>>> ratios_here(const nlohmann::json& r) {
  std::vector<std::pair<int, double>> out;
  if (verdict_of(r, "gradient.certified_enclosure") == "PROVEN") {
    for (const auto& row : r["regime"]["rows_checked"]) {
      const std::string value = evidence_of(r, "gradient.certified_enclosure", "row " + row.dump() + " |E grad|/(q_i m2)");
      if (!value.empty()) out.emplace_back(row.get<int>(), median_of_interval_text(value));
    }
    return {true, out};
  }
  out.emplace_back(-1, r["monte_carlo"]["gradient_row_norm"]["mean"].get<double>() / natural_scale(r));
  return {false, out};
}

std::string negligibility(const nlohmann::json& r) {
  std::ostringstream out;
  const double scale = natural_scale(r);
  out << "Theorem 3.2 says that ‖E∇_{W_i} L‖ becomes negligible near A\\* as h grows, for every W in the δ-neighbourhood and a "
         "bias that shrinks with the incoherence; its natural scale is q_i m2 = "
      << number_text(scale) << ". ";
  const auto [certified, ratios] = ratios_here(r);
  if (certified) {
    out << "Here support recovery is certified, so the closed form is the true expected gradient: ‖E∇_{W_i}‖/(q_i m2) is";
    for (const auto& [row, ratio] : ratios) out << " " << short_text(ratio) << " (row " << row << ")";
    out << ". ";
  } else {
    out << "Here support recovery is not certified; by Monte Carlo the mean over rows of ‖E∇_{W_i}‖/(q_i m2) is "
        << short_text(ratios.front().second) << ". ";
  }
  out << "With this regime's bias the two diagonal classes alone give ε(2m1 − ε)/m2 = " << short_text(r["bias_form"])
      << " (mean over the rows): at this size the bias, not the incoherence, sets the ratio. ";
  const std::string at_w = verdict_of(r, "gradient.theorem_3_2_bound"), ball = verdict_of(r, "gradient.theorem_3_2_uniform");
  if (!ball.empty())
    out << "The explicit bound B_ball = " << short_text(median_of_interval_text(evidence_of(r, "gradient.theorem_3_2_uniform", "B_ball")))
        << " on ‖E∇_{W_i}‖/(q_i m2) for every W with ‖W_i − A\\*_i‖ ≤ δ is " << ball
        << (at_w.empty() ? "" : " (at this W, B(W) = " +
                                    short_text(median_of_interval_text(evidence_of(r, "gradient.theorem_3_2_bound", "B(W)"))) +
                                    ": " + at_w + ")")
        << ". ";
  if (r.contains("asymptotics") && !r["asymptotics"]["fit"].is_null()) {
    const auto& a = r["asymptotics"];
    out << "Along the regime's path (section Asymptotics) with the bias rule " << a["series"].get<std::string>()
        << ", the ratio goes from " << short_text(a["fit"]["first_ratio"]) << " to " << short_text(a["fit"]["last_ratio"])
        << " with slope " << short_text(a["fit"]["slope"]) << " against p − ξ = " << short_text(a["predicted_slope"]);
    for (const auto& v : a["verdicts"])
      if (v["id"] == "sweep.slope_matches_p_minus_xi") out << " (" << v["verdict"].get<std::string>() << ")";
    out << ". ";
    if (!a["contrast_fit"].is_null())
      out << "With the bias in the middle of each window (" << a["contrast_fit"]["series"].get<std::string>()
          << "), which does not shrink, it goes from " << short_text(a["contrast_fit"]["first_ratio"]) << " to "
          << short_text(a["contrast_fit"]["last_ratio"]) << ": negligibility needs ε → 0.";
  }
  return out.str();
}

// The symbols of the inequalities of gradient.term_bounds (theory/term_bounds.hpp).
constexpr const char* term_bound_legend =
    "Symbols: q_r = k(k−1)…(k−r+1)/(h(h−1)…(h−r+1)); H₁ = h − 1, H₂ = h − 2; M = W A*, G = W Wᵀ; c = max_{j≠l} "
    "|M_jl|; δ = max_i ‖W_i − A*_i‖; R = max_j ‖W_j‖; A = max_l ‖A*_l‖; ε = max_j |ε_j|; Λ = max_i |M_ii|; σ_W, σ_A, "
    "σ_E: upper bounds of ‖W‖₂, ‖A*‖₂, ‖W − A*ᵀ‖₂; δ' = max(1 − min_i M_ii, max_i M_ii − 1); c_g = c + R δ; η = 2δ' + R δ; η₁ = δ' + R δ; "
    "N_r, N_c, N_g: bounds of the 2-norm of a row of M, a column of M and a row of G without their diagonal entries; "
    "M_o: bound of the spectral norm of M off the diagonal.";

// A Markdown table cell: '|' escaped.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// The verdicts beyond the claim catalogue, in one list: the paper's experiments and the sweep
// path's checks, each with the claims' fields (the regime's [expect] table may name them too).
nlohmann::json other_verdicts(const nlohmann::json& r, const Regime& regime) {
  nlohmann::json out = nlohmann::json::array();
  const auto add = [&](const std::string& id, const std::string& statement, const std::string& source,
                       const nlohmann::json& v, const std::string& detail) {
    const std::string verdict = v["verdict"];
    const auto e = std::find_if(regime.expect.begin(), regime.expect.end(), [&](const Expectation& x) { return x.claim == id; });
    out.push_back({{"id", id},
                   {"statement", statement},
                   {"source", source},
                   {"method", v.contains("method") ? v["method"].get<std::string>() : std::string("statistical")},
                   {"verdict", verdict},
                   {"fails", verdict == "REFUTED" || verdict == "INCONSISTENT"},
                   {"summary", v["summary"].get<std::string>() + detail},
                   {"how", v["how"]},
                   {"expected", e == regime.expect.end() ? nlohmann::json(nullptr) : nlohmann::json(e->verdict)}});
  };
  const auto& e = r["experiments"];
  add("experiment.loss_well", "A*ᵀ sits at the bottom of a well of E[L] along random directions", "experiment",
      e["loss_well"]["verdict"], "");
  if (e["loss_well"].contains("scaling_verdict"))
    add("experiment.loss_well_scaling", "A*ᵀ is the bottom of E[L] along the scaling direction (1 + t) A*ᵀ", "experiment",
        e["loss_well"]["scaling_verdict"], "");
  std::string runs;
  for (const auto& run : e["descent"]["runs"])
    if (run["outcome"] != "CONSISTENT") runs += "; from " + short_text(run["start_distance"]) + ": " + run["behaviour"].get<std::string>();
  add("experiment.gradient_descent",
      "gradient descent started far away ends columnwise close to A*: final max_i |W_i - A*_i| <= " +
          short_text(e["descent"]["close_distance"]) + " from every start",
      "experiment", e["descent"]["verdict"], runs);
  add("experiment.gradient_norms", "near A* the average gradient norm is small: below 0.1 q_1 m2 at the smallest delta",
      "experiment", e["gradient_norms"]["verdict"], "");
  if (r.contains("asymptotics"))
    for (const auto& v : r["asymptotics"]["verdicts"]) add(v["id"], v["statement"], "sweep path", v, "");
  return out;
}

// "Is the expected gradient negligible here, and along the path?", from the same numbers as the
// section "Is the expected gradient negligible?" below.
std::string negligibility_answer(const nlohmann::json& r) {
  std::ostringstream out;
  const auto [certified, ratios] = ratios_here(r);
  double lo = HUGE_VAL, hi = 0;
  for (const auto& [row, ratio] : ratios) lo = std::min(lo, ratio), hi = std::max(hi, ratio);
  out << "**Is the expected gradient negligible?** At this size ‖E∇_{W_i}‖/(q_i m2) is "
      << (ratios.size() > 1 ? short_text(lo) + "–" + short_text(hi) + " on the checked rows (certified)"
                            : short_text(hi) + (certified ? " (certified)" : " (Monte Carlo mean over rows)"))
      << ", with the bias's own ε(2m1 − ε)/m2 = " << short_text(r["bias_form"]) << ".";
  if (r.contains("asymptotics") && !r["asymptotics"]["fit"].is_null()) {
    const auto& a = r["asymptotics"];
    std::string slope_verdict = "no verdict";
    for (const auto& v : a["verdicts"])
      if (v["id"] == "sweep.slope_matches_p_minus_xi") slope_verdict = v["verdict"];
    const bool falls = a["fit"]["slope"].get<double>() < 0;
    out << " Along the path: " << (falls ? "it falls" : "it does not fall") << ", from " << short_text(a["fit"]["first_ratio"])
        << " to " << short_text(a["fit"]["last_ratio"]) << " with the bias rule " << a["series"].get<std::string>()
        << " (slope " << short_text(a["fit"]["slope"]) << " against p − ξ = " << short_text(a["predicted_slope"]) << ": "
        << slope_verdict << ")";
    if (!a["contrast_fit"].is_null())
      out << ", while with " << a["contrast_fit"]["series"].get<std::string>() << " it goes from "
          << short_text(a["contrast_fit"]["first_ratio"]) << " to " << short_text(a["contrast_fit"]["last_ratio"])
          << ": it needs a bias that shrinks with h";
    out << ".";
  } else {
    out << " Along a path: no [sweep] path was run.";
  }
  return out.str();
}

}  // namespace

nlohmann::json report_json(const Regime& regime, const Instance& instance, const ReportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<int> rows = options.rows.empty() ? default_rows(instance.h()) : options.rows;
  const auto claims = select_claims(regime.claims);
  ClaimContext context(instance, rows, options.threads, statistical_comparisons(claims, rows.size()));
  nlohmann::json out = numerics_summary(regime, instance, options.threads, &context.neighbourhood().coherence);
  out["regime"]["description"] = regime.description;
  out["regime"]["delta"] = regime.point.kind == PointSpec::Kind::random_direction ? regime.point.delta.str() : "from the point";
  out["regime"]["bias"] = regime.bias.kind == BiasSpec::Kind::rule ? "rule " + regime.bias.rule.text()
                          : regime.bias.kind == BiasSpec::Kind::value ? regime.bias.value.str()
                                                                      : "per unit";
  out["regime"]["seed"] = instance.monte_carlo.seed;
  out["regime"]["rows_checked"] = rows;
  {
    const Neighbourhood& nb = context.neighbourhood();
    const SufficientWindow sw = sufficient_window(nb, instance.code);
    const ExactWindows ew = exact_windows(nb, instance.code);
    const auto mid = [](const interval& x) { return median(x).convert_to<double>(); };
    std::vector<double> off, on;
    for (std::size_t j = 0; j < ew.off_max.size(); ++j) {
      off.push_back(mid(ew.off_max[j]));
      on.push_back(mid(ew.on_min[j]));
    }
    out["recovery_windows"] = {{"sufficient", {mid(sw.lower), mid(sw.upper)}},
                               {"off", off},
                               {"on", on},
                               {"eps", std::vector<double>(instance.eps.data(), instance.eps.data() + instance.h())}};
  }
  // Stage weights: rough shares of the default regime's run time.
  Progress progress("report", 10 + (regime.sweep ? 35 : 0) + 55);
  progress.step("claims");
  const auto results = run_claims(context, claims);
  progress.advance(10);
  int statistical = 0;
  out["claims"] = nlohmann::json::array();
  for (const auto& r : results) {
    out["claims"].push_back(verdict_json(r, regime));
    statistical += r.claim->method == Method::statistical;
  }
  {
    const double m1 = instance.code.values.m1().convert_to<double>(), m2 = instance.code.values.m2().convert_to<double>();
    double form = 0;
    for (const int i : rows) form += instance.eps(i) * (2 * m1 - instance.eps(i)) / m2;
    out["bias_form"] = form / static_cast<double>(rows.size());
  }
  nlohmann::json sweep_context = nullptr;
  if (regime.sweep) {
    progress.step("sweep");
    out["asymptotics"] = sweep_json(regime, {options.directory, options.threads, false, false});
    progress.advance(35);
    sweep_context = out["asymptotics"]["context"];
    out["asymptotics"].erase("context");
  }
  progress.step("the paper's experiments");
  out["experiments"] = experiments_json(instance, experiment_options(instance, options.threads));
  progress.advance(55);
  const nlohmann::json experiment_seconds = out["experiments"]["seconds"];
  out["experiments"].erase("seconds");
  out["other_verdicts"] = other_verdicts(out, regime);
  const double family = rational(1 - instance.monte_carlo.confidence).convert_to<double>();  // 0.05, not 1 - 0.95 in double
  out["method"] = {{"family_level", family},
                   {"statistical_claims", statistical},
                   {"correction", "Bonferroni over the statistical comparisons (one per claim, or per checked row)"},
                   {"certified", "MPFI intervals on the exact binary inputs, UNDECIDED retried at 256 and 512 bits"},
                   {"monte_carlo", out["monte_carlo"]["method"]}};
  out["context"] = {{"date", now_utc()},
                    {"host", host_name()},
                    {"threads", options.threads},
                    {"processes", process_count()},
                    {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()},
                    {"sweep", sweep_context},
                    {"experiment_seconds", experiment_seconds}};
  return out;
}

std::string report_markdown(const nlohmann::json& r) {
  std::ostringstream md;
  const auto& b = r["build"];
  const auto& g = r["regime"];
  const auto& d = r["dictionary"];
  const auto& m = r["monte_carlo"];
  const auto str = [](const nlohmann::json& x) { return x.is_string() ? x.get<std::string>() : x.dump(); };
  md << "# scae report: " << str(g["name"]) << "\n\n";
  md << "scae " << str(b["scae"]) << ", commit `" << str(b["commit"]) << "`, " << str(b["compiler"]) << " ("
     << str(b["build_type"]) << "); Eigen " << str(b["eigen"]) << ", Boost " << str(b["boost"]) << ", MPFR "
     << str(b["mpfr"]) << ", MPFI " << str(b["mpfi"]) << ", GMP " << str(b["gmp"]) << ". Seed " << str(g["seed"])
     << ", " << str(r["context"]["threads"]) << " threads, " << str(r["context"]["date"]) << " on "
     << str(r["context"]["host"]) << ", " << str(r["context"]["seconds"]) << " s. Loss ½‖ŷ − y‖².\n\n";

  // Every verdict of the run: the claims, then the experiments' and the sweep path's.
  std::vector<const nlohmann::json*> verdicts;
  for (const auto& c : r["claims"]) verdicts.push_back(&c);
  for (const auto& c : r["other_verdicts"]) verdicts.push_back(&c);
  std::size_t hold = 0, failing = 0;
  for (const auto* c : verdicts) {
    const std::string v = str((*c)["verdict"]);
    hold += v == "PROVEN" || v == "CONSISTENT";
    failing += (*c)["fails"].get<bool>();
  }
  md << "## Summary\n\n";
  md << "Regime **" << str(g["name"]) << "**: n = " << str(g["n"]) << ", h = " << str(g["h"]) << ", k = " << str(g["k"])
     << ", δ = " << str(r["point"]["max_row_distance"]) << ", bias " << str(g["bias"]) << ". "
     << r["claims"].size() << " claims and " << r["other_verdicts"].size() << " experiment and path verdicts: " << hold
     << " hold (PROVEN or CONSISTENT), " << failing << " fail (REFUTED or INCONSISTENT), " << verdicts.size() - hold - failing
     << " undecided (UNDECIDED or INCONCLUSIVE).\n\n";
  for (const auto* c : verdicts)
    if ((*c)["fails"].get<bool>())
      md << "- `" << str((*c)["id"]) << "` " << str((*c)["verdict"]) << ": " << str((*c)["summary"]) << "\n";
  if (failing > 0) md << "\n";
  md << negligibility_answer(r) << "\n\n";

  if (g.contains("overrides") && !g["overrides"].empty()) {
    md << "Overrides:";
    for (const auto& o : g["overrides"]) md << " `--set " << str(o) << "`";
    md << ".\n\n";
  }
  const auto midpoint = [&](const nlohmann::json& enclosure) { return short_text(median_of_interval_text(str(enclosure))); };
  md << "## Regime\n\n" << str(g["description"]) << "\n\n";
  md << "| quantity | value |\n| --- | --- |\n";
  md << "| n, h, k | " << str(g["n"]) << ", " << str(g["h"]) << ", " << str(g["k"]) << " |\n";
  md << "| values | [" << str(g["a1"]) << ", " << str(g["a2"]) << "], m1 = " << str(g["m1"]) << ", m2 = " << str(g["m2"])
     << " |\n";
  md << "| q_i | " << str(g["q1"]) << " |\n";
  md << "| coherence μ/√n | " << midpoint(d["coherence_enclosure"]) << " in " << str(d["coherence_enclosure"]) << " |\n";
  md << "| ξ | " << midpoint(d["xi_enclosure"]) << " in " << str(d["xi_enclosure"]) << " |\n";
  md << "| δ = max ‖W_i − A*_i‖ | " << str(r["point"]["max_row_distance"]) << " (regime: " << str(g["delta"]) << ") |\n";
  md << "| bias | " << str(g["bias"]) << " |\n";
  md << "| rows checked | " << g["rows_checked"].dump() << " |\n\n";

  const auto row = [&](const nlohmann::json& c) {
    const std::string verdict = str(c["verdict"]);
    const bool mismatch = !c["expected"].is_null() && str(c["expected"]) != verdict;
    const bool loud = c["fails"].get<bool>() || mismatch;
    md << "| `" << str(c["id"]) << "` | " << cell(str(c["statement"])) << " | " << str(c["source"]) << " | "
       << str(c["method"]) << " | " << (loud ? "**" + verdict + "**" : verdict) << " | "
       << (c["expected"].is_null() ? "–" : str(c["expected"])) << " | " << cell(str(c["summary"])) << " |\n";
  };
  const char* header = "| claim | statement | source | method | verdict | expected | key number |\n"
                       "| --- | --- | --- | --- | --- | --- | --- |\n";
  md << "## Verdicts\n\n" << header;
  for (const auto& c : r["claims"]) row(c);
  md << "\nThe paper's experiments (section below; each one's rule is stated there) and the sweep path (section "
        "Asymptotics):\n\n" << header;
  for (const auto& c : r["other_verdicts"]) row(c);
  md << "\n" << (failing == 0 ? std::string("No claim or verdict above is REFUTED or INCONSISTENT.")
                              : std::to_string(failing) + " of the " + std::to_string(verdicts.size()) +
                                    " verdicts above are REFUTED or INCONSISTENT (in bold).")
     << "\n\n";

  md << "## Is the expected gradient negligible?\n\n" << negligibility(r) << "\n\n";

  const auto& windows = r["recovery_windows"];
  md << "## Support recovery windows\n\n![Exact per-unit windows and the sufficient window](recovery_windows.svg)\n\n"
     << "Unit j recovers its support on every sample exactly when its bias lies in [off_j, on_j) (largest off-support and "
        "smallest on-support pre-activation); the paper-style sufficient window is [" << str(windows["sufficient"][0])
     << ", " << str(windows["sufficient"][1]) << ")" << (windows["sufficient"][0].get<double>() < windows["sufficient"][1].get<double>() ? "" : ", which is empty")
     << ". Data: `recovery_windows.dat`, script: `recovery_windows.gp`.\n\n";

  md << "## Monte Carlo summary (all rows)\n\n"
     << "Support recovery rate " << str(m["recovery"]["rate"]) << " in [" << str(m["recovery"]["lower"]) << ", "
     << str(m["recovery"]["upper"]) << "] (Clopper–Pearson); E[L] = " << str(m["loss"]["mean"]) << " ± "
     << str(m["loss"]["halfwidth"]) << "; mean ‖E∇_{W_i}‖ over rows " << str(m["gradient_row_norm"]["mean"])
     << ", largest " << str(m["gradient_row_norm"]["max"]) << " (row " << str(m["gradient_row_norm"]["max_row"])
     << "); " << str(m["mean_active_units"]) << " units fire per sample. " << str(m["method"]) << ".\n\n";

  md << "## Evidence\n\n";
  for (const auto& c : r["claims"]) {
    md << "### `" << str(c["id"]) << "`: " << str(c["verdict"]) << "\n\n" << str(c["statement"]) << " (" << str(c["source"])
       << ", " << str(c["method"]) << "). " << str(c["summary"]) << "\n\n";
    if (!c["how"].get<std::string>().empty()) md << "Method: " << str(c["how"]) << ".\n\n";
    if (!c["evidence"].empty()) {
      md << "| quantity | value |\n| --- | --- |\n";
      for (const auto& e : c["evidence"]) md << "| " << cell(str(e["name"])) << " | " << cell(str(e["value"])) << " |\n";
      md << "\n";
      if (c["id"] == "gradient.term_bounds") md << term_bound_legend << "\n\n";
    }
  }

  if (r.contains("asymptotics")) md << sweep_markdown(r["asymptotics"]);
  else md << "## Asymptotics\n\nThis regime has no [sweep] path, so no asymptotic fit was made (see `scae sweep`).\n\n";
  md << experiments_markdown(r["experiments"]);
  md << "## Method\n\nCertified claims: " << str(r["method"]["certified"]) << ". Statistical claims: family-wise level "
     << str(r["method"]["family_level"]) << " over " << str(r["method"]["statistical_claims"]) << " claims, "
     << str(r["method"]["correction"]) << ". Monte Carlo: " << str(r["method"]["monte_carlo"]) << ".\n";
  return escape_emphasis(short_numbers(md.str()));
}

std::filesystem::path write_report(const Regime& regime, const Instance& instance, const ReportOptions& options) {
  const nlohmann::json report = report_json(regime, instance, options);
  if (!is_root_process()) return options.directory / "report.md";  // rank 0 writes (distributed.hpp)
  const std::string markdown = report_markdown(report);
  std::filesystem::create_directories(options.directory);
  const auto& windows = report["recovery_windows"];
  Figure figure{"recovery_windows", {"unit", "off_j", "on_j", "eps_j", "sufficient_lower", "sufficient_upper"}, {}, {}};
  const auto h = static_cast<Eigen::Index>(windows["off"].size());
  figure.data.resize(h, 6);
  for (Eigen::Index j = 0; j < h; ++j)
    figure.data.row(j) << static_cast<double>(j), windows["off"][j].get<double>(), windows["on"][j].get<double>(),
        windows["eps"][j].get<double>(), windows["sufficient"][0].get<double>(), windows["sufficient"][1].get<double>();
  figure.plot =
      "set title 'Support recovery: exact per-unit windows [off_j, on_j) and the bias'\n"
      "set xlabel 'unit j'\nset ylabel 'pre-activation'\nset key outside below\nset grid\nset autoscale xfix\n"
      "set offsets 0, 0, graph 0.05, graph 0.05\n"
      "plot data using 1:2 with lines lw 1.5 lc rgb '#c0392b' title 'off_j (largest off-support)', \\\n"
      "     data using 1:3 with lines lw 1.5 lc rgb '#2471a3' title 'on_j (smallest on-support)', \\\n"
      "     data using 1:4 with lines lw 2 lc rgb 'black' title 'bias eps_j', \\\n"
      "     data using 1:5 with lines dt 2 lc rgb '#7d3c98' title 'sufficient window', \\\n"
      "     data using 1:6 with lines dt 2 lc rgb '#7d3c98' notitle";
  write_figure(options.directory, figure);
  if (report.contains("asymptotics")) write_sweep_figure(options.directory, report["asymptotics"]);
  write_experiment_figures(options.directory, report["experiments"]);
  write_file_atomically(options.directory / "report.json", report.dump(2) + "\n");
  write_file_atomically(options.directory / "report.md", markdown);
  return options.directory / "report.md";
}

}  // namespace scae
