#include "gradient_json.hpp"

#include "build_info.hpp"
#include "claim_catalog.hpp"
#include "row_conditional.hpp"

namespace scae {

namespace {
nlohmann::json numbers(const VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

nlohmann::json estimate_json(const GradientEstimate& e, Eigen::Index r, std::uint64_t samples, double confidence,
                             const std::string& method) {
  return {{"mean", numbers(e.mean.row(r).transpose())}, {"halfwidth", numbers(e.halfwidth.row(r).transpose())},
          {"samples", samples}, {"confidence", confidence}, {"method", method}};
}

// The rows' true gradient by the row-conditional estimator (numerics/estimate/row_conditional.hpp),
// the regime's samples for each of its two terms; where recovery is certified no unit fires off its
// support and the second term is exactly 0.
RowConditionalResult row_conditional(const Instance& instance, const std::vector<int>& rows, int threads, double confidence,
                                     bool certified) {
  RowConditionalOptions o;
  o.rows = rows;
  o.run.seed = instance.monte_carlo.seed;
  o.run.batches = instance.monte_carlo.batches;
  o.run.confidence = confidence;
  o.run.threads = threads;
  o.run.distributed = true;
  o.given_samples = o.without_samples = instance.monte_carlo.samples;
  if (certified) o.no_false_firing = rows;
  return estimate_rows_conditionally(instance.a, instance.w, instance.eps, instance.code, o);
}
}  // namespace

nlohmann::json gradient_json(const Instance& instance, const std::vector<int>& rows, int threads) {
  for (const int row : rows)
    if (row < 0 || row >= instance.h())
      throw std::invalid_argument("row " + std::to_string(row) + "; accepted: [0, " + std::to_string(instance.h() - 1) + "]");
  ClaimContext context(instance, rows, threads, 1);
  const MonteCarloResult& mc = context.monte_carlo();
  const bool certified = context.recovery_certified();
  const RowConditionalResult conditional = row_conditional(instance, rows, threads, mc.confidence, certified);
  const GradientEstimate& gradient = conditional.gradient;
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
                          {"monte_carlo_norm", gradient.norm(static_cast<Eigen::Index>(r))},
                          {"monte_carlo_norm_radius", gradient.norm_radius(static_cast<Eigen::Index>(r))}};
    nlohmann::json classes = nlohmann::json::object();
    for (const auto& [cls, vec] : terms.terms) classes[to_name(cls)] = numbers(vec);
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
    const RowTerms& terms_mc = conditional.terms[r];
    row["monte_carlo"] = estimate_json(gradient, static_cast<Eigen::Index>(r), terms_mc.drawn_given + terms_mc.drawn_without,
                                       mc.confidence, conditional.method());
    row["monte_carlo"]["q"] = terms_mc.q.str();
    row["monte_carlo"]["samples_given"] = terms_mc.drawn_given;
    row["monte_carlo"]["samples_without"] = terms_mc.drawn_without;
    row["oracle_correction"] = estimate_json(mc.correction, static_cast<Eigen::Index>(r), mc.samples, mc.confidence, mc.method());
    out["rows"].push_back(row);
  }
  return out;
}

}  // namespace scae
