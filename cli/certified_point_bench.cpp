#include "cli/certified_point_bench.hpp"

#include "runs/asymptotic_sweep.hpp"
#include "numerics/core/budget.hpp"
#include "runs/build_info.hpp"
#include "input/regime.hpp"
#include "input/sweep_path.hpp"

#include <nlohmann/json.hpp>

#include <bit>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include <sys/resource.h>

namespace scae {
namespace {

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

bool certified(const SeriesPoint& s) { return s.method == SeriesMethod::certified_closed_form; }

}  // namespace

int run_certified_point_bench(const CertifiedPointOptions& options) {
  const Regime regime = load_regime(options.regime);
  if (!regime.sweep) throw std::invalid_argument("--certified-point: " + options.regime + " has no [sweep] table; accepted: a regime with a path");
  const bool hadamard = regime.dictionary.family == DictionarySpec::Family::identity_hadamard;
  constexpr int largest_h = 1 << 20;
  if (options.h < 4 || options.h > largest_h || (hadamard && !std::has_single_bit(static_cast<unsigned>(options.h))))
    throw std::invalid_argument("--certified-point " + std::to_string(options.h) + "; accepted: " +
                                (hadamard ? std::string("a power of two") : std::string("an integer")) + " in [4, " +
                                std::to_string(largest_h) + "]");
  const double p = regime.sweep->p ? regime.sweep->p->convert_to<double>() : 0;
  const SweepPoint point = sweep_point_at(regime, options.h, p);
  MemoryBudget{}.require(sweep_point_memory_bytes(regime, point),
                         "--certified-point " + std::to_string(options.h) + ": the point (n = " + std::to_string(point.n) + ")",
                         sweep_point_memory_formula(regime), "a smaller h, or a larger --max-memory");
  TimeBudget{options.max_hours}.require(sweep_point_seconds(regime, point, options.threads), options.threads,
                                        "--max-hours: the point h = " + std::to_string(options.h), "sweep_point_seconds",
                                        "a larger --max-hours or a smaller h");

  const SweepPointOptions point_options{options.threads, sweep_point_confidence(regime), regime.sweep->sampled_rows,
                                        regime.sweep->contrast, true};
  const auto start = std::chrono::steady_clock::now();
  const SweepPointResult r = evaluate_sweep_point(regime, point, point_options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool all_certified = certified(r.main) && (!r.contrast || certified(*r.contrast));

  nlohmann::json line = {{"schema_version", json_schema_version},
                         {"regime", regime.name},
                         {"h", point.h},
                         {"n", point.n},
                         {"k", point.k},
                         {"rows", r.rows.size()},
                         {"threads", options.threads},
                         {"seconds", seconds},
                         {"peak_rss_bytes", peak_rss_bytes()},
                         {"certified", all_certified},
                         {"main", {{"rule", r.main.rule.text()}, {"method", to_name(r.main.method)}, {"mean_ratio", r.main.mean_ratio}}},
                         {"commit", build_info().commit}};
  if (r.contrast)
    line["contrast"] = {{"rule", r.contrast->rule.text()}, {"method", to_name(r.contrast->method)}, {"mean_ratio", r.contrast->mean_ratio}};
  if (options.json) {
    std::cout << line.dump() << "\n";
  } else {
    std::printf("certified point h = %d (n = %d, k = %d, %zu rows, %d threads): %.1f s, peak %.2f GiB, %s; mean ratio %.4g (%s)\n",
                point.h, point.n, point.k, r.rows.size(), options.threads, seconds,
                static_cast<double>(peak_rss_bytes()) / (1024.0 * 1024 * 1024),
                all_certified ? "every checked row enclosed" : "not every row certified", r.main.mean_ratio,
                to_name(r.main.method).c_str());
  }
  return 0;
}

}  // namespace scae
