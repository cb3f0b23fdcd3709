// The scae command line. Exit codes: 0 success, 1 from `check` when a verdict is not as expected,
// 2 usage or input error (one message "scae: error: ..." naming the parameter and the accepted
// range; refused before anything is written), 3 and 70 as cli/exit_status.hpp says. The
// subcommands are a table (subcommand.hpp); this file holds the global options and the dispatch.
#include "runs/build_info.hpp"
#include "cli/check_command.hpp"
#include "numerics/core/distributed.hpp"
#include "cli/exit_status.hpp"
#include "cli/landscape_command.hpp"
#include "numerics/core/mutation.hpp"
#include "runs/progress.hpp"
#include "cli/regime_commands.hpp"
#include "input/resources.hpp"
#include "cli/tool_commands.hpp"

#include <Eigen/Core>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <optional>

namespace {

// In the order of `scae --help`.
std::vector<scae::Subcommand> subcommands(CLI::App& app) {
  return {scae::add_report_command(app), scae::add_summary_command(app),  scae::add_instance_command(app),
          scae::add_claims_command(app), scae::add_check_command(app),    scae::add_sweep_command(app),
          scae::add_mutants_command(app), scae::add_gradient_command(app), scae::add_landscape_command(app),
          scae::add_bench_command(app)};
}

struct GlobalOptions {
  int threads = 0;
  double max_hours = scae::default_max_hours;
  std::uint64_t max_memory = 0;  // 0: the physical memory
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
  app.add_option_function<std::string>(
         "--max-memory", [&g](const std::string& text) { g.max_memory = scae::parse_memory_size(text); },
         "Refuse a run whose memory estimate is larger, e.g. 2GiB or 500MiB (every command; default: the physical memory)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            try {
              scae::parse_memory_size(text);
            } catch (const std::invalid_argument& e) {
              return e.what();
            }
            return "";
          },
          "SIZE"))
      ->group("Global options");
  app.add_flag("--quiet", g.quiet, "No progress lines or bar on stderr")->group("Global options");
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

// `scae help [COMMAND]` becomes `scae [COMMAND] --help`; an unknown command gives the message of
// the usage error (with a suggestion within two edits).
std::optional<std::string> rewrite_help(std::vector<std::string>& args, const std::vector<std::string>& commands) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--threads" || args[i] == "--max-hours" || args[i] == "--max-memory") {
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
      std::size_t best = 3;
      for (const auto& c : commands) {
        list += (list.empty() ? "" : ", ") + c;
        if (const std::size_t d = edit_distance(args[i], c); d < best) best = d, closest = c;
      }
      return "unknown command '" + args[i] + "'" + (closest.empty() ? "; accepted: " + list + ", help" : "; did you mean '" + closest + "'?");
    }
    break;
  }
  return std::nullopt;
}

// The one line of a run that ran out of memory after it was admitted (exit 3).
constexpr const char* out_of_memory_message =
    "scae: out of memory: an allocation failed although the run's estimate was admitted; allow more memory "
    "(ulimit -v, the job's limit) or run a smaller regime (docs/commands.md, \"Limits\")\n";

// An exception that cannot be caught where it is thrown (inside an OpenMP team, or through a
// noexcept frame) ends in std::terminate: std::bad_alloc there still ends with the one line and exit 3.
[[noreturn]] void on_terminate() {
  if (const std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::bad_alloc&) {
      std::fputs(out_of_memory_message, stderr);
      std::_Exit(scae::exit_environment);
    } catch (...) {
    }
  }
  std::abort();
}

}  // namespace

int main(int argc, char** argv) {
  scae::throw_bad_alloc_from_gmp();
  std::set_terminate(on_terminate);
  CLI::App app{"scae: checks the theory of sparse-coding autoencoders (Rangamani et al., ISIT 2018)", "scae"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] {
    const scae::BuildInfo info = scae::build_info();
    return "scae " + info.version + " (commit " + info.commit + ")" + (scae::mutant_hooks_compiled_in ? "\nmutation hooks: compiled in" : "");
  });
  app.footer("Run `scae help COMMAND` or `scae COMMAND --help` for a command's options.");
  GlobalOptions global;
  add_global_options(app, global);
  const std::vector<scae::Subcommand> table = subcommands(app);
  std::vector<std::string> commands;
  for (const auto& entry : table) {
    add_global_options(*entry.command, global);
    commands.push_back(entry.command->get_name());
  }

  std::vector<std::string> args(argv + 1, argv + argc);
  if (const auto error = rewrite_help(args, commands)) {
    std::cerr << "scae: error: " << *error << "\n";
    return scae::exit_usage;
  }
  // Under mpirun every process runs the same command; only rank 0 prints and writes the results.
  // A help or version request answers without starting MPI, which takes about a second.
  std::optional<scae::DistributedSession> session;
  if (std::none_of(args.begin(), args.end(), [](const std::string& a) { return a == "-h" || a == "--help" || a == "--version"; }))
    session.emplace(argc, argv);
  if (!scae::is_root_process()) std::freopen("/dev/null", "w", stdout);
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
    return scae::exit_usage;
  }
  if (global.max_memory > 0) scae::set_memory_limit(global.max_memory);
  const scae::RunSettings settings{global.threads == 0 ? omp_get_max_threads() : global.threads, global.max_hours, global.quiet};
  if (global.quiet) scae::silence_progress();
  // Eigen's own multi-threaded products sum in an order that depends on the thread count, which
  // under mpirun (ranks bound to fewer cores) differs from one process: every product runs on one
  // thread, and the work is shared out by scae itself (Monte Carlo batches, fixed_order_product
  // blocks, sweep points), so results are bitwise the same for any threads and processes.
  Eigen::setNbThreads(1);

  scae::OutputFolder created;  // removed again if it is still empty after an error
  try {
    for (const auto& entry : table)
      if (*entry.command) return entry.run(settings, created);
  } catch (const std::bad_alloc&) {
    if (scae::process_count() > 1) scae::abort_all("out of memory", scae::exit_environment);
    scae::remove_if_empty(created);
    std::fputs(out_of_memory_message, stderr);
    return scae::exit_environment;
  } catch (const std::exception& e) {
    const scae::ExitStatus status = scae::exit_status(e);
    if (scae::process_count() > 1) scae::abort_all(status.message, status.code);
    scae::remove_if_empty(created);
    std::cerr << "scae: error: " << status.message << "\n";
    return status.code;
  }
  return 0;
}
