#include "sweep_report.hpp"

#include "build_info.hpp"
#include "distributed.hpp"
#include "figure.hpp"
#include "json_number.hpp"
#include "markdown_text.hpp"
#include "matrix_io.hpp"
#include "sweep_point_record.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <sstream>
#include <utility>

namespace scae {

std::pair<double, double> row_range(const nlohmann::json& point) {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const auto& x : point["lower"]) lo = std::min(lo, x.get<double>());
  for (const auto& x : point["upper"]) hi = std::max(hi, x.get<double>());
  return {lo, hi};
}

namespace {

nlohmann::json fit_json(const SeriesFit& s) {
  const SlopeFit& f = s.fit;
  return {{"series", s.series},
          {"points", f.points},
          {"slope", f.slope},
          {"intercept", f.intercept},
          {"error_bar_range", {s.error_bars.first, s.error_bars.second}},
          {"lower", json_number(f.lower)},
          {"upper", json_number(f.upper)},
          {"confidence", f.confidence},
          {"first_ratio", s.first_ratio},
          {"last_ratio", s.last_ratio},
          {"method", "least squares on log h, log mean ratio; error-bar range: extreme slopes over the points' intervals; "
                     "misfit range [lower, upper]: Student t from the residuals (not a confidence interval)"}};
}

nlohmann::json verdict_json(const PathVerdict& p) {
  const Verdict& v = p.verdict;
  nlohmann::json evidence = nlohmann::json::object();
  for (const auto& [name, value] : v.evidence) evidence[name] = value;
  return {{"id", p.id}, {"statement", p.statement}, {"verdict", outcome_name(v.outcome)}, {"method", method_name(v.method)},
          {"summary", v.summary}, {"how", v.how}, {"evidence", evidence}};
}

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

nlohmann::json sweep_json(const SweepRun& run) {
  nlohmann::json out = {{"points", nlohmann::json::array()}};
  for (const auto& p : run.points) out["points"].push_back(sweep_point_json(p));
  out["series"] = run.series.text();
  out["vanishing_bias"] = run.vanishing_bias;
  out["fit"] = run.fit ? fit_json(*run.fit) : nlohmann::json(nullptr);
  out["contrast_fit"] = run.contrast_fit ? fit_json(*run.contrast_fit) : nlohmann::json(nullptr);
  out["bias_slope"] = json_number(run.bias_slope);
  out["predicted_slope"] = json_number(run.predicted_slope);
  out["predicted_slope_method"] = "least-squares slope of log h^(p - xi) over the computed points, p = log k / log h";
  out["verdicts"] = nlohmann::json::array();
  for (const auto& v : run.verdicts) out["verdicts"].push_back(verdict_json(v));
  out["conclusion"] = conclusion(out);
  out["point_confidence"] = run.point_confidence;
  nlohmann::json seconds = nlohmann::json::object();
  for (const auto& [h, t] : run.point_seconds) seconds[std::to_string(h)] = t;
  out["context"] = {{"point_seconds", seconds}, {"resumed_points", run.resumed}, {"seconds", run.seconds}};
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

std::filesystem::path write_sweep(const Regime& regime, const SweepRun& run, const std::filesystem::path& directory) {
  nlohmann::json s = sweep_json(run);
  s["schema_version"] = json_schema_version;
  s["build"] = to_json(build_info());
  s["regime"] = {{"name", regime.name}, {"source", regime.source.string()}, {"seed", regime.monte_carlo.seed}};
  std::ostringstream md;
  md << "# scae sweep: " << regime.name << "\n\nscae " << s["build"]["scae"].get<std::string>() << ", commit `"
     << s["build"]["commit"].get<std::string>() << "`, seed " << regime.monte_carlo.seed << ", "
     << run.threads << " threads, " << short_text(s["context"]["seconds"]) << " s.\n\n"
     << sweep_markdown(s);
  s["context"]["threads"] = run.threads;
  s["context"]["processes"] = process_count();
  if (!is_root_process()) return directory / "sweep.md";
  write_sweep_figure(directory, s);
  write_file_atomically(directory / "sweep.json", s.dump(2) + "\n");
  write_file_atomically(directory / "sweep.md", md.str());
  return directory / "sweep.md";
}

}  // namespace scae
