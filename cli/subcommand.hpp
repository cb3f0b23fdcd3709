// The command line as a table: each subcommand is its CLI11 declaration and the function it runs.
// cli/main.cpp declares the global options, parses, runs the chosen entry and maps an exception to
// its exit status (exit_status.hpp).
#pragma once

#include "numerics/core/budget.hpp"
#include "cli/output_folder.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace scae {

// The global options, as parsed (threads resolved to a count).
struct RunSettings {
  int threads = 1;
  double max_hours = default_max_hours;
  bool quiet = false;
};

struct Subcommand {
  CLI::App* command = nullptr;
  // Returns the exit status; records a folder it creates in `created` (removed after an error while empty).
  std::function<int(const RunSettings&, OutputFolder& created)> run;
};

}  // namespace scae
