// report.json read back typed: report.md is rendered from a ReportRecord (reports/report_markdown.hpp),
// so "report.md comes only from report.json" holds, and every key the rendering needs is spelled
// here once. The verdicts are VerdictRecords (verdict_record.hpp); the numerics summary's objects
// (regime, build, dictionary, point, monte_carlo) are read by its record's reader
// (numerics_summary_record.hpp), the asymptotics as a SweepRecord (sweep_record.hpp), the experiments
// as an ExperimentsRecord (experiments_record.hpp).
#pragma once

#include "runs/build_info.hpp"
#include "runs/experiments_record.hpp"
#include "runs/numerics_summary_record.hpp"
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
struct ReportRegime : SummaryRegime {
  std::string description;
  std::string delta, bias;  // as the regime gives them
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

// report.json's "context": the run's, with the sweep's (null without a path) and the experiments' seconds.
struct ReportRecordContext : ReportContext {
  std::optional<SweepContext> sweep;
  ExperimentSeconds experiment_seconds;
};

struct ReportRecord {
  int schema_version = json_schema_version;
  ReportRegime regime;
  BuildInfo build;  // the numerics summary's objects
  SummaryDictionary dictionary;
  SummaryPoint point;
  SummaryMonteCarlo monte_carlo;
  RecoveryWindows windows;
  std::vector<VerdictRecord> claims, other_verdicts;
  double bias_form = 0;
  double bias_form_typical = 0, bias_form_atypical = 0;  // NaN when the group is empty or the JSON names none
  bool has_bias_form_groups = false;
  std::optional<SweepRecord> asymptotics;  // with a [sweep] path
  ExperimentsRecord experiments;
  ReportMethod method;
  ReportRecordContext context;
};

// The record of a computed report, every part but those with rendered texts: the asymptotics (added
// by the caller, with their conclusion, and their context moved to the report's) and the verdicts
// beyond the catalogue's.
ReportRecord report_record(const ReportRun& run);
// report.json: the numerics summary's record (numerics_summary_record.hpp) with the report's fields.
nlohmann::json report_record_json(const ReportRecord& record);

// The record of report.json; std::invalid_argument "report record: no field "NAME"" or "...: the
// field "NAME" is not ..." naming a missing or mistyped field, and the verdict records' own refusals.
ReportRecord report_record_from_json(const nlohmann::json& j);

}  // namespace scae
