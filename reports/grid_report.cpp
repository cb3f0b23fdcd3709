#include "reports/grid_report.hpp"

#include "reports/build_info.hpp"
#include "numerics/core/distributed.hpp"
#include "reports/figure.hpp"
#include "runs/grid_record.hpp"
#include "reports/markdown_text.hpp"
#include "numerics/core/matrix_io.hpp"
#include "reports/sweep_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

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
double half_step(const nlohmann::json& axis) {
  if (axis.size() < 2) return 0.025;
  return (parse_rational(axis[1].get<std::string>()) - parse_rational(axis[0].get<std::string>())).convert_to<double>() / 2;
}

double axis_value(const nlohmann::json& text) { return parse_rational(text.get<std::string>()).convert_to<double>(); }

// A computed cell in which no checked unit ever fired: every row's gradient estimate is exactly 0
// (a unit that fires in a sample adds a nonzero term), so its ratio 0 says nothing about the terms.
bool no_unit_fires(const nlohmann::json& cell) {
  const auto& point = cell["point"];
  if (point.is_null() || !point["ratio"].is_array() || point["ratio"].empty()) return false;
  return std::all_of(point["ratio"].begin(), point["ratio"].end(), [](const nlohmann::json& x) { return x.is_number() && x.get<double>() == 0; });
}

// "no unit fires (firing rate 0 in S samples at the R checked rows)".
std::string no_firing_text(const nlohmann::json& point) {
  return "no unit fires (firing rate 0 in " + std::to_string(point["samples"].get<long long>()) + " samples at the " +
         std::to_string(point["ratio"].size()) + " checked rows)";
}

}  // namespace

namespace {

// The grid's axes and the rules its cells follow.
nlohmann::json grid_axes_json(const GridRun& run) {
  nlohmann::json p_axis = nlohmann::json::array(), xi_axis = nlohmann::json::array();
  for (const auto& p : run.grid.p) p_axis.push_back(decimal_text(p));
  for (const auto& xi : run.grid.xi) xi_axis.push_back(decimal_text(xi));
  return {{"p", p_axis},
          {"xi", xi_axis},
          {"h", run.h},
          {"family", run.family},
          {"xi_tolerance", run.xi_tolerance},
          {"k_rule", run.k_rule},
          {"delta_rule", run.delta_rule},
          {"bias_rule", run.bias_rule}};
}

}  // namespace

nlohmann::json grid_json(const GridRun& run) {
  nlohmann::json out = {{"cells", nlohmann::json::array()}, {"counts", nlohmann::json::object()}};
  for (const PhaseCell& cell : run.cells) {
    out["counts"][cell.status] = out["counts"].value(cell.status, 0) + 1;
    out["cells"].push_back(phase_cell_json(cell));
  }
  out["grid"] = grid_axes_json(run);
  out["cell_confidence"] = run.cell_confidence;
  out["context"] = {{"search_seconds", run.search_seconds},
                    {"cell_seconds", run.cell_seconds},
                    {"resumed", run.resumed},
                    {"seconds", run.seconds}};
  return out;
}

std::string grid_markdown(const nlohmann::json& g) {
  const auto& axes = g["grid"];
  const std::size_t nx = axes["xi"].size();
  std::ostringstream md;
  md << "## Phase diagram\n\n![Status of each cell over the target p and xi](phase.svg)\n\n";
  const bool gaussian = axes["family"] == "gaussian";
  md << "Grid of " << axes["p"].size() << " × " << nx << " target (p, ξ) over the " << axes["family"].get<std::string>()
     << " family: "
     << (gaussian ? "h = " + std::to_string(axes["h"].get<int>()) + " in every cell, n searched to hit ξ"
                  : "h the power of two ≤ " + std::to_string(axes["h"].get<int>()) + " closest in ξ = 1/2 − 1/(2 log2 h), n = h/2")
     << " (a cell is reachable when the realised ξ is within " << short_text(axes["xi_tolerance"]) << " of the target); k = "
     << axes["k_rule"].get<std::string>() << " and δ = " << axes["delta_rule"].get<std::string>()
     << " at (h, target p), and in every cell the bias rule " << axes["bias_rule"].get<std::string>()
     << ". The hypotheses are checked with the realised p = log k / log h and the certified ξ.\n\n";
  md << "Counts:";
  for (const auto& [status, count] : g["counts"].items()) md << " " << status << ": " << count.get<int>() << ";";
  md << "\n\nHeat map (rows ξ from high to low, columns p; letter = status, number = mean ‖E∇_{W_i}‖/(q_i m2) over rows 0, "
        "h/2, h − 1):\n\n| ξ \\ p |";
  for (const auto& p : axes["p"]) md << " " << p.get<std::string>() << " |";
  md << "\n| --- |";
  for (std::size_t i = 0; i < axes["p"].size(); ++i) md << " --- |";
  md << "\n";
  for (std::size_t ix = nx; ix-- > 0;) {
    md << "| " << axes["xi"][ix].get<std::string>() << " |";
    for (std::size_t ip = 0; ip < axes["p"].size(); ++ip) {
      const auto& cell = g["cells"][ip * nx + ix];
      md << " " << status_classes[status_class(cell["status"])].code;
      if (no_unit_fires(cell))
        md << " no unit fires";
      else if (!cell["point"].is_null() && cell["point"]["mean_ratio"].is_number())
        md << " " << short_text(cell["point"]["mean_ratio"]);
      md << " |";
    }
    md << "\n";
  }
  md << "\n";
  for (const auto& c : status_classes) md << "**" << c.code << "** " << c.legend << ". ";
  md << "\n\n| p | ξ target | ξ realised | h | n | k | δ | hypotheses | recovery | method | ‖E∇‖/(q_i m2), mean over rows | "
     << "range over rows (certified, or Monte Carlo at " << level_text(g["cell_confidence"].get<double>()) << ") | status |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& c : g["cells"]) {
    md << "| " << c["p_target"].get<std::string>() << " | " << c["xi_target"].get<std::string>() << " | "
       << short_text(c["point"].is_null() ? c["xi_search"]["realised"].get<double>() : c["point"]["xi"].get<double>()) << " | "
       << c["h"] << " | " << c["n"] << " | " << c["k"] << " | "
       << short_text(parse_rational(c["delta"].get<std::string>()).convert_to<double>()) << " | ";
    if (c["point"].is_null()) {
      md << "– | – | – | – | – | " << c["status"].get<std::string>() << " |\n";
      continue;
    }
    std::string failing;
    for (const auto& h : c["hypotheses"])
      if (h["verdict"] != "PROVEN") failing += (failing.empty() ? "" : ", ") + h["statement"].get<std::string>() + " " + h["verdict"].get<std::string>();
    const auto& p = c["point"];
    md << c["hypotheses_state"].get<std::string>() << (failing.empty() ? "" : " (" + failing + ")") << " | "
       << p["recovery"].get<std::string>() << " | " << p["method"].get<std::string>() << " | ";
    if (no_unit_fires(c)) {
      md << "– | " << no_firing_text(p);
    } else if (p["mean_ratio"].is_number()) {
      const auto [lo, hi] = row_range(p);
      md << short_text(p["mean_ratio"]) << " | [" << short_text(lo) << ", " << short_text(hi) << "]";
    } else {
      md << "– | " << p["note"].get<std::string>();
    }
    md << " | " << c["status"].get<std::string>() << " |\n";
  }
  md << "\n\"No unit fires\": no checked row's unit fired in any sample, so the gradient is exactly 0 and its ratio 0 is not a "
        "small term but an encoder that outputs nothing (in every sample each checked unit's bias is at least its input).\n";
  md << "\nCertified cells enclose the ratio in MPFI (recovery PROVEN); Monte Carlo cells give intervals at level "
     << short_text(g["cell_confidence"]) << " each (Bonferroni over cells and rows). Data: `phase.dat`, script: `phase.gp`; "
        "per-cell results and the ξ searches in `grid_cells/`.\n\n";
  return md.str();
}

void write_grid_figure(const std::filesystem::path& dir, const nlohmann::json& g) {
  const auto& axes = g["grid"];
  const double hp = half_step(axes["p"]), hx = half_step(axes["xi"]);
  Figure figure{"phase", {"p", "xi", "half_width_p", "half_width_xi", "status_class", "rgb", "mean_ratio"},
                MatrixXd(static_cast<Eigen::Index>(g["cells"].size()), 7), {}};
  std::ostringstream labels;
  Eigen::Index row = 0;
  for (const auto& c : g["cells"]) {
    const int cls = status_class(c["status"]);
    const double p = axis_value(c["p_target"]), xi = axis_value(c["xi_target"]);
    const bool has_ratio = !c["point"].is_null() && c["point"]["mean_ratio"].is_number();
    const double ratio = has_ratio ? c["point"]["mean_ratio"].get<double>() : NAN;
    figure.data.row(row++) << p, xi, hp, hx, cls, static_cast<double>(std::stoi(status_classes[cls].colour + 1, nullptr, 16)), ratio;
    char at[96];
    std::snprintf(at, sizeof at, "at %.17g,%.17g center front", p, xi);
    // Boxed on white, so a label stays legible where the ξ = 2p line crosses its cell.
    const std::string label = no_unit_fires(c) ? "no firing" : has_ratio ? short_text(ratio) : cls == 0 ? "n.r." : "–";
    labels << "set label '" << label << "' " << at
           << " boxed bs 1\n";
  }
  double p_lo = axis_value(axes["p"].front()) - hp, p_hi = axis_value(axes["p"].back()) + hp;
  double x_lo = axis_value(axes["xi"].front()) - hx, x_hi = axis_value(axes["xi"].back()) + hx;
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
  nlohmann::json g = grid_json(run);
  g["schema_version"] = json_schema_version;
  g["build"] = to_json(build_info());
  g["regime"] = {{"name", regime.name}, {"source", regime.source.string()}, {"seed", regime.monte_carlo.seed}};
  std::ostringstream md;
  md << "# scae phase diagram: " << markdown_literal(regime.name) << "\n\nscae " << g["build"]["scae"].get<std::string>() << ", commit `"
     << g["build"]["commit"].get<std::string>() << "`, seed " << regime.monte_carlo.seed << ", " << counted(run.threads, "thread", "threads") << ", "
     << counted(process_count(), "process", "processes") << ", " << short_text(g["context"]["seconds"]) << " s.\n\n"
     << grid_markdown(g);
  g["context"]["threads"] = run.threads;
  g["context"]["processes"] = process_count();
  if (!is_root_process()) return directory / "grid.md";
  write_grid_figure(directory, g);
  write_file_atomically(directory / "grid.json", g.dump(2) + "\n");
  write_file_atomically(directory / "grid.md", md.str());
  return directory / "grid.md";
}

}  // namespace scae
