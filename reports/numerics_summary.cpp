#include "numerics_summary.hpp"

#include "build_info.hpp"
#include "markdown_text.hpp"
#include "monte_carlo.hpp"
#include "near_point.hpp"
#include "verdict.hpp"

#include <chrono>
#include <cstdio>
#include <sstream>

namespace scae {

nlohmann::json numerics_summary(const Regime& regime, const Instance& instance, int threads, const Coherence* known) {
  const auto start = std::chrono::steady_clock::now();
  const Coherence coherence = known ? *known : certified_coherence(instance.a);
  MonteCarloOptions options;
  options.samples = instance.monte_carlo.samples;
  options.seed = instance.monte_carlo.seed;
  options.confidence = instance.monte_carlo.confidence.convert_to<double>();
  options.batches = instance.monte_carlo.batches;
  options.threads = threads;
  options.distributed = true;
  const MonteCarloResult mc = estimate(instance.a, instance.w, instance.eps, instance.code, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  Eigen::Index worst = 0;
  mc.gradient.norm.maxCoeff(&worst);
  nlohmann::json out;
  out["regime"] = {{"name", regime.name}, {"source", regime.source.string()}, {"n", instance.n()}, {"h", instance.h()},
                   {"k", instance.code.support.k()}, {"a1", instance.code.values.a1().str()},
                   {"a2", instance.code.values.a2().str()}, {"m1", instance.code.values.m1().str()},
                   {"m2", instance.code.values.m2().str()}, {"q1", instance.code.support.joint(std::vector<int>{0}).str()},
                   {"overrides", regime.overrides}};
  out["dictionary"] = {{"coherence", coherence.value}, {"coherence_enclosure", interval_text(coherence.enclosure)},
                       {"xi", coherence.xi_value}, {"xi_enclosure", interval_text(coherence.xi)}};
  out["point"] = {{"max_row_distance", max_row_distance(instance.w, instance.a)},
                  {"bias_min", instance.eps.minCoeff()}, {"bias_max", instance.eps.maxCoeff()}};
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
  out["context"] = {{"threads", threads}, {"seconds", seconds}};
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
  o << "regime " << r["name"].get<std::string>() << ": n = " << r["n"] << ", h = " << r["h"] << ", k = " << r["k"]
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
  o << "Monte Carlo (loss 1/2 |.|^2, seed " << m["seed"] << ", " << s["context"]["threads"] << " threads): " << m["method"].get<std::string>() << "\n";
  o << "  support recovery rate " << m["recovery"]["rate"] << " in [" << m["recovery"]["lower"] << ", "
    << m["recovery"]["upper"] << "]\n";
  o << "  E[L] = " << m["loss"]["mean"] << " +- " << m["loss"]["halfwidth"] << "\n";
  o << "  |E grad_{W_i} L|: mean over rows " << m["gradient_row_norm"]["mean"] << ", max " << m["gradient_row_norm"]["max"]
    << " (row " << m["gradient_row_norm"]["max_row"] << ", +- " << m["gradient_row_norm"]["max_row_radius"] << ")\n";
  o << "  |E[grad - grad_oracle]| per row: mean " << m["oracle_correction_row_norm"]["mean"] << ", max "
    << m["oracle_correction_row_norm"]["max"] << "\n";
  o << "  units firing per sample: " << m["mean_active_units"] << "\n";
  o << "took " << s["context"]["seconds"] << " s\n";
  return short_numbers(o.str());
}

}  // namespace scae
