// Arguments shared by the commands that read a regime: the regime file with its --set overrides
// (validated against the claim catalog) and the --rows list.
#pragma once

#include "input/regime.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace scae {

// A regime file (or, for an empty path with default_when_empty, the shipped default) with the --set
// overrides applied; its `claims` list and [expect] ids must name claims of the catalog (RegimeError).
// `sweep`: whether the command reads the [sweep] table (only sweep and report do).
Regime load_checked_regime(const std::string& path, const std::vector<std::string>& overrides, SweepTable sweep,
                           bool default_when_empty = false);

// --rows: distinct 0-based rows below h (std::invalid_argument naming --rows otherwise).
std::vector<int> parse_rows(const std::string& list, int h);

// --set KEY=VALUE, repeatable.
void add_set_option(CLI::App& command, std::vector<std::string>& overrides);

}  // namespace scae
