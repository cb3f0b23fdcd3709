#include "reports/check_table.hpp"

#include "reports/markdown_text.hpp"

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

namespace scae {
namespace {

constexpr std::size_t terminal_columns = 120;

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
    if (const auto n = static_cast<long long>(kinds[kind]); n > 0)
      parts += (parts.empty() ? "" : ", ") + (kind == Kind::claim         ? counted(n, "paper claim", "paper claims")
                                              : kind == Kind::consistency ? counted(n, "consistency check", "consistency checks")
                                                                          : counted(n, "hypothesis", "hypotheses"));
  std::string line = "check: " + counted(static_cast<long long>(results.size()), "entry", "entries") + " (" + parts + "); ";
  if (unexpected.empty()) return line + "exit 0: every verdict is as expected";
  line += "exit 1: " + counted(static_cast<long long>(unexpected.size()), "verdict", "verdicts") + " not as expected (marked !):";
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

// `text` left-aligned in a field of `width` characters (never cut), as printf's %-*s.
std::string left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

}  // namespace

std::string check_table(const CheckRun& run, const std::vector<Expectation>& expect) {
  std::ostringstream out;
  for (const auto& line : wrap(rows_line(run.groups), terminal_columns)) out << line << "\n";
  std::size_t id_width = 5;
  for (const auto& r : run.results) id_width = std::max(id_width, r.claim->id.size());
  const std::size_t key_column = id_width + 1 + 11 + 1 + 14 + 1 + 12 + 1;
  const std::size_t key_width = terminal_columns > key_column + 30 ? terminal_columns - key_column : 30;
  out << left("claim", id_width) << " " << left("kind", 11) << " " << left("verdict", 14) << " " << left("expected", 12)
      << " key number\n";
  std::vector<std::string> unexpected;
  for (const auto& r : run.results) {
    const auto e = std::find_if(expect.begin(), expect.end(), [&](const Expectation& x) { return x.claim == r.claim->id; });
    const bool expected = as_expected(r, expect);
    if (!expected) unexpected.push_back(r.claim->id);
    const auto key_lines = wrap(short_numbers(r.verdict.summary), key_width);
    out << left(r.claim->id, id_width) << " " << left(to_name(r.claim->kind), 11) << " "
        << left(to_name(r.verdict.outcome) + (expected ? "" : " !"), 14) << " "
        << left(e != expect.end() ? to_name(e->verdict) : "-", 12) << " " << key_lines[0] << "\n";
    for (std::size_t i = 1; i < key_lines.size(); ++i) out << std::string(key_column, ' ') << key_lines[i] << "\n";
  }
  for (const auto& line : wrap(kinds_line(run.results), terminal_columns)) out << line << "\n";
  out << tally_line(run.results, unexpected) << "\n";
  return out.str();
}

std::string claims_table() {
  std::ostringstream out;
  for (const auto& claim : claim_catalog())
    out << left(claim.id, 50) << " " << left(to_name(claim.kind), 11) << " " << left(to_name(claim.source), 12) << " "
        << left(to_name(claim.method), 12) << " " << claim.statement << "\n";
  return out.str();
}

nlohmann::json claims_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& claim : claim_catalog())
    out.push_back({{"id", claim.id},
                   {"kind", to_name(claim.kind)},
                   {"source", to_name(claim.source)},
                   {"method", to_name(claim.method)},
                   {"per_row", claim.per_row},
                   {"statement", claim.statement}});
  return out;
}

}  // namespace scae
