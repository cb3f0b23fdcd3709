#include "sweep_report.hpp"

#include "asymptotic_sweep.hpp"
#include "build_info.hpp"
#include "distributed.hpp"
#include "figure.hpp"
#include "matrix_io.hpp"
#include "progress.hpp"
#include "verdict.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace scae {

std::string short_text(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

std::pair<double, double> row_range(const nlohmann::json& point) {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const auto& x : point["lower"]) lo = std::min(lo, x.get<double>());
  for (const auto& x : point["upper"]) hi = std::max(hi, x.get<double>());
  return {lo, hi};
}

namespace {

std::string bias_rule_of(const Regime& regime) {
  if (regime.sweep && !regime.sweep->bias_rule.empty()) return regime.sweep->bias_rule;
  return regime.bias.rule;
}

}  // namespace

nlohmann::json sweep_point_key(const Regime& regime, const SweepPoint& p, double confidence) {
  return {{"h", p.h},
          {"n", p.n},
          {"k", p.k},
          {"delta", p.delta.str()},
          {"family", regime.dictionary.family == DictionarySpec::Family::gaussian ? "gaussian" : "identity-hadamard"},
          {"dictionary_seed", regime.dictionary.seed},
          {"point_seed", regime.point.seed},
          {"values", {regime.code.values.m1().str(), regime.code.values.m2().str(), regime.code.values.a1().str(),
                      regime.code.values.a2().str()}},
          {"bias_rule", bias_rule_of(regime)},
          {"samples", regime.sweep->samples},
          {"seed", regime.monte_carlo.seed},
          {"batches", regime.monte_carlo.batches},
          {"confidence", confidence}};
}

nlohmann::json sweep_point_json(const SweepPointResult& r) {
  const auto number = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
  return {{"h", r.point.h},         {"n", r.point.n},
          {"k", r.point.k},         {"delta", r.point.delta.str()},
          {"p", r.p},               {"xi", r.xi},
          {"nu_squared", number(r.nu_squared)},
          {"coherence", r.coherence},
          {"max_row_distance", r.delta},
          {"max_bias", r.bias},
          {"recovery", r.recovery}, {"method", r.method},
          {"note", r.note},         {"rows", r.rows},
          {"ratio", r.ratio},       {"lower", r.lower},
          {"upper", r.upper},       {"mean_ratio", number(r.mean_ratio)},
          {"predicted_exponent", number(r.predicted_exponent)},
          {"dominant_class", r.dominant_class},
          {"samples", r.samples},   {"confidence", r.confidence}};
}

namespace {

std::string conclusion(const nlohmann::json& fit, double predicted, const std::string& dominant) {
  std::ostringstream out;
  if (fit.is_null()) return "Fewer than two points were computed, so no slope can be fitted.";
  const double b = fit["slope"], lo = fit["lower"].is_null() ? -HUGE_VAL : fit["lower"].get<double>(),
               hi = fit["upper"].is_null() ? HUGE_VAL : fit["upper"].get<double>();
  out << "Along this path ‖E∇_{W_i}‖/(q_i m2) behaves like h^" << short_text(b);
  if (std::isfinite(lo)) out << " (slope in [" << short_text(lo) << ", " << short_text(hi) << "] at "
                             << short_text(fit["confidence"].get<double>()) << ")";
  out << ". ";
  if (hi < 0) {
    out << "The ratio decreases: \"negligible\" is visible at these sizes";
    const double target = std::log(0.1);
    const double log_h = (target - fit["intercept"].get<double>()) / b;
    if (fit["last_ratio"].get<double>() > 0.1 && std::isfinite(log_h))
      out << ", but slowly: at this rate it falls below 0.1 only at h ≈ " << short_text(std::exp(log_h));
    out << ". ";
  } else if (lo > 0) {
    out << "The ratio grows with h: \"negligible\" is not visible at these sizes. ";
  } else {
    out << "The slope interval contains 0: no decay is visible at these sizes, so \"negligible\" is not visible. ";
  }
  out << "The explicit class bounds predict at most h^" << short_text(predicted) << " at the largest point (dominated by "
      << dominant << ")";
  if (predicted >= 0) out << ", so they do not promise decay along this path either";
  else if (hi < predicted) out << "; the measured decay is faster than predicted";
  else if (lo > predicted) out << "; the measured slope is above the prediction (the bound's constants or lower-order terms still dominate)";
  else out << "; the measured slope is consistent with it";
  out << ".";
  return out.str();
}

}  // namespace

nlohmann::json sweep_json(const Regime& regime, const SweepOptions& options) {
  if (!regime.sweep) throw std::invalid_argument("the regime has no [sweep] table; accepted: a regime with a sweep path");
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SweepPoint> points = sweep_points(regime);
  for (const auto& p : points)  // refused up front, before any point runs
    if (sweep_point_memory_bytes(p.n, p.h) > physical_memory_bytes())
      throw std::invalid_argument("sweep.h: the point h = " + std::to_string(p.h) + ", n = " + std::to_string(p.n) +
                                  " needs an estimated " + std::to_string(sweep_point_memory_bytes(p.n, p.h) >> 30) +
                                  " GiB (8 bytes x (4nh + 5h^2)), more than the " +
                                  std::to_string(physical_memory_bytes() >> 30) + " GiB of physical memory; accepted: smaller h");
  // Time, refused up front too: points run in parallel across processes, the largest bounds it.
  double estimate = 0, largest = 0;
  int largest_h = 0;
  for (const auto& p : points) {
    const double s = sweep_point_seconds(regime, p, options.threads);
    estimate += s;
    if (s > largest) largest = s, largest_h = p.h;
  }
  estimate = std::max(largest, estimate / process_count());
  if (estimate > options.max_hours * 3600)
    throw std::invalid_argument("--max-hours = " + number_text(options.max_hours) + ": the sweep is estimated to take " +
                                short_text(estimate / 3600) + " hours (the point h = " + std::to_string(largest_h) + " alone " +
                                short_text(largest / 3600) + " hours); accepted: a larger --max-hours, a shorter [sweep] h list "
                                "or fewer [monte_carlo] samples");
  const std::size_t rows_per_point = 3;
  const double level = 1 - regime.monte_carlo.confidence.convert_to<double>();
  const double point_confidence = 1 - level / static_cast<double>(points.size() * rows_per_point);
  const std::filesystem::path store = options.directory / "sweep_points";
  std::filesystem::create_directories(store);

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
    const nlohmann::json key = sweep_point_key(regime, p, point_confidence);
    const std::filesystem::path file = store / ("h-" + std::to_string(p.h) + ".json");
    nlohmann::json stored;
    if (options.resume && std::filesystem::exists(file)) {
      std::ifstream in(file);
      stored = nlohmann::json::parse(in, nullptr, false);
      if (stored.is_discarded() || !stored.contains("key") || stored["key"] != key) stored = nullptr;
    }
    nlohmann::json outcome = {{"resumed", !stored.is_null()}, {"seconds", 0.0}};
    if (stored.is_null()) {
      progress.step("h = " + std::to_string(p.h));
      const auto t0 = std::chrono::steady_clock::now();
      stored = {{"key", key}, {"result", sweep_point_json(evaluate_sweep_point(regime, p, options.threads, point_confidence))}};
      outcome["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      write_file_atomically(file, stored.dump(2) + "\n");
    }
    progress.advance(static_cast<double>(p.h) * p.h);
    outcome["result"] = stored["result"];
    return outcome.dump();
  };
  const std::vector<std::string> done = distribute_tasks(order, work);
  nlohmann::json out = {{"points", nlohmann::json::array()}};
  nlohmann::json seconds = nlohmann::json::object(), resumed = nlohmann::json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const nlohmann::json outcome = nlohmann::json::parse(done[i]);
    if (outcome["resumed"].get<bool>()) resumed.push_back(points[i].h);
    else seconds[std::to_string(points[i].h)] = outcome["seconds"];
    out["points"].push_back(outcome["result"]);
  }

  std::vector<double> hs, ratios;
  for (const auto& p : out["points"])
    if (p["mean_ratio"].is_number() && p["mean_ratio"].get<double>() > 0) {
      hs.push_back(p["h"].get<double>());
      ratios.push_back(p["mean_ratio"].get<double>());
    }
  const double confidence = regime.monte_carlo.confidence.convert_to<double>();
  nlohmann::json fit = nullptr;
  if (hs.size() >= 2) {
    const SlopeFit f = fit_log_log(hs, ratios, confidence);
    const auto finite = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
    fit = {{"points", f.points},         {"slope", f.slope},  {"intercept", f.intercept}, {"lower", finite(f.lower)},
           {"upper", finite(f.upper)},   {"confidence", confidence}, {"last_ratio", ratios.back()},
           {"method", "least squares on log h, log mean ratio; Student t interval from the residuals"}};
  }
  const auto& last = out["points"].back();
  out["fit"] = fit;
  out["predicted_exponent"] = last["predicted_exponent"];
  out["conclusion"] = conclusion(fit, last["predicted_exponent"].is_number() ? last["predicted_exponent"].get<double>() : NAN,
                                 last["dominant_class"].get<std::string>());
  out["point_confidence"] = point_confidence;
  out["context"] = {{"point_seconds", seconds},
                    {"resumed_points", resumed},
                    {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}};
  return out;
}

std::string sweep_markdown(const nlohmann::json& s) {
  std::ostringstream md;
  md << "## Asymptotics\n\n![‖E∇_{W_i}‖/(q_i m2) against h](asymptotics.svg)\n\n" << s["conclusion"].get<std::string>()
     << "\n\n| h | n | k | δ | p | ξ | recovery | method | ‖E∇‖/(q_i m2), mean over rows | range over rows | predicted exponent |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& p : s["points"]) {
    md << "| " << p["h"] << " | " << p["n"] << " | " << p["k"] << " | " << short_text(parse_rational(p["delta"].get<std::string>()).convert_to<double>()) << " | "
       << short_text(p["p"]) << " | " << short_text(p["xi"]) << " | " << p["recovery"].get<std::string>() << " | "
       << p["method"].get<std::string>() << " | ";
    if (p["mean_ratio"].is_number()) {
      const auto [lo, hi] = row_range(p);
      md << short_text(p["mean_ratio"]) << " | [" << short_text(lo) << ", " << short_text(hi) << "]";
    } else {
      md << "– | " << p["note"].get<std::string>();
    }
    md << " | " << (p["predicted_exponent"].is_number() ? short_text(p["predicted_exponent"]) : "–") << " |\n";
  }
  md << "\nCertified points enclose the ratio in MPFI; Monte Carlo points give intervals at level "
     << short_text(s["point_confidence"]) << " each (Bonferroni over points and rows). Data: `asymptotics.dat`, script: "
        "`asymptotics.gp`; per-point results in `sweep_points/`.\n\n";
  return md.str();
}

void write_sweep_figure(const std::filesystem::path& dir, const nlohmann::json& s) {
  std::vector<std::array<double, 6>> rows;
  const auto& fit = s["fit"];
  const double predicted = s["predicted_exponent"].is_number() ? s["predicted_exponent"].get<double>() : NAN;
  for (const auto& p : s["points"]) {
    if (!p["mean_ratio"].is_number()) continue;
    const auto [lo, hi] = row_range(p);
    const double h = p["h"];
    const double line = fit.is_null() ? p["mean_ratio"].get<double>()
                                      : std::exp(fit["intercept"].get<double>() + fit["slope"].get<double>() * std::log(h));
    // The predicted power law h^predicted, drawn through the first computed point.
    const double anchor = rows.empty() ? p["mean_ratio"].get<double>() : rows.front()[1];
    const double anchor_h = rows.empty() ? h : rows.front()[0];
    rows.push_back({h, p["mean_ratio"].get<double>(), std::max(lo, 1e-300), hi, line, anchor * std::pow(h / anchor_h, predicted)});
  }
  Figure figure{"asymptotics", {"h", "mean_ratio", "lower", "upper", "fit", "predicted"},
                MatrixXd(static_cast<Eigen::Index>(rows.size()), 6), {}};
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (int c = 0; c < 6; ++c) figure.data(static_cast<Eigen::Index>(i), c) = rows[i][static_cast<std::size_t>(c)];
  const std::string slope = fit.is_null() ? std::string("no fit") : "fit: slope " + short_text(fit["slope"]);
  figure.plot = "set title 'Expected gradient relative to its natural scale, along the sweep path'\n"
                "set xlabel 'h'\nset ylabel '|E grad W_i| / (q_i m2)'\nset logscale xy\nset key top right box opaque\nset grid\n"
                "set offsets graph 0.05, graph 0.05, graph 0.3, graph 0.3\n"
                "plot data using 1:2:3:4 with yerrorbars pt 7 lc rgb '#2471a3' title 'mean over rows (range of rows)', \\\n"
                "     data using 1:5 with lines lw 2 lc rgb '#c0392b' title '" + slope + "', \\\n"
                "     data using 1:6 with lines dt 2 lw 2 lc rgb '#7d3c98' title 'predicted h^{" + short_text(predicted) +
                "} (explicit bounds)'";
  if (rows.empty()) figure.plot = "set title 'No point of the sweep was computed'\nunset key\nplot [0:1] 0 notitle";
  write_figure(dir, figure);
}

std::filesystem::path write_sweep(const Regime& regime, const SweepOptions& options) {
  nlohmann::json s = sweep_json(regime, options);
  s["build"] = to_json(build_info());
  s["regime"] = {{"name", regime.name}, {"source", regime.source.string()}, {"seed", regime.monte_carlo.seed}};
  std::ostringstream md;
  md << "# scae sweep: " << regime.name << "\n\nscae " << s["build"]["scae"].get<std::string>() << ", commit `"
     << s["build"]["commit"].get<std::string>() << "`, seed " << regime.monte_carlo.seed << ", "
     << options.threads << " threads, " << short_text(s["context"]["seconds"]) << " s.\n\n"
     << sweep_markdown(s);
  s["context"]["threads"] = options.threads;
  s["context"]["processes"] = process_count();
  if (!is_root_process()) return options.directory / "sweep.md";
  write_sweep_figure(options.directory, s);
  write_file_atomically(options.directory / "sweep.json", s.dump(2) + "\n");
  write_file_atomically(options.directory / "sweep.md", md.str());
  return options.directory / "sweep.md";
}

}  // namespace scae
