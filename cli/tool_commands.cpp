#include "cli/tool_commands.hpp"

#include "cli/bench.hpp"
#include "cli/certified_point_bench.hpp"
#include "cli/precision_bench.hpp"
#include "cli/mutants.hpp"

#include <filesystem>
#include <memory>

namespace scae {

Subcommand add_mutants_command(CLI::App& app) {
  auto o = std::make_shared<MutantsOptions>();
  CLI::App* mutants = app.add_subcommand("mutants", "Mutation testing: run the claims under each injected fault and print "
                                                    "which claim caught it; last line `mutants: C/K caught`, exit 0 iff C = K");
  for (const char* name : {"default.toml", "gaussian-v1.toml"})
    o->regimes.push_back((std::filesystem::path(SCAE_SOURCE_DIR) / "regimes" / name).string());
  mutants->add_option("--regimes", o->regimes, "Regime files (default: regimes/default.toml, regimes/gaussian-v1.toml)");
  mutants->add_option("--only", o->only, "Only these mutant ids");
  mutants->add_option("--seeds", o->seeds, "Also count false alarms: the catalog without a mutant for N seeds")->check(CLI::Range(0, 1000));
  mutants->add_option("--samples", o->samples, "Monte Carlo samples of the mutant runs (default: as each regime says)")
      ->check(CLI::Range(std::uint64_t{1000}, std::uint64_t{1000000000}));
  return {mutants, [o](const RunSettings& s, OutputFolder&) {
            o->threads = s.threads;
            return run_mutants(*o);
          }};
}

Subcommand add_bench_command(CLI::App& app) {
  struct Arguments {
    BenchOptions estimator;
    CertifiedPointOptions point;
    PrecisionBenchOptions precision;
    bool run_precision = false;
    std::string paths{name_view(BenchPaths::all)}, accumulation{name_view(Accumulation::automatic)},
        screening{name_view(ScreeningChoice::automatic)};  // as given; checked against their vocabularies
  };
  auto a = std::make_shared<Arguments>();
  BenchOptions& o = a->estimator;
  CertifiedPointOptions& p = a->point;
  CLI::App* bench = app.add_subcommand("bench", "Samples per second of the Monte Carlo gradient estimator (R1, R2, R3)");
  CLI::Option* regimes = bench->add_option("regimes", o.regimes, "R1, R2 and/or R3 (default: all)");
  bench->add_flag("--json", o.json, "One JSON object per line");
  bench->add_option("--scale", o.scale, "Multiply the default sample counts")->check(CLI::Range(1e-4, 1e4));
  o.baseline = (std::filesystem::path(SCAE_SOURCE_DIR) / "bench" / "numpy_baseline.py").string();
  bench->add_option("--baseline", o.baseline, "NumPy baseline script (default: bench/numpy_baseline.py; '' to skip)");
  bench->add_option("--repeats", o.repeats, "Interleaved runs of every path (the host is noisy); the median time and median ratio are reported")
      ->check(CLI::Range(1, 15));
  p.regime = (std::filesystem::path(SCAE_SOURCE_DIR) / "regimes" / "asymptotic-hadamard.toml").string();
  bench->add_option("--certified-point", p.h,
                    "Instead: time the point h = H of a sweep path (--regime) as `scae sweep` computes it; "
                    "prints seconds, peak memory and whether every checked row is certified")
      ->excludes(regimes);
  bench->add_option("--regime", p.regime, "The regime whose path --certified-point uses (default: regimes/asymptotic-hadamard.toml)");
  bench->add_option("--path", a->paths, "Estimator paths to time")->check(CLI::IsMember(choice_names<BenchPaths>()));
  bench->add_option("--accumulation", a->accumulation, "Accumulation of the sparse path")->check(CLI::IsMember(choice_names<Accumulation>()));
  bench->add_option("--batches", o.batches, "Batches of the sparse path: the order of its sums (default 64, as in a regime)")
      ->check(CLI::Range(8, 4096));
  bench->add_option("--screening", a->screening, "Float screening of the sparse path")->check(CLI::IsMember(choice_names<ScreeningChoice>()));
  PrecisionBenchOptions& q = a->precision;
  CLI::Option* precision = bench->add_flag("--precision", a->run_precision, "Instead: seconds to a 1 % half-width on |E grad W_i| for named rows at "
                                                          "h = 1024 and 4096 (paper bias), against NumPy's same and plain estimators")
                               ->excludes(regimes);
  bench->add_option("--sizes", q.sizes, "With --precision: the sizes h (default 1024 4096)")->needs(precision);
  bench->add_option("--rows", q.rows, "With --precision: the rows (default 0 5)")->needs(precision);
  bench->add_option("--relative", q.relative, "With --precision: the target half-width over the norm (default 0.01)")->needs(precision);
  return {bench, [a, bench](const RunSettings& s, OutputFolder&) {
            if (a->run_precision) {
              a->precision.json = a->estimator.json;
              a->precision.threads = s.threads;
              a->precision.baseline = a->estimator.baseline;
              a->precision.repeats = bench->count("--repeats") ? a->estimator.repeats : 1;
              return run_precision_bench(a->precision);
            }
            if (bench->count("--certified-point")) {
              a->point.json = a->estimator.json;
              a->point.threads = s.threads;
              a->point.max_hours = s.max_hours;
              return run_certified_point_bench(a->point);
            }
            a->estimator.threads = s.threads;
            a->estimator.max_hours = s.max_hours;
            a->estimator.paths = from_name<BenchPaths>(a->paths);
            a->estimator.accumulation = from_name<Accumulation>(a->accumulation);
            a->estimator.screening = from_name<ScreeningChoice>(a->screening);
            return run_bench(a->estimator);
          }};
}

}  // namespace scae
