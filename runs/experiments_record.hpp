// The paper's experiments as report.json holds them (its "experiments"; runs/experiments_run.hpp
// computes them): the loss well, gradient descent from far away, the descent end points against W°
// and the gradient norm against δ, each with its verdict, written as JSON and read back. The JSON is
// identical for any thread count (the timings stay in the run, for the report's "context").
#pragma once

#include "runs/descent_reference_record.hpp"
#include "runs/experiments_run.hpp"
#include "runs/verdict_record.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scae {

struct LossWellRecord {
  std::vector<double> t;
  std::string normalisation;
  std::uint64_t samples = 0;
  int batches = 0, fit_points = 0;
  double curve_level = 0, median_bias = 0, bias_form = 0;
  std::vector<LossCurve> curves;  // every field but the grid index of the minimum (argmin_t is kept)
  VerdictRecord verdict, random_verdict;
  std::optional<VerdictRecord> radial_verdict, descent_verdict;  // when the radial or descent line was measured
};

struct DescentRunRecord {
  double start_distance = 0;
  std::string behaviour;  // run_behaviour, in words
  std::vector<double> max_distance, mean_distance, min_distance, loss;  // per iteration
  int exact_steps = 0;
  bool diverged = false;
  double final_mean_norm = 0, final_min_cosine = 0;
  Outcome outcome = Outcome::inconclusive;
};

struct DescentRecord {
  int steps = 0;
  double step_scale = 0, step_size = 0, median_bias = 0;
  std::uint64_t batch = 0, loss_samples = 0;
  bool normalise_rows = false;
  double close_distance = 0;
  std::vector<DescentRunRecord> runs;
  VerdictRecord verdict;
};

struct GradientNormsRecord {
  double scale = 0, level = 0;
  std::uint64_t samples = 0;
  std::string method;
  std::vector<GradientNormPoint> points;
  VerdictRecord verdict;
};

struct ExperimentsRecord {
  LossWellRecord loss_well;
  DescentRecord descent;
  std::optional<DescentReferenceRecord> critical_point;  // "descent_critical_point"
  GradientNormsRecord gradient_norms;
};

ExperimentsRecord experiments_record(const ExperimentsRun& run);
nlohmann::json experiments_record_json(const ExperimentsRecord& record);
// Throws std::invalid_argument naming the field when the record lacks one or holds a wrong value.
ExperimentsRecord experiments_record_from_json(const nlohmann::json& record);
// The descent experiment alone (report.json's "experiments" → "descent").
DescentRecord descent_record_from_json(const nlohmann::json& record);

}  // namespace scae
