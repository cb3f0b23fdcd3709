#include "reports/landscape_path_report.hpp"

#include "reports/figure.hpp"
#include "reports/markdown_text.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>

namespace scae {

namespace {

bool computed(const SweepPointResult& p) { return std::isfinite(p.landscape.t) && std::isfinite(p.landscape.distance_over_delta); }

std::vector<const SweepPointResult*> computed_points(const std::vector<SweepPointResult>& points) {
  std::vector<const SweepPointResult*> out;
  for (const auto& p : points)
    if (computed(p)) out.push_back(&p);
  return out;
}

// Least-squares slope of log y against log h over the points (NaN with fewer than two).
double log_slope(const std::vector<const SweepPointResult*>& points, const std::function<double(const SweepPointResult&)>& y) {
  if (points.size() < 2) return NAN;
  double mx = 0, my = 0;
  for (const auto* p : points) mx += std::log(static_cast<double>(p->point.h)), my += std::log(y(*p));
  mx /= static_cast<double>(points.size());
  my /= static_cast<double>(points.size());
  double sxy = 0, sxx = 0;
  for (const auto* p : points) {
    const double dx = std::log(static_cast<double>(p->point.h)) - mx;
    sxy += dx * (std::log(y(*p)) - my);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

std::string text_or_dash(double x) { return std::isfinite(x) ? short_text(x) : std::string("–"); }
std::string text_or_dash(const std::string& x) { return x.empty() ? std::string("–") : x; }
std::string text_or_dash(const std::optional<Outcome>& x) { return x ? to_name(*x) : std::string("–"); }

}  // namespace

std::string landscape_path_sentence(const std::vector<SweepPointResult>& all) {
  const auto points = computed_points(all);
  if (points.empty()) return "";
  const PathLandscape &first = points.front()->landscape, &last = points.back()->landscape;
  int outside = 0;
  for (const auto* p : points) outside += p->landscape.distance_over_delta > 1;
  std::ostringstream out;
  out << "Along (1 + t) A*ᵀ the closed-form E L has its critical point at t* = " << short_text(first.t) << " (h = "
      << points.front()->point.h << ") to " << short_text(last.t) << " (h = " << points.back()->point.h
      << "); the critical point found (W° where Newton–CG ran, else (1 + t*) A*ᵀ) lies " << short_text(first.distance_over_delta)
      << " to " << short_text(last.distance_over_delta) << " times the path's δ from A*ᵀ (largest row distance). ";
  if (points.size() >= 2) {
    const auto t = [](const SweepPointResult& p) { return std::abs(p.landscape.t); };
    const auto eps = [](const SweepPointResult& p) { return p.main.eps_median; };
    const auto ratio = [](const SweepPointResult& p) { return p.landscape.distance_over_delta; };
    out << "Fitted log-log slopes in h: t* " << short_text(log_slope(points, t)) << ", the median bias ε "
        << short_text(log_slope(points, eps)) << ", the distance in units of δ " << short_text(log_slope(points, ratio)) << ". ";
  }
  std::string oracle_only;
  for (const auto* p : points)
    if (p->landscape.recovery_there != Outcome::proven) oracle_only += (oracle_only.empty() ? "" : ", ") + std::to_string(p->point.h);
  if (!oracle_only.empty())
    out << "Recovery is not certified at the critical point found at h = " << oracle_only
        << ": there it is a critical point of the closed form (the oracle loss), not shown to be one of the true E L. ";
  if (outside == static_cast<int>(points.size()))
    out << "At every computed point it lies outside the δ-ball of Theorem 3.2.";
  else if (outside == 0)
    out << "At every computed point it lies inside the δ-ball of Theorem 3.2.";
  else
    out << "It lies outside the δ-ball of Theorem 3.2 at " << outside << " of " << points.size() << " computed points.";
  return out.str();
}

std::string landscape_path_markdown(const std::vector<SweepPointResult>& points) {
  if (computed_points(points).empty()) return "";
  std::ostringstream md;
  md << "\n### The critical point along the path\n\n![distance to the critical point in units of δ against h](landscape_path.svg)\n\n"
     << landscape_path_sentence(points) << "\n\n"
     << "| h | δ | search | t* | t*/δ | distance/δ | ratio there | recovery there | local minimum | in δ-ball | λ | r | note |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& p : points) {
    const PathLandscape& l = p.landscape;
    md << "| " << p.point.h << " | " << text_or_dash(l.delta) << " | " << to_name(l.method) << " | " << text_or_dash(l.t) << " | "
       << text_or_dash(l.t_over_delta) << " | " << text_or_dash(l.distance_over_delta) << " | " << text_or_dash(l.ratio) << " | "
       << text_or_dash(l.recovery_there) << " | " << text_or_dash(l.local_minimum) << " | "
       << text_or_dash(l.critical_point_in_delta_ball) << " | " << text_or_dash(l.lambda) << " | " << text_or_dash(l.radius) << " | "
       << text_or_dash(l.note) << " |\n";
  }
  md << "\nt* is the root of d/dt E L((1 + t) A*ᵀ) nearest 0 (exact cubic, double precision); the distance and the ratio "
        "max_i ‖E∇_{W_i}‖/(q_i m2) are at W° where Newton–CG ran, else at (1 + t*) A*ᵀ: estimates, not certified. The "
        "verdicts, λ and r are the certificate's (theory/landscape_certificate.hpp) at W°. Data: `landscape_path.dat`, "
        "script: `landscape_path.gp`.\n";
  return md.str();
}

void write_landscape_path_figure(const std::filesystem::path& dir, const std::vector<SweepPointResult>& all) {
  const auto points = computed_points(all);
  if (points.empty()) return;
  Figure figure{"landscape_path", {"h", "distance_over_delta", "radial_root_over_delta", "radial_root", "delta"},
                MatrixXd(static_cast<Eigen::Index>(points.size()), 5), {}};
  for (std::size_t i = 0; i < points.size(); ++i) {
    const PathLandscape& l = points[i]->landscape;
    figure.data.row(static_cast<Eigen::Index>(i)) << static_cast<double>(points[i]->point.h), l.distance_over_delta,
        std::abs(l.t_over_delta), std::abs(l.t), l.delta;
  }
  const double h0 = figure.data(0, 0), h1 = figure.data(figure.data.rows() - 1, 0);
  std::ostringstream plot;
  plot << "set title 'Distance from A*^T to the critical point of the closed-form E L, in units of the path delta'\n"
          "set xlabel 'h'\nset ylabel 'max_i |W_i - A*_i| / delta'\nset logscale xy\nset grid\nset key top left box opaque\n"
       << "set xrange [" << h0 / 1.3 << ":" << h1 * 1.3 << "]\n"
       << "set yrange [" << std::min(0.5, figure.data.col(1).minCoeff() / 1.5) << ":" << figure.data.col(2).maxCoeff() * 1.5
       << "]\n"
       << "plot data using 1:2 with linespoints pt 7 lw 2 lc rgb '#2471a3' title 'critical point (W° or (1 + t*) A*^T)', \\\n"
          "     data using 1:3 with points pt 6 ps 1.5 lc rgb '#b9770e' title '|t*| / delta (radial root)', \\\n"
          "     1 with lines dt 2 lw 2 lc rgb '#c0392b' title 'the delta-ball of Theorem 3.2'";
  figure.plot = plot.str();
  write_figure(dir, figure);
}

}  // namespace scae
