// The commands about scae itself: `bench` (the estimator's speed, or one certified sweep point) and
// `mutants` (mutation testing of the claims).
#pragma once

#include "cli/subcommand.hpp"

namespace scae {

Subcommand add_mutants_command(CLI::App& app);
Subcommand add_bench_command(CLI::App& app);

}  // namespace scae
