#include "reports/descent_reference.hpp"

#include "reports/markdown_text.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace scae {

namespace {

std::string number_or_dash(double x) { return std::isfinite(x) ? short_text(x) : std::string("–"); }

}  // namespace

std::string descent_reference_markdown(const DescentReferenceRecord& c) {
  const ReferencePoint& reference = c.reference;
  std::ostringstream md;
  if (!reference.computed && reference.note.empty()) return "";  // a run without the comparison
  md << "\n\n#### The end points against the critical point W°\n\n";
  if (!reference.computed) {
    md << reference.note << ": the end points are compared with A*ᵀ only.\n\n";
    return md.str();
  }
  md << reference.note
     << " (on this instance, double precision; the estimate, not the certificate). The paper speaks of columnwise "
        "closeness: the cosines are per row, the distances in Frobenius norm and over the rows.\n\n"
     << "| start distance | ‖W − A*ᵀ‖_F | min cos(W_i, A*_i) | mean cos(W_i, A*_i) | ‖W − W°‖_F | max_i ‖W_i − W°_i‖ | "
        "min cos(W_i, W°_i) | mean cos(W_i, W°_i) |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const DescentEndPoint& r : c.runs) {
    const RowComparison &a = r.to_a_star, &w = r.to_critical_point;
    md << "| " << short_text(r.start_distance) << " | " << number_or_dash(a.frobenius) << " | " << number_or_dash(a.min_cosine)
       << " | " << number_or_dash(a.mean_cosine) << " | " << number_or_dash(w.frobenius) << " | " << number_or_dash(w.max_row)
       << " | " << number_or_dash(w.min_cosine) << " | " << number_or_dash(w.mean_cosine) << " |\n";
  }
  md << "\n";
  return md.str();
}

std::string critical_point_sentence(const DescentReferenceRecord& c, double delta) {
  if (!c.reference.computed || !std::isfinite(c.reference.radial_root)) return "";
  const double t = c.reference.radial_root;
  std::ostringstream md;
  md << "**Where the minimum is.** The critical point W° of E L nearest A*ᵀ lies near (1 + t*) A*ᵀ with t* = "
     << short_text(t) << " = " << short_text(t / delta) << " δ (radial root, then Newton–CG, in double; `scae landscape` "
     << "certifies it), outside the δ-ball when t* > δ";
  double to_w = 0, to_a = 0;
  for (const DescentEndPoint& r : c.runs) {
    if (std::isfinite(r.to_critical_point.max_row)) to_w = std::max(to_w, r.to_critical_point.max_row);
    if (std::isfinite(r.to_a_star.max_row)) to_a = std::max(to_a, r.to_a_star.max_row);
  }
  if (!c.runs.empty())
    md << "; gradient descent ends within " << short_text(to_w) << " of W° and " << short_text(to_a) << " of A*ᵀ (largest row)";
  md << ".";
  return md.str();
}

}  // namespace scae
