// The numerics summary's record (`scae summary --json`, and the core of report.json): the typed
// values of a NumericsSummaryRun as its JSON holds them, written and read back here only. Reading a
// record back and writing it again gives the same JSON; a missing or mistyped field is refused by name.
// Numbers that are not finite are written null and read back as NaN (runs/json_number.hpp).
#pragma once

#include "input/regime.hpp"
#include "numerics/model/code_model.hpp"
#include "runs/build_info.hpp"
#include "runs/numerics_summary_run.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scae {

// "regime": the instance's sizes and code constants (exact rationals as text) and the --set overrides.
struct SummaryRegime {
  std::string name, source;
  long long n = 0, h = 0, k = 0;  // k: for a Bernoulli support h, the largest possible support
  std::string a1, a2, m1, m2, q1;
  SupportLaw::Kind support = SupportLaw::Kind::uniform_fixed;  // written "uniform" or "bernoulli"
  std::string expected_support;                                // E|S|, exact
  std::optional<std::pair<std::string, std::string>> q_range;  // Bernoulli: the smallest and largest q_i, exact
  std::vector<std::string> overrides;
};

// "dictionary": the coherence μ/√n and ξ in double, and their certified enclosures as interval_text "[lo, hi]".
struct SummaryDictionary {
  double coherence = 0, xi = 0;
  std::string coherence_enclosure, xi_enclosure;
};

// "point": δ measured on W, and the range of the bias.
struct SummaryPoint {
  double max_row_distance = 0, bias_min = 0, bias_max = 0;
};

// "monte_carlo": one estimate over all rows.
struct SummaryMonteCarlo {
  std::uint64_t samples = 0, seed = 0;
  int batches = 0;
  double confidence = 0;
  std::string method;
  struct Recovery {
    double rate = 0, lower = 0, upper = 0;
    std::string method;  // "Clopper-Pearson"
  } recovery;
  struct Loss {
    double mean = 0, halfwidth = 0, halfwidth_bounded = 0, rounding = 0;
  } loss;
  double mean_active_units = 0;
  struct GradientRowNorm {
    double mean = 0, max = 0;
    long long max_row = 0;
    double max_row_radius = 0, max_row_radius_bounded = 0;
  } gradient_row_norm;
  struct CorrectionRowNorm {
    double mean = 0, max = 0;
  } oracle_correction_row_norm;
};

// "context": what depends on the run rather than on the regime and seed.
struct SummaryContext {
  int threads = 1;
  double seconds = 0;
};

struct NumericsSummaryRecord {
  int schema_version = json_schema_version;
  SummaryRegime regime;
  SummaryDictionary dictionary;
  SummaryPoint point;
  SummaryMonteCarlo monte_carlo;
  BuildInfo build;
  SummaryContext context;
};

NumericsSummaryRecord numerics_summary_record(const Regime& regime, const NumericsSummaryRun& run, const BuildInfo& build);
nlohmann::json numerics_summary_record_json(const NumericsSummaryRecord& record);
// Reads the summary's fields of `j` (`scae summary --json`, or report.json, whose other fields it
// leaves alone); throws std::invalid_argument "RECORD: no field "NAME"" or "RECORD: the field "NAME"
// holds the wrong type (...)" naming a missing or mistyped field.
NumericsSummaryRecord numerics_summary_record_from_json(const nlohmann::json& j, const char* record = "numerics summary record");

}  // namespace scae
