#include "reports/grid_report.hpp"

#include "input/grid_spec.hpp"
#include "numerics/core/distributed.hpp"
#include "numerics/core/matrix_io.hpp"
#include "reports/figure.hpp"
#include "reports/markdown_text.hpp"
#include "reports/sweep_report.hpp"
#include "runs/build_info.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>
#include <vector>

namespace scae {

namespace {

// Colour classes of the heat map, in the order of `status_class`.
struct StatusClass {
  const char* code;
  const char* colour;
  const char* legend;
};
constexpr StatusClass status_classes[] = {
    {"–", "#bdbdbd", "not reachable"},
    {"A", "#27ae60", "hypotheses hold, recovery PROVEN"},
    {"B", "#f4d03f", "hypotheses hold, recovery not PROVEN"},
    {"C", "#5dade2", "hypotheses fail, recovery PROVEN"},
    {"D", "#e74c3c", "hypotheses fail, recovery not PROVEN"},
    {"U", "#c39bd3", "hypotheses undecided"},
};

int status_class(const std::string& status) {
  if (status == "not reachable") return 0;
  if (status.starts_with("hypotheses undecided")) return 5;
  const bool proven = status.ends_with("recovery PROVEN");
  if (status.starts_with("hypotheses hold")) return proven ? 1 : 2;
  return proven ? 3 : 4;
}


// Half the spacing of an axis (its boxes in the heat map); 0.025 for a single value.
double half_step(const std::vector<rational>& axis) {
  if (axis.size() < 2) return 0.025;
  return (axis[1] - axis[0]).convert_to<double>() / 2;
}

// A computed cell in which no checked unit ever fired: every row's gradient estimate is exactly 0
// (a unit that fires in a sample adds a nonzero term), so its ratio 0 says nothing about the terms.
bool no_unit_fires(const PhaseCell& cell) {
  if (!cell.result || cell.result->main.ratio.empty()) return false;
  const std::vector<double>& ratio = cell.result->main.ratio;
  return std::all_of(ratio.begin(), ratio.end(), [](double x) { return x == 0; });
}

// A computed cell whose mean ratio is a number (JSON null, read back as NaN, when it is not).
bool has_mean_ratio(const PhaseCell& cell) { return cell.result && std::isfinite(cell.result->main.mean_ratio); }

// "no unit fires (firing rate 0 in S samples at the R checked rows)".
std::string no_firing_text(const SeriesPoint& point) {
  return "no unit fires (firing rate 0 in " + std::to_string(point.samples) + " samples at the " +
         std::to_string(point.ratio.size()) + " checked rows)";
}

// The table's line of one cell.
std::string cell_row(const PhaseCell& c) {
  std::ostringstream md;
  md << "| " << decimal_text(c.p_target) << " | " << decimal_text(c.xi_target) << " | "
     << short_text(c.result ? c.result->xi : c.xi.xi) << " | " << c.point.h << " | " << c.point.n << " | " << c.point.k << " | "
     << short_text(c.point.delta.convert_to<double>()) << " | ";
  if (!c.result) {
    md << "– | – | – | – | – | " << c.status << " |\n";
    return md.str();
  }
  std::string failing;
  for (const Hypothesis& h : c.result->hypotheses)
    if (h.verdict.outcome != Outcome::proven) failing += (failing.empty() ? "" : ", ") + h.statement + " " + to_name(h.verdict.outcome);
  const SeriesPoint& p = c.result->main;
  md << hypotheses_state(c.result->hypotheses) << (failing.empty() ? "" : " (" + failing + ")") << " | " << to_name(p.recovery) << " | "
     << to_name(p.method) << " | ";
  if (no_unit_fires(c)) {
    md << "– | " << no_firing_text(p);
  } else if (has_mean_ratio(c)) {
    const auto [lo, hi] = row_range(p);
    md << short_text(p.mean_ratio) << " | [" << short_text(lo) << ", " << short_text(hi) << "]";
  } else {
    md << "– | " << p.note;
  }
  md << " | " << c.status << " |\n";
  return md.str();
}

}  // namespace

std::string grid_markdown(const GridRecord& g) {
  const GridAxes& axes = g.grid;
  const std::size_t nx = axes.xi.size();
  std::ostringstream md;
  md << "## Phase diagram\n\n![Status of each cell over the target p and xi](phase.svg)\n\n";
  const bool gaussian = axes.family == "gaussian";
  md << "Grid of " << axes.p.size() << " × " << nx << " target (p, ξ) over the " << axes.family << " family: "
     << (gaussian ? "h = " + std::to_string(axes.h) + " in every cell, n searched to hit ξ"
                  : "h the power of two ≤ " + std::to_string(axes.h) + " closest in ξ = 1/2 − 1/(2 log2 h), n = h/2")
     << " (a cell is reachable when the realised ξ is within " << short_text(axes.xi_tolerance) << " of the target); k = "
     << axes.k_rule << " and δ = " << axes.delta_rule << " at (h, target p), and in every cell the bias rule " << axes.bias_rule
     << ". The hypotheses are checked with the realised p = log k / log h and the certified ξ.\n\n";
  md << "Counts:";
  for (const auto& [status, count] : g.counts) md << " " << status << ": " << count << ";";
  md << "\n\nHeat map (rows ξ from high to low, columns p; letter = status, number = mean ‖E∇_{W_i}‖/(q_i m2) over rows 0, "
        "h/2, h − 1):\n\n| ξ \\ p |";
  for (const rational& p : axes.p) md << " " << decimal_text(p) << " |";
  md << "\n| --- |";
  for (std::size_t i = 0; i < axes.p.size(); ++i) md << " --- |";
  md << "\n";
  for (std::size_t ix = nx; ix-- > 0;) {
    md << "| " << decimal_text(axes.xi[ix]) << " |";
    for (std::size_t ip = 0; ip < axes.p.size(); ++ip) {
      const PhaseCell& cell = g.cells[ip * nx + ix];
      md << " " << status_classes[status_class(cell.status)].code;
      if (no_unit_fires(cell))
        md << " no unit fires";
      else if (has_mean_ratio(cell))
        md << " " << short_text(cell.result->main.mean_ratio);
      md << " |";
    }
    md << "\n";
  }
  md << "\n";
  for (const auto& c : status_classes) md << "**" << c.code << "** " << c.legend << ". ";
  md << "\n\n| p | ξ target | ξ realised | h | n | k | δ | hypotheses | recovery | method | ‖E∇‖/(q_i m2), mean over rows | "
     << "range over rows (certified, or Monte Carlo at " << level_text(g.cell_confidence) << ") | status |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const PhaseCell& c : g.cells) md << cell_row(c);
  md << "\n\"No unit fires\": no checked row's unit fired in any sample, so the gradient is exactly 0 and its ratio 0 is not a "
        "small term but an encoder that outputs nothing (in every sample each checked unit's bias is at least its input).\n";
  md << "\nCertified cells enclose the ratio in MPFI (recovery PROVEN); Monte Carlo cells give intervals at level "
     << short_text(g.cell_confidence) << " each (Bonferroni over cells and rows). Data: `phase.dat`, script: `phase.gp`; "
        "per-cell results and the ξ searches in `grid_cells/`.\n\n";
  return md.str();
}

void write_grid_figure(const std::filesystem::path& dir, const GridRecord& g) {
  const GridAxes& axes = g.grid;
  const double hp = half_step(axes.p), hx = half_step(axes.xi);
  Figure figure{"phase", {"p", "xi", "half_width_p", "half_width_xi", "status_class", "rgb", "mean_ratio"},
                MatrixXd(static_cast<Eigen::Index>(g.cells.size()), 7), {}};
  std::ostringstream labels;
  Eigen::Index row = 0;
  for (const PhaseCell& c : g.cells) {
    const int cls = status_class(c.status);
    const double p = c.p_target.convert_to<double>(), xi = c.xi_target.convert_to<double>();
    const bool has_ratio = has_mean_ratio(c);
    const double ratio = has_ratio ? c.result->main.mean_ratio : NAN;
    figure.data.row(row++) << p, xi, hp, hx, cls, static_cast<double>(std::stoi(status_classes[cls].colour + 1, nullptr, 16)), ratio;
    char at[96];
    std::snprintf(at, sizeof at, "at %.17g,%.17g center front", p, xi);
    // Boxed on white, so a label stays legible where the ξ = 2p line crosses its cell.
    const std::string label = no_unit_fires(c) ? "no firing" : has_ratio ? short_text(ratio) : cls == 0 ? "n.r." : "–";
    labels << "set label '" << label << "' " << at
           << " boxed bs 1\n";
  }
  const double p_lo = axes.p.front().convert_to<double>() - hp, p_hi = axes.p.back().convert_to<double>() + hp;
  const double x_lo = axes.xi.front().convert_to<double>() - hx, x_hi = axes.xi.back().convert_to<double>() + hx;
  std::ostringstream plot;
  plot << "set title 'Phase diagram: hypotheses and deterministic recovery (label: mean |E grad W_i|/(q_i m2))'\n"
       << "set xlabel 'p (target; k from the rule at h)'\nset ylabel 'xi (target)'\n"
       << "set xrange [" << p_lo << ":" << p_hi << "]\nset yrange [" << x_lo << ":" << x_hi << "]\n"
       << "set key outside right top box\nset style fill solid 1.0 border rgb 'white'\n"
       << "set style textbox 1 opaque fillcolor rgb 'white' noborder margins 1, 1\n"
       << labels.str()
       << "plot data using 1:2:3:4:6 with boxxyerror lc rgb variable notitle, \\\n";
  for (const auto& c : status_classes)
    plot << "     keyentry with boxes lc rgb '" << c.colour << "' title '" << c.legend << "', \\\n";
  plot << "     2*x with lines dt 2 lw 2 lc rgb 'black' title 'xi = 2p (boundary of p < xi/2)'";
  figure.plot = plot.str();
  write_figure(dir, figure);
}

std::filesystem::path write_grid(const Regime& regime, const GridRun& run, const std::filesystem::path& directory) {
  const nlohmann::json written = grid_record_json(grid_record(regime, run, build_info(), process_count()));
  const GridRecord g = grid_record_from_json(written);  // what grid.md and the figure are made from
  std::ostringstream md;
  md << "# scae phase diagram: " << markdown_literal(g.regime_name) << "\n\nscae " << g.build.version << ", commit `" << g.build.commit
     << "`, seed " << g.seed << ", " << counted(g.context.threads, "thread", "threads") << ", "
     << counted(g.context.processes, "process", "processes") << ", " << short_text(g.context.seconds) << " s.\n\n"
     << grid_markdown(g);
  if (!is_root_process()) return directory / "grid.md";
  write_grid_figure(directory, g);
  write_file_atomically(directory / "grid.json", written.dump(2) + "\n");
  write_file_atomically(directory / "grid.md", md.str());
  return directory / "grid.md";
}

}  // namespace scae
