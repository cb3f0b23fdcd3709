#include "reports/landscape_report.hpp"

#include "runs/build_info.hpp"
#include "reports/markdown_text.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace scae {

namespace {

std::string number(double x) { return std::isfinite(x) ? short_text(x) : std::string("n/a"); }

std::string range_text(double lo, double hi) {
  const std::string a = number(lo), b = number(hi);
  return a == b ? a : a + " to " + b;
}

std::string rows_text(const std::vector<int>& rows) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(rows.size(), 8);
  for (std::size_t r = 0; r < shown; ++r) out += (r ? ", " : "") + std::to_string(rows[r]);
  if (rows.size() > shown) out += ", ...";
  return out;
}

void hessian_line(std::ostringstream& out, const char* where, const LanczosEstimate& e) {
  out << "Hessian " << where << ": lambda_min = " << number(e.lambda_min) << ", lambda_max = " << number(e.lambda_max)
      << " (Lanczos, " << e.steps << " products, Ritz residual " << number(e.residual) << "; estimate, not certified)\n";
}

}  // namespace

nlohmann::json landscape_json(const LandscapeRun& run) {
  return landscape_record_json(landscape_record(run, json_schema_version, build_info().commit));
}

std::string landscape_text(const LandscapeRecord& j) {
  std::ostringstream out;
  out << "Landscape of E L near A* (regime " << j.regime << ": h = " << j.h << ", n = " << j.n << ", k = " << j.k
      << ", delta = " << short_text(j.delta) << ", median eps = " << short_text(j.eps_median) << "; loss " << j.loss << ")\n\n";
  out << "Critical point W0 nearest to A*^T (Newton-CG, " << (j.converged ? "converged" : "NOT converged")
      << "): max_i |E grad_i| / (q_i m2) = " << number(j.ratio) << "\n";
  out << "  |W0 - A*^T|: largest row " << short_text(j.max_row_distance) << " (" << short_text(j.max_row_distance / j.delta)
      << " delta), Frobenius " << short_text(j.frobenius_distance) << " (" << short_text(j.frobenius_distance / j.delta)
      << " delta)\n";
  out << "  best fit W0 = c A*^T: c = " << short_text(j.scale) << ", against 1 + eps/3 = " << short_text(j.predicted_scale) << "\n";
  for (const RowGroup& g : j.groups)
    out << "  " << g.name << " rows (" << g.rows.size() << ": " << rows_text(g.rows) << "): |W0_i - A*_i| "
        << range_text(g.distance_min, g.distance_max) << " (" << range_text(g.distance_min / j.delta, g.distance_max / j.delta)
        << " delta), c_i " << range_text(g.scale_min, g.scale_max) << ", own radial root t_i "
        << range_text(g.radial_min, g.radial_max) << "\n";
  out << "Radial root of <E grad((1 + t) A*^T), A*^T>: t* = " << number(j.radial_root) << " (t*/delta = "
      << number(j.radial_root / j.delta) << "), ratio there " << number(j.radial_ratio) << "\n";
  hessian_line(out, "at W0", j.at_point);
  hessian_line(out, "at A*^T", j.at_a);
  out << "\nVerdicts:\n";
  for (const VerdictRecord& v : j.verdicts) out << "  " << v.id << "  " << to_name(v.outcome) << "  " << short_numbers(v.summary) << "\n";
  out << "\nNewton iterates (ratio, E L, CG products, step):\n";
  for (const NewtonIterate& s : j.newton)
    out << "  " << number(s.ratio) << "  " << number(s.loss) << "  " << s.cg_steps << "  " << number(s.step) << "\n";
  out << "Time: " << short_text(j.seconds) << " s\n";
  return out.str();
}

std::string landscape_text(const nlohmann::json& landscape) { return landscape_text(landscape_record_from_json(landscape)); }

}  // namespace scae
