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

// Three significant digits, for prose.
std::string short_num(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}
std::string pm(const BatchEstimate& e) { return short_num(e.value) + " ± " + short_num(e.halfwidth); }
// The same with its level, for prose: "0.1 ± 0.02 at 99.9 %".
std::string pm(const BatchEstimate& e, double level) { return pm(e) + " at " + level_text(level); }

// The curve named `name`, or nullptr.
const LossCurve* curve_named(const LossWellRecord& w, const std::string& name) {
  for (const auto& c : w.curves)
    if (c.direction == name) return &c;
  return nullptr;
}

// What the radial and descent lines show, chosen by their numbers: a fall from A*ᵀ only when the grid
// minimum is away from t = 0 and the gap is below 0 beyond its interval.
std::string special_lines_markdown(const LossWellRecord& w) {
  std::ostringstream md;
  for (const char* name : {"radial", "descent"}) {
    const LossCurve* c = curve_named(w, name);
    if (!c) continue;
    const std::string line = std::string(name) == "radial" ? "the radial direction W = (1 + t) A*ᵀ"
                                                           : "the descent direction −E∇(A*ᵀ) (longest row scaled to 1)";
    const double argmin = c->argmin_t;
    const bool falls = argmin != 0 && c->gap.value + c->gap.halfwidth < 0;
    md << " Along " << line << ": ";
    if (falls) {
      md << "the loss falls from A*ᵀ, to its grid minimum at t = " << short_num(argmin) << " (quadratic-fit vertex "
         << short_num(c->fit_vertex) << "; L(t_min) − L(0) = " << pm(c->gap, w.curve_level) << ")";
      if (std::string(name) == "radial")
        md << ", against ε/3 = " << short_num(w.median_bias / 3)
           << " for the median bias (docs/theory.md §7: the row gradient of a typical row vanishes near t* ≈ ε/3)";
      md << ".";
    } else if (argmin == 0) {
      md << "A*ᵀ is its grid minimum.";
    } else {
      md << "its grid minimum is at t = " << short_num(argmin) << ", but L(t_min) − L(0) = " << pm(c->gap, w.curve_level)
         << " does not tell it from L(0).";
    }
  }
  return md.str();
}

std::string loss_well_markdown(const LossWellRecord& w) {
  std::ostringstream md;
  const std::vector<double>& ts = w.t;
  md << "### The loss well\n\n![E[L] along lines through A*ᵀ](experiments_loss_well.svg)\n\n"
     << "A picture, not the proof: where A*ᵀ's neighbourhood holds a minimum of E L, `scae landscape` locates the "
        "critical point W° and certifies it (landscape.local_minimum, docs/theory.md §10). "
     << "The population loss E[L(A*ᵀ + t D)] on " << ts.size() << " points of [" << short_num(ts.front()) << ", "
     << short_num(ts.back()) << "], estimated with " << w.samples << " common samples (the same for every t) in "
     << w.batches << " batches, along random directions D (" << w.normalisation
     << ") and, where present, the radial direction D = A*ᵀ and the descent direction D = −E∇(A*ᵀ), which random "
        "directions in hn dimensions are almost orthogonal to. Curvature d²E[L]/dt² at t = 0 by the second difference "
        "and by a quadratic fit over "
     << w.fit_points << " points, with Student t intervals over the batches (± at " << level_text(w.curve_level)
     << " each).\n\n"
     << "| direction | E[L(0)] | grid minimum at t | L(t_min) − L(0) | second difference | fit curvature | fit slope | "
        "A*ᵀ at the bottom |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  const std::size_t centre = (ts.size() - 1) / 2;
  for (const LossCurve& c : w.curves)
    md << "| " << c.direction << " | " << short_num(c.loss[centre]) << " | " << short_num(c.argmin_t) << " | " << pm(c.gap) << " | "
       << pm(c.second_difference) << " | " << pm(c.fit_curvature) << " | " << pm(c.fit_slope) << " | " << to_name(c.outcome) << " |\n";
  md << "\nRule: a line has A*ᵀ at its bottom (CONSISTENT) when its grid minimum is t = 0 and both curvature "
        "intervals lie above 0, and contradicts it (INCONSISTENT) when the gap or a curvature is significantly negative. "
        "The verdict is the worst over every line; a fall along the radial or descent line only is INCONCLUSIVE when the "
        "regime's bias alone, ε(2m1 − ε)/m2 = "
     << short_num(w.bias_form) << ", is at least 0.1 (that bias moves the critical point away from A*ᵀ by itself), "
        "and the lines' rows say so too.";
  md << special_lines_markdown(w) << "\n\n";
  const std::string verdict = to_name(w.verdict.outcome);
  md << "Verdict on \"A* sits at the bottom of a well\" (every line above): **" << verdict << "** (" << w.verdict.summary << ")."
     << (verdict == "CONSISTENT" ? " A*ᵀ is at the bottom of every line measured."
                                 : " A*ᵀ is not shown to be the bottom of a well.")
     << "\n\n";
  return md.str();
}

std::string descent_markdown(const DescentRecord& d) {
  std::ostringstream md;
  md << "### Gradient descent from far away\n\n![Distance to A* per iteration](experiments_descent.svg)\n\n"
     << d.steps << " steps of size η = " << short_num(d.step_size) << " (= " << short_num(d.step_scale)
     << " / (q_1 m2)) on the population loss with the regime's bias, from starts with every row at the stated distance "
        "from A*_i. Gradient: the exact closed form where deterministic support recovery is certified at the iterate; "
        "otherwise, when at least half of the units are individually certified, the closed form of the oracle gradient "
        "plus the mean correction ∇ − ∇_oracle over a mini-batch of "
     << d.batch << " samples, else the mean gradient of such a mini-batch; "
     << (d.normalise_rows ? "rows renormalised to unit length after each step" : "no row normalisation")
     << ". Loss on a fixed set of " << d.loss_samples << " samples.\n\n"
     << "| start distance | final max ‖W_i − A*_i‖ | mean | min | loss start → end | exact steps | final mean ‖W_i‖ | "
        "min cos(W_i, A*_i) | outcome |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const DescentRunRecord& r : d.runs)
    md << "| " << short_num(r.start_distance) << " | " << short_num(r.max_distance.back()) << " | " << short_num(r.mean_distance.back())
       << " | " << short_num(r.min_distance.back()) << " | " << short_num(r.loss.front()) << " → " << short_num(r.loss.back()) << " | "
       << r.exact_steps << " | " << short_num(r.final_mean_norm) << " | " << short_num(r.final_min_cosine) << " | "
       << to_name(r.outcome) << (r.diverged ? " (diverged)" : "") << " |\n";
  md << "\nRule, the same for every start: CONSISTENT when the final max_i ‖W_i − A*_i‖ ≤ "
     << short_num(d.close_distance)
     << " (a row that close to a unit column is nearer its own atom than any other when μ/√n < 1/2); INCONCLUSIVE when "
        "it is larger but still falling by more than 1 % over the last tenth of the steps; INCONSISTENT when it is larger "
        "and not falling (stalled or moved away), or the iterate diverged. What each run did:";
  for (const DescentRunRecord& r : d.runs) md << " from " << short_num(r.start_distance) << ", " << r.behaviour << ";";
  md << "\n\nVerdict on \"gradient descent started far away ends up columnwise close to A*\": **"
     << to_name(d.verdict.outcome) << "** (" << d.verdict.summary << "; "
     << descent_choices(d) << ").";
  // Said only where the numbers show it: every row along its atom, and a length off 1 by at least half
  // of the mean distance that remains (so the scale is most of it).
  for (const DescentRunRecord& r : d.runs) {
    const double length = r.final_mean_norm, remaining = r.mean_distance.back();
    if (!r.diverged && r.final_min_cosine > 0.999 && std::abs(length - 1) >= remaining / 2) {
      md << " From start distance " << short_num(r.start_distance) << " every row ends pointing along A*_i (smallest cosine "
         << short_num(r.final_min_cosine) << ") with mean length " << short_num(length) << " against a mean distance of "
         << short_num(remaining) << ": most of what remains of the distance is a change of scale.";
      break;
    }
  }
  md << "\n\n";
  return md.str();
}

std::string norms_markdown(const GradientNormsRecord& g) {
  std::ostringstream md;
  const double scale = g.scale;
  md << "### Gradient norm against the distance to A*\n\n![Mean row gradient norm against δ](experiments_gradient_norms.svg)\n\n"
     << "The average over rows of ‖E∇_{W_i} L‖, in units of q_1 m2 = " << short_num(scale)
     << ", at random points with every row at distance δ from A*_i: plain Monte Carlo, and the closed form of the oracle "
        "gradient plus the Monte Carlo correction (exact when deterministic recovery is certified). "
     << g.method << ".\n\n"
     << "| δ | point | recovery certified | recovery rate | closed form / (q_1 m2) | plain / (q_1 m2), ± at "
     << level_text(g.level) << " | corrected / (q_1 m2), ± at " << level_text(g.level) << " |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const GradientNormPoint& p : g.points)
    md << "| " << short_num(p.delta) << " | " << p.point << " | " << (p.recovery_certified ? "yes" : "no") << " | "
       << short_num(p.recovery_rate) << " | " << short_num(p.closed_form / scale) << " | " << short_num(p.plain / scale) << " ± "
       << short_num(p.plain_radius / scale) << " | " << short_num(p.corrected / scale) << " ± " << short_num(p.corrected_radius / scale)
       << " |\n";
  const auto by_delta = [](const GradientNormPoint& x, const GradientNormPoint& y) { return x.delta < y.delta; };
  const auto smallest = std::min_element(g.points.begin(), g.points.end(), by_delta);
  const auto largest = std::max_element(g.points.begin(), g.points.end(), by_delta);
  const double near = smallest->corrected / scale, far = largest->corrected / scale;
  md << "\nAt δ = " << short_num(smallest->delta) << " the mean gradient norm is " << short_num(near)
     << " of its natural scale q_1 m2, at δ = " << short_num(largest->delta) << " it is " << short_num(far) << ": "
     << (near < far ? "the gradient is smaller near A*" : "the gradient is not smaller near A* than farther away")
     << (near < small_gradient_fraction ? ", and small compared with q_1 m2." : ", and near A* it is not small compared with q_1 m2.") << "\n\n"
     << "Rule: CONSISTENT when every point at the smallest δ has corrected + radius below " << short_num(small_gradient_fraction)
     << " q_1 m2, INCONSISTENT when every one has corrected − radius above it while the regime's bias alone, "
        "ε(2m1 − ε)/m2, stays below it, else INCONCLUSIVE. Verdict on \"near A* the "
        "average gradient norm is small\": **"
     << to_name(g.verdict.outcome) << "** (" << g.verdict.summary << ").\n\n";
  return md.str();
}

void loss_well_figure(const std::filesystem::path& dir, const LossWellRecord& w) {
  const auto points = static_cast<Eigen::Index>(w.t.size()), curves = static_cast<Eigen::Index>(w.curves.size());
  Figure f{"experiments_loss_well", {"t"}, MatrixXd(points, curves + 1), {}};
  std::ostringstream plot;
  // Random directions give nearly the same curve: distinct dash types and point marks, and the title says so.
  plot << "set title 'Population loss along lines through A*^T (the random-direction curves overlap)'\n"
          "set xlabel 't'\nset ylabel 'E[L(A*^T + t D)]'\nset key outside right top\nset grid\nset autoscale fix\n"
          "set offsets 0, 0, graph 0.05, graph 0.05\nplot ";
  for (Eigen::Index c = 0; c < curves; ++c) {
    const std::string name = w.curves[static_cast<std::size_t>(c)].direction;
    f.columns.push_back(name.rfind("random", 0) == 0 ? "random_" + std::to_string(c) : name);  // or radial, descent
    plot << (c ? ", \\\n     " : "") << "data using 1:" << c + 2 << " with lines lw 1.5"
         << (name == "radial" ? " dt 2 lc rgb 'black'" : name == "descent" ? " dt 4 lc rgb '#c0392b'" : " dt " + std::to_string(c % 5 + 1))
         << " title '" << name << "'";
    if (f.columns.back() != name)  // a random direction: a mark every few points, one point type per curve
      plot << ", \\\n     data every " << 4 << "::" << c << " using 1:" << c + 2 << " with points pt " << c + 4
           << " lc " << c + 1 << " notitle";
  }
  for (Eigen::Index p = 0; p < points; ++p) {
    f.data(p, 0) = w.t[static_cast<std::size_t>(p)];
    for (Eigen::Index c = 0; c < curves; ++c) f.data(p, c + 1) = w.curves[static_cast<std::size_t>(c)].loss[static_cast<std::size_t>(p)];
  }
  f.plot = plot.str();
  write_figure(dir, f);
}

void descent_figure(const std::filesystem::path& dir, const DescentRecord& d) {
  const auto runs = static_cast<Eigen::Index>(d.runs.size()), iterations = static_cast<Eigen::Index>(d.steps + 1);
  Figure f{"experiments_descent", {"iteration"}, MatrixXd(iterations, 3 * runs + 1), {}};
  std::ostringstream plot;
  plot << "set title 'Gradient descent: distance ||W_i - A*_i|| per iteration (mean solid, max and min dashed)'\n"
          "set xlabel 'iteration'\nset ylabel 'distance to A*'\nset logscale y\nset key outside right top\nset grid\n"
          "set autoscale xfix\nset offsets 0, 0, graph 0.05, graph 0.05\nplot ";
  const char* colours[] = {"#c0392b", "#2471a3", "#1e8449", "#7d3c98", "#b9770e", "#566573"};
  for (Eigen::Index r = 0; r < runs; ++r) {
    const DescentRunRecord& run = d.runs[static_cast<std::size_t>(r)];
    const std::string start = short_num(run.start_distance), colour = colours[r % 6];
    for (const char* which : {"max", "mean", "min"}) f.columns.push_back(std::string(which) + "_start_" + start);
    const auto recorded = static_cast<Eigen::Index>(run.max_distance.size());  // shorter when diverged
    for (Eigen::Index t = 0; t < iterations; ++t) {
      const auto at = [&](const std::vector<double>& xs) { return t < recorded ? xs[static_cast<std::size_t>(t)] : std::nan(""); };
      f.data(t, 0) = static_cast<double>(t);
      f.data(t, 3 * r + 1) = at(run.max_distance);
      f.data(t, 3 * r + 2) = at(run.mean_distance);
      f.data(t, 3 * r + 3) = at(run.min_distance);
    }
    plot << (r ? ", \\\n     " : "") << "data using 1:" << 3 * r + 3 << " with lines lw 2 lc rgb '" << colour
         << "' title 'start " << start << "', \\\n     data using 1:" << 3 * r + 2 << " with lines dt 2 lc rgb '"
         << colour << "' notitle, \\\n     data using 1:" << 3 * r + 4 << " with lines dt 2 lc rgb '" << colour
         << "' notitle";
  }
  f.plot = plot.str();
  write_figure(dir, f);
}

void norms_figure(const std::filesystem::path& dir, const GradientNormsRecord& g) {
  const double scale = g.scale;
  const auto count = static_cast<Eigen::Index>(g.points.size());
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
    const GradientNormPoint& pt = g.points[static_cast<std::size_t>(p)];
    f.data.row(p) << pt.delta, pt.closed_form / scale, pt.plain / scale, pt.plain_radius / scale, pt.corrected / scale,
        pt.corrected_radius / scale;
  }
  write_figure(dir, f);
}

}  // namespace

std::string descent_choices(const DescentRecord& d) {
  return "scae's choices, not the paper's: step size η = " + short_num(d.step_size) + " (= " + short_num(d.step_scale) +
         " / (q_1 m2)), " + std::to_string(d.steps) + " steps, the regime's bias held fixed (median ε = " + short_num(d.median_bias) +
         ")";
}

std::string experiments_markdown(const ExperimentsRecord& e) {
  return "## The paper's experiments, reproduced\n\nThe experiments of the paper (synthetic data) on this regime's A* and "
         "bias. Loss ½‖ŷ − y‖².\n\n" +
         loss_well_markdown(e.loss_well) + descent_markdown(e.descent) +
         (e.critical_point ? descent_reference_markdown(*e.critical_point) : std::string()) + norms_markdown(e.gradient_norms);
}

void write_experiment_figures(const std::filesystem::path& dir, const ExperimentsRecord& e) {
  loss_well_figure(dir, e.loss_well);
  descent_figure(dir, e.descent);
  norms_figure(dir, e.gradient_norms);
}

}  // namespace scae
