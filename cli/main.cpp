// The scae command line. Exit codes: 0 success, 1 from `check` when a verdict is not as expected,
// 2 usage or input error (one message "scae: error: ..." naming the parameter and the accepted
// range; refused before anything is written), 3 and 70 as cli/exit_status.hpp says.
#include "bench.hpp"
#include "build_info.hpp"
#include "certified_point_bench.hpp"
#include "claim_catalog.hpp"
#include "default_regime.hpp"
#include "distributed.hpp"
#include "exit_status.hpp"
#include "gradient_json.hpp"
#include "grid_report.hpp"
#include "instance_builder.hpp"
#include "matrix_io.hpp"
#include "mutants.hpp"
#include "mutation.hpp"
#include "numerics_summary.hpp"
#include "output_folder.hpp"
#include "progress.hpp"
#include "regime.hpp"
#include "report.hpp"
#include "report_estimate.hpp"
#include "resources.hpp"
#include "sweep_path.hpp"
#include "sweep_report.hpp"

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace {

constexpr int usage_error = scae::exit_usage;

// A regime file (or, for an empty path, the shipped default) with the --set overrides applied; its
// `claims` list and [expect] ids must name claims of the catalog.
scae::Regime load_checked_regime(const std::string& path, const std::vector<std::string>& overrides, bool default_when_empty = false) {
  scae::Regime regime;
  const std::filesystem::path shipped = std::filesystem::path(SCAE_SOURCE_DIR) / "regimes" / "default.toml";
  if (!path.empty() || !default_when_empty) regime = scae::load_regime(path, overrides);
  else if (std::filesystem::exists(shipped)) regime = scae::load_regime(shipped, overrides);
  else regime = scae::parse_regime(scae::default_regime_toml, "default.toml (embedded)", {}, overrides);
  const auto& catalog = scae::claim_catalog();
  for (const auto& e : regime.expect)
    if (std::none_of(catalog.begin(), catalog.end(), [&](const scae::Claim& c) { return c.id == e.claim; }))
      throw scae::RegimeError(e.location + ": key 'expect." + e.claim + "': unknown claim; accepted: the ids listed by `scae claims`");
  for (const auto& prefix : regime.claims)
    if (scae::select_claims({prefix}).empty())
      throw scae::RegimeError(regime.claims_location + ": key 'claims': '" + prefix +
                              "' matches no claim; accepted: ids or id prefixes of the claims listed by `scae claims`");
  return regime;
}

// --rows: distinct 0-based rows below h.
std::vector<int> parse_rows(const std::string& list, int h) {
  const std::string accepted = "accepted: distinct comma-separated integers in [0, " + std::to_string(h - 1) + "]";
  if (list.empty()) throw std::invalid_argument("--rows '': empty list; " + accepted);
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
    if (used == 0 || used != item.size() || row < 0) throw std::invalid_argument("--rows '" + list + "': '" + item + "' is not a row; " + accepted);
    if (row >= h) throw std::invalid_argument("--rows '" + list + "': row " + std::to_string(row) + "; " + accepted);
    if (std::find(rows.begin(), rows.end(), row) != rows.end())
      throw std::invalid_argument("--rows '" + list + "': row " + std::to_string(row) + " is given twice; " + accepted);
    rows.push_back(row);
  }
  if (list.back() == ',') throw std::invalid_argument("--rows '" + list + "': empty entry; " + accepted);
  return rows;
}

// --only: every prefix must select at least one claim.
void check_claim_prefixes(const std::vector<std::string>& only) {
  for (const auto& prefix : only)
    if (prefix.empty() || scae::select_claims({prefix}).empty())
      throw std::invalid_argument("--only '" + prefix + "': matches no claim; accepted: ids or id prefixes of the claims listed by `scae claims`");
}

int print_claims() {
  for (const auto& claim : scae::claim_catalog())
    std::printf("%-50s %-12s %-12s %s\n", claim.id.c_str(), scae::source_name(claim.source).c_str(),
                scae::method_name(claim.method).c_str(), claim.statement.c_str());
  return 0;
}

// `text` in lines of at most `width` characters, broken at spaces where possible.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string rest = text;
  while (rest.size() > width) {
    std::size_t cut = rest.rfind(' ', width);
    if (cut == std::string::npos || cut == 0) cut = width;
    lines.push_back(rest.substr(0, cut));
    rest = rest.substr(cut == width && rest[cut] != ' ' ? cut : cut + 1);
  }
  lines.push_back(rest);
  return lines;
}

constexpr std::size_t terminal_columns = 120;
constexpr const char* check_exit_rule =
    "Exit status: 0 when every claim run has the verdict the regime's [expect] table states for it (\"claim.id\" = "
    "\"VERDICT\") and every claim without an [expect] entry holds (is neither REFUTED nor INCONSISTENT); 1 otherwise "
    "(those claims are marked ! in the table); 2 on a usage or input error. The last line counts the verdicts and says "
    "why the exit status is what it is.";

// Runs the catalog and prints the verdict table (claim, verdict, expected, key number; source and
// method are in `scae claims`) within terminal_columns, then one line counting the verdicts and
// giving the exit status: 0 when every claim is as expected (check_exit_rule), else 1.
int check(const scae::Regime& regime, const scae::Instance& instance, const std::vector<int>& rows, int threads,
          const std::vector<std::string>& only) {
  const auto results = scae::run_claims(instance, rows, threads, only);
  std::size_t id_width = 5;
  for (const auto& r : results) id_width = std::max(id_width, r.claim->id.size());
  const std::size_t key_column = id_width + 1 + 14 + 1 + 12 + 1;
  const std::size_t key_width = terminal_columns > key_column + 30 ? terminal_columns - key_column : 30;
  std::printf("%-*s %-14s %-12s %s\n", static_cast<int>(id_width), "claim", "verdict", "expected", "key number");
  std::map<scae::Outcome, int> counts;
  std::vector<std::string> unexpected;
  for (const auto& r : results) {
    const auto e = std::find_if(regime.expect.begin(), regime.expect.end(),
                                [&](const scae::Expectation& x) { return x.claim == r.claim->id; });
    const std::string verdict = scae::outcome_name(r.verdict.outcome);
    const bool as_expected = scae::as_expected(r, regime.expect);
    ++counts[r.verdict.outcome];
    if (!as_expected) unexpected.push_back(r.claim->id);
    const auto key_lines = wrap(r.verdict.summary, key_width);
    std::printf("%-*s %-14s %-12s %s\n", static_cast<int>(id_width), r.claim->id.c_str(), (verdict + (as_expected ? "" : " !")).c_str(),
                e != regime.expect.end() ? e->verdict.c_str() : "-", key_lines[0].c_str());
    for (std::size_t i = 1; i < key_lines.size(); ++i) std::printf("%*s%s\n", static_cast<int>(key_column), "", key_lines[i].c_str());
  }
  std::string tally;
  for (const auto& [outcome, count] : counts) tally += (tally.empty() ? "" : ", ") + std::to_string(count) + " " + scae::outcome_name(outcome);
  std::string line = "check: " + std::to_string(results.size()) + (results.size() == 1 ? " claim: " : " claims: ") + tally + "; ";
  if (unexpected.empty()) {
    line += "exit 0: every verdict is as expected";
  } else {
    line += "exit 1: " + std::to_string(unexpected.size()) + " not as expected (marked !):";
    for (const auto& id : unexpected) line += " " + id;
  }
  std::printf("%s\n", line.c_str());
  return unexpected.empty() ? 0 : 1;
}

// Levenshtein distance, for suggesting a command.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

struct GlobalOptions {
  int threads = 0;
  double max_hours = scae::default_max_hours;
  bool quiet = false;
};

// The global options, on the top-level command and on every subcommand (before or after it).
void add_global_options(CLI::App& app, GlobalOptions& g) {
  const auto range = [](double lo, double hi, bool open_low, const std::string& accepted) {
    return CLI::Validator(
        [=](std::string& text) -> std::string {
          double x = NAN;
          if (!CLI::detail::lexical_cast(text, x) || !(open_low ? x > lo : x >= lo) || !(x <= hi))
            return "'" + text + "' is out of range; accepted: " + accepted;
          return "";
        },
        accepted);
  };
  app.add_option("--threads", g.threads, "OpenMP threads (default: all cores)")
      ->check(range(1, 1024, false, "an integer in [1, 1024]"))
      ->group("Global options");
  app.add_option("--max-hours", g.max_hours,
                 "Refuse a run whose time estimate is longer (report, check, summary, gradient, sweep, bench; default 24)")
      ->check(range(0, 1e6, true, "hours in (0, 1e6]"))
      ->group("Global options");
  app.add_flag("--quiet", g.quiet, "No progress lines or bar on stderr")->group("Global options");
}

void add_set_option(CLI::App& command, std::vector<std::string>& overrides) {
  command.add_option("--set", overrides,
                     "KEY=VALUE: set a regime key before the regime is validated, e.g. --set monte_carlo.samples=1000000 "
                     "(VALUE a TOML value; repeatable; recorded in the output)");
}

// Reports how many stored results --resume reused: stderr, from the run's JSON.
void report_resumed(const std::filesystem::path& json_file, const char* key, const char* what) {
  std::ifstream in(json_file);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("context") || !j["context"].contains(key)) return;
  std::fprintf(stderr, "scae: --resume reused %zu stored %s\n", j["context"][key].size(), what);
}

// `scae bench`: the Monte Carlo estimator's speed on R1-R3, or one certified sweep point.
CLI::App* add_bench_command(CLI::App& app, scae::BenchOptions& o, scae::CertifiedPointOptions& p) {
  CLI::App* bench = app.add_subcommand("bench", "Samples per second of the Monte Carlo gradient estimator (R1, R2, R3)");
  CLI::Option* regimes = bench->add_option("regimes", o.regimes, "R1, R2 and/or R3 (default: all)");
  bench->add_flag("--json", o.json, "One JSON object per line");
  bench->add_option("--scale", o.scale, "Multiply the default sample counts")->check(CLI::Range(1e-4, 1e4));
  o.baseline = (std::filesystem::path(SCAE_SOURCE_DIR) / "bench" / "numpy_baseline.py").string();
  bench->add_option("--baseline", o.baseline, "NumPy baseline script (default: bench/numpy_baseline.py; '' to skip)");
  bench->add_option("--repeats", o.repeats,
                    "Interleaved runs of every path (the host is noisy); the median time and median ratio are reported")
      ->check(CLI::Range(1, 15));
  p.regime = (std::filesystem::path(SCAE_SOURCE_DIR) / "regimes" / "asymptotic-hadamard.toml").string();
  bench->add_option("--certified-point", p.h,
                    "Instead: time the point h = H of a sweep path (--regime) as `scae sweep` computes it; "
                    "prints seconds, peak memory and whether every checked row is certified")
      ->excludes(regimes);
  bench->add_option("--regime", p.regime, "The regime whose path --certified-point uses (default: regimes/asymptotic-hadamard.toml)");
  bench->add_option("--path", o.paths, "Estimator paths to time")->check(CLI::IsMember({"sparse", "dense", "all"}));
  bench->add_option("--accumulation", o.accumulation, "Accumulation of the sparse path")
      ->check(CLI::IsMember({"automatic", "vectors", "coefficients"}));
  bench->add_option("--batches", o.batches,
                    "Batch means of the sparse path's confidence statements (default 64, as in a regime)")
      ->check(CLI::Range(8, 4096));
  bench->add_option("--screening", o.screening, "Float screening of the sparse path")
      ->check(CLI::IsMember({"automatic", "on", "off"}));
  return bench;
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun every process runs the same command; only rank 0 prints and writes the results.
  scae::DistributedSession session(argc, argv);
  if (!scae::is_root_process()) std::freopen("/dev/null", "w", stdout);
  CLI::App app{"scae: checks the theory of sparse-coding autoencoders (Rangamani et al., ISIT 2018)", "scae"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] {
    const scae::BuildInfo info = scae::build_info();
    return "scae " + info.version + " (commit " + info.commit + ")" +
           (scae::mutant_hooks_compiled_in ? "\nmutation hooks: compiled in" : "");
  });
  app.footer("Run `scae help COMMAND` or `scae COMMAND --help` for a command's options.");
  GlobalOptions global;
  add_global_options(app, global);

  auto* report = app.add_subcommand("report", "Run the main job on a regime (default: regimes/default.toml): "
                                               "write DIR/report.md and DIR/report.json");
  std::string report_regime, report_dir = "report", report_rows;
  std::vector<std::string> report_overrides;
  report->add_option("regime", report_regime, "Regime TOML file");
  report->add_option("-o,--output", report_dir, "Folder for report.md and report.json (default: report)");
  report->add_option("--rows", report_rows, "Rows to check, 0-based, comma-separated (default: 0, h/2, h-1)");
  add_set_option(*report, report_overrides);

  auto* summary_cmd = app.add_subcommand("summary", "Print the numerics summary of a regime (default: regimes/default.toml)");
  std::string summary_regime;
  std::vector<std::string> summary_overrides;
  bool summary_json = false;
  summary_cmd->add_option("regime", summary_regime, "Regime TOML file");
  summary_cmd->add_flag("--json", summary_json, "Print JSON");
  add_set_option(*summary_cmd, summary_overrides);

  auto* instance_cmd = app.add_subcommand("instance", "Build a regime's instance and export A*, W and eps (CSV, NumPy .npy or MATLAB .mat)");
  std::string instance_regime, export_dir, export_format = "csv";
  std::vector<std::string> instance_overrides;
  instance_cmd->add_option("regime", instance_regime, "Regime TOML file")->required();
  instance_cmd->add_option("--export", export_dir, "Folder for A (n x h), W (h x n) and eps (h)")->required();
  instance_cmd->add_option("--format", export_format,
                           "csv (A.csv, W.csv, eps.csv; default), npy (A.npy, W.npy, eps.npy) or mat (A.mat, W.mat, eps.mat)")
      ->check(CLI::IsMember({"csv", "npy", "mat"}));
  add_set_option(*instance_cmd, instance_overrides);

  auto* claims = app.add_subcommand("claims", "List the claim catalog");

  auto* check_cmd = app.add_subcommand("check", "Run the claim catalog on a regime and print a verdict table; exit 1 if a "
                                                "verdict is not as the regime's [expect] table says");
  std::string check_regime, check_rows;
  std::vector<std::string> check_only, check_overrides;
  check_cmd->add_option("regime", check_regime, "Regime TOML file")->required();
  check_cmd->add_option("--rows", check_rows, "Rows to check, 0-based, comma-separated (default: 0, h/2, h-1)");
  check_cmd->add_option("--only", check_only, "Only claims whose id starts with these prefixes (each must match a claim)");
  add_set_option(*check_cmd, check_overrides);
  check_cmd->footer(check_exit_rule);

  auto* sweep_cmd = app.add_subcommand("sweep", "Follow a regime's [sweep] path of growing h: write DIR/sweep.md, DIR/sweep.json "
                                                "and DIR/asymptotics.svg (per-point results in DIR/sweep_points/); "
                                                "with --grid, the phase diagram over target (p, xi)");
  std::string sweep_regime;
  std::vector<std::string> sweep_overrides;
  scae::SweepOptions sweep_options;
  sweep_cmd->add_option("regime", sweep_regime, "Regime TOML file with a [sweep] table")->required();
  sweep_cmd->add_option("-o,--output", sweep_options.directory, "Output folder (default: sweep)");
  sweep_cmd->add_flag("--resume", sweep_options.resume, "Reuse the stored points (or grid cells) of an interrupted run with the same parameters");
  add_set_option(*sweep_cmd, sweep_overrides);
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
  std::vector<std::string> gradient_overrides;
  bool gradient_json_flag = false;
  gradient->add_option("regime", gradient_regime, "Regime TOML file")->required();
  gradient->add_option("--rows", gradient_rows, "Rows, 0-based, comma-separated")->required();
  gradient->add_flag("--json", gradient_json_flag, "Print JSON (the only format)");
  add_set_option(*gradient, gradient_overrides);

  scae::BenchOptions bench_options;
  scae::CertifiedPointOptions point_bench;
  CLI::App* bench = add_bench_command(app, bench_options, point_bench);

  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) add_global_options(*command, global);

  // `scae help [COMMAND]` is `scae [COMMAND] --help`; an unknown command gets a suggestion.
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<std::string> commands;
  for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) commands.push_back(command->get_name());
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--threads" || args[i] == "--max-hours") {
      ++i;
      continue;
    }
    if (args[i].starts_with("-")) continue;
    if (args[i] == "help") {
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
      args.insert(args.begin() + static_cast<std::ptrdiff_t>(std::min(i + 1, args.size())), "--help");
      if (args[i] == "--help") break;
    }
    if (std::find(commands.begin(), commands.end(), args[i]) == commands.end()) {
      std::string closest, list;
      std::size_t best = 3;  // suggest only within two edits
      for (const auto& c : commands) {
        list += (list.empty() ? "" : ", ") + c;
        if (const std::size_t d = edit_distance(args[i], c); d < best) best = d, closest = c;
      }
      std::cerr << "scae: error: unknown command '" << args[i] << "'"
                << (closest.empty() ? "; accepted: " + list + ", help" : "; did you mean '" + closest + "'?") << "\n";
      return usage_error;
    }
    break;
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first

  try {
    app.parse(args);
  } catch (const CLI::Success& e) {  // --help, help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    if (e.get_name() == "RequiredError" && message.find("subcommand") != std::string::npos) {
      message = "a command is required; accepted:";
      for (const auto& c : commands) message += " " + c;
    }
    std::cerr << "scae: error: " << message << "\n";
    return usage_error;
  }
  int threads = global.threads == 0 ? omp_get_max_threads() : global.threads;
  const double max_hours = global.max_hours;
  if (global.quiet) scae::silence_progress();
  // Eigen's own multi-threaded products sum in an order that depends on the thread count, which
  // under mpirun (ranks bound to fewer cores) differs from one process: every product runs on one
  // thread, and the work is shared out by scae itself (Monte Carlo batches, fixed_order_product
  // blocks, sweep points), so results are bitwise the same for any threads and processes.
  Eigen::setNbThreads(1);

  scae::OutputFolder created_folder;  // removed again if it is still empty after an error
  try {
    if (*report) {
      const scae::Regime regime = load_checked_regime(report_regime, report_overrides, true);
      scae::check_resources(regime, threads, max_hours);
      scae::check_report_time(regime, threads, max_hours);
      const scae::Instance instance = scae::build_instance(regime);
      scae::ReportOptions options;
      options.directory = report_dir;
      options.threads = threads;
      if (report->count("--rows")) options.rows = parse_rows(report_rows, instance.h());
      created_folder = scae::create_output_folder("-o", report_dir);
      std::cout << scae::write_report(regime, instance, options).string() << "\n";
    } else if (*summary_cmd) {
      const scae::Regime regime = load_checked_regime(summary_regime, summary_overrides, true);
      scae::check_resources(regime, threads, max_hours);
      const scae::Instance instance = scae::build_instance(regime);
      const auto summary = scae::numerics_summary(regime, instance, threads);
      std::cout << (summary_json ? summary.dump(2) + "\n" : scae::format_numerics_summary(summary));
    } else if (*instance_cmd) {
      const scae::Regime regime = load_checked_regime(instance_regime, instance_overrides);
      scae::check_memory(regime, threads);
      const scae::Instance instance = scae::build_instance(regime);
      created_folder = scae::create_output_folder("--export", export_dir);
      scae::export_instance(instance, export_dir, export_format);
      std::cout << export_dir << "\n";
    } else if (*claims) {
      return print_claims();
    } else if (*check_cmd) {
      const scae::Regime regime = load_checked_regime(check_regime, check_overrides);
      check_claim_prefixes(check_only);
      scae::check_resources(regime, threads, max_hours);
      const scae::Instance instance = scae::build_instance(regime);
      const std::vector<int> rows = check_cmd->count("--rows") ? parse_rows(check_rows, instance.h()) : scae::default_rows(instance.h());
      return check(regime, instance, rows, threads, check_only.empty() ? regime.claims : check_only);
    } else if (*sweep_cmd) {
      const scae::Regime regime = load_checked_regime(sweep_regime, sweep_overrides);
      if (!regime.sweep)
        throw std::invalid_argument(sweep_regime + ": no [sweep] table; accepted: a regime with a sweep path (see README)");
      if (sweep_cmd->count("--grid")) {
        const scae::GridSpec grid = scae::parse_grid(grid_text);
        grid_options.directory = sweep_cmd->count("--output") ? sweep_options.directory : std::filesystem::path("grid");
        grid_options.threads = threads;
        grid_options.resume = sweep_options.resume;
        created_folder = scae::create_output_folder("-o", grid_options.directory);
        std::cout << scae::write_grid(regime, grid, grid_options).string() << "\n";
        if (grid_options.resume && !global.quiet) report_resumed(grid_options.directory / "grid.json", "resumed", "searches and cells");
        return 0;
      }
      sweep_options.threads = threads;
      sweep_options.max_hours = max_hours;
      created_folder = scae::create_output_folder("-o", sweep_options.directory);
      std::cout << scae::write_sweep(regime, sweep_options).string() << "\n";
      if (sweep_options.resume && !global.quiet) report_resumed(sweep_options.directory / "sweep.json", "resumed_points", "points");
    } else if (*mutants_cmd) {
      mutants_options.threads = threads;
      return scae::run_mutants(mutants_options);
    } else if (*gradient) {
      const scae::Regime regime = load_checked_regime(gradient_regime, gradient_overrides);
      scae::check_resources(regime, threads, max_hours);
      const scae::Instance instance = scae::build_instance(regime);
      std::cout << scae::gradient_json(instance, parse_rows(gradient_rows, instance.h()), threads).dump() << "\n";
    } else if (*bench) {
      if (bench->count("--certified-point")) {
        point_bench.json = bench_options.json;
        point_bench.threads = threads;
        point_bench.max_hours = max_hours;
        return scae::run_certified_point_bench(point_bench);
      }
      bench_options.threads = threads;
      bench_options.max_hours = max_hours;
      return scae::run_bench(bench_options);
    }
  } catch (const std::exception& e) {
    const scae::ExitStatus status = scae::exit_status(e);
    if (scae::process_count() > 1) scae::abort_all(status.message, status.code);
    scae::remove_if_empty(created_folder);
    std::cerr << "scae: error: " << status.message << "\n";
    return status.code;
  }
  return 0;
}
