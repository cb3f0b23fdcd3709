#include "reports/report.hpp"

#include "runs/claim_labels.hpp"
#include "numerics/core/distributed.hpp"
#include "reports/experiments_section.hpp"
#include "reports/figure.hpp"
#include "reports/landscape_path_report.hpp"
#include "reports/markdown_text.hpp"
#include "numerics/core/matrix_io.hpp"
#include "runs/build_info.hpp"
#include "runs/numerics_summary_record.hpp"
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
std::vector<VerdictRecord> other_verdicts(const ReportRun& run, const DescentRecord& descent) {
  std::vector<VerdictRecord> out;
  const auto add = [&](const std::string& id, const std::string& statement, Source source, const Verdict& v,
                       const std::string& detail) {
    VerdictRecord record = verdict_record(v, id, statement, Kind::claim, source, v.method, run.regime);
    record.summary += detail;
    out.push_back(record);
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

}  // namespace

nlohmann::json report_json(const ReportRun& run) {
  ReportRecord record = report_record(run);
  if (run.sweep) {
    SweepRecord sweep = concluded_sweep_record(*run.sweep);
    record.context.sweep = std::move(sweep.context);
    sweep.context.reset();
    record.asymptotics = std::move(sweep);
  }
  record.other_verdicts = other_verdicts(run, record.experiments.descent);
  return report_record_json(record);
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
