#include "reports/sweep_report.hpp"

#include "runs/build_info.hpp"
#include "runs/claim_labels.hpp"
#include "numerics/core/distributed.hpp"
#include "reports/figure.hpp"
#include "runs/json_number.hpp"
#include "reports/landscape_path_report.hpp"
#include "reports/markdown_text.hpp"
#include "numerics/core/matrix_io.hpp"
#include "reports/paper_estimate_report.hpp"
#include "runs/sweep_point_record.hpp"
#include "runs/verdict_record.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <functional>
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
  VerdictRecord record = verdict_record(p.verdict);
  record.id = p.id;
  record.statement = p.statement;
  return verdict_record_json(record);
}

// "256, 512" from the points whose series `key` (or the point itself) satisfies `keep`.
std::string h_list(const nlohmann::json& points, const std::function<bool(const nlohmann::json&)>& keep) {
  std::string out;
  for (const auto& p : points)
    if (keep(p)) out += (out.empty() ? "" : ", ") + std::to_string(p["h"].get<int>());
  return out.empty() ? "none" : out;
}

// The bias, its limit and the ratio's slope.
void bias_and_ratio(std::ostringstream& out, const nlohmann::json& s) {
  const nlohmann::json& fit = s["fit"];
  const auto& points = s["points"];
  out << "With the bias rule " << fit["series"].get<std::string>() << " (median bias " << short_text(points.front()["eps"]["median"])
      << " at h = " << points.front()["h"] << ", " << short_text(points.back()["eps"]["median"]) << " at h = " << points.back()["h"]
      << "; slope of log ε " << short_text(s["bias_slope"]) << "; ";
  const double limit = s["bias_limit"].get<double>(), last = points.back()["eps"]["median"].get<double>();
  if (s["vanishing_bias"].get<bool>()) out << "the rule's limit is 0";
  else out << "the rule has the floor " << short_text(limit) << ", " << short_text(100 * limit / last) << " % of the last median bias";
  out << "), the ratio ‖E∇_{W_i}‖/(q_i m2) goes from " << short_text(fit["first_ratio"]) << " to " << short_text(fit["last_ratio"])
      << ": slope " << short_text(fit["slope"]) << " (error-bar range [" << short_text(fit["error_bar_range"][0]) << ", "
      << short_text(fit["error_bar_range"][1]) << "]). The bias's own term ε(2m1 − ε)/m2 goes from "
      << short_text(points.front()["bias_form"]) << " to " << short_text(points.back()["bias_form"]) << " (slope "
      << short_text(s["bias_term_slope"]) << "); the theorem's rate p − ξ has slope " << short_text(s["predicted_slope"]) << ". ";
  if (s["typical_slope"].is_number() && s["atypical_slope"].is_number())
    out << "Typical rows: mean ratio " << short_text(points.front()["typical_mean_ratio"]) << " to "
        << short_text(points.back()["typical_mean_ratio"]) << " (slope " << short_text(s["typical_slope"])
        << "); atypical rows (coherent with half the dictionary): " << short_text(points.front()["atypical_mean_ratio"]) << " to "
        << short_text(points.back()["atypical_mean_ratio"]) << " (slope " << short_text(s["atypical_slope"]) << "). ";
}

// Which gradient B_ball bounds at which points.
void ball_sentence(std::ostringstream& out, const nlohmann::json& points) {
  const auto has_bound = [](const nlohmann::json& p) { return p["ball_bound"][1].is_number(); };
  if (h_list(points, has_bound) == "none") return;
  out << "B_ball bounds the oracle (closed-form) gradient for every W of the δ-ball (at h = " << h_list(points, has_bound)
      << "). It bounds the true gradient where the bias recovers every sample for every W of the ball (every ε_j in the "
         "sufficient window), at h = "
      << h_list(points, [&](const nlohmann::json& p) { return has_bound(p) && p["ball_recovery"] == "PROVEN"; })
      << "; at h = " << h_list(points, [&](const nlohmann::json& p) { return has_bound(p) && p["ball_recovery"] != "PROVEN"; })
      << " it bounds the oracle gradient only. ";
}

// The paper rule's series: where its recovery is certified, and the smallest constant.
void paper_sentence(std::ostringstream& out, const nlohmann::json& s) {
  const auto& points = s["points"];
  if (points.front()["paper"].is_null()) return;
  const auto certified = [](const nlohmann::json& p) { return !p["paper"].is_null() && p["paper"]["recovery"] == "PROVEN"; };
  out << "With the paper's own form, the rule " << points.front()["paper"]["series"].get<std::string>() << ", recovery is certified at h = "
      << h_list(points, certified) << " and not at h = "
      << h_list(points, [&](const nlohmann::json& p) { return !p["paper"].is_null() && !certified(p); })
      << " (there its closed form is the oracle gradient only); the smallest constant that puts every unit in its exact "
         "window is "
      << short_text(points.front()["paper_constant"]["smallest"][1]) << " at h = " << points.front()["h"] << " and "
      << short_text(points.back()["paper_constant"]["smallest"][1]) << " at h = " << points.back()["h"] << ". ";
}

// The closing sentence, chosen by the slope verdict, the bias's limit and the slope's sign.
void closing(std::ostringstream& out, const nlohmann::json& s) {
  const std::string slope_verdict = verdict_named(s["verdicts"], claim_id::slope_matches_bias_term);
  const bool vanishing = s["vanishing_bias"].get<bool>(), falls = s["fit"]["slope"].get<double>() < 0;
  if (!falls) out << "So along this path the ratio does not decrease; ";
  else if (slope_verdict != "CONSISTENT")
    out << "So the ratio falls along these points, but the slope verdict is " << (slope_verdict.empty() ? "missing" : slope_verdict)
        << ": these points do not establish a rate; ";
  else if (!vanishing)
    out << "So the ratio falls at the bias term's rate along these points, but the bias levels off at its floor "
        << short_text(s["bias_limit"]) << ", so this rule does not make the ratio tend to 0; ";
  else
    out << "So along this path the expected gradient becomes negligible relative to q_i m2 as the bias vanishes, at the "
           "rate shown (slope "
        << short_text(s["fit"]["slope"]) << "; still " << short_text(s["fit"]["last_ratio"]) << " at h = "
        << s["points"].back()["h"] << "); ";
  const auto& points = s["points"];
  const double first = points.front()["mean_gradient_norm"], last = points.back()["mean_gradient_norm"];
  out << "the absolute ‖E∇_{W_i}‖ goes from " << short_text(first) << " to " << short_text(last)
      << (last < first ? ", but it falls with q_i = k/h on any path, so that alone proves nothing." : ".");
}

std::string conclusion(const nlohmann::json& s) {
  std::ostringstream out;
  if (s["fit"].is_null()) return "Fewer than two points were computed, so no slope can be fitted.";
  bias_and_ratio(out, s);
  for (const auto& v : s["verdicts"]) {
    std::string statement = v["statement"];
    statement[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(statement[0])));
    out << statement << ": " << v["verdict"].get<std::string>() << " (" << v["summary"].get<std::string>() << "). ";
  }
  ball_sentence(out, s["points"]);
  paper_sentence(out, s);
  paper_estimate_sentence(out, sweep_points_from_json(s));
  if (!s["contrast_fit"].is_null()) {
    const auto& c = s["contrast_fit"];
    const double slope = c["slope"];
    out << "With the rule " << c["series"].get<std::string>() << " on the same instances the ratio goes from "
        << short_text(c["first_ratio"]) << " to " << short_text(c["last_ratio"]) << " (slope " << short_text(slope) << ")";
    if (!s["contrast_vanishing"].get<bool>() && std::abs(slope) < 0.05)
      out << ": a bias that does not shrink with h keeps the expected gradient at a nearly fixed fraction of its scale";
    out << ". ";
  }
  closing(out, s);
  return out.str();
}

}  // namespace

nlohmann::json sweep_json(const SweepRun& run) {
  nlohmann::json out = {{"points", nlohmann::json::array()}};
  for (const auto& p : run.points) out["points"].push_back(sweep_point_json(p));
  out["series"] = run.series.text();
  out["vanishing_bias"] = run.vanishing_bias;
  out["bias_limit"] = run.bias_limit.convert_to<double>();
  out["bias_limit_exact"] = run.bias_limit.str();
  out["contrast_vanishing"] = !run.points.empty() && run.points.front().contrast && vanishes_with_h(run.points.front().contrast->rule);
  out["fit"] = run.fit ? fit_json(*run.fit) : nlohmann::json(nullptr);
  out["contrast_fit"] = run.contrast_fit ? fit_json(*run.contrast_fit) : nlohmann::json(nullptr);
  out["paper_fit"] = run.paper_fit ? fit_json(*run.paper_fit) : nlohmann::json(nullptr);
  out["bias_slope"] = json_number(run.bias_slope);
  out["predicted_slope"] = json_number(run.predicted_slope);
  out["predicted_slope_method"] = "least-squares slope of log h^(p - xi) over the computed points, p = log k / log h: the "
                                  "theorem's rate, reported beside the slope verdict's prediction";
  out["bias_term_slope"] = json_number(run.bias_term_slope);
  out["bias_term_slope_method"] = "least-squares slope of log of the mean over rows of e(2m1 - e)/m2: the slope verdict's prediction";
  out["typical_slope"] = json_number(run.typical_slope);
  out["atypical_slope"] = json_number(run.atypical_slope);
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

std::string number_or_dash(const nlohmann::json& x) { return x.is_number() ? short_text(x) : std::string("–"); }

// The heading of the row intervals' column, with their level from the sweep's record.
std::string range_heading(const nlohmann::json& s) {
  return "range over rows (certified, or Monte Carlo at " + level_text(s["point_confidence"].get<double>()) + ")";
}

// The main series' table, one row per point.
void main_table(std::ostringstream& md, const nlohmann::json& s) {
  md << "\nSeries " << s["series"].get<std::string>() << " (rows 0, h/2, h − 1 and a seeded random sample; atypical rows: "
        "those coherent with half the dictionary, 0 and h/2 on identity+Hadamard):\n\n"
     << "| h | n | k | δ | p − ξ | median ε | window ends off, on (medians) | recovery | method | ratio, mean over rows | "
     << range_heading(s) << " | typical, atypical rows | ε(2m1 − ε)/m2 | remainder | dominant class | B_ball | B_ball bounds |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& p : s["points"]) {
    md << "| " << p["h"] << " | " << p["n"] << " | " << p["k"] << " | "
       << short_text(parse_rational(p["delta"].get<std::string>()).convert_to<double>()) << " | " << short_text(p["p_minus_xi"])
       << " | " << short_text(p["eps"]["median"]) << " | " << number_or_dash(p["window"]["off_median"]) << ", "
       << number_or_dash(p["window"]["on_median"]) << " | " << p["recovery"].get<std::string>() << " | "
       << p["method"].get<std::string>() << " | " << range_text(p) << " | " << number_or_dash(p["typical_mean_ratio"]) << ", "
       << number_or_dash(p["atypical_mean_ratio"]) << " | " << number_or_dash(p["bias_form"]) << " | "
       << number_or_dash(p["bias_term_remainder"]) << " | "
       << (p["dominant_class"].get<std::string>().empty() ? "–" : p["dominant_class"].get<std::string>()) << " | "
       << number_or_dash(p["ball_bound"][1]) << " | "
       << (!p["ball_bound"][1].is_number() ? "–" : p["ball_recovery"] == "PROVEN" ? "true gradient" : "oracle gradient only") << " |\n";
  }
}

// The contrast series' and the paper rule's series' tables, when the sweep has them.
void other_tables(std::ostringstream& md, const nlohmann::json& s, const std::vector<SweepPointResult>& points) {
  if (!s["contrast_fit"].is_null()) {
    md << "\nContrast series " << s["contrast_fit"]["series"].get<std::string>() << " on the same instances:\n\n"
       << "| h | median ε | recovery | ratio, mean over rows | " << range_heading(s) << " | ε(2m1 − ε)/m2 |\n"
       << "| --- | --- | --- | --- | --- | --- |\n";
    for (const auto& point : s["points"]) {
      const auto& c = point["contrast"];
      if (c.is_null()) continue;
      md << "| " << point["h"] << " | " << short_text(c["eps"]["median"]) << " | " << c["recovery"].get<std::string>() << " | "
         << range_text(c) << " | " << number_or_dash(c["bias_form"]) << " |\n";
    }
  }
  if (!s["points"].empty() && !s["points"].front()["paper"].is_null()) {
    md << "\nThe paper's rule " << s["points"].front()["paper"]["series"].get<std::string>()
       << " on the same instances (closed form at every point: the true expected gradient where recovery is certified, the "
          "oracle gradient only elsewhere), with the smallest constant C that puts every unit in its exact window "
          "(enclosure) and the largest it may not reach:\n\n"
       << "| h | median ε | smallest C | largest C | recovery | method | ratio, mean over rows | " << range_heading(s)
       << " | ε(2m1 − ε)/m2 |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (const auto& point : s["points"]) {
      const auto& c = point["paper"];
      if (c.is_null()) continue;
      const auto& pc = point["paper_constant"];
      md << "| " << point["h"] << " | " << short_text(c["eps"]["median"]) << " | [" << number_or_dash(pc["smallest"][0]) << ", "
         << number_or_dash(pc["smallest"][1]) << "] | " << number_or_dash(pc["largest"][0]) << " | " << c["recovery"].get<std::string>()
         << " | " << c["method"].get<std::string>() << " | " << range_text(c) << " | " << number_or_dash(c["bias_form"]) << " |\n";
    }
  }
  paper_estimate_table(md, points);
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
  main_table(md, s);
  const std::vector<SweepPointResult> points = sweep_points_from_json(s);
  other_tables(md, s, points);
  md << landscape_path_markdown(points);
  md << "\nCertified points enclose the ratio in MPFI; Monte Carlo points give intervals at level "
     << short_text(s["point_confidence"]) << " each (Bonferroni over points, rows and series). The slope's error-bar range "
        "is the extreme slope over the points' intervals. The slope verdict is deterministic: its prediction is the slope of the "
        "bias's own term ε(2m1 − ε)/m2 and its tolerance Σ|w_i| (−log(1 − E_i/F_i)) comes from the remainder E_i beside that "
        "term at each point (docs/theory.md §6.2); the theorem's p − ξ is reported beside it. B_ball bounds the oracle "
        "(closed-form) ‖E∇_{W_i}‖/(q_i m2) for every W with ‖W_i − A*_i‖ ≤ δ (Theorem 3.2 as an explicit inequality); it "
        "bounds the true gradient only where the bias lies in the sufficient window, which recovers every sample for every W "
        "of the ball (column \"B_ball bounds\"). Data: `asymptotics.dat`, script: `asymptotics.gp`; per-point results in "
        "`sweep_points/`.\n\n";
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
  std::vector<std::array<double, 11>> rows;
  double lowest = HUGE_VAL, highest = 0;
  for (const auto& p : s["points"]) {
    if (!p["mean_ratio"].is_number()) continue;
    const auto [lo, hi] = row_range(p);
    const double h = p["h"];
    std::array<double, 11> row{h, p["mean_ratio"], std::max(lo, 1e-300), hi, line(fit, h), NAN, NAN, NAN, line(cfit, h), NAN,
                               p["bias_form"].is_number() ? p["bias_form"].get<double>() : NAN};
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
    if (const auto& pp = p["paper"]; !pp.is_null() && pp["mean_ratio"].is_number()) {
      row[9] = pp["mean_ratio"];
      lowest = std::min(lowest, row[9]);
      highest = std::max(highest, row[9]);
    }
    rows.push_back(row);
    lowest = std::min(lowest, std::max(lo, 1e-300));
    highest = std::max(highest, hi);
  }
  Figure figure{"asymptotics",
                {"h", "mean_ratio", "lower", "upper", "fit", "predicted", "contrast_mean_ratio", "contrast_lower", "contrast_fit",
                 "paper_mean_ratio", "bias_form"},
                MatrixXd(static_cast<Eigen::Index>(rows.size()), 11), {}};
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (int c = 0; c < 11; ++c) figure.data(static_cast<Eigen::Index>(i), c) = rows[i][static_cast<std::size_t>(c)];
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
       << "     data using 1:11 with lines dt 3 lw 2 lc rgb '#b9770e' title 'bias term e(2m1 - e)/m2 (prediction of the slope verdict)', \\\n"
       << "     data using 1:6 with lines dt 2 lw 2 lc rgb '#7d3c98' title 'slope p - xi = " << short_text(predicted) << "'";
  if (!s["points"].empty() && !s["points"].front()["paper"].is_null())
    plot << ", \\\n     data using 1:10 with linespoints pt 9 lc rgb '#1e8449' title '"
         << s["points"].front()["paper"]["series"].get<std::string>() << " (oracle where not certified)'";
  if (!cfit.is_null())
    plot << ", \\\n     data using 1:7 with points pt 5 lc rgb '#c0392b' title '" << cfit["series"].get<std::string>()
         << " (fixed window)', \\\n     data using 1:9 with lines lw 2 lc rgb '#c0392b' title 'fit: slope " << short_text(cfit["slope"]) << "'";
  figure.plot = plot.str();
  write_figure(dir, figure);
}

std::vector<std::filesystem::path> sweep_files(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  for (const char* name : {"sweep.json", "sweep.md", "asymptotics.svg", "asymptotics.dat", "asymptotics.gp", "landscape_path.svg",
                           "landscape_path.dat", "landscape_path.gp"}) files.push_back(directory / name);
  return files;
}

std::filesystem::path write_sweep(const Regime& regime, const SweepRun& run, const std::filesystem::path& directory) {
  nlohmann::json s = sweep_json(run);
  s["schema_version"] = json_schema_version;
  s["build"] = to_json(build_info());
  s["regime"] = {{"name", regime.name}, {"source", regime.source.string()}, {"seed", regime.monte_carlo.seed}};
  std::ostringstream md;
  md << "# scae sweep: " << markdown_literal(regime.name) << "\n\nscae " << s["build"]["scae"].get<std::string>() << ", commit `"
     << s["build"]["commit"].get<std::string>() << "`, seed " << regime.monte_carlo.seed << ", "
     << run.threads << " threads, " << short_text(s["context"]["seconds"]) << " s.\n\n"
     << sweep_markdown(s);
  s["context"]["threads"] = run.threads;
  s["context"]["processes"] = process_count();
  if (!is_root_process()) return directory / "sweep.md";
  write_sweep_figure(directory, s);
  write_landscape_path_figure(directory, s);
  write_file_atomically(directory / "sweep.json", s.dump(2) + "\n");
  write_file_atomically(directory / "sweep.md", md.str());
  return directory / "sweep.md";
}
}  // namespace scae
