#include "sweep_report.hpp"

#include "asymptotic_sweep.hpp"
#include "budget.hpp"
#include "build_info.hpp"
#include "distributed.hpp"
#include "figure.hpp"
#include "markdown_text.hpp"
#include "matrix_io.hpp"
#include "progress.hpp"
#include "resume_store.hpp"
#include "verdict.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace scae {

std::pair<double, double> row_range(const nlohmann::json& point) {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const auto& x : point["lower"]) lo = std::min(lo, x.get<double>());
  for (const auto& x : point["upper"]) hi = std::max(hi, x.get<double>());
  return {lo, hi};
}

namespace {

BiasChoice main_rule_of(const Regime& regime) {
  if (regime.sweep && regime.sweep->bias) return *regime.sweep->bias;
  return regime.bias.rule;
}

nlohmann::json number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

nlohmann::json series_json(const SeriesPoint& s) {
  nlohmann::json classes = nlohmann::json::object();
  for (const auto& [name, value] : s.class_ratios) classes[name] = value;
  return {{"series", s.rule.text()},
          {"bias_rule", bias_rule_name(s.rule.rule)},
          {"bias_fraction", takes_fraction(s.rule.rule) ? nlohmann::json(s.rule.fraction.str()) : nlohmann::json(nullptr)},
          {"eps", {{"min", s.eps_min}, {"median", s.eps_median}, {"max", s.eps_max}}},
          {"max_bias", s.eps_max},
          {"recovery", s.recovery},
          {"method", s.method},
          {"note", s.note},
          {"ratio", s.ratio},
          {"lower", s.lower},
          {"upper", s.upper},
          {"mean_ratio", number(s.mean_ratio)},
          {"quantiles", s.quantiles},
          {"mean_gradient_norm", number(s.mean_gradient_norm)},
          {"bias_form", number(s.bias_form)},
          {"class_ratios", classes},
          {"dominant_class", s.dominant_class},
          {"ball_bound", {number(s.bound_lower), number(s.bound_upper)}},
          {"recovery_probability",
           {{"rate", number(s.recovery_rate)}, {"lower", number(s.recovery_lower)}, {"upper", number(s.recovery_upper)},
            {"chernoff_hoeffding_bound", number(s.recovery_bound)}}},
          {"samples", s.samples},
          {"confidence", s.confidence}};
}

}  // namespace

nlohmann::json sweep_point_key(const Regime& regime, const SweepPoint& p, double confidence) {
  const SweepSpec* sw = regime.sweep ? &*regime.sweep : nullptr;
  return {{"h", p.h},
          {"n", p.n},
          {"k", p.k},
          {"delta", p.delta.str()},
          {"family", family_name(regime.dictionary.family)},
          {"dictionary_seed", regime.dictionary.seed},
          {"point_seed", regime.point.seed},
          {"values", {regime.code.values.m1().str(), regime.code.values.m2().str(), regime.code.values.a1().str(),
                      regime.code.values.a2().str()}},
          {"bias_rule", main_rule_of(regime).text()},
          {"contrast", sw && sw->contrast ? nlohmann::json(sw->contrast->text()) : nlohmann::json(nullptr)},
          {"sampled_rows", sw ? sw->sampled_rows : 0},
          {"samples", sw ? sw->samples : regime.monte_carlo.samples},
          {"seed", regime.monte_carlo.seed},
          {"batches", regime.monte_carlo.batches},
          {"confidence", confidence}};
}

nlohmann::json sweep_point_json(const SweepPointResult& r) {
  nlohmann::json out = series_json(r.main);
  // The theorems' hypotheses at the point, and Theorem 3.1's bias condition for the path's rule.
  nlohmann::json hypotheses = nlohmann::json::array();
  for (const auto& h : r.hypotheses)
    hypotheses.push_back({{"id", h.id}, {"statement", h.statement}, {"verdict", outcome_name(h.verdict.outcome)}});
  hypotheses.push_back({{"id", "bias_recovers_every_sample"},
                        {"statement", "every bias lies in its unit's exact recovery window (Theorem 3.1's bias condition)"},
                        {"verdict", r.main.recovery}});
  out["hypotheses"] = hypotheses;
  out.update({{"h", r.point.h},
              {"n", r.point.n},
              {"k", r.point.k},
              {"delta", r.point.delta.str()},
              {"p", r.p},
              {"xi", r.xi},
              {"p_minus_xi", r.p - r.xi},
              {"nu_squared", number(r.nu_squared)},
              {"coherence", r.coherence},
              {"max_row_distance", r.delta},
              {"rows", r.rows},
              {"fixed_rows", r.fixed_rows},
              {"contrast", r.contrast ? series_json(*r.contrast) : nlohmann::json(nullptr)}});
  return out;
}

namespace {

struct SeriesFit {
  std::string name;
  std::vector<double> h, mean, lower, upper;
  nlohmann::json fit = nullptr;
};

// Mean ratio per computed point, with the range of the mean: the means of the rows' bounds.
SeriesFit series_fit(const nlohmann::json& points, bool contrast, double confidence) {
  SeriesFit s;
  for (const auto& point : points) {
    const nlohmann::json& p = contrast ? point["contrast"] : point;
    if (p.is_null() || !p["mean_ratio"].is_number() || !(p["mean_ratio"].get<double>() > 0)) continue;
    s.name = p["series"];
    double lo = 0, hi = 0;
    for (const auto& x : p["lower"]) lo += x.get<double>();
    for (const auto& x : p["upper"]) hi += x.get<double>();
    lo /= static_cast<double>(p["lower"].size());
    hi /= static_cast<double>(p["upper"].size());
    if (!(lo > 0)) continue;  // a Monte Carlo interval reaching 0 bounds no slope
    s.h.push_back(point["h"].get<double>());
    s.mean.push_back(p["mean_ratio"].get<double>());
    s.lower.push_back(lo);
    s.upper.push_back(hi);
  }
  if (s.h.size() < 2) return s;
  const SlopeFit f = fit_log_log(s.h, s.mean, confidence);
  const auto [slo, shi] = slope_range(s.h, s.lower, s.upper);
  s.fit = {{"series", s.name},
           {"points", f.points},
           {"slope", f.slope},
           {"intercept", f.intercept},
           {"error_bar_range", {slo, shi}},
           {"lower", number(f.lower)},
           {"upper", number(f.upper)},
           {"confidence", confidence},
           {"first_ratio", s.mean.front()},
           {"last_ratio", s.mean.back()},
           {"method", "least squares on log h, log mean ratio; error-bar range: extreme slopes over the points' intervals; "
                      "misfit range [lower, upper]: Student t from the residuals (not a confidence interval)"}};
  return s;
}

// The slope of log ε (median over units) and of log h^{p − ξ} along the computed points.
double path_slope(const nlohmann::json& points, const std::function<double(const nlohmann::json&)>& value) {
  std::vector<double> h, y;
  for (const auto& p : points)
    if (p["mean_ratio"].is_number() && value(p) > 0) {
      h.push_back(p["h"].get<double>());
      y.push_back(value(p));
    }
  return h.size() >= 2 ? fit_log_log(h, y, 0.95).slope : NAN;
}

nlohmann::json verdict_json(const std::string& id, const std::string& statement, const Verdict& v) {
  nlohmann::json evidence = nlohmann::json::object();
  for (const auto& [name, value] : v.evidence) evidence[name] = value;
  return {{"id", id}, {"statement", statement}, {"verdict", outcome_name(v.outcome)}, {"method", method_name(v.method)},
          {"summary", v.summary}, {"how", v.how}, {"evidence", evidence}};
}

// The slope's tolerance against p − ξ: the lower-order terms the prediction leaves out (ε² in
// ε(2 m1 − ε), the "-low" rules' floor θ a1, the δ and class terms) bend a path of a few octaves by
// about this much.
constexpr double slope_tolerance = 0.1;

std::string conclusion(const nlohmann::json& s) {
  std::ostringstream out;
  const nlohmann::json& fit = s["fit"];
  const auto& points = s["points"];
  if (fit.is_null()) return "Fewer than two points were computed, so no slope can be fitted.";
  const std::string series = fit["series"];
  const bool vanishing = s["vanishing_bias"].get<bool>();
  out << "With the bias rule " << series << " (median bias " << short_text(points.front()["eps"]["median"]) << " at h = "
      << points.front()["h"] << ", " << short_text(points.back()["eps"]["median"]) << " at h = " << points.back()["h"]
      << "; slope of log ε " << short_text(s["bias_slope"]) << "), the ratio ‖E∇_{W_i}‖/(q_i m2) goes from "
      << short_text(fit["first_ratio"]) << " to " << short_text(fit["last_ratio"]) << ": slope " << short_text(fit["slope"])
      << " (error-bar range [" << short_text(fit["error_bar_range"][0]) << ", " << short_text(fit["error_bar_range"][1])
      << "], misfit range [" << short_text(fit["lower"].is_null() ? -HUGE_VAL : fit["lower"].get<double>()) << ", "
      << short_text(fit["upper"].is_null() ? HUGE_VAL : fit["upper"].get<double>()) << "]). ";
  out << "The bias's own form ε(2m1 − ε)/m2 goes from " << short_text(points.front()["bias_form"]) << " to "
      << short_text(points.back()["bias_form"]) << ". ";
  for (const auto& v : s["verdicts"]) {
    std::string statement = v["statement"];
    statement[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(statement[0])));
    out << statement << ": " << v["verdict"].get<std::string>() << " (" << v["summary"].get<std::string>() << "). ";
  }
  if (!s["contrast_fit"].is_null()) {
    const auto& c = s["contrast_fit"];
    out << "With the fixed-window rule " << c["series"].get<std::string>() << " on the same instances the ratio goes from "
        << short_text(c["first_ratio"]) << " to " << short_text(c["last_ratio"]) << " (slope " << short_text(c["slope"])
        << "): a bias that does not shrink with h keeps the expected gradient at a fixed fraction of its scale. ";
  }
  if (vanishing && fit["slope"].get<double>() < 0)
    out << "So along this path the expected gradient becomes negligible relative to q_i m2 as the bias vanishes, at the "
           "rate shown; ";
  else
    out << "So along this path the ratio does not decrease; ";
  out << "the absolute ‖E∇_{W_i}‖ falls from " << short_text(points.front()["mean_gradient_norm"]) << " to "
      << short_text(points.back()["mean_gradient_norm"]) << ", but it falls with q_i = k/h on any path, so that alone proves "
      "nothing.";
  return out.str();
}

}  // namespace

nlohmann::json sweep_json(const Regime& regime, const SweepOptions& options) {
  if (!regime.sweep) throw std::invalid_argument("the regime has no [sweep] table; accepted: a regime with a sweep path");
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SweepPoint> points = sweep_points(regime);
  const MemoryBudget budget;
  for (const auto& p : points)  // refused up front, before any point runs
    if (!budget.admits(sweep_point_memory_bytes(regime, p)))
      throw std::invalid_argument("sweep.h: the point h = " + std::to_string(p.h) + ", n = " + std::to_string(p.n) + " " +
                                  budget.refusal(sweep_point_memory_bytes(regime, p), sweep_point_memory_formula(regime)) +
                                  "; accepted: smaller h");
  // Time, refused up front too: points run in parallel across processes, the largest bounds it.
  double estimate = 0, largest = 0;
  int largest_h = 0;
  for (const auto& p : points) {
    const double s = sweep_point_seconds(regime, p, options.threads);
    estimate += s;
    if (s > largest) largest = s, largest_h = p.h;
  }
  estimate = std::max(largest, estimate / process_count());
  if (const TimeBudget time{options.max_hours}; !time.admits(estimate))
    throw std::invalid_argument("--max-hours = " + number_text(options.max_hours) + ": the sweep takes " +
                                time.refusal(estimate, options.threads, "the point h = " + std::to_string(largest_h) + " alone " +
                                                                             TimeBudget::hours_text(largest) + " hours") +
                                "; accepted: a larger --max-hours, a shorter [sweep] h list or fewer [monte_carlo] samples");
  const double point_confidence = sweep_point_confidence(regime);
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
    const std::string out = stored_or_computed(store / ("h-" + std::to_string(p.h) + ".json"), key, options.resume, [&] {
      progress.step("h = " + std::to_string(p.h));
      const SweepPointOptions point_options{options.threads, point_confidence, regime.sweep->sampled_rows,
                                            regime.sweep->contrast, true};
      return sweep_point_json(evaluate_sweep_point(regime, p, point_options));
    });
    progress.advance(static_cast<double>(p.h) * p.h);
    return out;
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

  const double confidence = regime.monte_carlo.confidence.convert_to<double>();
  const SeriesFit main = series_fit(out["points"], false, confidence);
  const SeriesFit contrast = series_fit(out["points"], true, confidence);
  out["series"] = main_rule_of(regime).text();
  out["vanishing_bias"] = vanishes_with_h(main_rule_of(regime).rule);
  out["fit"] = main.fit;
  out["contrast_fit"] = contrast.fit;
  out["bias_slope"] = number(path_slope(out["points"], [](const nlohmann::json& p) { return p["eps"]["median"].get<double>(); }));
  const double predicted = path_slope(out["points"], [](const nlohmann::json& p) {
    return std::pow(p["h"].get<double>(), p["p_minus_xi"].get<double>());
  });
  out["predicted_slope"] = number(predicted);
  out["predicted_slope_method"] = "least-squares slope of log h^(p - xi) over the computed points, p = log k / log h";

  std::vector<double> bh, blo, bhi;
  for (const auto& p : out["points"])
    if (p["ball_bound"][0].is_number()) {
      bh.push_back(p["h"]);
      blo.push_back(p["ball_bound"][0]);
      bhi.push_back(p["ball_bound"][1]);
    }
  out["verdicts"] = nlohmann::json::array();
  out["verdicts"].push_back(verdict_json("sweep.uniform_bound_decreases",
                                         "the Theorem 3.2 bound for every W of the ball decreases from each point to the next",
                                         check_bound_decreases(bh, blo, bhi)));
  if (!main.fit.is_null()) {
    SlopeFit f;
    f.points = main.fit["points"];
    f.slope = main.fit["slope"];
    f.lower = main.fit["lower"].is_null() ? -HUGE_VAL : main.fit["lower"].get<double>();
    f.upper = main.fit["upper"].is_null() ? HUGE_VAL : main.fit["upper"].get<double>();
    f.confidence = confidence;
    out["verdicts"].push_back(verdict_json(
        "sweep.slope_matches_p_minus_xi", "the ratio decays with the slope p - xi the bias's scaling predicts",
        check_slope_matches(f, {main.fit["error_bar_range"][0], main.fit["error_bar_range"][1]}, predicted, slope_tolerance)));
  }
  out["conclusion"] = conclusion(out);
  out["point_confidence"] = point_confidence;
  out["context"] = {{"point_seconds", seconds},
                    {"resumed_points", resumed},
                    {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}};
  return out;
}

namespace {

std::string range_text(const nlohmann::json& p) {
  if (!p["mean_ratio"].is_number()) return "– | " + p["note"].get<std::string>();
  const auto [lo, hi] = row_range(p);
  return short_text(p["mean_ratio"]) + " | [" + short_text(lo) + ", " + short_text(hi) + "]";
}

}  // namespace

std::string sweep_markdown(const nlohmann::json& s) {
  std::ostringstream md;
  md << "## Asymptotics\n\n![‖E∇_{W_i}‖/(q_i m2) against h, for a vanishing and a fixed bias](asymptotics.svg)\n\n"
     << s["conclusion"].get<std::string>() << "\n\n";
  md << "| check | verdict | summary |\n| --- | --- | --- |\n";
  for (const auto& v : s["verdicts"])
    md << "| " << v["statement"].get<std::string>() << " | " << v["verdict"].get<std::string>() << " | "
       << v["summary"].get<std::string>() << " |\n";
  md << "\nSeries " << s["series"].get<std::string>() << " (rows 0, h/2, h − 1 and a seeded random sample):\n\n"
     << "| h | n | k | δ | p − ξ | median ε | recovery | method | ratio, mean over rows | range over rows | quartiles | "
        "ε(2m1 − ε)/m2 | dominant class | B_ball |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& p : s["points"]) {
    md << "| " << p["h"] << " | " << p["n"] << " | " << p["k"] << " | "
       << short_text(parse_rational(p["delta"].get<std::string>()).convert_to<double>()) << " | " << short_text(p["p_minus_xi"])
       << " | " << short_text(p["eps"]["median"]) << " | " << p["recovery"].get<std::string>() << " | "
       << p["method"].get<std::string>() << " | " << range_text(p) << " | ";
    if (p["quantiles"].size() == 5) md << short_text(p["quantiles"][1]) << ", " << short_text(p["quantiles"][2]) << ", " << short_text(p["quantiles"][3]);
    else md << "–";
    md << " | " << (p["bias_form"].is_number() ? short_text(p["bias_form"]) : "–") << " | "
       << (p["dominant_class"].get<std::string>().empty() ? "–" : p["dominant_class"].get<std::string>()) << " | "
       << (p["ball_bound"][1].is_number() ? short_text(p["ball_bound"][1]) : "–") << " |\n";
  }
  if (!s["contrast_fit"].is_null()) {
    md << "\nContrast series " << s["contrast_fit"]["series"].get<std::string>() << " on the same instances:\n\n"
       << "| h | median ε | recovery | ratio, mean over rows | range over rows | ε(2m1 − ε)/m2 |\n| --- | --- | --- | --- | --- | --- |\n";
    for (const auto& point : s["points"]) {
      const auto& c = point["contrast"];
      if (c.is_null()) continue;
      md << "| " << point["h"] << " | " << short_text(c["eps"]["median"]) << " | " << c["recovery"].get<std::string>() << " | "
         << range_text(c) << " | " << (c["bias_form"].is_number() ? short_text(c["bias_form"]) : "–") << " |\n";
    }
  }
  md << "\nCertified points enclose the ratio in MPFI; Monte Carlo points give intervals at level "
     << short_text(s["point_confidence"]) << " each (Bonferroni over points, rows and series). The slope's error-bar range "
        "is the extreme slope over the points' intervals; its misfit range measures how far the means are from one power "
        "law (Student t from the residuals), not sampling error. The prediction p − ξ is fitted through the points' own p = "
        "log k / log h and ξ; the slope is CONSISTENT with it when it lies within either range widened by "
     << short_text(slope_tolerance) << " (the terms the prediction leaves out). B_ball bounds ‖E∇_{W_i}‖/(q_i m2) for every W "
        "with ‖W_i − A*_i‖ ≤ δ (Theorem 3.2 as an explicit inequality). Data: `asymptotics.dat`, script: `asymptotics.gp`; "
        "per-point results in `sweep_points/`.\n\n";
  return md.str();
}

namespace {

// Tick labels 1, 1.5, 2, 3, 5, 7 × 10^e inside [lo, hi]: a log axis within one decade gets labels.
std::string log_ticks(double lo, double hi) {
  std::string out;
  if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi)) return out;
  for (int e = static_cast<int>(std::floor(std::log10(lo))); e <= static_cast<int>(std::ceil(std::log10(hi))); ++e)
    for (const double m : {1.0, 1.5, 2.0, 3.0, 5.0, 7.0}) {
      const double x = m * std::pow(10.0, e);
      if (x >= lo && x <= hi) out += (out.empty() ? "" : ", ") + short_text(x);
    }
  return out;
}

}  // namespace

void write_sweep_figure(const std::filesystem::path& dir, const nlohmann::json& s) {
  const auto& fit = s["fit"];
  const auto& cfit = s["contrast_fit"];
  const double predicted = s["predicted_slope"].is_number() ? s["predicted_slope"].get<double>() : NAN;
  const auto line = [](const nlohmann::json& f, double h) {
    return f.is_null() ? NAN : std::exp(f["intercept"].get<double>() + f["slope"].get<double>() * std::log(h));
  };
  std::vector<std::array<double, 9>> rows;
  double lowest = HUGE_VAL, highest = 0;
  for (const auto& p : s["points"]) {
    if (!p["mean_ratio"].is_number()) continue;
    const auto [lo, hi] = row_range(p);
    const double h = p["h"];
    std::array<double, 9> row{h, p["mean_ratio"], std::max(lo, 1e-300), hi, line(fit, h), NAN, NAN, NAN, line(cfit, h)};
    // The predicted h^slope, drawn through the first point's fitted value.
    if (!rows.empty() && !fit.is_null()) row[5] = rows.front()[4] * std::pow(h / rows.front()[0], predicted);
    else row[5] = row[4];
    const auto& c = p["contrast"];
    if (!c.is_null() && c["mean_ratio"].is_number()) {
      const auto [clo, chi] = row_range(c);
      row[6] = c["mean_ratio"];
      row[7] = std::max(clo, 1e-300);
      lowest = std::min(lowest, row[7]);
      highest = std::max(highest, chi);
    }
    rows.push_back(row);
    lowest = std::min(lowest, std::max(lo, 1e-300));
    highest = std::max(highest, hi);
  }
  Figure figure{"asymptotics",
                {"h", "mean_ratio", "lower", "upper", "fit", "predicted", "contrast_mean_ratio", "contrast_lower", "contrast_fit"},
                MatrixXd(static_cast<Eigen::Index>(rows.size()), 9), {}};
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (int c = 0; c < 9; ++c) figure.data(static_cast<Eigen::Index>(i), c) = rows[i][static_cast<std::size_t>(c)];
  if (rows.empty()) {
    figure.plot = "set title 'No point of the sweep was computed'\nunset key\nplot [0:1] 0 notitle";
    write_figure(dir, figure);
    return;
  }
  const std::string series = s["series"];
  std::ostringstream plot;
  plot << "set title 'Expected gradient relative to its natural scale q_i m2, along the sweep path'\n"
          "set xlabel 'h'\nset ylabel '|E grad W_i| / (q_i m2)'\nset logscale xy\nset grid\n"
          "set key inside bottom left box opaque\n"  // the ratios fall from the top left: that corner is empty
       << "set yrange [" << lowest / 1.6 << ":" << highest * 1.3 << "]\n" << "set ytics (" << log_ticks(lowest / 1.6, highest * 1.3)
       << ")\n"
       << "set xrange [" << rows.front()[0] / 1.3 << ":" << rows.back()[0] * 1.3 << "]\n"
       << "plot data using 1:2:3:4 with yerrorbars pt 7 lc rgb '#2471a3' title '" << series << " (mean; bars: range of rows)', \\\n"
       << "     data using 1:5 with lines lw 2 lc rgb '#2471a3' title 'fit: slope " << (fit.is_null() ? std::string("-") : short_text(fit["slope"])) << "', \\\n"
       << "     data using 1:6 with lines dt 2 lw 2 lc rgb '#7d3c98' title 'slope p - xi = " << short_text(predicted) << "'";
  if (!cfit.is_null())
    plot << ", \\\n     data using 1:7 with points pt 5 lc rgb '#c0392b' title '" << cfit["series"].get<std::string>()
         << " (fixed window)', \\\n     data using 1:9 with lines lw 2 lc rgb '#c0392b' title 'fit: slope " << short_text(cfit["slope"]) << "'";
  figure.plot = plot.str();
  write_figure(dir, figure);
}

std::filesystem::path write_sweep(const Regime& regime, const SweepOptions& options) {
  nlohmann::json s = sweep_json(regime, options);
  s["schema_version"] = json_schema_version;
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
