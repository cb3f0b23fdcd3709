#include "reports/numerics_summary.hpp"

#include "reports/markdown_text.hpp"
#include "runs/build_info.hpp"
#include "theory/verdict.hpp"

#include <sstream>

namespace scae {

std::string numerics_summary_output(const Regime& regime, const NumericsSummaryRun& run, bool json) {
  const nlohmann::json out = numerics_summary_record_json(numerics_summary_record(regime, run, build_info()));
  return json ? out.dump(2) + "\n" : format_numerics_summary(numerics_summary_record_from_json(out));
}

std::string format_numerics_summary(const NumericsSummaryRecord& s) {
  std::ostringstream o;
  const SummaryRegime& r = s.regime;
  const SummaryDictionary& d = s.dictionary;
  const SummaryMonteCarlo& m = s.monte_carlo;
  const BuildInfo& b = s.build;
  const auto number = number_json_text;
  o << "scae " << b.version << " (commit " << b.commit << "), " << b.compiler << "; Eigen " << b.eigen << ", Boost " << b.boost
    << ", MPFR " << b.mpfr << ", MPFI " << b.mpfi << "\n";
  o << "regime " << r.name << ": n = " << r.n << ", h = " << r.h << ", " << support_law_text(r) << ", values in [" << r.a1
    << ", " << r.a2 << "], m1 = " << r.m1 << ", m2 = " << r.m2 << "\n";
  if (!r.overrides.empty()) {
    o << "overrides:";
    for (const auto& assignment : r.overrides) o << " --set " << assignment;
    o << "\n";
  }
  // The midpoints of the enclosures: the double values may lie just outside them.
  const auto midpoint = [](const std::string& enclosure) { return short_numbers(number_text(median_of_interval_text(enclosure))); };
  o << "coherence mu/sqrt(n) = " << midpoint(d.coherence_enclosure) << " certified in " << d.coherence_enclosure
    << "; xi = " << midpoint(d.xi_enclosure) << " in " << d.xi_enclosure << "\n";
  o << "max_i |W_i - A*_i| = " << number(s.point.max_row_distance) << "; bias in [" << number(s.point.bias_min) << ", "
    << number(s.point.bias_max) << "]\n";
  o << "Monte Carlo (loss 1/2 |.|^2, seed " << m.seed << ", " << counted(s.context.threads, "thread", "threads") << "): " << m.method << "\n";
  const std::string level = level_text(m.confidence);
  o << "  support recovery rate " << number(m.recovery.rate) << " in [" << number(m.recovery.lower) << ", "
    << number(m.recovery.upper) << "] (" << level << ")\n";
  o << "  E[L] = " << number(m.loss.mean) << " +- " << number(m.loss.halfwidth) << " (" << level << ")\n";
  const auto& g = m.gradient_row_norm;
  o << "  |E grad_{W_i} L|: mean over rows " << number(g.mean) << ", max " << number(g.max) << " (row " << g.max_row << ", +- "
    << number(g.max_row_radius) << " at " << level << ")\n";
  o << "  |E[grad - grad_oracle]| per row: mean " << number(m.oracle_correction_row_norm.mean) << ", max "
    << number(m.oracle_correction_row_norm.max) << "\n";
  o << "  units firing per sample: " << number(m.mean_active_units) << "\n";
  o << "took " << number(s.context.seconds) << " s\n";
  return short_numbers(o.str());
}

}  // namespace scae
