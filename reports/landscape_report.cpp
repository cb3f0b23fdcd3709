#include "reports/landscape_report.hpp"

#include "reports/build_info.hpp"
#include "runs/json_number.hpp"
#include "reports/markdown_text.hpp"

#include <algorithm>
#include <sstream>

namespace scae {

namespace {

using nlohmann::json;

json lanczos_json(const LanczosEstimate& e) {
  return {{"lambda_min", json_number(e.lambda_min)}, {"lambda_max", json_number(e.lambda_max)},
          {"ritz_residual", json_number(e.residual)}, {"hessian_products", e.steps},
          {"status", "estimate, not certified"}, {"method", "Lanczos with full reorthogonalisation"}};
}

json group_json(const RowGroup& g, double delta) {
  return {{"group", g.name},
          {"count", g.rows.size()},
          {"rows", g.rows},
          {"distance", {json_number(g.distance_min), json_number(g.distance_max)}},
          {"distance_over_delta", {json_number(g.distance_min / delta), json_number(g.distance_max / delta)}},
          {"scale", {json_number(g.scale_min), json_number(g.scale_max)}},
          {"radial_root", {json_number(g.radial_min), json_number(g.radial_max)}}};
}

json verdict_json(const std::string& id, const Verdict& v) {
  json evidence = json::array();
  for (const Evidence& e : v.evidence) evidence.push_back({{"name", e.name}, {"value", e.text()}});
  return {{"id", id}, {"verdict", to_name(v.outcome)}, {"method", to_name(v.method)}, {"summary", v.summary},
          {"how", v.how}, {"evidence", evidence}};
}

std::string range_text(const json& pair) {
  const std::string lo = pair[0].is_null() ? "n/a" : short_text(pair[0].get<double>());
  const std::string hi = pair[1].is_null() ? "n/a" : short_text(pair[1].get<double>());
  return lo == hi ? lo : lo + " to " + hi;
}

std::string rows_text(const json& rows) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(rows.size(), 8);
  for (std::size_t r = 0; r < shown; ++r) out += (r ? ", " : "") + std::to_string(rows[r].get<int>());
  if (rows.size() > shown) out += ", ...";
  return out;
}

std::string number(const json& x) { return x.is_null() ? "n/a" : short_text(x.get<double>()); }

}  // namespace

json landscape_json(const LandscapeRun& run) {
  const auto& p = run.point;
  json steps = json::array();
  for (const NewtonIterate& it : p.iterates)
    steps.push_back({{"ratio", json_number(it.ratio)}, {"loss", json_number(it.loss)}, {"cg_steps", it.cg_steps},
                     {"step", json_number(it.step)}});
  json groups = json::array();
  for (const RowGroup& g : run.groups) groups.push_back(group_json(g, run.delta));
  json verdicts = json::array();
  for (const auto& [id, v] : run.verdicts) verdicts.push_back(verdict_json(id, v));
  return {{"schema_version", json_schema_version},
          {"commit", build_info().commit},
          {"regime", run.regime},
          {"loss", "1/2 |y_hat - y|^2"},
          {"n", run.n},
          {"h", run.h},
          {"k", run.k},
          {"delta", run.delta},
          {"eps_median", run.eps_median},
          {"radial_root",
           {{"t", json_number(run.radial.t)}, {"t_over_delta", json_number(run.radial.t / run.delta)},
            {"ratio", json_number(run.radial.ratio)}}},
          {"critical_point",
           {{"converged", p.converged},
            {"ratio", json_number(p.ratio)},
            {"expected_loss", json_number(p.loss)},
            {"max_row_distance", run.max_row_distance},
            {"max_row_distance_over_delta", run.max_row_distance / run.delta},
            {"frobenius_distance", run.frobenius_distance},
            {"frobenius_distance_over_delta", run.frobenius_distance / run.delta},
            {"scale", run.scale},
            {"predicted_scale", run.predicted_scale},
            {"newton", steps}}},
          {"row_groups", groups},
          {"hessian", {{"at_critical_point", lanczos_json(run.at_point)}, {"at_a_star", lanczos_json(run.at_a)}}},
          {"verdicts", verdicts},
          {"seconds", run.seconds}};
}

std::string landscape_text(const json& j) {
  std::ostringstream out;
  const json& p = j["critical_point"];
  out << "Landscape of E L near A* (regime " << j["regime"].get<std::string>() << ": h = " << j["h"] << ", n = " << j["n"]
      << ", k = " << j["k"] << ", delta = " << short_text(j["delta"].get<double>())
      << ", median eps = " << short_text(j["eps_median"].get<double>()) << "; loss " << j["loss"].get<std::string>() << ")\n\n";
  out << "Critical point W0 nearest to A*^T (Newton-CG, " << (p["converged"].get<bool>() ? "converged" : "NOT converged")
      << "): max_i |E grad_i| / (q_i m2) = " << number(p["ratio"]) << "\n";
  out << "  |W0 - A*^T|: largest row " << short_text(p["max_row_distance"].get<double>()) << " ("
      << short_text(p["max_row_distance_over_delta"].get<double>()) << " delta), Frobenius "
      << short_text(p["frobenius_distance"].get<double>()) << " (" << short_text(p["frobenius_distance_over_delta"].get<double>())
      << " delta)\n";
  out << "  best fit W0 = c A*^T: c = " << short_text(p["scale"].get<double>()) << ", against 1 + eps/3 = "
      << short_text(p["predicted_scale"].get<double>()) << "\n";
  for (const json& g : j["row_groups"])
    out << "  " << g["group"].get<std::string>() << " rows (" << g["count"] << ": " << rows_text(g["rows"])
        << "): |W0_i - A*_i| " << range_text(g["distance"]) << " (" << range_text(g["distance_over_delta"])
        << " delta), c_i " << range_text(g["scale"]) << ", own radial root t_i " << range_text(g["radial_root"]) << "\n";
  const json& r = j["radial_root"];
  out << "Radial root of <E grad((1 + t) A*^T), A*^T>: t* = " << number(r["t"]) << " (t*/delta = " << number(r["t_over_delta"])
      << "), ratio there " << number(r["ratio"]) << "\n";
  for (const char* at : {"at_critical_point", "at_a_star"}) {
    const json& e = j["hessian"][at];
    out << "Hessian " << (std::string(at) == "at_a_star" ? "at A*^T" : "at W0") << ": lambda_min = " << number(e["lambda_min"])
        << ", lambda_max = " << number(e["lambda_max"]) << " (Lanczos, " << e["hessian_products"]
        << " products, Ritz residual " << number(e["ritz_residual"]) << "; estimate, not certified)\n";
  }
  out << "\nVerdicts:\n";
  for (const json& v : j["verdicts"])
    out << "  " << v["id"].get<std::string>() << "  " << v["verdict"].get<std::string>() << "  "
        << short_numbers(v["summary"].get<std::string>()) << "\n";
  out << "\nNewton iterates (ratio, E L, CG products, step):\n";
  for (const json& s : p["newton"])
    out << "  " << number(s["ratio"]) << "  " << number(s["loss"]) << "  " << s["cg_steps"] << "  " << number(s["step"]) << "\n";
  out << "Time: " << short_text(j["seconds"].get<double>()) << " s\n";
  return out.str();
}

}  // namespace scae
