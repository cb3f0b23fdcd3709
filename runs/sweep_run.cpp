#include "runs/sweep_run.hpp"

#include "runs/claim_labels.hpp"

#include "numerics/core/budget.hpp"
#include "numerics/core/distributed.hpp"
#include "runs/progress.hpp"
#include "runs/resume_store.hpp"
#include "runs/sweep_point_record.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>

namespace scae {
namespace {

// Refused up front, before any point runs: a point over the memory budget, or a path over
// --max-hours (points run in parallel across processes, so the largest bounds it from below).
void check_budget(const Regime& regime, const std::vector<SweepPoint>& points, const SweepOptions& options) {
  for (const auto& p : points)
    MemoryBudget{}.require(sweep_point_memory_bytes(regime, p),
                           "sweep.h: the point h = " + std::to_string(p.h) + ", n = " + std::to_string(p.n),
                           sweep_point_memory_formula(regime), "smaller h, or a larger --max-memory");
  for (const auto& p : points)
    if (landscape_path_method(options.landscape, p.h) != LandscapeSearch::not_computed)
      MemoryBudget{}.require(landscape_path_memory_bytes(p.n, p.h), "sweep: the landscape at h = " + std::to_string(p.h),
                             landscape_path_memory_model, "a smaller --landscape-max-h, or a larger --max-memory");
  double estimate = 0, largest = 0;
  int largest_h = 0;
  for (const auto& p : points) {
    const double s = sweep_point_seconds(regime, p, options.threads);
    estimate += s;
    if (s > largest) largest = s, largest_h = p.h;
  }
  estimate = std::max(largest, estimate / process_count());
  TimeBudget{options.max_hours}.require(
      estimate, options.threads, "--max-hours = " + number_text(options.max_hours) + ": the sweep",
      "the point h = " + std::to_string(largest_h) + " alone " + TimeBudget::hours_text(largest) + " hours",
      "a larger --max-hours, a shorter [sweep] h list or fewer [monte_carlo] samples");
}

// Once every point is stored (by whichever process computed it), removes the stored points of
// other paths, e.g. of an older, longer sweep into the same folder: sweep_points/ then holds this
// path's points and nothing else (rank 0 only).
void remove_other_points(const std::filesystem::path& store, const std::vector<SweepPoint>& points) {
  if (!is_root_process()) return;
  std::set<std::string> ours = {"regime.json"};
  for (const auto& p : points) ours.insert("h-" + std::to_string(p.h) + ".json");
  std::vector<std::filesystem::path> others;
  for (const auto& entry : std::filesystem::directory_iterator(store))
    if (entry.is_regular_file() && !ours.contains(entry.path().filename().string())) others.push_back(entry.path());
  for (const auto& file : others) std::filesystem::remove(file);
}

// Computes (or, with resume, reads back) every point; fills the run's points and context.
void run_points(const Regime& regime, const std::vector<SweepPoint>& points, const SweepOptions& options, SweepRun& run) {
  const std::filesystem::path store = options.directory / "sweep_points";
  std::filesystem::create_directories(store);
  claim_store(store, regime.name, regime.source.string(), options.resume);
  double total = 0;
  for (const auto& p : points) total += static_cast<double>(p.h) * p.h;
  Progress progress("sweep", total, options.progress);
  // Points are handed out largest first across processes (distributed.hpp); each process stores
  // the points it computes, and the results come back in path order.
  std::vector<int> order(points.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return points[static_cast<std::size_t>(x)].h > points[static_cast<std::size_t>(y)].h; });
  const auto work = [&](int index) -> std::string {
    const SweepPoint& p = points[static_cast<std::size_t>(index)];
    const nlohmann::json key = sweep_point_key(regime, p, run.point_confidence, options.landscape);
    const std::string out = stored_or_computed(store / ("h-" + std::to_string(p.h) + ".json"), key, options.resume, [&] {
      progress.step("h = " + std::to_string(p.h));
      const SweepPointOptions point_options{options.threads,         run.point_confidence, regime.sweep->sampled_rows,
                                            regime.sweep->contrast,  true,                 regime.sweep->paper,
                                            options.landscape,       regime.sweep->paper_precision};
      return sweep_point_json(evaluate_sweep_point(regime, p, point_options));
    });
    progress.advance(static_cast<double>(p.h) * p.h);
    return out;
  };
  const std::vector<std::string> done = distribute_tasks(order, work);
  remove_other_points(store, points);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const nlohmann::json outcome = nlohmann::json::parse(done[i]);
    const auto refused = [&](const char* what) {
      return std::invalid_argument("sweep_points/h-" + std::to_string(points[i].h) + ".json: " + what +
                                   "; accepted: a file written by scae (run without --resume to recompute it)");
    };
    try {
      run.points.push_back(sweep_point_from_json(outcome["result"]));
    } catch (const nlohmann::json::exception& e) {
      throw refused(e.what());
    } catch (const std::invalid_argument& e) {
      throw refused(e.what());
    }
    if (outcome["resumed"].get<bool>()) run.resumed.push_back(points[i].h);
    else run.point_seconds[points[i].h] = outcome["seconds"].get<double>();
  }
}

// The series a fit follows at a point (null when the point lacks it).
using SeriesOf = std::function<const SeriesPoint*(const SweepPointResult&)>;

// The fit of one series over its points with a positive mean ratio.
std::optional<SeriesFit> series_fit(const std::vector<SweepPointResult>& points, const SeriesOf& series_of, double confidence) {
  std::string name;
  std::vector<double> h, mean, lower, upper;
  for (const auto& point : points) {
    const SeriesPoint* found = series_of(point);
    if (!found) continue;
    const SeriesPoint& s = *found;
    if (!(std::isfinite(s.mean_ratio) && s.mean_ratio > 0)) continue;
    name = s.rule.text();
    double lo = 0, hi = 0;
    for (const double x : s.lower) lo += x;
    for (const double x : s.upper) hi += x;
    lo /= static_cast<double>(s.lower.size());
    hi /= static_cast<double>(s.upper.size());
    if (!(lo > 0)) continue;  // a Monte Carlo interval reaching 0 bounds no slope
    h.push_back(point.point.h);
    mean.push_back(s.mean_ratio);
    lower.push_back(lo);
    upper.push_back(hi);
  }
  if (h.size() < 2) return std::nullopt;
  SeriesFit f{name, fit_log_log(h, mean, confidence), slope_range(h, lower, upper), mean.front(), mean.back()};
  if (!std::isfinite(f.fit.lower)) f.fit.lower = -HUGE_VAL;
  if (!std::isfinite(f.fit.upper)) f.fit.upper = HUGE_VAL;
  return f;
}

// The slope of log value(point) over the points whose main series was computed.
double path_slope(const std::vector<SweepPointResult>& points, const std::function<double(const SweepPointResult&)>& value) {
  std::vector<double> h, y;
  for (const auto& p : points)
    if (std::isfinite(p.main.mean_ratio) && value(p) > 0) {
      h.push_back(p.point.h);
      y.push_back(value(p));
    }
  return h.size() >= 2 ? fit_log_log(h, y, 0.95).slope : NAN;
}

void add_verdicts(SweepRun& run) {
  std::vector<double> bh, blo, bhi;
  for (const auto& p : run.points)
    if (std::isfinite(p.main.bound_lower)) {
      bh.push_back(p.point.h);
      blo.push_back(p.main.bound_lower);
      bhi.push_back(p.main.bound_upper);
    }
  run.verdicts.push_back({claim_id::uniform_bound_decreases,
                          "the Theorem 3.2 bound on the oracle gradient for every W of the ball decreases from each point to the next",
                          check_bound_decreases(bh, blo, bhi)});
  if (!run.fit) return;
  // The points the main fit used (positive mean ratio and lower bound), with the bias term and remainder.
  std::vector<SlopePoint> slope_points;
  std::vector<double> h;
  for (const auto& p : run.points) {
    const SeriesPoint& s = p.main;
    double lo = 0;
    for (const double x : s.lower) lo += x;
    if (!(std::isfinite(s.mean_ratio) && s.mean_ratio > 0 && lo > 0)) continue;
    slope_points.push_back({static_cast<double>(p.point.h), s.mean_ratio, s.bias_form, s.bias_term_remainder});
  }
  run.verdicts.push_back({claim_id::slope_matches_bias_term,
                          "the ratio decays with the slope of the bias's own term e(2m1 - e)/m2, within the tolerance its "
                          "remainder allows",
                          check_slope_matches_bias_term(slope_points, run.predicted_slope)});
}

}  // namespace

SweepRun run_sweep(const Regime& regime, const SweepOptions& options) {
  if (!regime.sweep) throw std::invalid_argument("the regime has no [sweep] table; accepted: a regime with a sweep path");
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SweepPoint> points = sweep_points(regime);
  check_budget(regime, points, options);
  if (is_root_process())
    for (const auto& file : options.replaced) std::filesystem::remove(file);
  SweepRun run;
  run.threads = options.threads;
  run.point_confidence = sweep_point_confidence(regime);
  run_points(regime, points, options, run);

  const double confidence = regime.monte_carlo.confidence.convert_to<double>();
  run.series = path_bias_rule(regime);
  run.vanishing_bias = vanishes_with_h(run.series);
  run.bias_limit = bias_limit_in_a1(run.series) * regime.code.values.a1();
  run.fit = series_fit(run.points, [](const SweepPointResult& p) { return &p.main; }, confidence);
  run.contrast_fit = series_fit(run.points, [](const SweepPointResult& p) { return p.contrast ? &*p.contrast : nullptr; }, confidence);
  run.paper_fit = series_fit(run.points, [](const SweepPointResult& p) { return p.paper ? &*p.paper : nullptr; }, confidence);
  run.bias_slope = path_slope(run.points, [](const SweepPointResult& p) { return p.main.eps_median; });
  run.predicted_slope = path_slope(run.points, [](const SweepPointResult& p) { return std::pow(p.point.h, p.p - p.xi); });
  run.bias_term_slope = path_slope(run.points, [](const SweepPointResult& p) { return p.main.bias_form; });
  run.typical_slope = path_slope(run.points, [](const SweepPointResult& p) { return p.main.typical_mean_ratio; });
  run.atypical_slope = path_slope(run.points, [](const SweepPointResult& p) { return p.main.atypical_mean_ratio; });
  add_verdicts(run);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace scae
