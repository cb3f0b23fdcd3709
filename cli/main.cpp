// The scae command line. Exit codes: 0 success, 2 usage or input error (one message naming the
// parameter and the accepted range; nothing half-written).
#include "bench.hpp"
#include "claim_catalog.hpp"
#include "gradient_json.hpp"
#include "default_regime.hpp"
#include "distributed.hpp"
#include "grid_report.hpp"
#include "matrix_io.hpp"
#include "mutants.hpp"
#include "numerics_summary.hpp"
#include "report.hpp"
#include "regime.hpp"
#include "support_recovery.hpp"
#include "sweep_report.hpp"

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace {

scae::Regime regime_or_default(const std::string& path) {
  if (!path.empty()) return scae::load_regime(path);
  const std::filesystem::path shipped = std::filesystem::path(SCAE_SOURCE_DIR) / "regimes" / "default.toml";
  if (std::filesystem::exists(shipped)) return scae::load_regime(shipped);
  return scae::parse_regime(scae::default_regime_toml, "default.toml (embedded)");
}

std::vector<int> parse_rows(const std::string& list) {
  std::vector<int> rows;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::size_t used = 0;
    int row = -1;
    try {
      row = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || row < 0)
      throw std::invalid_argument("--rows '" + list + "': '" + item + "' is not a row; accepted: comma-separated integers >= 0");
    rows.push_back(row);
  }
  if (rows.empty()) throw std::invalid_argument("--rows is empty; accepted: comma-separated integers >= 0");
  return rows;
}

int print_claims() {
  for (const auto& claim : scae::claim_catalog())
    std::printf("%-50s %-12s %-12s %s\n", claim.id.c_str(), scae::source_name(claim.source).c_str(),
                scae::method_name(claim.method).c_str(), claim.statement.c_str());
  return 0;
}

// Runs the catalog; exit 0 when every claim with an expectation in the regime's [expect] table
// has the expected verdict and every other claim holds, 1 otherwise.
int check(const scae::Regime& regime, const scae::Instance& instance, const std::vector<int>& rows, int threads,
          const std::vector<std::string>& only) {
  for (const auto& e : regime.expect) {
    const auto& catalog = scae::claim_catalog();
    if (std::none_of(catalog.begin(), catalog.end(), [&](const scae::Claim& c) { return c.id == e.claim; }))
      throw scae::RegimeError(regime.source.string() + ":" + std::to_string(e.line) + ": key 'expect." + e.claim +
                              "': unknown claim; accepted: the ids listed by `scae claims`");
  }
  const auto results = scae::run_claims(instance, rows, threads, only);
  bool ok = true;
  std::printf("%-50s %-12s %-12s %-13s %-13s %s\n", "claim", "source", "method", "verdict", "expected", "key number");
  for (const auto& r : results) {
    const auto e = std::find_if(regime.expect.begin(), regime.expect.end(),
                                [&](const scae::Expectation& x) { return x.claim == r.claim->id; });
    const std::string verdict = scae::outcome_name(r.verdict.outcome);
    const bool as_expected = scae::as_expected(r, regime.expect);
    ok = ok && as_expected;
    std::printf("%-50s %-12s %-12s %-13s %-13s %s\n", r.claim->id.c_str(), scae::source_name(r.claim->source).c_str(),
                scae::method_name(r.claim->method).c_str(), (verdict + (as_expected ? "" : " !")).c_str(),
                e != regime.expect.end() ? e->verdict.c_str() : "-", r.verdict.summary.c_str());
  }
  return ok ? 0 : 1;
}

void export_instance(const scae::Instance& instance, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  scae::write_csv(dir / "A.csv", instance.a);
  scae::write_csv(dir / "W.csv", instance.w);
  scae::write_vector(dir / "eps.csv", instance.eps);
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun every process runs the same command; only rank 0 prints and writes the results.
  scae::DistributedSession session(argc, argv);
  if (!scae::is_root_process()) std::freopen("/dev/null", "w", stdout);
  CLI::App app{"scae: checks the theory of sparse-coding autoencoders (Rangamani et al., ISIT 2018)"};
  app.require_subcommand(1);
  int threads = 0;
  app.add_option("--threads", threads, "OpenMP threads (default: all cores)")->check(CLI::Range(1, 1024));
  double max_hours = scae::default_max_hours;
  app.add_option("--max-hours", max_hours, "Refuse runs estimated to take longer (Monte Carlo, bench, sweep; default 24)")
      ->check(CLI::PositiveNumber);

  auto* report = app.add_subcommand("report", "Run the main job on a regime (default: regimes/default.toml): "
                                               "write DIR/report.md and DIR/report.json");
  std::string report_regime, report_dir = "report", report_rows;
  report->add_option("regime", report_regime, "Regime TOML file");
  report->add_option("-o,--output", report_dir, "Folder for report.md and report.json (default: report)");
  report->add_option("--rows", report_rows, "Rows to check, 0-based, comma-separated (default: 0, h/2, h-1)");

  auto* summary_cmd = app.add_subcommand("summary", "Print the numerics summary of a regime (default: regimes/default.toml)");
  std::string summary_regime;
  bool summary_json = false;
  summary_cmd->add_option("regime", summary_regime, "Regime TOML file");
  summary_cmd->add_flag("--json", summary_json, "Print JSON");

  auto* instance_cmd = app.add_subcommand("instance", "Build a regime's instance and export A*, W and eps as CSV");
  std::string instance_regime, export_dir;
  instance_cmd->add_option("regime", instance_regime, "Regime TOML file")->required();
  instance_cmd->add_option("--export", export_dir, "Folder for A.csv (n x h), W.csv (h x n), eps.csv (h)")->required();

  auto* claims = app.add_subcommand("claims", "List the claim catalog");

  auto* check_cmd = app.add_subcommand("check", "Run the claim catalog on a regime; exit 1 if a claim is REFUTED or INCONSISTENT");
  std::string check_regime, check_rows;
  std::vector<std::string> check_only;
  check_cmd->add_option("regime", check_regime, "Regime TOML file")->required();
  check_cmd->add_option("--rows", check_rows, "Rows to check, 0-based, comma-separated (default: 0, h/2, h-1)");
  check_cmd->add_option("--only", check_only, "Only claims whose id starts with these prefixes");

  auto* sweep_cmd = app.add_subcommand("sweep", "Follow a regime's [sweep] path of growing h: write DIR/sweep.md, DIR/sweep.json "
                                                "and DIR/asymptotics.svg (per-point results in DIR/sweep_points/); "
                                                "with --grid, the phase diagram over target (p, xi)");
  std::string sweep_regime;
  scae::SweepOptions sweep_options;
  sweep_cmd->add_option("regime", sweep_regime, "Regime TOML file with a [sweep] table")->required();
  sweep_cmd->add_option("-o,--output", sweep_options.directory, "Output folder (default: sweep)");
  sweep_cmd->add_flag("--resume", sweep_options.resume, "Reuse the stored points (or grid cells) of an interrupted run with the same parameters");
  std::string grid_text;
  scae::GridOptions grid_options;
  auto* grid_option = sweep_cmd->add_option("--grid", grid_text,
                                            "Phase diagram over target p and xi instead of the path: p=LIST,xi=LIST, LIST a decimal or "
                                            "lo:hi:step (inclusive); writes DIR/grid.md, DIR/grid.json, DIR/phase.svg (default DIR: grid)");
  sweep_cmd->add_option("--grid-h", grid_options.h, "h of the grid (Gaussian: every cell; identity-hadamard: the largest h), "
                                                    "in [8, 4096] (default: the regime's [dictionary] h)")->needs(grid_option);
  sweep_cmd->add_option("--xi-tolerance", grid_options.xi_tolerance, "A cell is reachable when its realised xi is within this "
                                                                     "of the target, in (0, 0.5] (default 0.01)")->needs(grid_option);

  auto* mutants_cmd = app.add_subcommand("mutants", "Mutation testing: run the claims under each injected fault and print "
                                                    "which claim caught it; last line `mutants: C/K caught`, exit 0 iff C = K");
  scae::MutantsOptions mutants_options;
  for (const char* name : {"default.toml", "gaussian-v1.toml"})
    mutants_options.regimes.push_back((std::filesystem::path(SCAE_SOURCE_DIR) / "regimes" / name).string());
  mutants_cmd->add_option("--regimes", mutants_options.regimes, "Regime files (default: regimes/default.toml, regimes/gaussian-v1.toml)");
  mutants_cmd->add_option("--only", mutants_options.only, "Only these mutant ids");
  mutants_cmd->add_option("--seeds", mutants_options.seeds, "Also count false alarms: the catalog without a mutant for N seeds")
      ->check(CLI::Range(0, 1000));
  mutants_cmd->add_option("--samples", mutants_options.samples, "Monte Carlo samples of the mutant runs (default: as each regime says)")
      ->check(CLI::Range(std::uint64_t{1000}, std::uint64_t{1000000000}));

  auto* gradient = app.add_subcommand("gradient", "Closed form, enclosure and Monte Carlo estimate of chosen rows of E grad L");
  std::string gradient_regime, gradient_rows;
  bool gradient_json_flag = false;
  gradient->add_option("regime", gradient_regime, "Regime TOML file")->required();
  gradient->add_option("--rows", gradient_rows, "Rows, 0-based, comma-separated")->required();
  gradient->add_flag("--json", gradient_json_flag, "Print JSON (the only format)");

  auto* bench = app.add_subcommand("bench", "Samples per second of the Monte Carlo gradient estimator (R1, R2, R3)");
  scae::BenchOptions bench_options;
  bench->add_option("regimes", bench_options.regimes, "R1, R2 and/or R3 (default: all)");
  bench->add_flag("--json", bench_options.json, "One JSON object per line");
  bench->add_option("--scale", bench_options.scale, "Multiply the default sample counts")->check(CLI::Range(1e-4, 1e4));
  bench_options.baseline = (std::filesystem::path(SCAE_SOURCE_DIR) / ".." / "shared" / "bench" / "numpy_baseline.py").lexically_normal().string();
  bench->add_option("--baseline", bench_options.baseline, "NumPy baseline script ('' to skip)");
  bench->add_option("--path", bench_options.paths, "Estimator paths to time")->check(CLI::IsMember({"sparse", "dense", "all"}));
  bench->add_option("--accumulation", bench_options.accumulation, "Accumulation of the sparse path")
      ->check(CLI::IsMember({"automatic", "vectors", "coefficients"}));
  bench->add_option("--batches", bench_options.batches,
                    "Batch means of the sparse path's confidence statements (default 64, as in a regime)")
      ->check(CLI::Range(8, 4096));
  bench->add_option("--screening", bench_options.screening, "Float screening of the sparse path")
      ->check(CLI::IsMember({"automatic", "on", "off"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (threads == 0) threads = omp_get_max_threads();
  // Eigen's own multi-threaded products sum in an order that depends on the thread count, which
  // under mpirun (ranks bound to fewer cores) differs from one process: every product runs on one
  // thread, and the work is shared out by scae itself (Monte Carlo batches, fixed_order_product
  // blocks, sweep points), so results are bitwise the same for any threads and processes.
  Eigen::setNbThreads(1);

  try {
    if (*report) {
      const scae::Regime regime = regime_or_default(report_regime);
      scae::check_resources(regime, threads, max_hours);
      const scae::Instance instance = scae::build_instance_with_bias(regime);
      scae::ReportOptions options;
      options.directory = report_dir;
      options.threads = threads;
      if (!report_rows.empty()) options.rows = parse_rows(report_rows);
      for (const int row : options.rows)
        if (row >= instance.h())
          throw std::invalid_argument("--rows: row " + std::to_string(row) + "; accepted: [0, " + std::to_string(instance.h() - 1) + "]");
      std::cout << scae::write_report(regime, instance, options).string() << "\n";
    } else if (*summary_cmd) {
      const scae::Regime regime = regime_or_default(summary_regime);
      scae::check_resources(regime, threads, max_hours);
      const scae::Instance instance = scae::build_instance_with_bias(regime);
      const auto summary = scae::numerics_summary(regime, instance, threads);
      std::cout << (summary_json ? summary.dump(2) + "\n" : scae::format_numerics_summary(summary));
    } else if (*instance_cmd) {
      const scae::Regime regime = scae::load_regime(instance_regime);
      scae::check_memory(regime, threads);
      export_instance(scae::build_instance_with_bias(regime), export_dir);
      std::cout << export_dir << "\n";
    } else if (*claims) {
      return print_claims();
    } else if (*check_cmd) {
      const scae::Regime regime = scae::load_regime(check_regime);
      scae::check_resources(regime, threads, max_hours);
      const scae::Instance instance = scae::build_instance_with_bias(regime);
      const std::vector<int> rows = check_rows.empty() ? scae::default_rows(instance.h()) : parse_rows(check_rows);
      for (const int row : rows)
        if (row >= instance.h())
          throw std::invalid_argument("--rows: row " + std::to_string(row) + "; accepted: [0, " + std::to_string(instance.h() - 1) + "]");
      return check(regime, instance, rows, threads, check_only.empty() ? regime.claims : check_only);
    } else if (*sweep_cmd) {
      const scae::Regime regime = scae::load_regime(sweep_regime);
      if (!regime.sweep)
        throw std::invalid_argument(sweep_regime + ": no [sweep] table; accepted: a regime with a sweep path (see README)");
      if (sweep_cmd->count("--grid")) {
        const scae::GridSpec grid = scae::parse_grid(grid_text);
        grid_options.directory = sweep_cmd->count("--output") ? sweep_options.directory : std::filesystem::path("grid");
        grid_options.threads = threads;
        grid_options.resume = sweep_options.resume;
        std::cout << scae::write_grid(regime, grid, grid_options).string() << "\n";
        return 0;
      }
      sweep_options.threads = threads;
      sweep_options.max_hours = max_hours;
      std::cout << scae::write_sweep(regime, sweep_options).string() << "\n";
    } else if (*mutants_cmd) {
      mutants_options.threads = threads;
      return scae::run_mutants(mutants_options);
    } else if (*gradient) {
      const scae::Regime regime = scae::load_regime(gradient_regime);
      scae::check_resources(regime, threads, max_hours);
      const scae::Instance instance = scae::build_instance_with_bias(regime);
      std::cout << scae::gradient_json(instance, parse_rows(gradient_rows), threads).dump() << "\n";
    } else if (*bench) {
      bench_options.threads = threads;
      bench_options.max_hours = max_hours;
      if (!bench_options.baseline.empty() && !std::filesystem::exists(bench_options.baseline)) bench_options.baseline.clear();
      return scae::run_bench(bench_options);
    }
  } catch (const std::exception& e) {
    if (scae::process_count() > 1) scae::abort_all(e.what(), 2);
    std::cerr << "scae: error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
