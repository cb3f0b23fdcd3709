// The scae command line. Exit codes: 0 success, 2 usage or input error (one message naming the
// parameter and the accepted range; nothing half-written).
#include "bench.hpp"
#include "default_regime.hpp"
#include "matrix_io.hpp"
#include "numerics_summary.hpp"
#include "regime.hpp"
#include "support_recovery.hpp"

#include <CLI/CLI.hpp>
#include <omp.h>

#include <filesystem>
#include <iostream>

namespace {

scae::Regime regime_or_default(const std::string& path) {
  if (!path.empty()) return scae::load_regime(path);
  const std::filesystem::path shipped = std::filesystem::path(SCAE_SOURCE_DIR) / "regimes" / "default.toml";
  if (std::filesystem::exists(shipped)) return scae::load_regime(shipped);
  return scae::parse_regime(scae::default_regime_toml, "default.toml (embedded)");
}

void export_instance(const scae::Instance& instance, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  scae::write_csv(dir / "A.csv", instance.a);
  scae::write_csv(dir / "W.csv", instance.w);
  scae::write_vector(dir / "eps.csv", instance.eps);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"scae: checks the theory of sparse-coding autoencoders (Rangamani et al., ISIT 2018)"};
  app.require_subcommand(1);
  int threads = 0;
  app.add_option("--threads", threads, "OpenMP threads (default: all cores)")->check(CLI::Range(1, 1024));

  auto* report = app.add_subcommand("report", "Run the main job on a regime (default: regimes/default.toml)");
  std::string report_regime;
  bool report_json = false;
  report->add_option("regime", report_regime, "Regime TOML file");
  report->add_flag("--json", report_json, "Print the summary as JSON");

  auto* instance_cmd = app.add_subcommand("instance", "Build a regime's instance and export A*, W and eps as CSV");
  std::string instance_regime, export_dir;
  instance_cmd->add_option("regime", instance_regime, "Regime TOML file")->required();
  instance_cmd->add_option("--export", export_dir, "Folder for A.csv (n x h), W.csv (h x n), eps.csv (h)")->required();

  auto* bench = app.add_subcommand("bench", "Samples per second of the Monte Carlo gradient estimator (R1, R2, R3)");
  scae::BenchOptions bench_options;
  bench->add_option("regimes", bench_options.regimes, "R1, R2 and/or R3 (default: all)");
  bench->add_flag("--json", bench_options.json, "One JSON object per line");
  bench->add_option("--scale", bench_options.scale, "Multiply the default sample counts")->check(CLI::Range(1e-4, 1e4));
  bench_options.baseline = (std::filesystem::path(SCAE_SOURCE_DIR) / ".." / "shared" / "bench" / "numpy_baseline.py").lexically_normal().string();
  bench->add_option("--baseline", bench_options.baseline, "NumPy baseline script ('' to skip)");
  bench->add_option("--path", bench_options.paths, "Estimator paths to time")->check(CLI::IsMember({"sparse", "dense", "all"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (threads == 0) threads = omp_get_max_threads();

  try {
    if (*report) {
      const scae::Regime regime = regime_or_default(report_regime);
      const scae::Instance instance = scae::build_instance_with_bias(regime);
      const auto summary = scae::numerics_summary(regime, instance, threads);
      std::cout << (report_json ? summary.dump(2) + "\n" : scae::format_numerics_summary(summary));
    } else if (*instance_cmd) {
      export_instance(scae::build_instance_with_bias(scae::load_regime(instance_regime)), export_dir);
      std::cout << export_dir << "\n";
    } else if (*bench) {
      bench_options.threads = threads;
      if (!bench_options.baseline.empty() && !std::filesystem::exists(bench_options.baseline)) bench_options.baseline.clear();
      return scae::run_bench(bench_options);
    }
  } catch (const std::exception& e) {
    std::cerr << "scae: error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
