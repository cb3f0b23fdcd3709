#include "reports/sweep_report.hpp"

#include "runs/build_info.hpp"
#include "runs/claim_labels.hpp"
#include "numerics/core/distributed.hpp"
#include "reports/figure.hpp"
#include "reports/landscape_path_report.hpp"
#include "reports/markdown_text.hpp"
#include "numerics/core/matrix_io.hpp"
#include "reports/paper_estimate_report.hpp"
#include "runs/verdict_record.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <functional>
#include <optional>
#include <sstream>
#include <utility>

namespace scae {

std::pair<double, double> row_range(const SeriesPoint& series) {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const double x : series.lower) lo = std::min(lo, x);
  for (const double x : series.upper) hi = std::max(hi, x);
  return {lo, hi};
}

namespace {

using Points = std::vector<SweepPointResult>;

// "256, 512" from the points that satisfy `keep`.
std::string h_list(const Points& points, const std::function<bool(const SweepPointResult&)>& keep) {
  std::string out;
  for (const auto& p : points)
    if (keep(p)) out += (out.empty() ? "" : ", ") + std::to_string(p.point.h);
  return out.empty() ? "none" : out;
}

// The bias, its limit and the ratio's slope.
void bias_and_ratio(std::ostringstream& out, const SweepRecord& s) {
  const SeriesFit& fit = *s.fit;
  const SweepPointResult &first = s.points.front(), &last = s.points.back();
  out << "With the bias rule " << fit.series << " (median bias " << short_text(first.main.eps_median) << " at h = " << first.point.h
      << ", " << short_text(last.main.eps_median) << " at h = " << last.point.h << "; slope of log ε " << short_text(s.bias_slope)
      << "; ";
  if (s.vanishing_bias) out << "the rule's limit is 0";
  else
    out << "the rule has the floor " << short_text(s.bias_limit) << ", " << short_text(100 * s.bias_limit / last.main.eps_median)
        << " % of the last median bias";
  out << "), the ratio ‖E∇_{W_i}‖/(q_i m2) goes from " << short_text(fit.first_ratio) << " to " << short_text(fit.last_ratio)
      << ": slope " << short_text(fit.fit.slope) << " (error-bar range [" << short_text(fit.error_bars.first) << ", "
      << short_text(fit.error_bars.second) << "]). The bias's own term ε(2m1 − ε)/m2 goes from " << short_text(first.main.bias_form)
      << " to " << short_text(last.main.bias_form) << " (slope " << short_text(s.bias_term_slope)
      << "); the theorem's rate p − ξ has slope " << short_text(s.predicted_slope) << ". ";
  if (std::isfinite(s.typical_slope) && std::isfinite(s.atypical_slope))
    out << "Typical rows: mean ratio " << short_text(first.main.typical_mean_ratio) << " to " << short_text(last.main.typical_mean_ratio)
        << " (slope " << short_text(s.typical_slope) << "); atypical rows (coherent with half the dictionary): "
        << short_text(first.main.atypical_mean_ratio) << " to " << short_text(last.main.atypical_mean_ratio) << " (slope "
        << short_text(s.atypical_slope) << "). ";
}

bool has_ball_bound(const SweepPointResult& p) { return std::isfinite(p.main.bound_upper); }

// Which gradient B_ball bounds at which points.
void ball_sentence(std::ostringstream& out, const Points& points) {
  if (h_list(points, has_ball_bound) == "none") return;
  const auto recovers = [](const SweepPointResult& p) { return p.main.ball_recovery == Outcome::proven; };
  out << "B_ball bounds the oracle (closed-form) gradient for every W of the δ-ball (at h = " << h_list(points, has_ball_bound)
      << "). It bounds the true gradient where the bias recovers every sample for every W of the ball (every ε_j in the "
         "sufficient window), at h = "
      << h_list(points, [&](const SweepPointResult& p) { return has_ball_bound(p) && recovers(p); })
      << "; at h = " << h_list(points, [&](const SweepPointResult& p) { return has_ball_bound(p) && !recovers(p); })
      << " it bounds the oracle gradient only. ";
}

// The paper rule's series: where its recovery is certified, and the smallest constant.
void paper_sentence(std::ostringstream& out, const Points& points) {
  if (!points.front().paper) return;
  const auto certified = [](const SweepPointResult& p) { return p.paper && p.paper->recovery == Outcome::proven; };
  out << "With the paper's own form, the rule " << points.front().paper->rule.text() << ", recovery is certified at h = "
      << h_list(points, certified) << " and not at h = "
      << h_list(points, [&](const SweepPointResult& p) { return p.paper && !certified(p); })
      << " (there its closed form is the oracle gradient only); the smallest constant that puts every unit in its exact "
         "window is "
      << short_text(points.front().paper_constant_smallest.second) << " at h = " << points.front().point.h << " and "
      << short_text(points.back().paper_constant_smallest.second) << " at h = " << points.back().point.h << ". ";
}

// The closing sentence, chosen by the slope verdict, the bias's limit and the slope's sign.
void closing(std::ostringstream& out, const SweepRecord& s) {
  const std::string slope_verdict = verdict_named(s.verdicts, claim_id::slope_matches_bias_term);
  const bool falls = s.fit->fit.slope < 0;
  if (!falls) out << "So along this path the ratio does not decrease; ";
  else if (slope_verdict != "CONSISTENT")
    out << "So the ratio falls along these points, but the slope verdict is " << (slope_verdict.empty() ? "missing" : slope_verdict)
        << ": these points do not establish a rate; ";
  else if (!s.vanishing_bias)
    out << "So the ratio falls at the bias term's rate along these points, but the bias levels off at its floor "
        << short_text(s.bias_limit) << ", so this rule does not make the ratio tend to 0; ";
  else
    out << "So along this path the expected gradient becomes negligible relative to q_i m2 as the bias vanishes, at the "
           "rate shown (slope "
        << short_text(s.fit->fit.slope) << "; still " << short_text(s.fit->last_ratio) << " at h = " << s.points.back().point.h
        << "); ";
  const double first = s.points.front().main.mean_gradient_norm, last = s.points.back().main.mean_gradient_norm;
  out << "the absolute ‖E∇_{W_i}‖ goes from " << short_text(first) << " to " << short_text(last)
      << (last < first ? ", but it falls with q_i = k/h on any path, so that alone proves nothing." : ".");
}

std::string conclusion(const SweepRecord& s) {
  std::ostringstream out;
  if (!s.fit) return "Fewer than two points were computed, so no slope can be fitted.";
  bias_and_ratio(out, s);
  for (const VerdictRecord& v : s.verdicts) {
    std::string statement = v.statement;
    statement[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(statement[0])));
    out << statement << ": " << to_name(v.outcome) << " (" << v.summary << "). ";
  }
  ball_sentence(out, s.points);
  paper_sentence(out, s.points);
  paper_estimate_sentence(out, s.points);
  if (const auto& c = s.contrast_fit) {
    const double slope = c->fit.slope;
    out << "With the rule " << c->series << " on the same instances the ratio goes from " << short_text(c->first_ratio) << " to "
        << short_text(c->last_ratio) << " (slope " << short_text(slope) << ")";
    if (!s.contrast_vanishing && std::abs(slope) < 0.05)
      out << ": a bias that does not shrink with h keeps the expected gradient at a nearly fixed fraction of its scale";
    out << ". ";
  }
  closing(out, s);
  return out.str();
}

}  // namespace

SweepRecord concluded_sweep_record(const SweepRun& run) {
  SweepRecord record = sweep_record_from_json(sweep_record_json(sweep_record(run)));  // the numbers as the JSON holds them
  record.conclusion = conclusion(record);
  return record;
}

namespace {

std::string range_text(const SeriesPoint& p) {
  if (!std::isfinite(p.mean_ratio)) return "– | " + p.note;
  const auto [lo, hi] = row_range(p);
  return short_text(p.mean_ratio) + " | [" + short_text(lo) + ", " + short_text(hi) + "]";
}

std::string number_or_dash(double x) { return std::isfinite(x) ? short_text(x) : std::string("–"); }

// The heading of the row intervals' column, with their level from the sweep's record.
std::string range_heading(const SweepRecord& s) {
  return "range over rows (certified, or Monte Carlo at " + level_text(s.point_confidence) + ")";
}

// The main series' table, one row per point.
void main_table(std::ostringstream& md, const SweepRecord& s) {
  md << "\nSeries " << s.series << " (rows 0, h/2, h − 1 and a seeded random sample; atypical rows: "
        "those coherent with half the dictionary, 0 and h/2 on identity+Hadamard):\n\n"
     << "| h | n | k | δ | p − ξ | median ε | window ends off, on (medians) | recovery | method | ratio, mean over rows | "
     << range_heading(s) << " | typical, atypical rows | ε(2m1 − ε)/m2 | remainder | dominant class | B_ball | B_ball bounds |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const SweepPointResult& p : s.points) {
    const SeriesPoint& m = p.main;
    md << "| " << p.point.h << " | " << p.point.n << " | " << p.point.k << " | " << short_text(p.point.delta.convert_to<double>())
       << " | " << short_text(p.p - p.xi) << " | " << short_text(m.eps_median) << " | " << number_or_dash(p.off_median) << ", "
       << number_or_dash(p.on_median) << " | " << to_name(m.recovery) << " | " << to_name(m.method) << " | " << range_text(m) << " | "
       << number_or_dash(m.typical_mean_ratio) << ", " << number_or_dash(m.atypical_mean_ratio) << " | "
       << number_or_dash(m.bias_form) << " | " << number_or_dash(m.bias_term_remainder) << " | "
       << (m.dominant_class.empty() ? "–" : m.dominant_class) << " | " << number_or_dash(m.bound_upper) << " | "
       << (!std::isfinite(m.bound_upper) ? "–" : m.ball_recovery == Outcome::proven ? "true gradient" : "oracle gradient only")
       << " |\n";
  }
}

// The contrast series' and the paper rule's series' tables, when the sweep has them.
void other_tables(std::ostringstream& md, const SweepRecord& s) {
  if (s.contrast_fit) {
    md << "\nContrast series " << s.contrast_fit->series << " on the same instances:\n\n"
       << "| h | median ε | recovery | ratio, mean over rows | " << range_heading(s) << " | ε(2m1 − ε)/m2 |\n"
       << "| --- | --- | --- | --- | --- | --- |\n";
    for (const SweepPointResult& point : s.points)
      if (const auto& c = point.contrast)
        md << "| " << point.point.h << " | " << short_text(c->eps_median) << " | " << to_name(c->recovery) << " | " << range_text(*c)
           << " | " << number_or_dash(c->bias_form) << " |\n";
  }
  if (!s.points.empty() && s.points.front().paper) {
    md << "\nThe paper's rule " << s.points.front().paper->rule.text()
       << " on the same instances (closed form at every point: the true expected gradient where recovery is certified, the "
          "oracle gradient only elsewhere), with the smallest constant C that puts every unit in its exact window "
          "(enclosure) and the largest it may not reach:\n\n"
       << "| h | median ε | smallest C | largest C | recovery | method | ratio, mean over rows | " << range_heading(s)
       << " | ε(2m1 − ε)/m2 |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (const SweepPointResult& point : s.points) {
      const auto& c = point.paper;
      if (!c) continue;
      md << "| " << point.point.h << " | " << short_text(c->eps_median) << " | [" << number_or_dash(point.paper_constant_smallest.first)
         << ", " << number_or_dash(point.paper_constant_smallest.second) << "] | " << number_or_dash(point.paper_constant_largest.first)
         << " | " << to_name(c->recovery) << " | " << to_name(c->method) << " | " << range_text(*c) << " | "
         << number_or_dash(c->bias_form) << " |\n";
    }
  }
  paper_estimate_table(md, s.points);
}

}  // namespace

std::string sweep_markdown(const SweepRecord& s) {
  std::ostringstream md;
  md << "## Asymptotics\n\n![‖E∇_{W_i}‖/(q_i m2) against h, for a vanishing and a fixed bias](asymptotics.svg)\n\n"
     << s.conclusion << "\n\n";
  md << "| check | verdict | summary |\n| --- | --- | --- |\n";
  for (const VerdictRecord& v : s.verdicts) md << "| " << v.statement << " | " << to_name(v.outcome) << " | " << v.summary << " |\n";
  main_table(md, s);
  other_tables(md, s);
  md << landscape_path_markdown(s.points);
  md << "\nCertified points enclose the ratio in MPFI; Monte Carlo points give intervals at level "
     << short_text(s.point_confidence) << " each (Bonferroni over points, rows and series). The slope's error-bar range "
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

void write_sweep_figure(const std::filesystem::path& dir, const SweepRecord& s) {
  const std::optional<SeriesFit>& fit = s.fit;
  const std::optional<SeriesFit>& cfit = s.contrast_fit;
  const double predicted = s.predicted_slope;
  const auto line = [](const std::optional<SeriesFit>& f, double h) {
    return f ? std::exp(f->fit.intercept + f->fit.slope * std::log(h)) : NAN;
  };
  std::vector<std::array<double, 11>> rows;
  double lowest = HUGE_VAL, highest = 0;
  for (const SweepPointResult& p : s.points) {
    if (!std::isfinite(p.main.mean_ratio)) continue;
    const auto [lo, hi] = row_range(p.main);
    const double h = p.point.h;
    std::array<double, 11> row{h, p.main.mean_ratio, std::max(lo, 1e-300), hi, line(fit, h), NAN, NAN, NAN, line(cfit, h), NAN,
                               p.main.bias_form};
    // The predicted h^slope, drawn through the first point's fitted value.
    if (!rows.empty() && fit) row[5] = rows.front()[4] * std::pow(h / rows.front()[0], predicted);
    else row[5] = row[4];
    if (const auto& c = p.contrast; c && std::isfinite(c->mean_ratio)) {
      const auto [clo, chi] = row_range(*c);
      row[6] = c->mean_ratio;
      row[7] = std::max(clo, 1e-300);
      lowest = std::min(lowest, row[7]);
      highest = std::max(highest, chi);
    }
    if (const auto& pp = p.paper; pp && std::isfinite(pp->mean_ratio)) {
      row[9] = pp->mean_ratio;
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
  const std::string& series = s.series;
  std::ostringstream plot;
  plot << "set title 'Expected gradient relative to its natural scale q_i m2, along the sweep path'\n"
          "set xlabel 'h'\nset ylabel '|E grad W_i| / (q_i m2)'\nset logscale xy\nset grid\n"
          "set key inside bottom left box opaque\n"  // the ratios fall from the top left: that corner is empty
       << "set yrange [" << lowest / 1.6 << ":" << highest * 1.3 << "]\n" << "set ytics (" << log_ticks(lowest / 1.6, highest * 1.3)
       << ")\n"
       << "set xrange [" << rows.front()[0] / 1.3 << ":" << rows.back()[0] * 1.3 << "]\n"
       << "plot data using 1:2:3:4 with yerrorbars pt 7 lc rgb '#2471a3' title '" << series << " (mean; bars: range of rows)', \\\n"
       << "     data using 1:5 with lines lw 2 lc rgb '#2471a3' title 'fit: slope " << (fit ? short_text(fit->fit.slope) : std::string("-")) << "', \\\n"
       << "     data using 1:11 with lines dt 3 lw 2 lc rgb '#b9770e' title 'bias term e(2m1 - e)/m2 (prediction of the slope verdict)', \\\n"
       << "     data using 1:6 with lines dt 2 lw 2 lc rgb '#7d3c98' title 'slope p - xi = " << short_text(predicted) << "'";
  if (!s.points.empty() && s.points.front().paper)
    plot << ", \\\n     data using 1:10 with linespoints pt 9 lc rgb '#1e8449' title '" << s.points.front().paper->rule.text()
         << " (oracle where not certified)'";
  if (cfit)
    plot << ", \\\n     data using 1:7 with points pt 5 lc rgb '#c0392b' title '" << cfit->series
         << " (fixed window)', \\\n     data using 1:9 with lines lw 2 lc rgb '#c0392b' title 'fit: slope " << short_text(cfit->fit.slope)
         << "'";
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
  if (!is_root_process()) return directory / "sweep.md";
  SweepRecord record = concluded_sweep_record(run);
  record.context->threads = run.threads;
  record.context->processes = process_count();
  record.source = SweepSource{json_schema_version, build_info(), regime.name, regime.source.string(), regime.monte_carlo.seed};
  const nlohmann::json json = sweep_record_json(record);
  const SweepRecord s = sweep_record_from_json(json);  // what sweep.md and the figures are made from
  std::ostringstream md;
  md << "# scae sweep: " << markdown_literal(s.source->regime) << "\n\nscae " << s.source->build.version
     << ", commit `" << s.source->build.commit << "`, seed " << s.source->seed << ", " << *s.context->threads
     << " threads, " << short_text(s.context->seconds) << " s.\n\n"
     << sweep_markdown(s);
  write_sweep_figure(directory, s);
  write_landscape_path_figure(directory, s.points);
  write_file_atomically(directory / "sweep.json", json.dump(2) + "\n");
  write_file_atomically(directory / "sweep.md", md.str());
  return directory / "sweep.md";
}

}  // namespace scae
