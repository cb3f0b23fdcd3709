#include "reports/numerics_summary.hpp"

#include "reports/build_info.hpp"
#include "reports/markdown_text.hpp"
#include "theory/verdict.hpp"

#include <cstdio>
#include <sstream>

namespace scae {

nlohmann::json numerics_summary_json(const Regime& regime, const NumericsSummaryRun& run) {
  const MonteCarloResult& mc = run.monte_carlo;
  Eigen::Index worst = 0;
  mc.gradient.norm.maxCoeff(&worst);
  nlohmann::json out;
  out["regime"] = {{"name", regime.name}, {"source", regime.source.string()}, {"n", run.n}, {"h", run.h},
                   {"k", run.k}, {"a1", run.a1}, {"a2", run.a2}, {"m1", run.m1}, {"m2", run.m2}, {"q1", run.q1},
                   {"support", run.support}, {"expected_support", run.expected_support}, {"overrides", regime.overrides}};
  if (run.support == "bernoulli") out["regime"]["q_range"] = {run.q_min, run.q_max};
  out["dictionary"] = {{"coherence", run.coherence.value}, {"coherence_enclosure", interval_text(run.coherence.enclosure)},
                       {"xi", run.coherence.xi_value}, {"xi_enclosure", interval_text(run.coherence.xi)}};
  out["point"] = {{"max_row_distance", run.max_row_distance}, {"bias_min", run.bias_min}, {"bias_max", run.bias_max}};
  out["monte_carlo"] = {
      {"samples", mc.samples}, {"batches", mc.batches}, {"confidence", mc.confidence}, {"seed", mc.seed},
      {"method", mc.method()},
      {"recovery", {{"rate", mc.recovery.rate}, {"lower", mc.recovery.lower}, {"upper", mc.recovery.upper},
                    {"method", mc.recovery.method}}},
      {"loss", {{"mean", mc.loss.mean}, {"halfwidth", mc.loss.halfwidth}, {"halfwidth_bounded", mc.loss.halfwidth_bounded},
                {"rounding", mc.loss.rounding}}},
      {"mean_active_units", mc.mean_active_units},
      {"gradient_row_norm", {{"mean", mc.gradient.norm.mean()}, {"max", mc.gradient.norm(worst)}, {"max_row", worst},
                             {"max_row_radius", mc.gradient.norm_radius(worst)},
                             {"max_row_radius_bounded", mc.gradient.norm_radius_bounded(worst)}}},
      {"oracle_correction_row_norm", {{"mean", mc.correction.norm.mean()}, {"max", mc.correction.norm.maxCoeff()}}}};
  out["schema_version"] = json_schema_version;
  out["build"] = to_json(build_info());
  out["context"] = {{"threads", run.threads}, {"seconds", run.seconds}};
  return out;
}

std::string format_numerics_summary(const nlohmann::json& s) {
  std::ostringstream o;
  const auto& r = s["regime"];
  const auto& d = s["dictionary"];
  const auto& m = s["monte_carlo"];
  const auto& b = s["build"];
  o << "scae " << b["scae"].get<std::string>() << " (commit " << b["commit"].get<std::string>() << "), "
    << b["compiler"].get<std::string>() << "; Eigen " << b["eigen"].get<std::string>() << ", Boost "
    << b["boost"].get<std::string>() << ", MPFR " << b["mpfr"].get<std::string>() << ", MPFI "
    << b["mpfi"].get<std::string>() << "\n";
  o << "regime " << r["name"].get<std::string>() << ": n = " << r["n"] << ", h = " << r["h"] << ", " << support_law_text(r)
    << ", values in [" << r["a1"].get<std::string>() << ", " << r["a2"].get<std::string>() << "], m1 = "
    << r["m1"].get<std::string>() << ", m2 = " << r["m2"].get<std::string>() << "\n";
  if (r.contains("overrides") && !r["overrides"].empty()) {
    o << "overrides:";
    for (const auto& assignment : r["overrides"]) o << " --set " << assignment.get<std::string>();
    o << "\n";
  }
  // The midpoints of the enclosures: the double values may lie just outside them.
  const auto midpoint = [](const nlohmann::json& enclosure) {
    const std::string text = enclosure.get<std::string>();
    const auto comma = text.find(',');
    return (std::stod(text.substr(1, comma - 1)) + std::stod(text.substr(comma + 1))) / 2;
  };
  o << "coherence mu/sqrt(n) = " << short_numbers(number_text(midpoint(d["coherence_enclosure"]))) << " certified in "
    << d["coherence_enclosure"].get<std::string>() << "; xi = " << short_numbers(number_text(midpoint(d["xi_enclosure"])))
    << " in " << d["xi_enclosure"].get<std::string>() << "\n";
  o << "max_i |W_i - A*_i| = " << s["point"]["max_row_distance"] << "; bias in [" << s["point"]["bias_min"] << ", "
    << s["point"]["bias_max"] << "]\n";
  o << "Monte Carlo (loss 1/2 |.|^2, seed " << m["seed"] << ", " << counted(s["context"]["threads"].get<long long>(), "thread", "threads") << "): " << m["method"].get<std::string>() << "\n";
  const std::string level = level_text(m["confidence"].get<double>());
  o << "  support recovery rate " << m["recovery"]["rate"] << " in [" << m["recovery"]["lower"] << ", "
    << m["recovery"]["upper"] << "] (" << level << ")\n";
  o << "  E[L] = " << m["loss"]["mean"] << " +- " << m["loss"]["halfwidth"] << " (" << level << ")\n";
  o << "  |E grad_{W_i} L|: mean over rows " << m["gradient_row_norm"]["mean"] << ", max " << m["gradient_row_norm"]["max"]
    << " (row " << m["gradient_row_norm"]["max_row"] << ", +- " << m["gradient_row_norm"]["max_row_radius"] << " at " << level << ")\n";
  o << "  |E[grad - grad_oracle]| per row: mean " << m["oracle_correction_row_norm"]["mean"] << ", max "
    << m["oracle_correction_row_norm"]["max"] << "\n";
  o << "  units firing per sample: " << m["mean_active_units"] << "\n";
  o << "took " << s["context"]["seconds"] << " s\n";
  return short_numbers(o.str());
}

}  // namespace scae
