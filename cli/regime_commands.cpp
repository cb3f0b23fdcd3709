#include "cli/regime_commands.hpp"

#include "reports/gradient_report.hpp"
#include "runs/gradient_run.hpp"
#include "reports/grid_report.hpp"
#include "input/instance_builder.hpp"
#include "reports/numerics_summary.hpp"
#include "cli/regime_arguments.hpp"
#include "reports/report.hpp"
#include "cli/report_estimate.hpp"
#include "input/resources.hpp"
#include "runs/resume_store.hpp"
#include "input/sweep_path.hpp"
#include "reports/sweep_report.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

namespace scae {
namespace {

struct RegimeArguments {
  std::string regime;
  std::vector<std::string> overrides;
};

// Reports how many stored results --resume reused: stderr, from the run's JSON.
void report_resumed(const std::filesystem::path& json_file, const char* pointer, const char* what) {
  std::ifstream in(json_file);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  const nlohmann::json::json_pointer at(pointer);
  if (j.is_discarded() || !j.contains(at) || !j[at].is_array()) return;
  std::fprintf(stderr, "scae: --resume reused %zu stored %s\n", j[at].size(), what);
}

}  // namespace

Subcommand add_report_command(CLI::App& app) {
  struct Arguments : RegimeArguments {
    std::string directory = "report", rows;
    bool resume = false;
  };
  auto a = std::make_shared<Arguments>();
  CLI::App* report = app.add_subcommand("report", "Run the main job on a regime (default: regimes/default.toml): "
                                                  "write DIR/report.md and DIR/report.json");
  report->add_option("regime", a->regime, "Regime TOML file");
  report->add_option("-o,--output", a->directory, "Folder for report.md and report.json (default: report)");
  report->add_option("--rows", a->rows, "Rows to check, 0-based, comma-separated (default: 0, h/2, h-1 and 8 seeded random rows)");
  report->add_flag("--resume", a->resume, "Reuse the stored sweep points of an interrupted report of the same regime "
                                           "(those whose parameters match; the rest is recomputed)");
  add_set_option(*report, a->overrides);
  return {report, [a, report](const RunSettings& s, OutputFolder& created) {
            const Regime regime = load_checked_regime(a->regime, a->overrides, SweepTable::read, true);
            check_report_resources(regime, s.threads, s.max_hours);  // the whole report first: its message names every part
            check_resources(regime, s.threads, s.max_hours, Workload{true});
            const Instance instance = build_instance(regime);
            ReportOptions options;
            options.directory = a->directory;
            options.threads = s.threads;
            options.resume = a->resume;
            if (report->count("--rows")) options.rows = parse_rows(a->rows, instance.h());
            created = create_output_folder("-o", a->directory);
            // A resume into another regime's folder is refused before anything there is removed.
            if (regime.sweep) check_store_owner(options.directory / "sweep_points", regime.name, regime.source.string(), a->resume);
            remove_report_files(options.directory);
            const ReportRun run = run_report(regime, instance, options);
            std::cout << write_report(run, options.directory).string() << "\n";
            if (a->resume && !s.quiet) report_resumed(options.directory / "report.json", "/context/sweep/resumed_points", "sweep points");
            return 0;
          }};
}

Subcommand add_summary_command(CLI::App& app) {
  struct Arguments : RegimeArguments {
    bool json = false;
  };
  auto a = std::make_shared<Arguments>();
  CLI::App* summary = app.add_subcommand("summary", "Print the numerics summary of a regime (default: regimes/default.toml)");
  summary->add_option("regime", a->regime, "Regime TOML file");
  summary->add_flag("--json", a->json, "Print JSON");
  add_set_option(*summary, a->overrides);
  return {summary, [a](const RunSettings& s, OutputFolder&) {
            const Regime regime = load_checked_regime(a->regime, a->overrides, SweepTable::unread, true);
            check_resources(regime, s.threads, s.max_hours);
            const Instance instance = build_instance(regime);
            std::cout << numerics_summary_output(regime, run_numerics_summary(instance, s.threads), a->json);
            return 0;
          }};
}

Subcommand add_instance_command(CLI::App& app) {
  struct Arguments : RegimeArguments {
    std::string directory, format = "csv";
  };
  auto a = std::make_shared<Arguments>();
  CLI::App* instance = app.add_subcommand("instance", "Build a regime's instance and export A*, W and eps (CSV, NumPy .npy or MATLAB .mat)");
  instance->add_option("regime", a->regime, "Regime TOML file")->required();
  instance->add_option("--export", a->directory, "Folder for A (n x h), W (h x n) and eps (h)")->required();
  instance->add_option("--format", a->format, "csv (A.csv, W.csv, eps.csv; default), npy (A.npy, W.npy, eps.npy) or mat (A.mat, W.mat, eps.mat)")
      ->check(CLI::IsMember({"csv", "npy", "mat"}));
  add_set_option(*instance, a->overrides);
  return {instance, [a](const RunSettings& s, OutputFolder& created) {
            const Regime regime = load_checked_regime(a->regime, a->overrides, SweepTable::unread);
            check_memory(regime, s.threads);
            const Instance built = build_instance(regime);
            created = create_output_folder("--export", a->directory);
            export_instance(built, a->directory, a->format);
            std::cout << a->directory << "\n";
            return 0;
          }};
}

Subcommand add_sweep_command(CLI::App& app) {
  struct Arguments : RegimeArguments {
    SweepOptions path;
    std::string grid;
    GridOptions grid_options;
  };
  auto a = std::make_shared<Arguments>();
  CLI::App* sweep = app.add_subcommand("sweep", "Follow a regime's [sweep] path of growing h: write DIR/sweep.md, DIR/sweep.json "
                                                "and DIR/asymptotics.svg (per-point results in DIR/sweep_points/); "
                                                "with --grid, the phase diagram over target (p, xi)");
  sweep->add_option("regime", a->regime, "Regime TOML file with a [sweep] table")->required();
  sweep->add_option("-o,--output", a->path.directory, "Output folder (default: sweep)");
  sweep->add_flag("--resume", a->path.resume, "Reuse the stored points (or grid cells) of an interrupted run with the same parameters");
  add_set_option(*sweep, a->overrides);
  sweep->add_option("--landscape-max-h", a->path.landscape.radial_max_h,
                    "The critical point of E L near A*^T (radial root t*, t*/delta) at points with h up to this, in [0, 65536]; "
                    "0: none (default 4096)")
      ->check(CLI::Range(0, 65536));
  sweep->add_option("--landscape-newton-max-h", a->path.landscape.newton_max_h,
                    "Newton-CG from the radial root and the local-minimum certificate at points with h up to this, in [0, 65536] "
                    "(default 512)")
      ->check(CLI::Range(0, 65536));
  auto* grid = sweep->add_option("--grid", a->grid, "Phase diagram over target p and xi instead of the path: p=LIST,xi=LIST, LIST a decimal or "
                                                    "lo:hi:step (inclusive); writes DIR/grid.md, DIR/grid.json, DIR/phase.svg (default DIR: grid)");
  sweep->add_option("--grid-h", a->grid_options.h, "h of the grid (Gaussian: every cell; identity-hadamard: the largest h), "
                                                   "in [8, 4096] (default: the regime's [dictionary] h)")->needs(grid);
  sweep->add_option("--xi-tolerance", a->grid_options.xi_tolerance, "A cell is reachable when its realised xi is within this "
                                                                    "of the target, in (0, 0.5] (default 0.01)")->needs(grid);
  return {sweep, [a, sweep](const RunSettings& s, OutputFolder& created) {
            const Regime regime = load_checked_regime(a->regime, a->overrides, SweepTable::read);
            if (!regime.sweep) throw std::invalid_argument(a->regime + ": no [sweep] table; accepted: a regime with a sweep path (see README)");
            if (sweep->count("--grid")) {
              const GridSpec spec = parse_grid(a->grid);
              GridOptions& g = a->grid_options;
              g.directory = sweep->count("--output") ? a->path.directory : std::filesystem::path("grid");
              g.threads = s.threads;
              g.resume = a->path.resume;
              created = create_output_folder("-o", g.directory);
              std::cout << write_grid(regime, run_grid(regime, spec, g), g.directory).string() << "\n";
              if (g.resume && !s.quiet) report_resumed(g.directory / "grid.json", "/context/resumed", "searches and cells");
              return 0;
            }
            SweepOptions& p = a->path;
            p.threads = s.threads;
            p.max_hours = s.max_hours;
            created = create_output_folder("-o", p.directory);
            check_store_owner(p.directory / "sweep_points", regime.name, regime.source.string(), p.resume);
            p.replaced = sweep_files(p.directory);
            std::cout << write_sweep(regime, run_sweep(regime, p), p.directory).string() << "\n";
            if (p.resume && !s.quiet) report_resumed(p.directory / "sweep.json", "/context/resumed_points", "points");
            return 0;
          }};
}

Subcommand add_gradient_command(CLI::App& app) {
  struct Arguments : RegimeArguments {
    std::string rows;
    bool json = false;
  };
  auto a = std::make_shared<Arguments>();
  CLI::App* gradient = app.add_subcommand("gradient", "Closed form, enclosure and Monte Carlo estimate of chosen rows of E grad L");
  gradient->add_option("regime", a->regime, "Regime TOML file")->required();
  gradient->add_option("--rows", a->rows, "Rows, 0-based, comma-separated")->required();
  gradient->add_flag("--json", a->json, "Print JSON (the only format)");
  add_set_option(*gradient, a->overrides);
  return {gradient, [a](const RunSettings& s, OutputFolder&) {
            const Regime regime = load_checked_regime(a->regime, a->overrides, SweepTable::unread);
            check_resources(regime, s.threads, s.max_hours);
            const Instance instance = build_instance(regime);
            std::cout << gradient_json(run_gradient(instance, parse_rows(a->rows, instance.h()), s.threads)).dump() << "\n";
            return 0;
          }};
}

}  // namespace scae
