#include "cli/check_command.hpp"

#include "runs/check_run.hpp"
#include "reports/check_table.hpp"
#include "input/instance_builder.hpp"
#include "cli/regime_arguments.hpp"
#include "input/resources.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace scae {
namespace {

constexpr const char* check_exit_rule =
    "Exit status: 0 when every claim run has the verdict the regime's [expect] table states for it (\"claim.id\" = "
    "\"VERDICT\") and every claim without an [expect] entry holds (is neither REFUTED nor INCONSISTENT); 1 otherwise "
    "(those claims are marked ! in the table); 2 on a usage or input error. The last line counts the verdicts and says "
    "why the exit status is what it is.";

// --only: every prefix must select at least one claim.
void check_claim_prefixes(const std::vector<std::string>& only) {
  for (const auto& prefix : only)
    if (prefix.empty() || select_claims({prefix}).empty())
      throw std::invalid_argument("--only '" + prefix + "': matches no claim; accepted: ids or id prefixes of the claims listed by `scae claims`");
}

}  // namespace

Subcommand add_claims_command(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* claims = app.add_subcommand("claims", "List the claim catalog: id, kind (claim, consistency, hypothesis), "
                                                  "source, method, statement");
  claims->add_flag("--json", *json, "Print a JSON array, one object per entry");
  return {claims, [json](const RunSettings&, OutputFolder&) {
            std::printf("%s", *json ? (claims_json().dump(2) + "\n").c_str() : claims_table().c_str());
            return 0;
          }};
}

Subcommand add_check_command(CLI::App& app) {
  struct Arguments {
    std::string regime, rows;
    std::vector<std::string> only, overrides;
  };
  auto a = std::make_shared<Arguments>();
  CLI::App* check = app.add_subcommand("check", "Run the claim catalog on a regime and print a verdict table; exit 1 if a "
                                                "verdict is not as the regime's [expect] table says");
  check->add_option("regime", a->regime, "Regime TOML file")->required();
  check->add_option("--rows", a->rows, "Rows to check, 0-based, comma-separated (default: 0, h/2, h-1 and 8 rows drawn "
                                       "with the regime's seed, as the sweep draws them)");
  check->add_option("--only", a->only, "Only claims whose id starts with these prefixes (each must match a claim)");
  add_set_option(*check, a->overrides);
  check->footer(check_exit_rule);
  return {check, [a, check](const RunSettings& s, OutputFolder&) {
            const Regime regime = load_checked_regime(a->regime, a->overrides, SweepTable::unread);
            check_claim_prefixes(a->only);
            // The rows the claims check: as many as --rows lists, else the three default rows.
            const int rows_checked = check->count("--rows") ? 1 + static_cast<int>(std::count(a->rows.begin(), a->rows.end(), ',')) : 3;
            check_resources(regime, s.threads, s.max_hours, Workload{true, rows_checked});
            const Instance instance = build_instance(regime);
            const std::vector<int> rows = check->count("--rows") ? parse_rows(a->rows, instance.h())
                                                                  : claim_rows(instance.h(), regime.monte_carlo.seed);
            const CheckRun run = run_check(instance, rows, s.threads, a->only.empty() ? regime.claims : a->only);
            std::printf("%s", check_table(run, regime.expect).c_str());
            const bool all_as_expected =
                std::all_of(run.results.begin(), run.results.end(), [&](const ClaimResult& r) { return as_expected(r, regime.expect); });
            return all_as_expected ? 0 : 1;
          }};
}

}  // namespace scae
