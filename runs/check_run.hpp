// `scae check`'s computation: the claim catalog's verdicts on the chosen rows (claim_catalog.hpp)
// and the rows in their two groups (theory/row_groups.hpp); reports/check_table renders it.
#pragma once

#include "runs/claim_catalog.hpp"
#include "theory/row_groups.hpp"

#include <string>
#include <vector>

namespace scae {

struct CheckRun {
  std::vector<ClaimResult> results;
  RowGroups groups;
};

// The claims whose id starts with one of `only` (all when empty) on `rows`.
CheckRun run_check(const Instance& instance, const std::vector<int>& rows, int threads, const std::vector<std::string>& only);

}  // namespace scae
