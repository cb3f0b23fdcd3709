// report.json read back typed: report.md is rendered from a ReportRecord (reports/report_markdown.hpp),
// so "report.md comes only from report.json" holds, and every key the rendering needs is spelled
// here once. The verdicts are VerdictRecords (verdict_record.hpp), the asymptotics a SweepRecord
// (sweep_record.hpp), the experiments an ExperimentsRecord (experiments_record.hpp). The numerics
// summary's objects (build, dictionary, point, monte_carlo) stay JSON members until their own record
// exists; the renderers read them as they always did.
#pragma once

#include "runs/experiments_record.hpp"
#include "runs/report_run.hpp"
#include "runs/sweep_record.hpp"
#include "runs/verdict_record.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scae {

// report.json's "regime": the numerics summary's fields and the report's own.
struct ReportRegime {
  std::string name, description;
  long long n = 0, h = 0, k = 0;  // k: for a Bernoulli support h, the largest possible support
  std::string a1, a2, m1, m2, q1;  // exact rationals as text
  std::string support = "uniform";  // "uniform" or "bernoulli"
  std::string expected_support;     // E|S|, exact
  std::optional<std::pair<std::string, std::string>> q_range;  // Bernoulli: the smallest and largest q_i, exact
  std::vector<std::string> overrides;  // the --set assignments
  std::string delta, bias;             // as the regime gives them
  std::uint64_t seed = 0;
  std::vector<int> rows_checked;
  std::optional<std::pair<std::vector<int>, std::vector<int>>> groups;  // typical and atypical rows, when the JSON names them
};

// report.json's "method": how the verdicts were reached.
struct ReportMethod {
  double family_level = 0;
  long long statistical_claims = 0;
  std::string correction, certified, monte_carlo;
};

struct ReportRecord {
  ReportRegime regime;
  nlohmann::json build, dictionary, point, monte_carlo;  // the numerics summary's objects
  RecoveryWindows windows;
  std::vector<VerdictRecord> claims, other_verdicts;
  double bias_form = 0;
  double bias_form_typical = 0, bias_form_atypical = 0;  // NaN when the group is empty or the JSON names none
  bool has_bias_form_groups = false;
  std::optional<SweepRecord> asymptotics;  // with a [sweep] path
  ExperimentsRecord experiments;
  ReportMethod method;
  ReportContext context;
};

// The record of report.json; std::invalid_argument "report record: no field "NAME"" or "...: the
// field "NAME" is not ..." naming a missing or mistyped field, and the verdict records' own refusals.
ReportRecord report_record_from_json(const nlohmann::json& j);

}  // namespace scae
