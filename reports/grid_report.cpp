#include "grid_report.hpp"

#include "budget.hpp"
#include "build_info.hpp"
#include "distributed.hpp"
#include "figure.hpp"
#include "markdown_text.hpp"
#include "matrix_io.hpp"
#include "phase_cell.hpp"
#include "progress.hpp"
#include "resume_store.hpp"
#include "sweep_report.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

namespace scae {

namespace {

constexpr int lowest_h = 8, highest_h = 4096;

int grid_h(const Regime& regime, const GridOptions& options) { return options.h ? options.h : regime.dictionary.h; }
bool is_gaussian(const Regime& regime) { return regime.dictionary.family == DictionarySpec::Family::gaussian; }

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

nlohmann::json xi_search_json(const XiTarget& t) {
  nlohmann::json trials = nlohmann::json::array();
  for (const auto& trial : t.trials) trials.push_back({trial.n, trial.h, trial.xi});
  return {{"target", t.target}, {"tolerance", t.tolerance}, {"n", t.n}, {"h", t.h}, {"xi", t.xi}, {"reachable", t.reachable},
          {"trials", trials}};
}

XiTarget xi_target_from_json(const nlohmann::json& j) {
  XiTarget t;
  t.target = j["target"];
  t.tolerance = j["tolerance"];
  t.n = j["n"];
  t.h = j["h"];
  t.xi = j["xi"];
  t.reachable = j["reachable"];
  for (const auto& trial : j["trials"]) t.trials.push_back({trial[0].get<int>(), trial[1].get<int>(), trial[2].get<double>()});
  return t;
}

nlohmann::json cell_json(const PhaseCell& c) {
  nlohmann::json hypotheses = nlohmann::json::array();
  if (c.result)
    for (const auto& h : c.result->hypotheses)
      hypotheses.push_back({{"id", h.id}, {"statement", h.statement}, {"verdict", outcome_name(h.verdict.outcome)},
                            {"summary", h.verdict.summary}});
  return {{"p_target", decimal_text(c.p_target)},
          {"xi_target", decimal_text(c.xi_target)},
          {"status", c.status},
          {"h", c.point.h},
          {"n", c.point.n},
          {"k", c.point.k},
          {"delta", c.point.delta.str()},
          {"xi_search", {{"realised", c.xi.xi}, {"tolerance", c.xi.tolerance}, {"reachable", c.xi.reachable},
                         {"sizes_tried", c.xi.trials.size()}}},
          {"hypotheses_state", c.result ? nlohmann::json(hypotheses_state(c.result->hypotheses)) : nlohmann::json(nullptr)},
          {"hypotheses", hypotheses},
          {"point", c.result ? sweep_point_json(*c.result) : nlohmann::json(nullptr)}};
}

std::string cell_name(const rational& p, const rational& xi) { return "p-" + decimal_text(p) + "_xi-" + decimal_text(xi); }

// Half the spacing of an axis (its boxes in the heat map); 0.025 for a single value.
double half_step(const nlohmann::json& axis) {
  if (axis.size() < 2) return 0.025;
  return (parse_rational(axis[1].get<std::string>()) - parse_rational(axis[0].get<std::string>())).convert_to<double>() / 2;
}

double axis_value(const nlohmann::json& text) { return parse_rational(text.get<std::string>()).convert_to<double>(); }

}  // namespace

void validate_grid(const Regime& regime, const GridSpec& grid, const GridOptions& options) {
  if (!regime.sweep)
    throw std::invalid_argument("--grid: the regime has no [sweep] table; accepted: a regime whose [sweep] gives the k, delta "
                                "and bias rules (see README)");
  const SweepSpec& sw = *regime.sweep;
  if (sw.k.empty() || !sw.k.uses_p())
    throw std::invalid_argument("--grid: [sweep] k = \"" + sw.k.text() + "\" does not use p, so the grid's p would change "
                                "nothing; accepted: a k rule in h and p such as \"round(h^p)\"");
  const int h = grid_h(regime, options);
  if (h < lowest_h || h > highest_h)
    throw std::invalid_argument((options.h ? "--grid-h: h = " : "--grid-h: not given and [dictionary] h = ") + std::to_string(h) +
                                "; accepted: an integer in [" + std::to_string(lowest_h) + ", " + std::to_string(highest_h) + "]");
  if (!(options.xi_tolerance > 0 && options.xi_tolerance <= 0.5))
    throw std::invalid_argument("--xi-tolerance = " + number_text(options.xi_tolerance) + "; accepted: (0, 0.5]");
  if (const MemoryBudget budget; !budget.admits(sweep_point_memory_bytes(h - 1, h)))
    throw std::invalid_argument("--grid-h: h = " + std::to_string(h) + " " +
                                budget.refusal(sweep_point_memory_bytes(h - 1, h), sweep_point_memory_model) +
                                "; accepted: smaller h");
  for (const rational& xi : grid.xi) {
    const int hx = is_gaussian(regime) ? h : hadamard_h_for_xi(h, xi.convert_to<double>());
    for (const rational& p : grid.p) grid_point(regime, hx, hx / 2, p);
  }
}

namespace {

// A cell whose ξ no size reaches: its target, the nearest ξ found and its status, nothing computed.
nlohmann::json unreachable_cell_json(const Regime& regime, const rational& p, const rational& xi, const XiTarget& target) {
  PhaseCell unreachable;
  unreachable.p_target = p;
  unreachable.xi_target = xi;
  unreachable.xi = target;
  unreachable.point = grid_point(regime, target.h, target.n, p);
  unreachable.status = cell_status(unreachable);
  return cell_json(unreachable);
}

// The grid's axes and the rules its cells follow.
nlohmann::json grid_axes_json(const Regime& regime, const GridSpec& grid, const GridOptions& options, int h) {
  nlohmann::json p_axis = nlohmann::json::array(), xi_axis = nlohmann::json::array();
  for (const auto& p : grid.p) p_axis.push_back(decimal_text(p));
  for (const auto& xi : grid.xi) xi_axis.push_back(decimal_text(xi));
  return {{"p", p_axis},
          {"xi", xi_axis},
          {"h", h},
          {"family", family_name(regime.dictionary.family)},
          {"xi_tolerance", options.xi_tolerance},
          {"k_rule", regime.sweep->k.text()},
          {"delta_rule", regime.sweep->delta.empty() ? regime.point.delta.str() : regime.sweep->delta.text()},
          {"bias_rule", (regime.sweep->bias ? *regime.sweep->bias : regime.bias.rule).text()}};
}

// The ξ searches' stored outcomes, in the order of grid.xi; their seconds, or their names when resumed.
std::vector<XiTarget> read_searches(const std::vector<std::string>& searched, const GridSpec& grid, nlohmann::json& seconds,
                                    nlohmann::json& resumed) {
  std::vector<XiTarget> targets;
  for (std::size_t i = 0; i < grid.xi.size(); ++i) {
    const nlohmann::json outcome = nlohmann::json::parse(searched[i]);
    targets.push_back(xi_target_from_json(outcome["result"]));
    const std::string name = "xi-" + decimal_text(grid.xi[i]);
    if (outcome["resumed"].get<bool>()) resumed.push_back(name);
    else seconds[name] = outcome["seconds"];
  }
  return targets;
}

}  // namespace

nlohmann::json grid_json(const Regime& regime, const GridSpec& grid, const GridOptions& options) {
  validate_grid(regime, grid, options);
  const auto start = std::chrono::steady_clock::now();
  const int h = grid_h(regime, options);
  const std::size_t np = grid.p.size(), nx = grid.xi.size(), rows_per_cell = 3;
  const double level = 1 - regime.monte_carlo.confidence.convert_to<double>();
  const double cell_confidence = 1 - level / static_cast<double>(np * nx * rows_per_cell);
  const std::filesystem::path store = options.directory / "grid_cells";
  std::filesystem::create_directories(store);

  const double hh = static_cast<double>(h) * h;
  const double search_weight = is_gaussian(regime) ? 12 * hh * h / 2 : 0, cell_weight = hh * h / 2;
  Progress progress("grid", static_cast<double>(nx) * search_weight + static_cast<double>(np * nx) * cell_weight, options.progress);

  // 1. The sizes that hit each ξ, larger ξ first (larger n, dearer Gram matrices).
  std::vector<int> xi_order(nx);
  for (std::size_t i = 0; i < nx; ++i) xi_order[i] = static_cast<int>(nx - 1 - i);
  const auto search = [&](int i) {
    const rational& xi = grid.xi[static_cast<std::size_t>(i)];
    const nlohmann::json key = {{"family", family_name(regime.dictionary.family)},
                                {"dictionary_seed", regime.dictionary.seed}, {"h", h}, {"xi", decimal_text(xi)},
                                {"tolerance", options.xi_tolerance}};
    progress.step("xi = " + decimal_text(xi));
    const std::string out = stored_or_computed(store / ("xi-" + decimal_text(xi) + ".json"), key, options.resume, [&] {
      return xi_search_json(hit_xi(regime.dictionary, h, xi.convert_to<double>(), options.xi_tolerance));
    });
    progress.advance(search_weight);
    return out;
  };
  const std::vector<std::string> searched = distribute_tasks(xi_order, search);
  nlohmann::json search_seconds = nlohmann::json::object(), cell_seconds = nlohmann::json::object(), resumed = nlohmann::json::array();
  const std::vector<XiTarget> targets = read_searches(searched, grid, search_seconds, resumed);

  // 2. The cells, p-major; reachable ones handed out by cost n h^2, largest first.
  std::vector<int> order;
  for (std::size_t t = 0; t < np * nx; ++t)
    if (targets[t % nx].reachable) order.push_back(static_cast<int>(t));
  const auto cost = [&](int t) { const XiTarget& x = targets[static_cast<std::size_t>(t) % nx]; return static_cast<double>(x.n) * x.h * x.h; };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return cost(a) > cost(b); });
  const auto evaluate = [&](int t) {
    const std::size_t ip = static_cast<std::size_t>(t) / nx, ix = static_cast<std::size_t>(t) % nx;
    const XiTarget& x = targets[ix];
    const SweepPoint point = grid_point(regime, x.h, x.n, grid.p[ip]);
    nlohmann::json key = sweep_point_key(regime, point, cell_confidence);
    key["p_target"] = decimal_text(grid.p[ip]);
    key["xi_target"] = decimal_text(grid.xi[ix]);
    key["xi_tolerance"] = options.xi_tolerance;
    progress.step(cell_name(grid.p[ip], grid.xi[ix]));
    const std::string out = stored_or_computed(store / (cell_name(grid.p[ip], grid.xi[ix]) + ".json"), key, options.resume, [&] {
      return cell_json(evaluate_phase_cell(regime, grid.p[ip], grid.xi[ix], x, options.threads, cell_confidence));
    });
    progress.advance(cell_weight);
    return out;
  };
  const std::vector<std::string> evaluated = distribute_tasks(order, evaluate);

  nlohmann::json out = {{"cells", nlohmann::json::array()}, {"counts", nlohmann::json::object()}};
  for (std::size_t t = 0; t < np * nx; ++t) {
    const std::size_t ip = t / nx, ix = t % nx;
    nlohmann::json cell;
    if (targets[ix].reachable) {
      const nlohmann::json outcome = nlohmann::json::parse(evaluated[t]);
      cell = outcome["result"];
      if (outcome["resumed"].get<bool>()) resumed.push_back(cell_name(grid.p[ip], grid.xi[ix]));
      else cell_seconds[cell_name(grid.p[ip], grid.xi[ix])] = outcome["seconds"];
    } else {
      cell = unreachable_cell_json(regime, grid.p[ip], grid.xi[ix], targets[ix]);
    }
    const std::string status = cell["status"];
    out["counts"][status] = out["counts"].value(status, 0) + 1;
    out["cells"].push_back(cell);
  }
  out["grid"] = grid_axes_json(regime, grid, options, h);
  out["cell_confidence"] = cell_confidence;
  out["context"] = {{"search_seconds", search_seconds},
                    {"cell_seconds", cell_seconds},
                    {"resumed", resumed},
                    {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}};
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
      if (!cell["point"].is_null() && cell["point"]["mean_ratio"].is_number()) md << " " << short_text(cell["point"]["mean_ratio"]);
      md << " |";
    }
    md << "\n";
  }
  md << "\n";
  for (const auto& c : status_classes) md << "**" << c.code << "** " << c.legend << ". ";
  md << "\n\n| p | ξ target | ξ realised | h | n | k | δ | hypotheses | recovery | method | ‖E∇‖/(q_i m2), mean over rows | range over rows | status |\n"
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
    if (p["mean_ratio"].is_number()) {
      const auto [lo, hi] = row_range(p);
      md << short_text(p["mean_ratio"]) << " | [" << short_text(lo) << ", " << short_text(hi) << "]";
    } else {
      md << "– | " << p["note"].get<std::string>();
    }
    md << " | " << c["status"].get<std::string>() << " |\n";
  }
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
    labels << "set label '" << (has_ratio ? short_text(ratio) : cls == 0 ? std::string("n.r.") : std::string("–")) << "' " << at
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

std::filesystem::path write_grid(const Regime& regime, const GridSpec& grid, const GridOptions& options) {
  nlohmann::json g = grid_json(regime, grid, options);
  g["schema_version"] = json_schema_version;
  g["build"] = to_json(build_info());
  g["regime"] = {{"name", regime.name}, {"source", regime.source.string()}, {"seed", regime.monte_carlo.seed}};
  std::ostringstream md;
  md << "# scae phase diagram: " << regime.name << "\n\nscae " << g["build"]["scae"].get<std::string>() << ", commit `"
     << g["build"]["commit"].get<std::string>() << "`, seed " << regime.monte_carlo.seed << ", " << options.threads << " threads, "
     << process_count() << " processes, " << short_text(g["context"]["seconds"]) << " s.\n\n"
     << grid_markdown(g);
  g["context"]["threads"] = options.threads;
  g["context"]["processes"] = process_count();
  if (!is_root_process()) return options.directory / "grid.md";
  write_grid_figure(options.directory, g);
  write_file_atomically(options.directory / "grid.json", g.dump(2) + "\n");
  write_file_atomically(options.directory / "grid.md", md.str());
  return options.directory / "grid.md";
}

}  // namespace scae
