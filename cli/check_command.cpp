#include "check_command.hpp"

#include "claim_catalog.hpp"
#include "instance_builder.hpp"
#include "markdown_text.hpp"
#include "regime_arguments.hpp"
#include "resources.hpp"
#include "row_groups.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>

namespace scae {
namespace {

constexpr std::size_t terminal_columns = 120;
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

// "1 paper claim", "2 paper claims": `count` and the noun in the right number.
std::string counted(std::size_t count, const std::string& one, const std::string& many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

// The verdicts counted per kind, paper claims apart from consistency checks and hypotheses:
// "verdicts by kind: paper claims: 1 PROVEN, 1 INCONCLUSIVE; consistency checks: ...".
std::string kinds_line(const std::vector<ClaimResult>& results) {
  std::string line = "verdicts by kind:";
  bool first = true;
  for (const Kind kind : all_kinds) {
    std::map<Outcome, int> counts;
    for (const auto& r : results)
      if (r.claim->kind == kind) ++counts[r.verdict.outcome];
    if (counts.empty()) continue;
    std::string tally;
    for (const auto& [outcome, count] : counts) tally += (tally.empty() ? "" : ", ") + std::to_string(count) + " " + to_name(outcome);
    line += std::string(first ? " " : "; ") +
            (kind == Kind::claim ? "paper claims" : kind == Kind::consistency ? "consistency checks" : "hypotheses") + ": " + tally;
    first = false;
  }
  return line;
}

// The last line: the entries counted per kind and why the exit status is what it is.
std::string tally_line(const std::vector<ClaimResult>& results, const std::vector<std::string>& unexpected) {
  std::map<Kind, std::size_t> kinds;
  for (const auto& r : results) ++kinds[r.claim->kind];
  std::string parts;
  for (const Kind kind : all_kinds)
    if (const std::size_t n = kinds[kind]; n > 0)
      parts += (parts.empty() ? "" : ", ") + (kind == Kind::claim         ? counted(n, "paper claim", "paper claims")
                                              : kind == Kind::consistency ? counted(n, "consistency check", "consistency checks")
                                                                          : counted(n, "hypothesis", "hypotheses"));
  std::string line = "check: " + counted(results.size(), "entry", "entries") + " (" + parts + "); ";
  if (unexpected.empty()) return line + "exit 0: every verdict is as expected";
  line += "exit 1: " + counted(unexpected.size(), "verdict", "verdicts") + " not as expected (marked !):";
  for (const auto& id : unexpected) line += " " + id;
  return line;
}

// "typical rows: 1, 7, ...; atypical rows (...): 0, 256": the checked rows in their two groups.
std::string rows_line(const RowGroups& groups) {
  const auto list = [](const std::vector<int>& rows) {
    std::string out;
    for (const int r : rows) out += (out.empty() ? "" : ", ") + std::to_string(r);
    return out.empty() ? std::string("none") : out;
  };
  return "typical rows: " + list(groups.typical) + "; atypical rows (inner products with the other atoms adding up, z > 4): " +
         list(groups.atypical);
}

// Runs the catalog and prints the verdict table (claim, verdict, expected, key number; source and
// method are in `scae claims`) within terminal_columns, then the tally line; 0 when every claim is
// as expected (check_exit_rule), else 1.
int print_verdict_table(const Regime& regime, const Instance& instance, const std::vector<int>& rows, int threads,
                        const std::vector<std::string>& only) {
  const auto results = run_claims(instance, rows, threads, only);
  for (const auto& line : wrap(rows_line(group_rows(instance.a, rows)), terminal_columns)) std::printf("%s\n", line.c_str());
  std::size_t id_width = 5;
  for (const auto& r : results) id_width = std::max(id_width, r.claim->id.size());
  const std::size_t key_column = id_width + 1 + 11 + 1 + 14 + 1 + 12 + 1;
  const std::size_t key_width = terminal_columns > key_column + 30 ? terminal_columns - key_column : 30;
  std::printf("%-*s %-11s %-14s %-12s %s\n", static_cast<int>(id_width), "claim", "kind", "verdict", "expected", "key number");
  std::vector<std::string> unexpected;
  for (const auto& r : results) {
    const auto e = std::find_if(regime.expect.begin(), regime.expect.end(), [&](const Expectation& x) { return x.claim == r.claim->id; });
    const std::string verdict = to_name(r.verdict.outcome);
    const bool expected = as_expected(r, regime.expect);
    if (!expected) unexpected.push_back(r.claim->id);
    const auto key_lines = wrap(short_numbers(r.verdict.summary), key_width);
    std::printf("%-*s %-11s %-14s %-12s %s\n", static_cast<int>(id_width), r.claim->id.c_str(), to_name(r.claim->kind).c_str(),
                (verdict + (expected ? "" : " !")).c_str(),
                e != regime.expect.end() ? to_name(e->verdict).c_str() : "-", key_lines[0].c_str());
    for (std::size_t i = 1; i < key_lines.size(); ++i) std::printf("%*s%s\n", static_cast<int>(key_column), "", key_lines[i].c_str());
  }
  for (const auto& line : wrap(kinds_line(results), terminal_columns)) std::printf("%s\n", line.c_str());
  std::printf("%s\n", tally_line(results, unexpected).c_str());
  return unexpected.empty() ? 0 : 1;
}

}  // namespace

Subcommand add_claims_command(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* claims = app.add_subcommand("claims", "List the claim catalog: id, kind (claim, consistency, hypothesis), "
                                                  "source, method, statement");
  claims->add_flag("--json", *json, "Print a JSON array, one object per entry");
  return {claims, [json](const RunSettings&, OutputFolder&) {
            if (*json) {
              nlohmann::json out = nlohmann::json::array();
              for (const auto& claim : claim_catalog())
                out.push_back({{"id", claim.id},
                               {"kind", to_name(claim.kind)},
                               {"source", to_name(claim.source)},
                               {"method", to_name(claim.method)},
                               {"per_row", claim.per_row},
                               {"statement", claim.statement}});
              std::printf("%s\n", out.dump(2).c_str());
              return 0;
            }
            for (const auto& claim : claim_catalog())
              std::printf("%-50s %-11s %-12s %-12s %s\n", claim.id.c_str(), to_name(claim.kind).c_str(),
                          to_name(claim.source).c_str(), to_name(claim.method).c_str(), claim.statement.c_str());
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
            return print_verdict_table(regime, instance, rows, s.threads, a->only.empty() ? regime.claims : a->only);
          }};
}

}  // namespace scae
