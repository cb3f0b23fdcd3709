#include "cli/precision_bench.hpp"

#include "reports/build_info.hpp"
#include "numerics/core/budget.hpp"
#include "numerics/core/confidence.hpp"
#include "input/instance_builder.hpp"
#include "cli/numpy_baseline.hpp"
#include "input/regime.hpp"
#include "input/resources.hpp"
#include "numerics/estimate/row_conditional.hpp"

#include <nlohmann/json.hpp>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace scae {

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

struct Point {
  int h = 0, n = 0, k = 0;
  std::string delta;  // h^-0.6 to 6 digits, as the regime reads it
};

Point point_at(int h) {
  char delta[32];
  std::snprintf(delta, sizeof delta, "%.6g", std::pow(static_cast<double>(h), -0.6));
  return {h, h / 2, static_cast<int>(std::lround(std::pow(static_cast<double>(h), 0.2))), delta};
}

// The paper-bias point of the asymptotic path at h: identity+Hadamard, values U[1, 2].
Instance paper_bias_instance(const Point& p) {
  const std::string toml = "name = \"precision-bench\"\n[dictionary]\nfamily = \"identity-hadamard\"\nn = " + std::to_string(p.n) +
                           "\nh = " + std::to_string(p.h) + "\n[code]\nsupport = \"uniform\"\nk = " + std::to_string(p.k) +
                           "\nvalues = \"uniform\"\na1 = 1\na2 = 2\n[point]\nkind = \"random-direction\"\ndelta = \"" + p.delta +
                           "\"\nseed = 2\n[bias]\nrule = \"paper\"\n[monte_carlo]\nsamples = 100000\nseed = 42\nbatches = 64\n";
  return build_instance(parse_regime(toml, "bench --precision"));
}

// One size's figures over the repeats.
struct SizeRun {
  std::vector<double> seconds, numpy_same, numpy_plain;
  RowConditionalResult last;
  double plain_samples = 0;  // plain sampling's samples for the same half-width on every row
  double rate_given = 0, rate_without = 0, rate_plain = 0;  // NumPy's, last repeat (samples/s)
  std::string numpy_problem;
};

// Samples plain sampling needs for the half-width `relative` ‖E g_i‖ on every row (see the header).
double plain_samples(const RowConditionalResult& r, double relative, double confidence) {
  const double c = gaussian_norm_radius(1, confidence);
  double most = 0;
  for (std::size_t s = 0; s < r.terms.size(); ++s) {
    const RowTerms& t = r.terms[s];
    const double q = t.q.convert_to<double>();
    const auto second_moment = [&](const GradientEstimate& e, std::uint64_t samples) {
      const double trace = static_cast<double>(samples) * std::pow(e.norm_radius(0) / c, 2);
      return trace + e.mean.squaredNorm();
    };
    double moment = q * second_moment(t.given, t.given_samples);
    if (!t.without.rows.empty()) moment += (1 - q) * second_moment(t.without, t.without_samples);
    const double norm = r.gradient.norm(static_cast<Eigen::Index>(s));
    const double trace = std::max(0.0, moment - norm * norm);
    most = std::max(most, trace * c * c / std::pow(relative * norm, 2));
  }
  return most;
}

// NumPy's rate (samples/s) with `arguments`, or 0 and the reason in `problem`.
double numpy_rate(const PrecisionBenchOptions& o, const NumpyKernel& kernel, const std::string& arguments,
                  std::uint64_t samples, std::string& problem) {
  if (!problem.empty()) return 0;
  const NumpyRun run = run_numpy_arguments(o.baseline, kernel, arguments + " --samples " + std::to_string(samples));
  problem = run.problem;
  return run.problem.empty() ? static_cast<double>(samples) / run.seconds : 0;
}

SizeRun time_size(const Point& p, const Instance& in, const PrecisionBenchOptions& o, int threads, const NumpyKernel& kernel,
                  std::string numpy_problem) {
  SizeRun out;
  RowConditionalOptions rc;
  rc.rows = o.rows;
  rc.run.seed = in.monte_carlo.seed;
  rc.run.batches = in.monte_carlo.batches;
  rc.run.confidence = 0.95;
  rc.run.threads = threads;
  char eps[32];
  std::snprintf(eps, sizeof eps, "%.17g", in.eps(0));
  const std::string problem = "--dictionary identity-hadamard --n " + std::to_string(p.n) + " --h " + std::to_string(p.h) +
                              " --k " + std::to_string(p.k) + " --delta " + p.delta + " --eps " + eps + " --seed 1";
  // NumPy's measured runs: about a second each on this machine when idle.
  const std::uint64_t given_samples = std::max(256, 8 * 1024 * 1024 / p.h);
  for (int repeat = 0; repeat < o.repeats; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    out.last = estimate_rows_to_precision(in.a, in.w, in.eps, in.code, rc, o.relative, o.pilot);
    out.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    out.plain_samples = plain_samples(out.last, o.relative, rc.run.confidence);
    // Given i the unit fires on (nearly) every sample and NumPy's cost does not depend on the row:
    // one rate for every row. Without i its cost follows how often the row's unit fires.
    out.rate_given = numpy_rate(o, kernel, problem + " --row " + std::to_string(o.rows.front()) + " --estimator given",
                                given_samples, numpy_problem);
    double same = 0;
    for (const RowTerms& t : out.last.terms) {
      const std::string row = problem + " --row " + std::to_string(t.row);
      same += static_cast<double>(t.drawn_given) / out.rate_given;
      if (t.drawn_without > 0) {
        out.rate_without = numpy_rate(o, kernel, row + " --estimator without", 16 * given_samples, numpy_problem);
        same += static_cast<double>(t.drawn_without) / out.rate_without;
      }
    }
    out.rate_plain = numpy_rate(o, kernel, problem + " --batch 1024", std::max<std::uint64_t>(256, given_samples / 2), numpy_problem);
    if (!numpy_problem.empty()) continue;
    out.numpy_same.push_back(same);
    out.numpy_plain.push_back(out.plain_samples / out.rate_plain);
  }
  out.numpy_problem = numpy_problem;
  return out;
}

nlohmann::json rows_json(const RowConditionalResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t s = 0; s < r.terms.size(); ++s) {
    const RowTerms& t = r.terms[s];
    const auto i = static_cast<Eigen::Index>(s);
    rows.push_back({{"row", t.row}, {"q", t.q.str()}, {"norm", r.gradient.norm(i)}, {"radius", r.gradient.norm_radius(i)},
                    {"relative", r.gradient.norm_radius(i) / r.gradient.norm(i)}, {"samples_given", t.given_samples},
                    {"samples_without", t.without_samples}, {"drawn_given", t.drawn_given}, {"drawn_without", t.drawn_without},
                    {"fired_without", t.fired_without},
                    {"seconds", t.seconds}, {"term_given_norm", t.given.norm(0)},
                    {"term_without_norm", t.without.rows.empty() ? 0.0 : t.without.norm(0)}});
  }
  return rows;
}

void print_size(const Point& p, const Instance& in, const SizeRun& s, const PrecisionBenchOptions& o, int threads,
                const NumpyKernel& kernel) {
  const double seconds = median(s.seconds);
  const bool numpy = s.numpy_problem.empty();
  const double same = numpy ? median(s.numpy_same) : 0, plain = numpy ? median(s.numpy_plain) : 0;
  if (o.json) {
    nlohmann::json line = {{"schema_version", json_schema_version}, {"h", p.h}, {"n", p.n}, {"k", p.k}, {"delta", p.delta},
                           {"eps", in.eps(0)}, {"bias_rule", "paper"}, {"relative", o.relative}, {"confidence", 0.95},
                           {"threads", threads}, {"repeats", o.repeats}, {"seconds", seconds}, {"seconds_each", s.seconds},
                           {"plan_seconds", s.last.plan_seconds}, {"rows", rows_json(s.last)}, {"method", s.last.method()},
                           {"load_average", load_average()}, {"numpy_plain_samples", s.plain_samples}};
    line["ratio_same_estimator"] = numpy ? nlohmann::json(same / seconds) : nlohmann::json(nullptr);
    line["ratio_plain"] = numpy ? nlohmann::json(plain / seconds) : nlohmann::json(nullptr);
    if (numpy) {
      line["numpy_same_seconds"] = same;
      line["numpy_plain_seconds"] = plain;
      line["numpy_rates"] = {{"given", s.rate_given}, {"without", s.rate_without}, {"plain", s.rate_plain}};
      line["numpy_extrapolated"] = "NumPy seconds = samples / NumPy's rate measured in this run";
      line["numpy_blas_core"] = kernel.used;
    } else {
      line["numpy_baseline"] = "not measured: " + s.numpy_problem;
    }
    std::cout << line.dump() << "\n";
  } else {
    std::printf("h=%-5d n=%-5d k=%d delta=%s eps=%.6g: %8.2f s (plan %.2f s)", p.h, p.n, p.k, p.delta.c_str(), in.eps(0), seconds,
                s.last.plan_seconds);
    if (numpy) std::printf("  %10.1fx NumPy same estimator (%.4g s)  %10.0fx NumPy plain (%.4g s)", same / seconds, same, plain / seconds, plain);
    std::printf("\n");
    for (std::size_t i = 0; i < s.last.terms.size(); ++i) {
      const RowTerms& t = s.last.terms[i];
      const double norm = s.last.gradient.norm(static_cast<Eigen::Index>(i));
      const double radius = s.last.gradient.norm_radius(static_cast<Eigen::Index>(i));
      std::printf("  row %-5d q=%-8s |E grad| %.6g +- %.3g (%.3f %%)  %llu + %llu samples (given + without, pilot included; "
                  "%llu of the last %llu without fire the unit)  %.2f s\n",
                  t.row, t.q.str().c_str(), norm, radius, 100 * radius / norm, static_cast<unsigned long long>(t.drawn_given),
                  static_cast<unsigned long long>(t.drawn_without), static_cast<unsigned long long>(t.fired_without),
                  static_cast<unsigned long long>(t.without_samples), t.seconds);
    }
    if (numpy)
      std::printf("  NumPy rates: %.0f/s given, %.0f/s without, %.0f/s plain; plain sampling needs %.3g samples\n", s.rate_given,
                  s.rate_without, s.rate_plain, s.plain_samples);
  }
  std::cout.flush();
}

void check_options(const PrecisionBenchOptions& o, int threads) {
  if (o.sizes.empty()) throw std::invalid_argument("--sizes: none given; accepted: powers of two in [64, 16384]");
  const MemoryBudget budget;
  for (const int h : o.sizes) {
    if (h < 64 || h > 16384 || (h & (h - 1)) != 0)
      throw std::invalid_argument("--sizes: h = " + std::to_string(h) + "; accepted: powers of two in [64, 16384]");
    for (const int row : o.rows)
      if (row < 0 || row >= h)
        throw std::invalid_argument("--rows: row " + std::to_string(row) + " at h = " + std::to_string(h) + "; accepted: [0, " +
                                    std::to_string(h - 1) + "]");
    const std::uint64_t bytes = estimated_memory_bytes(h / 2, h, threads);
    if (!budget.admits(bytes))
      throw std::invalid_argument("--sizes: h = " + std::to_string(h) + " " + budget.refusal(bytes) + "; accepted: sizes whose estimate is " +
                                  budget.accepted());
  }
  if (o.rows.empty()) throw std::invalid_argument("--rows: none given; accepted: rows in [0, h)");
  if (!(o.relative >= 1e-4 && o.relative <= 0.5)) throw std::invalid_argument("--relative: accepted: [1e-4, 0.5]");
}

}  // namespace

int run_precision_bench(const PrecisionBenchOptions& options) {
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  check_options(options, threads);
  std::string numpy_problem = options.baseline.empty() ? "skipped with --baseline ''" : "";
  NumpyKernel kernel;
  if (numpy_problem.empty()) {
    kernel = choose_numpy_kernel(options.baseline);
    if (kernel.used.empty()) numpy_problem = "/usr/bin/python3 " + options.baseline + " cannot start (it needs Debian's python3-numpy)";
  }
  if (!options.json) {
    const auto info = build_info();
    std::cout << "scae bench --precision, commit " << info.commit << ", " << info.compiler << ", " << threads
              << " threads, load " << load_average() << "; seconds to a norm radius of " << 100 * options.relative
              << " % of |E grad W_i| at 95 % (trace of the covariance, Gaussian concentration) on identity+Hadamard, paper bias "
                 "(C = 1), row-conditional estimator; NumPy's seconds extrapolated from its rates measured in this run\n";
    if (numpy_problem.empty()) std::cout << "NumPy on OpenBLAS kernel " << kernel.text() << "\n";
    else std::cerr << "scae bench --precision: no NumPy baseline (" << numpy_problem << "): the ratios are left out\n";
  }
  for (const int h : options.sizes) {
    const Point p = point_at(h);
    const Instance in = paper_bias_instance(p);
    const SizeRun s = time_size(p, in, options, threads, kernel, numpy_problem);
    print_size(p, in, s, options, threads, kernel);
  }
  return 0;
}

}  // namespace scae
