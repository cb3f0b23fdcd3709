#include "runs/grid_run.hpp"

#include "numerics/core/budget.hpp"
#include "numerics/core/distributed.hpp"
#include "runs/grid_record.hpp"
#include "runs/progress.hpp"
#include "runs/resume_store.hpp"
#include "input/sweep_path.hpp"
#include "runs/sweep_point_record.hpp"
#include "theory/verdict.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace scae {
namespace {

constexpr int lowest_h = 8, highest_h = 4096;

int grid_h(const Regime& regime, const GridOptions& options) { return options.h ? options.h : regime.dictionary.h; }
bool is_gaussian(const Regime& regime) { return regime.dictionary.family == DictionarySpec::Family::gaussian; }

// A cell whose ξ no size reaches: its target, the nearest ξ found and its status, nothing computed.
PhaseCell unreachable_cell(const Regime& regime, const rational& p, const rational& xi, const XiTarget& target) {
  PhaseCell unreachable;
  unreachable.p_target = p;
  unreachable.xi_target = xi;
  unreachable.xi = target;
  unreachable.point = grid_point(regime, target.h, target.n, p);
  unreachable.status = cell_status(unreachable);
  return unreachable;
}

// The outcome of a search or cell as the resume store returns it: its result, and its seconds or
// its name among the resumed.
nlohmann::json result_of(const std::string& stored, const std::string& name, std::map<std::string, double>& seconds,
                         std::vector<std::string>& resumed) {
  const nlohmann::json outcome = nlohmann::json::parse(stored);
  if (outcome["resumed"].get<bool>()) resumed.push_back(name);
  else seconds[name] = outcome["seconds"].get<double>();
  return outcome["result"];
}

// 1. The sizes that hit each ξ, larger ξ first (larger n, dearer Gram matrices).
void search_xi(const Regime& regime, const GridOptions& options, Progress& progress, double weight, GridRun& run) {
  const std::size_t nx = run.grid.xi.size();
  std::vector<int> order(nx);
  for (std::size_t i = 0; i < nx; ++i) order[i] = static_cast<int>(nx - 1 - i);
  const auto search = [&](int i) {
    const rational& xi = run.grid.xi[static_cast<std::size_t>(i)];
    const nlohmann::json key = {{"family", to_name(regime.dictionary.family)},
                                {"dictionary_seed", regime.dictionary.seed}, {"h", run.h}, {"xi", decimal_text(xi)},
                                {"tolerance", options.xi_tolerance}};
    progress.step("xi = " + decimal_text(xi));
    const std::string out = stored_or_computed(options.directory / "grid_cells" / ("xi-" + decimal_text(xi) + ".json"), key,
                                               options.resume, [&] {
      return xi_search_json(hit_xi(regime.dictionary, run.h, xi.convert_to<double>(), options.xi_tolerance));
    });
    progress.advance(weight);
    return out;
  };
  const std::vector<std::string> searched = distribute_tasks(order, search);
  for (std::size_t i = 0; i < nx; ++i)
    run.targets.push_back(
        xi_search_from_json(result_of(searched[i], "xi-" + decimal_text(run.grid.xi[i]), run.search_seconds, run.resumed)));
}

// 2. The cells, p-major; reachable ones handed out by cost n h^2, largest first.
void evaluate_cells(const Regime& regime, const GridOptions& options, Progress& progress, double weight, GridRun& run) {
  const GridSpec& grid = run.grid;
  const std::size_t np = grid.p.size(), nx = grid.xi.size();
  std::vector<int> order;
  for (std::size_t t = 0; t < np * nx; ++t)
    if (run.targets[t % nx].reachable) order.push_back(static_cast<int>(t));
  const auto cost = [&](int t) { const XiTarget& x = run.targets[static_cast<std::size_t>(t) % nx]; return static_cast<double>(x.n) * x.h * x.h; };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return cost(a) > cost(b); });
  const auto evaluate = [&](int t) {
    const std::size_t ip = static_cast<std::size_t>(t) / nx, ix = static_cast<std::size_t>(t) % nx;
    const XiTarget& x = run.targets[ix];
    const SweepPoint point = grid_point(regime, x.h, x.n, grid.p[ip]);
    nlohmann::json key = sweep_point_key(regime, point, run.cell_confidence);
    key["p_target"] = decimal_text(grid.p[ip]);
    key["xi_target"] = decimal_text(grid.xi[ix]);
    key["xi_tolerance"] = options.xi_tolerance;
    progress.step(cell_name(grid.p[ip], grid.xi[ix]));
    const std::string out = stored_or_computed(options.directory / "grid_cells" / (cell_name(grid.p[ip], grid.xi[ix]) + ".json"),
                                               key, options.resume, [&] {
      return phase_cell_json(evaluate_phase_cell(regime, grid.p[ip], grid.xi[ix], x, options.threads, run.cell_confidence));
    });
    progress.advance(weight);
    return out;
  };
  const std::vector<std::string> evaluated = distribute_tasks(order, evaluate);
  for (std::size_t t = 0; t < np * nx; ++t) {
    const std::size_t ip = t / nx, ix = t % nx;
    const std::string name = cell_name(grid.p[ip], grid.xi[ix]);
    if (!run.targets[ix].reachable) {
      run.cells.push_back(unreachable_cell(regime, grid.p[ip], grid.xi[ix], run.targets[ix]));
      continue;
    }
    const nlohmann::json record = result_of(evaluated[t], name, run.cell_seconds, run.resumed);
    const auto refused = [&](const char* what) {
      return std::invalid_argument("grid_cells/" + name + ".json: " + what +
                                   "; accepted: a file written by scae (run without --resume to recompute it)");
    };
    try {
      run.cells.push_back(phase_cell_from_json(record));
    } catch (const nlohmann::json::exception& e) {
      throw refused(e.what());
    } catch (const std::invalid_argument& e) {
      throw refused(e.what());
    }
  }
}

}  // namespace

std::string cell_name(const rational& p, const rational& xi) { return "p-" + decimal_text(p) + "_xi-" + decimal_text(xi); }

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
  MemoryBudget{}.require(sweep_point_memory_bytes(h - 1, h), "--grid-h: h = " + std::to_string(h), sweep_point_memory_model,
                         "smaller h, or a larger --max-memory");
  for (const rational& xi : grid.xi) {
    const int hx = is_gaussian(regime) ? h : hadamard_h_for_xi(h, xi.convert_to<double>());
    for (const rational& p : grid.p) grid_point(regime, hx, hx / 2, p);
  }
}

GridRun run_grid(const Regime& regime, const GridSpec& grid, const GridOptions& options) {
  validate_grid(regime, grid, options);
  const auto start = std::chrono::steady_clock::now();
  GridRun run;
  run.grid = grid;
  run.h = grid_h(regime, options);
  run.family = to_name(regime.dictionary.family);
  run.k_rule = regime.sweep->k.text();
  run.delta_rule = regime.sweep->delta.empty() ? regime.point.delta.str() : regime.sweep->delta.text();
  run.bias_rule = path_bias_rule(regime).text();
  run.xi_tolerance = options.xi_tolerance;
  run.threads = options.threads;
  const std::size_t np = grid.p.size(), nx = grid.xi.size(), rows_per_cell = 3;
  const double level = 1 - regime.monte_carlo.confidence.convert_to<double>();
  run.cell_confidence = 1 - level / static_cast<double>(np * nx * rows_per_cell);
  std::filesystem::create_directories(options.directory / "grid_cells");

  const double hh = static_cast<double>(run.h) * run.h;
  const double search_weight = is_gaussian(regime) ? 12 * hh * run.h / 2 : 0, cell_weight = hh * run.h / 2;
  Progress progress("grid", static_cast<double>(nx) * search_weight + static_cast<double>(np * nx) * cell_weight, options.progress);
  search_xi(regime, options, progress, search_weight, run);
  evaluate_cells(regime, options, progress, cell_weight, run);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace scae
