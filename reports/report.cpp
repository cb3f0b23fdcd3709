#include "reports/report.hpp"

#include "runs/claim_labels.hpp"
#include "numerics/core/distributed.hpp"
#include "reports/experiments_section.hpp"
#include "reports/figure.hpp"
#include "reports/landscape_path_report.hpp"
#include "reports/markdown_text.hpp"
#include "numerics/core/matrix_io.hpp"
#include "reports/numerics_summary.hpp"
#include "reports/sweep_report.hpp"
#include "theory/verdict.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace scae {

namespace {

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
                        {"kind", to_name(r.claim->kind)},
                        {"source", to_name(r.claim->source)},
                        {"method", to_name(r.claim->method)},
                        {"verdict", to_name(r.verdict.outcome)},
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
  out["expected"] = e == regime.expect.end() ? nlohmann::json(nullptr) : nlohmann::json(to_name(e->verdict));
  return out;
}

// The verdicts beyond the claim catalogue, in one list: the paper's experiments and the sweep
// path's checks, each with the claims' fields (the regime's [expect] table may name them too). The
// experiments are the paper's claims (§2 item 3), and so is the path's reading of Theorem 3.2: kind
// "claim" unless the verdict names its own kind.
nlohmann::json other_verdicts(const nlohmann::json& r, const Regime& regime) {
  nlohmann::json out = nlohmann::json::array();
  const auto add = [&](const std::string& id, const std::string& statement, const std::string& source,
                       const nlohmann::json& v, const std::string& detail) {
    const std::string verdict = v["verdict"];
    const auto e = std::find_if(regime.expect.begin(), regime.expect.end(), [&](const Expectation& x) { return x.claim == id; });
    out.push_back({{"id", id},
                   {"statement", statement},
                   {"kind", v.contains("kind") ? v["kind"].get<std::string>() : std::string("claim")},
                   {"source", source},
                   {"method", v.contains("method") ? v["method"].get<std::string>() : std::string("statistical")},
                   {"verdict", verdict},
                   {"fails", verdict == "REFUTED" || verdict == "INCONSISTENT"},
                   {"summary", v["summary"].get<std::string>() + detail},
                   {"how", v["how"]},
                   {"expected", e == regime.expect.end() ? nlohmann::json(nullptr) : nlohmann::json(to_name(e->verdict))}});
  };
  const auto& e = r["experiments"];
  add(claim_id::loss_well,
      "A*ᵀ sits at the bottom of a well of E[L]: along random directions, the radial direction (1 + t) A*ᵀ and the "
      "descent direction -E grad(A*ᵀ)",
      "experiment", e["loss_well"]["verdict"], "");
  std::string runs;
  for (const auto& run : e["descent"]["runs"])
    if (run["outcome"] != "CONSISTENT") runs += "; from " + short_text(run["start_distance"]) + ": " + run["behaviour"].get<std::string>();
  add(claim_id::gradient_descent,
      "gradient descent started far away ends columnwise close to A*: final max_i |W_i - A*_i| <= " +
          short_text(e["descent"]["close_distance"]) + " from every start",
      "experiment", e["descent"]["verdict"], runs + "; " + descent_choices(e["descent"]));
  add(claim_id::gradient_norms, "near A* the average gradient norm is small: below 0.1 q_1 m2 at the smallest delta",
      "experiment", e["gradient_norms"]["verdict"], "");
  if (r.contains("asymptotics"))
    for (const auto& v : r["asymptotics"]["verdicts"]) add(v["id"], v["statement"], "sweep path", v, "");
  return out;
}

// The regime's quantities the report states beyond the numerics summary's.
void add_regime_details(nlohmann::json& regime_json, const ReportRun& run) {
  const Regime& regime = run.regime;
  regime_json["description"] = regime.description;
  regime_json["delta"] = regime.point.kind == PointSpec::Kind::random_direction ? regime.point.delta.str() : "from the point";
  regime_json["bias"] = regime.bias.kind == BiasSpec::Kind::rule ? "rule " + regime.bias.rule.text()
                        : regime.bias.kind == BiasSpec::Kind::value ? regime.bias.value.str()
                                                                    : "per unit";
  regime_json["seed"] = run.seed;
  regime_json["rows_checked"] = run.rows;
  regime_json["rows_typical"] = run.row_groups.typical;
  regime_json["rows_atypical"] = run.row_groups.atypical;
}

nlohmann::json experiment_seconds_json(const ExperimentSeconds& s) {
  return {{"loss_well", s.loss_well}, {"descent", s.descent}, {"gradient_norms", s.gradient_norms}};
}

}  // namespace

nlohmann::json report_json(const ReportRun& run) {
  nlohmann::json out = numerics_summary_json(run.regime, run.numerics);
  add_regime_details(out["regime"], run);
  const RecoveryWindows& w = run.windows;
  out["recovery_windows"] = {{"sufficient", {w.sufficient_lower, w.sufficient_upper}}, {"off", w.off}, {"on", w.on}, {"eps", w.eps}};
  out["claims"] = nlohmann::json::array();
  for (const auto& r : run.claims) out["claims"].push_back(verdict_json(r, run.regime));
  out["bias_form"] = run.bias_form;
  const auto number_or_null = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
  out["bias_form_groups"] = {{"typical", number_or_null(run.bias_form_typical)},
                             {"atypical", number_or_null(run.bias_form_atypical)}};
  nlohmann::json sweep_context = nullptr;
  if (run.sweep) {
    out["asymptotics"] = sweep_json(*run.sweep);
    sweep_context = out["asymptotics"]["context"];
    out["asymptotics"].erase("context");
  }
  out["experiments"] = experiments_json(run.experiments);
  out["other_verdicts"] = other_verdicts(out, run.regime);
  out["method"] = {{"family_level", run.family_level},
                   {"statistical_claims", run.statistical_claims},
                   {"correction", "Bonferroni over the statistical comparisons (one per claim, or per checked row)"},
                   {"certified", "MPFI intervals on the exact binary inputs, UNDECIDED retried at 256 and 512 bits"},
                   {"monte_carlo", out["monte_carlo"]["method"]}};
  const ReportContext& c = run.context;
  out["context"] = {{"date", c.date},
                    {"host", c.host},
                    {"threads", c.threads},
                    {"processes", c.processes},
                    {"seconds", c.seconds},
                    {"sweep", sweep_context},
                    {"experiment_seconds", experiment_seconds_json(run.experiments.seconds)}};
  return out;
}

void remove_report_files(const std::filesystem::path& directory) {
  if (!is_root_process()) return;
  for (const char* name : {"report.json", "report.md"}) std::filesystem::remove(directory / name);
}

std::filesystem::path write_report(const ReportRun& run, const std::filesystem::path& directory) {
  if (!is_root_process()) return directory / "report.md";  // rank 0 writes (distributed.hpp)
  const nlohmann::json report = report_json(run);
  const std::string markdown = report_markdown(report);
  std::filesystem::create_directories(directory);
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
  write_figure(directory, figure);
  if (report.contains("asymptotics")) {
    write_sweep_figure(directory, report["asymptotics"]);
    write_landscape_path_figure(directory, report["asymptotics"]);
  }
  write_experiment_figures(directory, report["experiments"]);
  write_file_atomically(directory / "report.json", report.dump(2) + "\n");
  write_file_atomically(directory / "report.md", markdown);
  return directory / "report.md";
}

}  // namespace scae
