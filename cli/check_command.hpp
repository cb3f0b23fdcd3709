// `scae claims` (the catalog) and `scae check REGIME` (the verdict table and its exit status).
#pragma once

#include "cli/subcommand.hpp"

namespace scae {

Subcommand add_claims_command(CLI::App& app);
Subcommand add_check_command(CLI::App& app);

}  // namespace scae
