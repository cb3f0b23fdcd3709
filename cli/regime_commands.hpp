// The commands that run a regime and write or print its results: report, summary, instance,
// sweep (path or --grid) and gradient.
#pragma once

#include "cli/subcommand.hpp"

namespace scae {

Subcommand add_report_command(CLI::App& app);
Subcommand add_summary_command(CLI::App& app);
Subcommand add_instance_command(CLI::App& app);
Subcommand add_sweep_command(CLI::App& app);
Subcommand add_gradient_command(CLI::App& app);

}  // namespace scae
