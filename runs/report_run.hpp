// `scae report`, computed: the numerics summary, the support-recovery windows, the regime's claims,
// the sweep path when the regime has one, and the paper's experiments, each as its typed result,
// with the run's context (date, host, threads, processes, wall time). reports/report.hpp renders a
// ReportRun into report.json and report.md without computing anything.
#pragma once

#include "runs/claim_catalog.hpp"
#include "runs/experiments_run.hpp"
#include "runs/numerics_summary_run.hpp"
#include "input/regime.hpp"
#include "theory/row_groups.hpp"
#include "runs/sweep_run.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace scae {

struct ReportOptions {
  std::filesystem::path directory = "report";  // the sweep keeps its points here
  std::vector<int> rows;  // empty: claim_rows(h, the regime's Monte Carlo seed)
  int threads = 1;
  bool resume = false;  // the sweep path's stored points are read back where their key matches (sweep_run.hpp)
};

// Per unit j, the exact window [off_j, on_j) in which its bias recovers the support on every sample,
// and the paper-style sufficient window shared by all units; midpoints of certified enclosures.
struct RecoveryWindows {
  double sufficient_lower = 0, sufficient_upper = 0;
  std::vector<double> off, on, eps;
};

struct ReportContext {
  std::string date;  // UTC, ISO 8601
  std::string host;
  int threads = 1, processes = 1;
  double seconds = 0;
};

struct ReportRun {
  Regime regime;           // the regime it ran: the report states its name, description, point, bias and [expect]
  std::uint64_t seed = 1;  // the instance's Monte Carlo seed
  std::vector<int> rows;   // the rows the claims checked
  RowGroups row_groups;    // those rows as typical and atypical (row_groups.hpp)
  NumericsSummaryRun numerics;
  RecoveryWindows windows;
  std::vector<ClaimResult> claims;
  int statistical_claims = 0;
  double bias_form = 0;     // mean over the checked rows of ε_i (2 m1 − ε_i) / m2
  double bias_form_typical = 0, bias_form_atypical = 0;  // the same over each group (NaN when empty)
  double family_level = 0;  // 1 − the regime's confidence, exactly rounded
  std::optional<SweepRun> sweep;  // when the regime has a [sweep] path
  ExperimentsRun experiments;
  ReportContext context;  // never part of the numbers
};

ReportRun run_report(const Regime& regime, const Instance& instance, const ReportOptions& options);

}  // namespace scae
