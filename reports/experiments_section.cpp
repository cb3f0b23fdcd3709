#include "reports/experiments_section.hpp"

#include "reports/descent_reference.hpp"
#include "reports/figure.hpp"
#include "reports/markdown_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace scae {

namespace {

using json = nlohmann::json;

json estimate_json(const BatchEstimate& e) { return {{"value", e.value}, {"halfwidth", e.halfwidth}}; }

json verdict_json(const Verdict& v) {
  json evidence = json::array();
  for (const Evidence& e : v.evidence) evidence.push_back({{"name", e.name}, {"value", e.text()}});
  return {{"verdict", to_name(v.outcome)}, {"summary", v.summary}, {"how", v.how}, {"evidence", evidence}};
}

json loss_well_json(const ExperimentsRun& run) {
  const LossWell& well = run.loss_well;
  const LossWellOptions& o = run.options.well;
  json curves = json::array();
  for (const auto& c : well.curves)
    curves.push_back({{"direction", c.direction},
                      {"loss", c.loss},
                      {"halfwidth", c.halfwidth},
                      {"argmin_t", c.argmin_t},
                      {"gap", estimate_json(c.gap)},
                      {"second_difference", estimate_json(c.second_difference)},
                      {"fit_slope", estimate_json(c.fit_slope)},
                      {"fit_curvature", estimate_json(c.fit_curvature)},
                      {"fit_vertex", c.fit_vertex},
                      {"outcome", to_name(c.outcome)}});
  json out = {{"t", well.ts},
              {"normalisation", well.normalisation},
              {"samples", o.samples},
              {"batches", o.batches},
              {"fit_points", 2 * o.fit_half_window + 1},
              {"curve_level", well.curve_level},
              {"median_bias", run.median_bias},
              {"bias_form", run.bias_form},
              {"curves", curves},
              {"verdict", verdict_json(run.well_verdict)},
              {"random_verdict", verdict_json(well.verdict)}};
  const auto has = [&](const char* name) {
    return std::any_of(well.curves.begin(), well.curves.end(), [&](const LossCurve& c) { return c.direction == name; });
  };
  if (has("radial")) out["radial_verdict"] = verdict_json(well.scaling_verdict);
  if (has("descent")) out["descent_verdict"] = verdict_json(well.descent_verdict);
  return out;
}

json descent_json(const Descent& d, const DescentOptions& o, double median_bias) {
  json runs = json::array();
  for (const auto& r : d.runs)
    runs.push_back({{"start_distance", r.start_distance},
                    {"behaviour", run_behaviour(r, o)},
                    {"max_distance", r.max_distance},
                    {"mean_distance", r.mean_distance},
                    {"min_distance", r.min_distance},
                    {"loss", r.loss},
                    {"exact_steps", r.exact_steps},
                    {"diverged", r.diverged},
                    {"final_mean_norm", r.final_mean_norm},
                    {"final_min_cosine", r.final_min_cosine},
                    {"outcome", to_name(r.outcome)}});
  return {{"steps", o.steps},         {"step_scale", o.step_scale},   {"step_size", d.step_size},
          {"median_bias", median_bias},
          {"batch", o.batch},         {"loss_samples", o.loss_samples}, {"normalise_rows", o.normalise_rows},
          {"close_distance", o.close_distance}, {"runs", runs},         {"verdict", verdict_json(d.verdict)}};
}

json norms_json(const GradientNorms& g, const GradientNormOptions& o, const Verdict& verdict) {
  json points = json::array();
  for (const auto& p : g.points)
    points.push_back({{"delta", p.delta},
                      {"point", p.point},
                      {"recovery_certified", p.recovery_certified},
                      {"closed_form", p.closed_form},
                      {"plain", p.plain},
                      {"plain_radius", p.plain_radius},
                      {"corrected", p.corrected},
                      {"corrected_radius", p.corrected_radius},
                      {"recovery_rate", p.recovery_rate}});
  return {{"scale", g.scale},   {"level", g.level},   {"samples", o.samples},
          {"method", g.method}, {"points", points}, {"verdict", verdict_json(verdict)}};
}

// Three significant digits, for prose.
std::string short_num(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}
std::string short_num(const json& x) { return short_num(x.get<double>()); }
std::string pm(const json& e) { return short_num(e["value"]) + " ± " + short_num(e["halfwidth"]); }
// The same with its level, for prose: "0.1 ± 0.02 at 99.9 %".
std::string pm(const json& e, const json& level) { return pm(e) + " at " + level_text(level.get<double>()); }

// The curve named `name`, or nullptr.
const json* curve_named(const json& w, const std::string& name) {
  for (const auto& c : w["curves"])
    if (c["direction"] == name) return &c;
  return nullptr;
}

// What the radial and descent lines show, chosen by their numbers: a fall from A*ᵀ only when the grid
// minimum is away from t = 0 and the gap is below 0 beyond its interval.
std::string special_lines_markdown(const json& w) {
  std::ostringstream md;
  for (const char* name : {"radial", "descent"}) {
    const json* c = curve_named(w, name);
    if (!c) continue;
    const std::string line = std::string(name) == "radial" ? "the radial direction W = (1 + t) A*ᵀ"
                                                           : "the descent direction −E∇(A*ᵀ) (longest row scaled to 1)";
    const double argmin = (*c)["argmin_t"].get<double>();
    const bool falls = argmin != 0 && (*c)["gap"]["value"].get<double>() + (*c)["gap"]["halfwidth"].get<double>() < 0;
    md << " Along " << line << ": ";
    if (falls) {
      md << "the loss falls from A*ᵀ, to its grid minimum at t = " << short_num(argmin) << " (quadratic-fit vertex "
         << short_num((*c)["fit_vertex"]) << "; L(t_min) − L(0) = " << pm((*c)["gap"], w["curve_level"]) << ")";
      if (std::string(name) == "radial")
        md << ", against ε/3 = " << short_num(w["median_bias"].get<double>() / 3)
           << " for the median bias (docs/theory.md §7: the row gradient of a typical row vanishes near t* ≈ ε/3)";
      md << ".";
    } else if (argmin == 0) {
      md << "A*ᵀ is its grid minimum.";
    } else {
      md << "its grid minimum is at t = " << short_num(argmin) << ", but L(t_min) − L(0) = " << pm((*c)["gap"], w["curve_level"])
         << " does not tell it from L(0).";
    }
  }
  return md.str();
}

std::string loss_well_markdown(const json& w) {
  std::ostringstream md;
  const auto& ts = w["t"];
  md << "### The loss well\n\n![E[L] along lines through A*ᵀ](experiments_loss_well.svg)\n\n"
     << "A picture, not the proof: where A*ᵀ's neighbourhood holds a minimum of E L, `scae landscape` locates the "
        "critical point W° and certifies it (landscape.local_minimum, docs/theory.md §10). "
     << "The population loss E[L(A*ᵀ + t D)] on " << ts.size() << " points of [" << short_num(ts.front()) << ", "
     << short_num(ts.back()) << "], estimated with " << w["samples"].get<std::uint64_t>() << " common samples (the same for every t) in "
     << w["batches"].get<int>() << " batches, along random directions D (" << w["normalisation"].get<std::string>()
     << ") and, where present, the radial direction D = A*ᵀ and the descent direction D = −E∇(A*ᵀ), which random "
        "directions in hn dimensions are almost orthogonal to. Curvature d²E[L]/dt² at t = 0 by the second difference "
        "and by a quadratic fit over "
     << w["fit_points"].get<int>() << " points, with Student t intervals over the batches (± at "
     << level_text(w["curve_level"].get<double>()) << " each).\n\n"
     << "| direction | E[L(0)] | grid minimum at t | L(t_min) − L(0) | second difference | fit curvature | fit slope | "
        "A*ᵀ at the bottom |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  const std::size_t centre = (ts.size() - 1) / 2;
  for (const auto& c : w["curves"])
    md << "| " << c["direction"].get<std::string>() << " | " << short_num(c["loss"][centre]) << " | " << short_num(c["argmin_t"])
       << " | " << pm(c["gap"]) << " | " << pm(c["second_difference"]) << " | " << pm(c["fit_curvature"]) << " | "
       << pm(c["fit_slope"]) << " | " << c["outcome"].get<std::string>() << " |\n";
  md << "\nRule: a line has A*ᵀ at its bottom (CONSISTENT) when its grid minimum is t = 0 and both curvature "
        "intervals lie above 0, and contradicts it (INCONSISTENT) when the gap or a curvature is significantly negative. "
        "The verdict is the worst over every line; a fall along the radial or descent line only is INCONCLUSIVE when the "
        "regime's bias alone, ε(2m1 − ε)/m2 = "
     << short_num(w["bias_form"]) << ", is at least 0.1 (that bias moves the critical point away from A*ᵀ by itself), "
        "and the lines' rows say so too.";
  md << special_lines_markdown(w) << "\n\n";
  const std::string verdict = w["verdict"]["verdict"].get<std::string>();
  md << "Verdict on \"A* sits at the bottom of a well\" (every line above): **" << verdict << "** ("
     << w["verdict"]["summary"].get<std::string>() << ")."
     << (verdict == "CONSISTENT" ? " A*ᵀ is at the bottom of every line measured."
                                 : " A*ᵀ is not shown to be the bottom of a well.")
     << "\n\n";
  return md.str();
}

std::string descent_markdown(const json& d) {
  std::ostringstream md;
  md << "### Gradient descent from far away\n\n![Distance to A* per iteration](experiments_descent.svg)\n\n"
     << d["steps"].get<int>() << " steps of size η = " << short_num(d["step_size"]) << " (= " << short_num(d["step_scale"])
     << " / (q_1 m2)) on the population loss with the regime's bias, from starts with every row at the stated distance "
        "from A*_i. Gradient: the exact closed form where deterministic support recovery is certified at the iterate; "
        "otherwise, when at least half of the units are individually certified, the closed form of the oracle gradient "
        "plus the mean correction ∇ − ∇_oracle over a mini-batch of "
     << d["batch"].get<std::uint64_t>() << " samples, else the mean gradient of such a mini-batch; "
     << (d["normalise_rows"].get<bool>() ? "rows renormalised to unit length after each step" : "no row normalisation")
     << ". Loss on a fixed set of " << d["loss_samples"].get<std::uint64_t>() << " samples.\n\n"
     << "| start distance | final max ‖W_i − A*_i‖ | mean | min | loss start → end | exact steps | final mean ‖W_i‖ | "
        "min cos(W_i, A*_i) | outcome |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& r : d["runs"])
    md << "| " << short_num(r["start_distance"]) << " | " << short_num(r["max_distance"].back()) << " | "
       << short_num(r["mean_distance"].back()) << " | " << short_num(r["min_distance"].back()) << " | "
       << short_num(r["loss"].front()) << " → " << short_num(r["loss"].back()) << " | " << r["exact_steps"].get<int>()
       << " | " << short_num(r["final_mean_norm"]) << " | " << short_num(r["final_min_cosine"]) << " | "
       << r["outcome"].get<std::string>() << (r["diverged"].get<bool>() ? " (diverged)" : "") << " |\n";
  md << "\nRule, the same for every start: CONSISTENT when the final max_i ‖W_i − A*_i‖ ≤ "
     << short_num(d["close_distance"])
     << " (a row that close to a unit column is nearer its own atom than any other when μ/√n < 1/2); INCONCLUSIVE when "
        "it is larger but still falling by more than 1 % over the last tenth of the steps; INCONSISTENT when it is larger "
        "and not falling (stalled or moved away), or the iterate diverged. What each run did:";
  for (const auto& r : d["runs"])
    md << " from " << short_num(r["start_distance"]) << ", " << r["behaviour"].get<std::string>() << ";";
  md << "\n\nVerdict on \"gradient descent started far away ends up columnwise close to A*\": **"
     << d["verdict"]["verdict"].get<std::string>() << "** (" << d["verdict"]["summary"].get<std::string>() << "; "
     << descent_choices(d) << ").";
  // Said only where the numbers show it: every row along its atom, and a length off 1 by at least half
  // of the mean distance that remains (so the scale is most of it).
  for (const auto& r : d["runs"]) {
    const double length = r["final_mean_norm"].get<double>(), remaining = r["mean_distance"].back().get<double>();
    if (!r["diverged"].get<bool>() && r["final_min_cosine"].get<double>() > 0.999 && std::abs(length - 1) >= remaining / 2) {
      md << " From start distance " << short_num(r["start_distance"]) << " every row ends pointing along A*_i (smallest cosine "
         << short_num(r["final_min_cosine"]) << ") with mean length " << short_num(length) << " against a mean distance of "
         << short_num(remaining) << ": most of what remains of the distance is a change of scale.";
      break;
    }
  }
  md << "\n\n";
  return md.str();
}

std::string norms_markdown(const json& g) {
  std::ostringstream md;
  const double scale = g["scale"].get<double>();
  md << "### Gradient norm against the distance to A*\n\n![Mean row gradient norm against δ](experiments_gradient_norms.svg)\n\n"
     << "The average over rows of ‖E∇_{W_i} L‖, in units of q_1 m2 = " << short_num(scale)
     << ", at random points with every row at distance δ from A*_i: plain Monte Carlo, and the closed form of the oracle "
        "gradient plus the Monte Carlo correction (exact when deterministic recovery is certified). "
     << g["method"].get<std::string>() << ".\n\n"
     << "| δ | point | recovery certified | recovery rate | closed form / (q_1 m2) | plain / (q_1 m2), ± at "
     << level_text(g["level"].get<double>()) << " | corrected / (q_1 m2), ± at " << level_text(g["level"].get<double>()) << " |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& p : g["points"])
    md << "| " << short_num(p["delta"]) << " | " << p["point"].get<int>() << " | " << (p["recovery_certified"].get<bool>() ? "yes" : "no")
       << " | " << short_num(p["recovery_rate"]) << " | " << short_num(p["closed_form"].get<double>() / scale) << " | "
       << short_num(p["plain"].get<double>() / scale) << " ± " << short_num(p["plain_radius"].get<double>() / scale)
       << " | " << short_num(p["corrected"].get<double>() / scale) << " ± "
       << short_num(p["corrected_radius"].get<double>() / scale) << " |\n";
  const auto& points = g["points"];
  const auto smallest = std::min_element(points.begin(), points.end(),
                                         [](const json& x, const json& y) { return x["delta"].get<double>() < y["delta"].get<double>(); });
  const auto largest = std::max_element(points.begin(), points.end(),
                                        [](const json& x, const json& y) { return x["delta"].get<double>() < y["delta"].get<double>(); });
  const double near = (*smallest)["corrected"].get<double>() / scale, far = (*largest)["corrected"].get<double>() / scale;
  md << "\nAt δ = " << short_num((*smallest)["delta"]) << " the mean gradient norm is " << short_num(near)
     << " of its natural scale q_1 m2, at δ = " << short_num((*largest)["delta"]) << " it is " << short_num(far) << ": "
     << (near < far ? "the gradient is smaller near A*" : "the gradient is not smaller near A* than farther away")
     << (near < small_gradient_fraction ? ", and small compared with q_1 m2." : ", and near A* it is not small compared with q_1 m2.") << "\n\n"
     << "Rule: CONSISTENT when every point at the smallest δ has corrected + radius below " << short_num(small_gradient_fraction)
     << " q_1 m2, INCONSISTENT when every one has corrected − radius above it while the regime's bias alone, "
        "ε(2m1 − ε)/m2, stays below it, else INCONCLUSIVE. Verdict on \"near A* the "
        "average gradient norm is small\": **"
     << g["verdict"]["verdict"].get<std::string>() << "** (" << g["verdict"]["summary"].get<std::string>() << ").\n\n";
  return md.str();
}

}  // namespace

std::string descent_choices(const json& d) {
  return "scae's choices, not the paper's: step size η = " + short_num(d["step_size"]) + " (= " + short_num(d["step_scale"]) +
         " / (q_1 m2)), " + std::to_string(d["steps"].get<int>()) + " steps, the regime's bias held fixed (median ε = " +
         short_num(d["median_bias"]) + ")";
}

json experiments_json(const ExperimentsRun& run) {
  return {{"loss_well", loss_well_json(run)},
          {"descent", descent_json(run.descent, run.options.descent, run.median_bias)},
          {"descent_critical_point", descent_reference_json(run)},
          {"gradient_norms", norms_json(run.gradient_norms, run.options.norms, run.norms_verdict)}};
}

std::string experiments_markdown(const json& e) {
  return "## The paper's experiments, reproduced\n\nThe experiments of the paper (synthetic data) on this regime's A* and "
         "bias. Loss ½‖ŷ − y‖².\n\n" +
         loss_well_markdown(e["loss_well"]) + descent_markdown(e["descent"]) +
         (e.contains("descent_critical_point") ? descent_reference_markdown(e["descent_critical_point"]) : std::string()) +
         norms_markdown(e["gradient_norms"]);
}

void write_experiment_figures(const std::filesystem::path& dir, const json& e) {
  {
    const auto& w = e["loss_well"];
    const auto points = static_cast<Eigen::Index>(w["t"].size()), curves = static_cast<Eigen::Index>(w["curves"].size());
    Figure f{"experiments_loss_well", {"t"}, MatrixXd(points, curves + 1), {}};
    std::ostringstream plot;
    // Random directions give nearly the same curve: distinct dash types and point marks, and the title says so.
    plot << "set title 'Population loss along lines through A*^T (the random-direction curves overlap)'\n"
            "set xlabel 't'\nset ylabel 'E[L(A*^T + t D)]'\nset key outside right top\nset grid\nset autoscale fix\n"
            "set offsets 0, 0, graph 0.05, graph 0.05\nplot ";
    for (Eigen::Index c = 0; c < curves; ++c) {
      const std::string name = w["curves"][c]["direction"].get<std::string>();
      f.columns.push_back(name.rfind("random", 0) == 0 ? "random_" + std::to_string(c) : name);  // or radial, descent
      plot << (c ? ", \\\n     " : "") << "data using 1:" << c + 2 << " with lines lw 1.5"
           << (name == "radial" ? " dt 2 lc rgb 'black'" : name == "descent" ? " dt 4 lc rgb '#c0392b'" : " dt " + std::to_string(c % 5 + 1))
           << " title '" << name << "'";
      if (f.columns.back() != name)  // a random direction: a mark every few points, one point type per curve
        plot << ", \\\n     data every " << 4 << "::" << c << " using 1:" << c + 2 << " with points pt " << c + 4
             << " lc " << c + 1 << " notitle";
    }
    for (Eigen::Index p = 0; p < points; ++p) {
      f.data(p, 0) = w["t"][p].get<double>();
      for (Eigen::Index c = 0; c < curves; ++c) f.data(p, c + 1) = w["curves"][c]["loss"][p].get<double>();
    }
    f.plot = plot.str();
    write_figure(dir, f);
  }
  {
    const auto& d = e["descent"];
    const auto runs = static_cast<Eigen::Index>(d["runs"].size()), iterations = static_cast<Eigen::Index>(d["steps"].get<int>() + 1);
    Figure f{"experiments_descent", {"iteration"}, MatrixXd(iterations, 3 * runs + 1), {}};
    std::ostringstream plot;
    plot << "set title 'Gradient descent: distance ||W_i - A*_i|| per iteration (mean solid, max and min dashed)'\n"
            "set xlabel 'iteration'\nset ylabel 'distance to A*'\nset logscale y\nset key outside right top\nset grid\n"
            "set autoscale xfix\nset offsets 0, 0, graph 0.05, graph 0.05\nplot ";
    const char* colours[] = {"#c0392b", "#2471a3", "#1e8449", "#7d3c98", "#b9770e", "#566573"};
    for (Eigen::Index r = 0; r < runs; ++r) {
      const auto& run = d["runs"][r];
      const std::string start = short_num(run["start_distance"]), colour = colours[r % 6];
      for (const char* which : {"max", "mean", "min"}) f.columns.push_back(std::string(which) + "_start_" + start);
      const auto recorded = static_cast<Eigen::Index>(run["max_distance"].size());  // shorter when diverged
      for (Eigen::Index t = 0; t < iterations; ++t) {
        const auto at = [&](const char* key) { return t < recorded ? run[key][t].get<double>() : std::nan(""); };
        f.data(t, 0) = static_cast<double>(t);
        f.data(t, 3 * r + 1) = at("max_distance");
        f.data(t, 3 * r + 2) = at("mean_distance");
        f.data(t, 3 * r + 3) = at("min_distance");
      }
      plot << (r ? ", \\\n     " : "") << "data using 1:" << 3 * r + 3 << " with lines lw 2 lc rgb '" << colour
           << "' title 'start " << start << "', \\\n     data using 1:" << 3 * r + 2 << " with lines dt 2 lc rgb '"
           << colour << "' notitle, \\\n     data using 1:" << 3 * r + 4 << " with lines dt 2 lc rgb '" << colour
           << "' notitle";
    }
    f.plot = plot.str();
    write_figure(dir, f);
  }
  {
    const auto& g = e["gradient_norms"];
    const double scale = g["scale"].get<double>();
    const auto count = static_cast<Eigen::Index>(g["points"].size());
    Figure f{"experiments_gradient_norms",
             {"delta", "closed_form_ratio", "plain_ratio", "plain_radius_ratio", "corrected_ratio", "corrected_radius_ratio"},
             MatrixXd(count, 6),
             "set title 'Mean over rows of ||E grad_{W_i} L|| / (q_1 m_2) at distance delta'\n"
             "set xlabel 'delta (every row at this distance from A*_i)'\nset ylabel '(1/h) sum_i ||E grad_i|| / (q_1 m_2)'\n"
             "set logscale y\nset key outside right top\nset grid\nset offsets 0.02, 0.02, graph 0.05, graph 0.05\n"
             "plot data using 1:3:(($3-$4) > $3/100 ? $3-$4 : $3/100):($3+$4) with yerrorbars pt 6 lc rgb '#c0392b' title "
             "'plain Monte Carlo', \\\n"
             "     data using 1:5:(($5-$6) > $5/100 ? $5-$6 : $5/100):($5+$6) with yerrorbars pt 7 lc rgb '#2471a3' title "
             "'closed form + Monte Carlo correction', \\\n"
             "     data using 1:2 with points pt 2 ps 1.5 lc rgb 'black' title 'closed form (oracle support)'"};
    for (Eigen::Index p = 0; p < count; ++p) {
      const auto& pt = g["points"][p];
      f.data.row(p) << pt["delta"].get<double>(), pt["closed_form"].get<double>() / scale, pt["plain"].get<double>() / scale,
          pt["plain_radius"].get<double>() / scale, pt["corrected"].get<double>() / scale,
          pt["corrected_radius"].get<double>() / scale;
    }
    write_figure(dir, f);
  }
}

}  // namespace scae
