#include "bench.hpp"

#include "build_info.hpp"
#include "dictionary.hpp"
#include "monte_carlo.hpp"
#include "near_point.hpp"
#include "regime.hpp"

#include <nlohmann/json.hpp>
#include <omp.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <sys/wait.h>

namespace scae {

namespace {

struct BenchRegime {
  std::string name;
  int n, h, k;
  std::uint64_t sparse_samples, dense_samples, numpy_samples;
};

// Uniform support, values U[1,2], delta = 0.05, bias 0.5, Gaussian A* (seed 1), W seed 2.
const BenchRegime regimes[] = {
    {"R1", 100, 256, 3, 8000000, 400000, 200000},
    {"R2", 400, 1024, 3, 4000000, 20000, 20000},
    {"R3", 1024, 4096, 6, 1000000, 1000, 1000},
};

struct Row {
  std::string regime, path;
  std::uint64_t samples;
  double seconds;
  std::string accumulation;  // sparse paths only
  double active_units = 0;   // sparse paths only: mean number of units that fire per sample
  double product_seconds = 0;  // sparse paths only: thread-seconds in the batch products
};

// A default sample count times --scale, at least 64.
std::uint64_t scaled_samples(std::uint64_t samples, const BenchOptions& options) {
  return std::max<std::uint64_t>(64, static_cast<std::uint64_t>(static_cast<double>(samples) * options.scale));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Seconds the NumPy baseline took, or the reason it gave none.
struct NumpyRun {
  double seconds = 0;
  std::string problem;
};

NumpyRun run_numpy(const std::string& script, const BenchRegime& r, std::uint64_t samples) {
  const std::string command = "/usr/bin/python3 '" + script + "' --n " + std::to_string(r.n) + " --h " +
                              std::to_string(r.h) + " --k " + std::to_string(r.k) + " --samples " +
                              std::to_string(samples) + " --delta 0.05 --eps 0.5 --seed 1 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return {0, "cannot start /usr/bin/python3"};
  std::string text;
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe.get())) text += buffer.data();
  const int status = pclose(pipe.release());
  try {
    return {nlohmann::json::parse(text).at("seconds").get<double>(), ""};
  } catch (const std::exception&) {
    return {0, "/usr/bin/python3 " + script + " failed (exit status " + std::to_string(WEXITSTATUS(status)) +
                   "; it needs Debian's python3-numpy)"};
  }
}

// Why the baseline will not run (empty when it will).
std::string baseline_problem(const BenchOptions& options) {
  if (options.baseline.empty()) return "skipped with --baseline ''";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.baseline, ec)) return "script " + options.baseline + " not found";
  return "";
}

// The resource estimates of run_bench (see bench.hpp) for one regime.
struct BenchEstimate {
  std::uint64_t bytes = 0;
  double seconds = 0;
};

BenchEstimate estimate_resources(const BenchRegime& r, const BenchOptions& options, int threads) {
  const double n = r.n, h = r.h;
  const double dense_seconds_per_sample = 8 * n * h * 1e-9 / threads;
  BenchEstimate e;
  if (options.paths != "dense") {
    e.bytes = estimated_memory_bytes(r.n, r.h, threads);
    e.seconds += 2 * estimated_monte_carlo_seconds(r.n, r.h, r.k, scaled_samples(r.sparse_samples, options), threads);
  }
  if (options.paths != "sparse") {
    e.bytes = std::max(e.bytes, static_cast<std::uint64_t>(8 * (3 * n * h + 1024 * (4 * h + 3 * n))));
    e.seconds += static_cast<double>(scaled_samples(r.dense_samples, options)) * dense_seconds_per_sample;
  }
  if (baseline_problem(options).empty()) e.seconds += static_cast<double>(scaled_samples(r.numpy_samples, options)) * dense_seconds_per_sample;
  return e;
}

void check_bench_options(const std::vector<const BenchRegime*>& chosen, const BenchOptions& options, int threads) {
  if (options.paths != "dense")
    for (const BenchRegime* r : chosen) {
      const std::uint64_t samples = scaled_samples(r->sparse_samples, options);
      if (samples < static_cast<std::uint64_t>(options.batches))
        throw std::invalid_argument("--batches = " + std::to_string(options.batches) + ": bench " + r->name + " at scale " +
                                    std::to_string(options.scale) + " runs " + std::to_string(samples) +
                                    " samples; accepted: --batches in [8, " + std::to_string(samples) + "]");
    }
  const std::uint64_t have = physical_memory_bytes();
  double seconds = 0;
  for (const BenchRegime* r : chosen) {
    const BenchEstimate e = estimate_resources(*r, options, threads);
    if (e.bytes > have)
      throw std::invalid_argument("--threads: bench " + r->name + " (n = " + std::to_string(r->n) + ", h = " +
                                  std::to_string(r->h) + ", path " + options.paths + ") with " + std::to_string(threads) +
                                  " threads needs an estimated " + gib_text(e.bytes) + ", more than the " + gib_text(have) +
                                  " of physical memory; accepted: --threads whose estimate is at most " + gib_text(have));
    seconds += e.seconds;
  }
  if (seconds / 3600 > options.max_hours) {
    char text[200];
    std::snprintf(text, sizeof text, "an estimated %.3g hours with %d threads, above the limit of %.3g hours", seconds / 3600,
                  threads, options.max_hours);
    throw std::invalid_argument(std::string("--scale: bench at scale ") + std::to_string(options.scale) + " takes " + text +
                                " (cost model: README, Limits); accepted: a smaller --scale, "
                                "fewer regimes or paths, or a higher limit with --max-hours");
  }
}

}  // namespace

int run_bench(const BenchOptions& options) {
  std::vector<const BenchRegime*> chosen;
  for (const auto& name : options.regimes) {
    const BenchRegime* found = nullptr;
    for (const auto& r : regimes)
      if (r.name == name) found = &r;
    if (!found) throw std::invalid_argument("bench regime '" + name + "'; accepted: R1, R2, R3");
    chosen.push_back(found);
  }
  if (chosen.empty())
    for (const auto& r : regimes) chosen.push_back(&r);
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  check_bench_options(chosen, options, threads);
  std::string numpy_problem = baseline_problem(options);
  const bool numpy_runs = numpy_problem.empty();

  if (!options.json) {
    const auto info = build_info();
    std::cout << "scae bench, commit " << info.commit << ", " << info.compiler << ", " << threads
              << (threads == 1 ? " thread" : " threads") << ", " << options.batches
              << " batches (the sparse paths' confidence statements); samples per second of the full-gradient estimator (all rows; sparse: gradient, "
                 "recovery rate, loss and confidence statements; sparse+oracle: also the oracle gradient and "
                 "correction)\n";
  }
  for (const BenchRegime* r : chosen) {
    const MatrixXd a = gaussian_dictionary(r->n, r->h, 1);
    const MatrixXd w = point_at_distance(a, 0.05, 2);
    const VectorXd eps = VectorXd::Constant(r->h, 0.5);
    const CodeModel code{SupportLaw::uniform_fixed(r->h, r->k), ValueLaw::uniform(rational(1), rational(2))};
    std::vector<Row> rows;
    if (options.paths != "dense") {
      for (const bool oracle : {false, true}) {
        MonteCarloOptions mc;
        mc.samples = scaled_samples(r->sparse_samples, options);
        mc.batches = options.batches;
        mc.threads = threads;
        mc.oracle = oracle;
        for (const auto candidate : {Accumulation::automatic, Accumulation::vectors, Accumulation::coefficients})
          if (to_string(candidate) == options.accumulation) mc.accumulation = candidate;
        if (options.screening != "automatic") mc.screening = options.screening == "on";
        const auto start = std::chrono::steady_clock::now();
        const auto result = estimate(a, w, eps, code, mc);
        rows.push_back({r->name, oracle ? "sparse+oracle" : "sparse", mc.samples, seconds_since(start),
                        to_string(result.accumulation), result.mean_active_units, result.product_seconds});
      }
    }
    if (options.paths != "sparse") {
      const std::uint64_t dense_samples = scaled_samples(r->dense_samples, options);
      const auto start = std::chrono::steady_clock::now();
      Eigen::setNbThreads(threads);  // the baseline-style path uses Eigen's threaded GEMMs, as NumPy does
      estimate_gradient_dense(a, w, eps, code, dense_samples, 1);
      Eigen::setNbThreads(1);
      rows.push_back({r->name, "dense", dense_samples, seconds_since(start), "", 0, 0});
    }

    if (numpy_runs) {
      const std::uint64_t numpy_samples = scaled_samples(r->numpy_samples, options);
      const NumpyRun run = run_numpy(options.baseline, *r, numpy_samples);
      numpy_problem = run.problem;
      if (run.problem.empty()) rows.push_back({r->name, "numpy", numpy_samples, run.seconds, "", 0, 0});
    }
    if (!numpy_problem.empty()) std::cerr << "scae bench: no NumPy baseline for " << r->name << " (" << numpy_problem << "): the ratios to NumPy are left out\n";
    double numpy_rate = 0;
    for (const auto& row : rows)
      if (row.path == "numpy") numpy_rate = row.samples / row.seconds;
    for (const auto& row : rows) {
      const double rate = row.samples / row.seconds;
      if (options.json) {
        nlohmann::json line = {{"schema_version", json_schema_version}, {"regime", row.regime}, {"path", row.path}, {"samples", row.samples},
                               {"seconds", row.seconds}, {"samples_per_s", rate}, {"threads", threads}};
        line["ratio_to_numpy"] = numpy_rate > 0 ? nlohmann::json(rate / numpy_rate) : nlohmann::json(nullptr);
        if (!numpy_problem.empty()) line["numpy_baseline"] = "not measured: " + numpy_problem;
        if (!row.accumulation.empty()) {
          line["batches"] = options.batches;
          line["accumulation"] = row.accumulation;
          line["active_units"] = row.active_units;
          line["product_thread_seconds"] = row.product_seconds;
        }
        std::cout << line.dump() << "\n";
      } else {
        std::printf("%-3s n=%-5d h=%-5d k=%d  %-13s %10llu samples %8.3f s %14.0f samples/s", row.regime.c_str(), r->n,
                    r->h, r->k, row.path.c_str(), static_cast<unsigned long long>(row.samples), row.seconds, rate);
        if (numpy_rate > 0) std::printf("  %8.1fx numpy", rate / numpy_rate);
        if (!row.accumulation.empty())
          std::printf("  (%s, %.1f units fire, %.2f thread-s in batch products)", row.accumulation.c_str(), row.active_units,
                      row.product_seconds);
        std::printf("\n");
      }
      std::cout.flush();
    }
  }
  return 0;
}

}  // namespace scae
