#include "cli/regime_arguments.hpp"

#include "runs/claim_catalog.hpp"
#include "cli/default_regime.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace scae {

Regime load_checked_regime(const std::string& path, const std::vector<std::string>& overrides, SweepTable sweep,
                           bool default_when_empty) {
  Regime regime;
  const std::filesystem::path shipped = std::filesystem::path(SCAE_SOURCE_DIR) / "regimes" / "default.toml";
  if (!path.empty() || !default_when_empty) regime = load_regime(path, overrides, sweep);
  else if (std::filesystem::exists(shipped)) regime = load_regime(shipped, overrides, sweep);
  else regime = parse_regime(default_regime_toml, "default.toml (embedded)", {}, overrides, sweep);
  const auto& catalog = claim_catalog();
  for (const auto& e : regime.expect)
    if (std::none_of(catalog.begin(), catalog.end(), [&](const Claim& c) { return c.id == e.claim; }))
      throw RegimeError(e.location + ": key 'expect." + e.claim + "': unknown claim; accepted: the ids listed by `scae claims`");
  for (const auto& prefix : regime.claims)
    if (select_claims({prefix}).empty())
      throw RegimeError(regime.claims_location + ": key 'claims': '" + prefix +
                        "' matches no claim; accepted: ids or id prefixes of the claims listed by `scae claims`");
  return regime;
}

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

void add_set_option(CLI::App& command, std::vector<std::string>& overrides) {
  command.add_option("--set", overrides,
                     "KEY=VALUE: set a regime key before the regime is validated, e.g. --set monte_carlo.samples=1000000 "
                     "(VALUE a TOML value; repeatable; recorded in the output)");
}

}  // namespace scae
