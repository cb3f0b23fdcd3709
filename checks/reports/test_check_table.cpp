// Covers reports/check_table.hpp: the `check` table rendered from a CheckRun built by hand (no claim
// is run), a verdict not as expected marked and named on the last line; the catalog listing.
#include "reports/check_table.hpp"

#include "runs/claim_labels.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

using namespace scae;

namespace {

const Claim& claim_named(const std::string& id) {
  for (const Claim& c : claim_catalog())
    if (c.id == id) return c;
  throw std::logic_error("no claim " + id);
}

CheckRun two_claims(Outcome window, Outcome rate) {
  CheckRun run;
  run.groups.typical = {3, 7};
  run.groups.atypical = {0};
  Verdict v;
  v.outcome = window;
  v.summary = "a1 (1 - delta) - (2k - 1) a2 c: margin [-0.123456789, -0.1]";
  run.results.push_back({&claim_named(claim_id::window_nonempty), v});
  v.outcome = rate;
  v.summary = "rate 0.5";
  run.results.push_back({&claim_named(claim_id::recovery_probability_bound), v});
  return run;
}

}  // namespace

TEST_CASE("check table: rows, the header, one line per claim with its expectation, the counts and the exit line") {
  const std::vector<Expectation> expect{{claim_id::window_nonempty, Outcome::refuted, "r.toml:3"}};
  const std::string table = check_table(two_claims(Outcome::refuted, Outcome::consistent), expect);
  CHECK(table.starts_with("typical rows: 3, 7; atypical rows (inner products with the other atoms adding up, z > 4): 0\n"));
  // The key number wraps at 120 columns and goes on under its column.
  CHECK(table.find("recovery.window_nonempty   hypothesis  REFUTED        REFUTED      a1 (1 - delta) - (2k - 1) a2 c: margin "
                   "[-0.123457,\n" + std::string(67, ' ') + "-0.1]\n") != std::string::npos);
  CHECK(table.find("recovery.probability_bound claim       CONSISTENT     -            rate 0.5\n") != std::string::npos);
  CHECK(table.find("verdicts by kind: paper claims: 1 CONSISTENT; hypotheses: 1 REFUTED\n") != std::string::npos);
  CHECK(table.ends_with("check: 2 entries (1 paper claim, 1 hypothesis); exit 0: every verdict is as expected\n"));
}

TEST_CASE("check table: an INCONSISTENT claim without an expectation, and a verdict other than the expected one, are marked") {
  const std::vector<Expectation> expect{{claim_id::window_nonempty, Outcome::refuted, "r.toml:3"}};
  const std::string table = check_table(two_claims(Outcome::proven, Outcome::inconsistent), expect);
  CHECK(table.find("recovery.window_nonempty   hypothesis  PROVEN !       REFUTED") != std::string::npos);
  CHECK(table.find("recovery.probability_bound claim       INCONSISTENT ! -") != std::string::npos);
  CHECK(table.ends_with("exit 1: 2 verdicts not as expected (marked !): recovery.window_nonempty recovery.probability_bound\n"));
}

TEST_CASE("claims listing: one line and one JSON object per catalog entry") {
  const std::string table = claims_table();
  CHECK(static_cast<std::size_t>(std::count(table.begin(), table.end(), '\n')) == claim_catalog().size());
  CHECK(table.find("gradient.theorem_3_2_uniform                       claim       Theorem 3.2  certified    ") != std::string::npos);
  const nlohmann::json json = claims_json();
  REQUIRE(json.size() == claim_catalog().size());
  CHECK(json[0]["id"] == claim_catalog()[0].id);
  CHECK(json[0]["kind"] == "hypothesis");
}
