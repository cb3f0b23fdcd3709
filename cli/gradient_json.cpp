#include "gradient_json.hpp"

#include "build_info.hpp"
#include "claim_catalog.hpp"

namespace scae {

namespace {
nlohmann::json numbers(const VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

nlohmann::json estimate_json(const GradientEstimate& e, Eigen::Index r, const MonteCarloResult& mc) {
  return {{"mean", numbers(e.mean.row(r).transpose())}, {"halfwidth", numbers(e.halfwidth.row(r).transpose())},
          {"samples", mc.samples}, {"confidence", mc.confidence}, {"method", mc.method()}};
}
}  // namespace

nlohmann::json gradient_json(const Instance& instance, const std::vector<int>& rows, int threads) {
  for (const int row : rows)
    if (row < 0 || row >= instance.h())
      throw std::invalid_argument("row " + std::to_string(row) + "; accepted: [0, " + std::to_string(instance.h() - 1) + "]");
  ClaimContext context(instance, rows, threads, 1);
  const MonteCarloResult& mc = context.monte_carlo();
  const bool certified = context.recovery_certified();
  nlohmann::json out;
  out["schema_version"] = json_schema_version;
  out["commit"] = build_info().commit;
  out["seed"] = mc.seed;
  out["samples"] = mc.samples;
  out["loss"] = "1/2 |y_hat - y|^2";
  out["recovery_certified"] = certified;
  out["rows"] = nlohmann::json::array();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto terms = context.closed_form().row(rows[r]);
    nlohmann::json row = {{"row", rows[r]}, {"closed_form", numbers(terms.total)}, {"closed_form_norm", terms.total.norm()},
                          {"monte_carlo_norm", mc.gradient.norm(static_cast<Eigen::Index>(r))},
                          {"monte_carlo_norm_radius", mc.gradient.norm_radius(static_cast<Eigen::Index>(r))}};
    nlohmann::json classes = nlohmann::json::object();
    for (const auto& [cls, vec] : terms.terms) classes[term_class_name(cls)] = numbers(vec);
    row["terms"] = classes;
    if (certified) {
      PrecisionGuard guard(128);
      const auto box = context.closed_form_interval().row(rows[r]).total;
      nlohmann::json enclosure = nlohmann::json::array();
      for (Eigen::Index t = 0; t < box.size(); ++t) {
        const auto [lo, hi] = outward_doubles(box(t));
        enclosure.push_back({lo, hi});
      }
      row["enclosure"] = enclosure;
    } else {
      row["enclosure"] = nullptr;
    }
    row["monte_carlo"] = estimate_json(mc.gradient, static_cast<Eigen::Index>(r), mc);
    row["oracle_correction"] = estimate_json(mc.correction, static_cast<Eigen::Index>(r), mc);
    out["rows"].push_back(row);
  }
  return out;
}

}  // namespace scae
