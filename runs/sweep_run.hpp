// `scae sweep` and the report's "Asymptotics" section, computed: follows a regime's sweep path
// (asymptotic_sweep.hpp), refusing up front a path whose memory or time estimate exceeds the budget,
// hands the points out across processes largest first, and keeps each point's result in
// DIR/sweep_points/h-<h>.json as soon as it is known (resume_store.hpp). With `resume`, points whose
// stored key matches are read back instead of recomputed, so an interrupted sweep continues where it
// stopped and ends with the same numbers. Then the log-log fits of the series and the path verdicts.
#pragma once

#include "runs/asymptotic_sweep.hpp"
#include "runs/landscape_path.hpp"
#include "input/regime.hpp"
#include "input/resources.hpp"
#include "input/sweep_path.hpp"
#include "theory/verdict.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scae {

struct SweepOptions {
  std::filesystem::path directory = "sweep";
  int threads = 1;
  bool resume = false;
  bool progress = true;  // a progress bar on stderr when it is a terminal
  double max_hours = default_max_hours;  // refuse a path estimated to take longer (sweep_point_seconds)
  LandscapePathLimits landscape{};       // the critical point's search per point (landscape_path.hpp)
  // Files of an earlier result in `directory` (sweep.json, ...), removed (rank 0) once the path is
  // admitted, before its first point: a run that then fails leaves none of them beside its points.
  std::vector<std::filesystem::path> replaced = {};
};

// A series' fit of log mean ratio against log h over its computed points whose rows' mean lower
// bound is positive (an interval reaching 0 bounds no slope).
struct SeriesFit {
  std::string series;
  SlopeFit fit;                           // lower/upper: ±inf when there is no misfit range
  std::pair<double, double> error_bars;   // slope_range over the points' intervals
  double first_ratio = 0, last_ratio = 0;
};

struct PathVerdict {
  std::string id, statement;
  Verdict verdict;
};

struct SweepRun {
  std::vector<SweepPointResult> points;  // in path order
  BiasChoice series;                     // the path's rule
  bool vanishing_bias = false;           // the rule's limit is 0
  rational bias_limit = 0;               // the rule's limit as h grows (bias_limit_in_a1 times a1): its floor
  std::optional<SeriesFit> fit, contrast_fit, paper_fit;  // empty with fewer than two fitted points
  double bias_slope = 0;       // slope of log median ε (NaN with fewer than two points)
  double predicted_slope = 0;  // slope of log h^(p − ξ) over the same points (the theorem's rate)
  double bias_term_slope = 0;  // slope of log ε(2 m1 − ε)/m2, the slope verdict's prediction
  double typical_slope = 0, atypical_slope = 0;  // slopes of the two row groups' mean ratios
  std::vector<PathVerdict> verdicts;
  double point_confidence = 0;  // level of each Monte Carlo interval
  // Context only: never part of the numbers.
  std::map<int, double> point_seconds;  // computed points
  std::vector<int> resumed;             // h of the points read back
  double seconds = 0;
  int threads = 1;
};

// Requires regime.sweep (else std::invalid_argument); refuses with std::invalid_argument a path
// over the memory budget or --max-hours.
SweepRun run_sweep(const Regime& regime, const SweepOptions& options);

}  // namespace scae
