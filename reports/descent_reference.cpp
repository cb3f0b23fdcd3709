#include "reports/descent_reference.hpp"

#include "runs/json_number.hpp"
#include "reports/markdown_text.hpp"

#include <algorithm>
#include <sstream>

namespace scae {

namespace {

nlohmann::json comparison_json(const RowComparison& c) {
  return {{"frobenius", json_number(c.frobenius)},
          {"max_row_distance", json_number(c.max_row)},
          {"min_cosine", json_number(c.min_cosine)},
          {"mean_cosine", json_number(c.mean_cosine)}};
}

std::string number_or_dash(const nlohmann::json& x) { return x.is_number() ? short_text(x) : std::string("–"); }

}  // namespace

nlohmann::json descent_reference_json(const ExperimentsRun& run) {
  const ReferencePoint& r = run.reference;
  nlohmann::json runs = nlohmann::json::array();
  for (const DescentRun& d : run.descent.runs)
    runs.push_back({{"start_distance", d.start_distance},
                    {"to_a_star", comparison_json(d.to_a_star)},
                    {"to_critical_point", comparison_json(d.to_reference)}});
  return {{"computed", r.computed},
          {"radial_root", r.computed ? json_number(r.radial_root) : nlohmann::json(nullptr)},
          {"ratio", r.computed ? json_number(r.ratio) : nlohmann::json(nullptr)},
          {"converged", r.converged},
          {"note", r.note},
          {"runs", runs}};
}

std::string descent_reference_markdown(const nlohmann::json& c) {
  std::ostringstream md;
  if (!c["computed"].get<bool>() && c["note"].get<std::string>().empty()) return "";  // a run without the comparison
  md << "\n\n#### The end points against the critical point W°\n\n";
  if (!c["computed"].get<bool>()) {
    md << c["note"].get<std::string>() << ": the end points are compared with A*ᵀ only.\n\n";
    return md.str();
  }
  md << c["note"].get<std::string>()
     << " (on this instance, double precision; the estimate, not the certificate). The paper speaks of columnwise "
        "closeness: the cosines are per row, the distances in Frobenius norm and over the rows.\n\n"
     << "| start distance | ‖W − A*ᵀ‖_F | min cos(W_i, A*_i) | mean cos(W_i, A*_i) | ‖W − W°‖_F | max_i ‖W_i − W°_i‖ | "
        "min cos(W_i, W°_i) | mean cos(W_i, W°_i) |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& r : c["runs"]) {
    const auto &a = r["to_a_star"], &w = r["to_critical_point"];
    md << "| " << short_text(r["start_distance"]) << " | " << number_or_dash(a["frobenius"]) << " | "
       << number_or_dash(a["min_cosine"]) << " | " << number_or_dash(a["mean_cosine"]) << " | " << number_or_dash(w["frobenius"])
       << " | " << number_or_dash(w["max_row_distance"]) << " | " << number_or_dash(w["min_cosine"]) << " | "
       << number_or_dash(w["mean_cosine"]) << " |\n";
  }
  md << "\n";
  return md.str();
}

std::string critical_point_sentence(const nlohmann::json& c, double delta) {
  if (!c["computed"].get<bool>() || !c["radial_root"].is_number()) return "";
  const double t = c["radial_root"].get<double>();
  std::ostringstream md;
  md << "**Where the minimum is.** The critical point W° of E L nearest A*ᵀ lies near (1 + t*) A*ᵀ with t* = "
     << short_text(t) << " = " << short_text(t / delta) << " δ (radial root, then Newton–CG, in double; `scae landscape` "
     << "certifies it), outside the δ-ball when t* > δ";
  double to_w = 0, to_a = 0;
  for (const auto& r : c["runs"]) {
    if (r["to_critical_point"]["max_row_distance"].is_number())
      to_w = std::max(to_w, r["to_critical_point"]["max_row_distance"].get<double>());
    if (r["to_a_star"]["max_row_distance"].is_number()) to_a = std::max(to_a, r["to_a_star"]["max_row_distance"].get<double>());
  }
  if (!c["runs"].empty())
    md << "; gradient descent ends within " << short_text(to_w) << " of W° and " << short_text(to_a) << " of A*ᵀ (largest row)";
  md << ".";
  return md.str();
}

}  // namespace scae
