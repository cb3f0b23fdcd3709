#include "cli/bench.hpp"

#include "runs/build_info.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/estimate/dense_estimate.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/model/near_point.hpp"
#include "cli/numpy_baseline.hpp"
#include "input/regime.hpp"
#include "numerics/core/budget.hpp"
#include "input/resources.hpp"

#include <nlohmann/json.hpp>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

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

// One path of one regime over the repeats: its times, and its rate over NumPy's in each repeat.
struct Row {
  std::string regime, path;
  std::uint64_t samples = 0;
  std::vector<double> seconds;
  std::vector<double> ratios;  // to NumPy's rate in the same repeat
  std::optional<Accumulation> accumulation;  // sparse paths only
  Screening screening = Screening::off;      // sparse paths only
  double active_units = 0;     // sparse paths only: mean number of units that fire per sample
  double product_seconds = 0;  // sparse paths only: thread-seconds in the products Q W + P A*^T (first repeat)
};

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// A default sample count times --scale, at least 64.
std::uint64_t scaled_samples(std::uint64_t samples, const BenchOptions& options) {
  return std::max<std::uint64_t>(64, static_cast<std::uint64_t>(static_cast<double>(samples) * options.scale));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
  if (options.paths != BenchPaths::dense) {
    e.bytes = estimated_memory_bytes(r.n, r.h, threads);
    e.seconds += 2 * estimated_monte_carlo_seconds(r.n, r.h, r.k, scaled_samples(r.sparse_samples, options), threads);
  }
  if (options.paths != BenchPaths::sparse) {
    e.bytes = std::max(e.bytes, static_cast<std::uint64_t>(8 * (3 * n * h + 1024 * (4 * h + 3 * n))));
    e.seconds += static_cast<double>(scaled_samples(r.dense_samples, options)) * dense_seconds_per_sample;
  }
  if (baseline_problem(options).empty()) e.seconds += static_cast<double>(scaled_samples(r.numpy_samples, options)) * dense_seconds_per_sample;
  e.seconds *= options.repeats;
  return e;
}

void check_bench_options(const std::vector<const BenchRegime*>& chosen, const BenchOptions& options, int threads) {
  if (options.paths != BenchPaths::dense)
    for (const BenchRegime* r : chosen) {
      const std::uint64_t samples = scaled_samples(r->sparse_samples, options);
      if (samples < static_cast<std::uint64_t>(options.batches))
        throw std::invalid_argument("--batches = " + std::to_string(options.batches) + ": bench " + r->name + " at scale " +
                                    std::to_string(options.scale) + " runs " + std::to_string(samples) +
                                    " samples; accepted: --batches in [8, " + std::to_string(samples) + "]");
    }
  const MemoryBudget budget;
  double seconds = 0;
  for (const BenchRegime* r : chosen) {
    const BenchEstimate e = estimate_resources(*r, options, threads);
    budget.require(e.bytes,
                   "--threads: bench " + r->name + " (n = " + std::to_string(r->n) + ", h = " + std::to_string(r->h) + ", path " +
                       to_name(options.paths) + ") with " + std::to_string(threads) + " threads",
                   "", "--threads whose estimate is " + budget.accepted() + ", or a larger --max-memory");
    seconds += e.seconds;
  }
  TimeBudget{options.max_hours}.require(seconds, threads, "--scale: bench at scale " + std::to_string(options.scale),
                                        "cost model: docs/performance.md",
                                        "a smaller --scale, fewer regimes or paths, or a higher limit with --max-hours");
}

// Times every path of one regime, `options.repeats` times interleaved. A failing NumPy run sets
// `numpy_problem` (and no ratio is reported).
std::vector<Row> time_regime(const BenchRegime& r, const BenchOptions& options, int threads, const NumpyKernel& kernel,
                             std::string& numpy_problem) {
  const MatrixXd a = gaussian_dictionary(r.n, r.h, 1);
  const MatrixXd w = point_at_distance(a, 0.05, 2);
  const VectorXd eps = VectorXd::Constant(r.h, 0.5);
  const CodeModel code{SupportLaw::uniform_fixed(r.h, r.k), ValueLaw::uniform(rational(1), rational(2))};
  std::vector<Row> rows;
  const auto row = [&](const std::string& path, std::uint64_t samples) -> Row& {
    for (Row& x : rows)
      if (x.path == path) return x;
    Row& added = rows.emplace_back();
    added.regime = r.name;
    added.path = path;
    added.samples = samples;
    return added;
  };
  // Each repeat times every path in turn, so that a noisy host slows them alike.
  for (int repeat = 0; repeat < options.repeats; ++repeat) {
    std::vector<std::pair<Row*, double>> rates;
    if (options.paths != BenchPaths::dense) {
      for (const bool oracle : {false, true}) {
        MonteCarloOptions mc;
        mc.samples = scaled_samples(r.sparse_samples, options);
        mc.batches = options.batches;
        mc.threads = threads;
        mc.oracle = oracle;
        mc.accumulation = options.accumulation;
        if (options.screening != ScreeningChoice::automatic) mc.screening = options.screening == ScreeningChoice::on;
        const auto start = std::chrono::steady_clock::now();
        const auto result = estimate(a, w, eps, code, mc);
        Row& x = row(oracle ? "sparse+oracle" : "sparse", mc.samples);
        x.seconds.push_back(seconds_since(start));
        x.accumulation = result.accumulation;
        x.screening = result.screening;
        x.active_units = result.mean_active_units;
        if (repeat == 0) x.product_seconds = result.product_seconds;
      }
    }
    if (options.paths != BenchPaths::sparse) {
      const std::uint64_t dense_samples = scaled_samples(r.dense_samples, options);
      const auto start = std::chrono::steady_clock::now();
      Eigen::setNbThreads(threads);  // the baseline-style path uses Eigen's threaded GEMMs, as NumPy does
      estimate_gradient_dense(a, w, eps, code, dense_samples, 1);
      Eigen::setNbThreads(1);
      row("dense", dense_samples).seconds.push_back(seconds_since(start));
    }
    if (numpy_problem.empty()) {
      const std::uint64_t numpy_samples = scaled_samples(r.numpy_samples, options);
      const NumpyRun run = run_numpy(options.baseline, kernel, r.n, r.h, r.k, numpy_samples);
      numpy_problem = run.problem;
      if (run.problem.empty()) {
        Row& numpy = row("numpy", numpy_samples);
        numpy.seconds.push_back(run.seconds);
        const double numpy_rate = static_cast<double>(numpy_samples) / run.seconds;
        for (Row& x : rows) x.ratios.push_back(static_cast<double>(x.samples) / x.seconds.back() / numpy_rate);
      }
    }
  }
  return rows;
}

// Prints the rows of one regime: median time and rate, median ratio to NumPy.
void print_rows(const BenchRegime& r, const std::vector<Row>& rows, const BenchOptions& options, int threads,
                const NumpyKernel& kernel, const std::string& numpy_problem) {
  if (!numpy_problem.empty()) std::cerr << "scae bench: no NumPy baseline for " << r.name << " (" << numpy_problem << "): the ratios to NumPy are left out\n";
  for (const Row& x : rows) {
    const double rate = static_cast<double>(x.samples) / median(x.seconds);
    const bool ratio = numpy_problem.empty() && !x.ratios.empty();
    if (options.json) {
      nlohmann::json line = {{"schema_version", json_schema_version}, {"regime", x.regime}, {"path", x.path}, {"samples", x.samples},
                             {"seconds", median(x.seconds)}, {"samples_per_s", rate}, {"threads", threads},
                             {"repeats", options.repeats}, {"seconds_each", x.seconds}};
      line["ratio_to_numpy"] = ratio ? nlohmann::json(median(x.ratios)) : nlohmann::json(nullptr);
      if (ratio) line["ratios_to_numpy"] = x.ratios;
      if (!numpy_problem.empty()) line["numpy_baseline"] = "not measured: " + numpy_problem;
      else line["numpy_blas_core"] = kernel.used;
      if (x.accumulation) {
        line["batches"] = options.batches;
        line["accumulation"] = to_name(*x.accumulation);
        line["screening"] = to_name(x.screening);
        line["active_units"] = x.active_units;
        line["product_thread_seconds"] = x.product_seconds;
      }
      std::cout << line.dump() << "\n";
    } else {
      std::printf("%-3s n=%-5d h=%-5d k=%d  %-13s %10llu samples %8.3f s %14.0f samples/s", x.regime.c_str(), r.n,
                  r.h, r.k, x.path.c_str(), static_cast<unsigned long long>(x.samples), median(x.seconds), rate);
      if (ratio) std::printf("  %8.1fx numpy", median(x.ratios));
      if (x.accumulation)
        std::printf("  (%s, screening %s, %.1f units fire, %.2f thread-s in products)", to_name(*x.accumulation).c_str(),
                    to_name(x.screening).c_str(), x.active_units, x.product_seconds);
      std::printf("\n");
    }
    std::cout.flush();
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
  NumpyKernel kernel;
  if (numpy_problem.empty()) {
    kernel = choose_numpy_kernel(options.baseline);
    if (kernel.used.empty()) numpy_problem = std::string("/usr/bin/python3 ") + options.baseline + " cannot start (it needs Debian's python3-numpy)";
  }

  if (!options.json) {
    const auto info = build_info();
    std::cout << "scae bench, commit " << info.commit << ", " << info.compiler << ", " << threads
              << (threads == 1 ? " thread" : " threads") << ", " << options.batches
              << " batches (the order of the sparse paths' sums); samples per second of the full-gradient estimator (all rows; sparse: gradient, "
                 "recovery rate, loss and confidence statements; sparse+oracle: also the oracle gradient and "
                 "correction); " << options.repeats << (options.repeats == 1 ? " run" : " runs, interleaved: median time and median ratio")
              << "\n";
    if (numpy_problem.empty()) std::cout << "NumPy baseline on OpenBLAS kernel " << kernel.text() << "\n";
  }
  for (const BenchRegime* r : chosen) {
    const std::vector<Row> rows = time_regime(*r, options, threads, kernel, numpy_problem);
    print_rows(*r, rows, options, threads, kernel, numpy_problem);
  }
  return 0;
}

}  // namespace scae
