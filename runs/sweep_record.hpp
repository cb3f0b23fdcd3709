// sweep.json (and report.json's "asymptotics") typed: the points, the fits, the path verdicts, the
// slopes and the conclusion of a sweep path (sweep_run.hpp), with the run's context and, in
// sweep.json, the file's source. One writer and one reader spell every key; the sweep's Markdown
// and figures (reports/sweep_report.hpp) are rendered from the record read back from the JSON, so
// "sweep.md comes only from sweep.json" holds. A number that is not finite is written null and read
// back as NaN (json_number.hpp); the fits' slope, intercept, error-bar range and ratios are written
// as computed (finite wherever a fit exists) and read back as numbers or NaN.
#pragma once

#include "runs/build_info.hpp"
#include "runs/sweep_run.hpp"
#include "runs/verdict_record.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scae {

// The run's context, never part of the numbers: sweep.json's "context" (report.json keeps it in its
// own context, as "sweep").
struct SweepContext {
  std::map<int, double> point_seconds;  // per computed point, by h
  std::vector<int> resumed_points;      // h of the points read back
  double seconds = 0;
  std::optional<int> threads, processes;  // written by `scae sweep` only
};

// What sweep.json holds beside the result: its schema version, the build (runs/build_info.hpp)
// and the regime it was run on.
struct SweepSource {
  int schema_version = 0;
  BuildInfo build;
  std::string regime, regime_file;
  std::uint64_t seed = 0;
};

struct SweepRecord {
  std::vector<SweepPointResult> points;  // in path order
  std::string series;                    // the path's rule, as text
  bool vanishing_bias = false;           // the rule's limit is 0
  double bias_limit = 0;                 // the rule's floor, in double
  std::string bias_limit_exact;          // the same, exact
  bool contrast_vanishing = false;       // the contrast rule's limit is 0
  std::optional<SeriesFit> fit, contrast_fit, paper_fit;
  double bias_slope = 0, predicted_slope = 0, bias_term_slope = 0;  // NaN with fewer than two points
  double typical_slope = 0, atypical_slope = 0;                     // NaN when a group is empty
  std::vector<VerdictRecord> verdicts;   // the path's verdicts, with id and statement
  std::string conclusion;                // rendered (reports/sweep_report.hpp), empty until then
  double point_confidence = 0;           // level of each Monte Carlo interval
  std::optional<SweepContext> context;   // absent in report.json's "asymptotics"
  std::optional<SweepSource> source;     // sweep.json only
};

// The context alone (report.json writes it as its context's "sweep"); the reader refuses like sweep_record_from_json.
nlohmann::json sweep_context_json(const SweepContext& context);
SweepContext sweep_context_from_json(const nlohmann::json& j);

// The record of a computed run: no conclusion, the context without threads and processes, no source.
SweepRecord sweep_record(const SweepRun& run);
// {"points", "series", "vanishing_bias", "bias_limit", "bias_limit_exact", "contrast_vanishing", "fit",
// "contrast_fit", "paper_fit", the slopes with the methods of two of them, "verdicts", "conclusion",
// "point_confidence"}, "context" when the record has one, and "schema_version", "build" and "regime"
// when it has a source.
nlohmann::json sweep_record_json(const SweepRecord& record);
// The record back: "context" and "schema_version" read when present (with "build" and "regime" then
// required); std::invalid_argument "sweep record: no field "NAME"" or "...: the field "NAME" holds
// the wrong type" naming a missing or mistyped field, and the point and verdict records' own refusals.
SweepRecord sweep_record_from_json(const nlohmann::json& j);

}  // namespace scae
