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
#include "runs/report_record.hpp"
#include "runs/verdict_record.hpp"
#include "theory/verdict.hpp"

#include <cmath>

namespace scae {

namespace {

// The verdicts beyond the claim catalogue, in one list: the paper's experiments and the sweep
// path's checks, each a record like the claims' (the regime's [expect] table may name them too),
// built from the typed runs. The experiments are the paper's claims (§2 item 3), and so is the
// path's reading of Theorem 3.2: kind "claim".
nlohmann::json other_verdicts(const ReportRun& run, const DescentRecord& descent) {
  nlohmann::json out = nlohmann::json::array();
  const auto add = [&](const std::string& id, const std::string& statement, Source source, const Verdict& v,
                       const std::string& detail) {
    VerdictRecord record = verdict_record(v, id, statement, Kind::claim, source, v.method, run.regime);
    record.summary += detail;
    out.push_back(verdict_record_json(record));
  };
  const ExperimentsRun& e = run.experiments;
  add(claim_id::loss_well,
      "A*ᵀ sits at the bottom of a well of E[L]: along random directions, the radial direction (1 + t) A*ᵀ and the "
      "descent direction -E grad(A*ᵀ)",
      Source::experiment, e.well_verdict, "");
  std::string runs;
  for (const DescentRun& r : e.descent.runs)
    if (r.outcome != Outcome::consistent)
      runs += "; from " + short_text(r.start_distance) + ": " + run_behaviour(r, e.options.descent);
  add(claim_id::gradient_descent,
      "gradient descent started far away ends columnwise close to A*: final max_i |W_i - A*_i| <= " +
          short_text(e.options.descent.close_distance) + " from every start",
      Source::experiment, e.descent.verdict, runs + "; " + descent_choices(descent));
  add(claim_id::gradient_norms, "near A* the average gradient norm is small: below 0.1 q_1 m2 at the smallest delta",
      Source::experiment, e.norms_verdict, "");
  if (run.sweep)
    for (const PathVerdict& p : run.sweep->verdicts) add(p.id, p.statement, Source::sweep_path, p.verdict, "");
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
  for (const auto& r : run.claims) out["claims"].push_back(verdict_record_json(claim_record(r, run.regime)));
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
  const ExperimentsRecord experiments = experiments_record(run.experiments);
  out["experiments"] = experiments_record_json(experiments);
  out["other_verdicts"] = other_verdicts(run, experiments.descent);
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
  const ReportRecord record = report_record_from_json(report);  // what report.md and the figures are made from
  const std::string markdown = report_markdown(record);
  std::filesystem::create_directories(directory);
  const RecoveryWindows& windows = record.windows;
  Figure figure{"recovery_windows", {"unit", "off_j", "on_j", "eps_j", "sufficient_lower", "sufficient_upper"}, {}, {}};
  const auto h = static_cast<Eigen::Index>(windows.off.size());
  figure.data.resize(h, 6);
  for (Eigen::Index j = 0; j < h; ++j)
    figure.data.row(j) << static_cast<double>(j), windows.off[j], windows.on[j], windows.eps[j], windows.sufficient_lower,
        windows.sufficient_upper;
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
  if (record.asymptotics) {
    write_sweep_figure(directory, *record.asymptotics);
    write_landscape_path_figure(directory, record.asymptotics->points);
  }
  write_experiment_figures(directory, record.experiments);
  write_file_atomically(directory / "report.json", report.dump(2) + "\n");
  write_file_atomically(directory / "report.md", markdown);
  return directory / "report.md";
}

}  // namespace scae
