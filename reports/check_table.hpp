// The text of `scae check` and `scae claims`, rendered from typed results: the verdict table (claim,
// kind, verdict, expected, key number) within 120 columns with its row groups, per-kind counts and
// tally line, and the catalog listing as a table or JSON.
#pragma once

#include "runs/check_run.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace scae {

// The verdict table of a check run against the regime's [expect] entries; a claim not as expected
// (as_expected) is marked ! and named on the last line.
std::string check_table(const CheckRun& run, const std::vector<Expectation>& expect);

// The claim catalog, one line per entry (id, kind, source, method, statement), and as a JSON array.
std::string claims_table();
nlohmann::json claims_json();

}  // namespace scae
