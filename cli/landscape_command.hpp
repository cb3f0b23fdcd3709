// `scae landscape REGIME`: the critical point of the expected loss nearest to A*ᵀ (runs/landscape_run.hpp),
// printed as text or, with --json, as JSON (reports/landscape_report.hpp); --export DIR writes W° as
// W.npy beside A.npy and eps.npy (the files of `instance --export --format npy`).
#pragma once

#include "cli/subcommand.hpp"

namespace scae {

Subcommand add_landscape_command(CLI::App& app);

}  // namespace scae
