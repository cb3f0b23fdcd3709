#include "numerics/estimate/engine_plan.hpp"

#include "numerics/core/budget.hpp"
#include "numerics/core/certified_product.hpp"
#include "numerics/core/distributed.hpp"
#include "numerics/core/huge_pages.hpp"
#include "numerics/core/mutation.hpp"
#include "numerics/estimate/shared_rows.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

namespace scae::engine {

std::vector<double> packed_symmetric_product(const MatrixXd& p, const MatrixXd& q, int threads) {
  const auto h = static_cast<int>(q.cols());
  constexpr int width = 240;  // a multiple of every row panel of Eigen's kernels (4, 6, 8, 12, 24)
  const int blocks = std::max(1, h / width + (h % width > 1 ? 1 : 0));
  std::vector<double> out;
  assign_zeros_on_huge_pages(out, column_start(h));
#pragma omp parallel num_threads(threads)
  {
    omp_set_num_threads(1);  // each block's product on its own thread
    MatrixXd block;
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < blocks; ++b) {
      const int first = b * width, count = b + 1 == blocks ? h - first : width;
      const int rows = b + 1 == blocks ? h : first + count;
      block.noalias() = p.topRows(rows) * q.middleCols(first, count);
      for (int t = 0; t < count; ++t)
        std::copy_n(block.col(t).data(), first + t + 1, out.data() + column_start(first + t));
    }
  }
  return out;
}

namespace {

void choose_accumulation(Shared& sh, const MonteCarloOptions& options, const MatrixXd& w, int threads) {
  const Eigen::Index n = sh.a.rows();
  const auto h = static_cast<int>(sh.a.cols());
  const CodeModel& code = sh.code;
  const MatrixXd& a = sh.a;
  // Multiply-adds of the products Q W + P A*^T (twice with the oracle) at a GEMM's rate (about 8
  // per cycle here): with all rows once per run (coefficient_totals.hpp), plus per batch the
  // memory-bound adding up and zeroing of its h x h sums (about 3 h^2 each); with named rows once
  // per batch, restricted to those rows. Against the 4 n E|S| memory-bound ones (about 1 per cycle)
  // the vector path spends per sample at least.
  const double sets = options.oracle ? 2.0 : 1.0;
  const double hh = static_cast<double>(h) * h;
  const double coefficient_cost =
      sh.all_rows ? sets * (2.0 * static_cast<double>(n) * hh / 8 + options.batches * 3.0 * hh)
                  : sets * options.batches * 2.0 * static_cast<double>(n) * h * static_cast<double>(sh.wanted) / 8;
  const double vector_cost = static_cast<double>(options.samples) * 4.0 * static_cast<double>(n) *
                             code.support.expected_size().convert_to<double>();
  // Coefficient space also needs, per thread, two sums of a packed Q and a square P and an unpacked
  // Q (4 h^2 doubles), and once G and A*^T A* packed, the run's sums and the unpacked Q of its
  // product (5 h^2): automatic keeps that below a quarter of the machine's memory.
  const double coefficient_bytes = 8.0 * hh * (4.0 * threads + 5);
  sh.coefficients = options.accumulation == Accumulation::coefficients ||
                    (options.accumulation == Accumulation::automatic && coefficient_cost < vector_cost &&
                     MemoryBudget{0.25}.admits(static_cast<std::uint64_t>(coefficient_bytes)));
  // A batch's sums track the lines they touch (coefficient_sums.hpp) when they exceed L2 and its
  // samples write at most a quarter of their entries (about E|S|^2 of P each): at R3, not at R2.
  const double expected = code.support.expected_size().convert_to<double>();
  const double batch_samples = static_cast<double>(options.samples) / options.batches;
  sh.track_sums = sh.coefficients && sh.all_rows && 12.0 * hh > (1 << 21) && batch_samples * expected * expected < hh / 4;
  if (sh.coefficients) {
    sh.g = packed_symmetric_product(w, w.transpose(), threads);
    sh.ga = packed_symmetric_product(a.transpose(), a, threads);
  }
}

void choose_screening(Shared& sh, const MonteCarloOptions& options) {
  const auto h = static_cast<int>(sh.a.cols()), units = static_cast<int>(sh.m.rows());
  const CodeModel& code = sh.code;
  const VectorXd& eps = sh.eps;
  // Screening. With u = fl32(Σ_t fl32(x_t) fl32(M_jl_t)) (K fused multiply-adds) and the double
  // u_j of fire(), |u - u_j| <= (K + 3) 2^-24 Σ_t |x_t| |M_jl_t| + 2^-140 (relative rounding of the
  // inputs, γ_K for the float chain and for the double one, float underflow), and Σ_t |x_t||M_jl_t|
  // <= K a2 max|M| for supports of K <= screening_size atoms (k, or 2 E|S| + 8 for Bernoulli
  // supports; larger samples are not screened). The thresholds are below eps_j minus twice that
  // bound, so every unit that fires passes the float test: the firing set is exactly fire()'s.
  const double max_m = sh.m.cwiseAbs().maxCoeff();
  const double expected = code.support.expected_size().convert_to<double>();
  const int kmax = code.support.kind() == SupportLaw::Kind::uniform_fixed ? code.support.k()
                                                                          : std::min(h, static_cast<int>(2 * expected) + 8);
  const bool large = static_cast<double>(units) * h * sizeof(double) > (1 << 21);  // M beyond L2 (2 MB)
  // Far from float overflow; the underflow term 2^-140 needs K a2 <= 2^10.
  sh.screening = options.screening.value_or(large) && kmax * code.values.a2_double() * max_m < 1e30 &&
                 kmax * code.values.a2_double() <= 1024;
  if (sh.screening) {
    sh.screening_size = kmax;
    const double bound = (kmax + 3) * std::ldexp(1.0, -24) * kmax * code.values.a2_double() * max_m + std::ldexp(1.0, -140);
    resize_on_huge_pages(sh.mf, units, h);
#pragma omp parallel for num_threads(sh.threads) schedule(static)
    for (int l = 0; l < h; ++l) sh.mf.col(l) = sh.m.col(l).cast<float>();
    sh.threshold.resize(static_cast<std::size_t>(units));
    for (int j = 0; j < units; ++j) {
      const double below = eps(j) - 2 * bound;
      sh.threshold[static_cast<std::size_t>(j)] = float_below(below);
    }
  }
}

// Block screening. With 0 <= x* <= a2, every u_j of a block b of 8 units is at most
// U_b = Σ_t x_t max(0, max_{j in b} M_j,l_t) <= U' (the same sum with the maxima in block_max and x_t,
// both rounded up to float). The float fma chain V of U' (K <= screening_size nonnegative terms)
// satisfies V >= (1 - K 2^-24) U' - K 2^-149 (float underflow), and fire()'s double u_j is within
// D = 2 K^2 2^-53 a2 max|M| of the exact one. A block is skipped only when
// V < block_threshold_b <= (1 - 4 K 2^-24) min_{j in b} eps_j - K 2^-148 - D, hence U' < min eps_j - D
// and every double u_j of the block is below its eps_j: none fires, and the firing set is still
// exactly fire()'s. Used when the bound skips most blocks of the run's first 256 samples (any choice
// gives the same bits).
void choose_block_screening(Shared& sh, std::uint64_t seed) {
  const auto h = static_cast<int>(sh.m.cols()), units = static_cast<int>(sh.m.rows());
  const CodeModel& code = sh.code;
  const int blocks = (units + 7) / 8, rows = (blocks + 15) / 16 * 16;
  if (!sh.screening || code.values.a1_double() < 0 || !(sh.eps.minCoeff() > 0)) return;
  resize_on_huge_pages(sh.block_max, rows, h);
  sh.block_max.setZero();
#pragma omp parallel for num_threads(sh.threads) schedule(static)
  for (int l = 0; l < h; ++l)
    for (int b = 0; b < blocks; ++b) {
      const double top = std::max(0.0, sh.m.col(l).segment(8 * b, std::min(8, units - 8 * b)).maxCoeff());
      sh.block_max(b, l) = float_above(top);
    }
  sh.block_threshold.assign(static_cast<std::size_t>(rows), std::numeric_limits<float>::infinity());
  const double k = sh.screening_size;
  const double shrink = 1 - 4 * k * std::ldexp(1.0, -24);
  const double slack = k * std::ldexp(1.0, -148) + 2 * k * k * std::ldexp(1.0, -53) * code.values.a2_double() * sh.m.cwiseAbs().maxCoeff();
  for (int b = 0; b < blocks; ++b) {
    const double below = shrink * sh.eps.segment(8 * b, std::min(8, units - 8 * b)).minCoeff() - slack;
    sh.block_threshold[static_cast<std::size_t>(b)] = float_below(below);
  }
  std::vector<int> atoms(static_cast<std::size_t>(sh.max_support));
  std::vector<double> x(static_cast<std::size_t>(sh.max_support));
  long passed = 0, tested = 0;
  for (std::uint64_t s = 0; s < 256; ++s) {
    const int size = code.sample(seed, s, atoms.data(), x.data());
    for (int b = 0; b < blocks && size <= sh.screening_size; ++b, ++tested) {
      double v = 0;
      for (int t = 0; t < size; ++t) v += x[static_cast<std::size_t>(t)] * sh.block_max(b, atoms[static_cast<std::size_t>(t)]);
      passed += v >= sh.block_threshold[static_cast<std::size_t>(b)];
    }
  }
  sh.block_screening = tested > 0 && 2 * passed < tested;
  if (!sh.block_screening) {
    sh.block_max.resize(0, 0);
    sh.block_threshold.clear();
  }
}

}  // namespace

Shared plan_run(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
               const MonteCarloOptions& options, const std::vector<int>& rows, int threads) {
  const auto h = static_cast<int>(a.cols());
  const Eigen::Index n = a.rows(), padded = (n + 7) / 8 * 8;
  const bool share = options.share_rows && process_count() > 1;
  if (share && (options.oracle || options.accumulation == Accumulation::coefficients))
    throw std::invalid_argument("share_rows: needs vector accumulation without the oracle gradient");
  Shared sh{a, eps, code, padded, MatrixXd::Zero(padded, h), MatrixXd::Zero(padded, h),
            share ? MatrixXd() : fixed_order_product(w, a),  // the same bits for any number of threads or processes
            std::vector<int>(h, -1), static_cast<int>(rows.size()), code.support.k()};
  sh.wt.topRows(n) = w.transpose();
  sh.prefetch = padded * h * static_cast<Eigen::Index>(sizeof(double)) > (Eigen::Index{1} << 19);
  sh.ap.topRows(n) = a;
  sh.w_norm = w.rowwise().norm();
  sh.a_norm = a.colwise().norm().transpose();
  sh.decoder_sign = mutant_active(Mutant::gradient_decoder_sign) ? -1 : 1;
  sh.encoder_sign = mutant_active(Mutant::gradient_encoder_sign) ? -1 : 1;
  sh.loss_factor = mutant_active(Mutant::loss_half_dropped) ? 1 : 0.5;
  for (std::size_t s = 0; s < rows.size(); ++s) sh.slot[rows[s]] = static_cast<int>(s);
  sh.oracle = options.oracle;
  sh.threads = threads;
  sh.rows = rows;
  sh.all_rows = options.rows.empty();
  if (share) {  // this process's rows of M, and the firing sets from every process's (shared_rows.hpp)
    sh.block = std::make_shared<const RowBlockFiring>(a, w, eps, code, options, threads);
    return sh;
  }
  choose_accumulation(sh, options, w, threads);
  choose_screening(sh, options);
  choose_block_screening(sh, options.seed);
  return sh;
}

Shared plan_firing_rows(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps_rows, const CodeModel& code,
                        const MonteCarloOptions& options, int first, int threads) {
  const auto h = static_cast<int>(a.cols());
  const auto count = eps_rows.size();
  if (count < 1 || first < 0 || first + count > h) throw std::invalid_argument("plan_firing_rows: needs rows within [0, h), at least one");
  Shared sh{a, eps_rows, code, 0, MatrixXd(), MatrixXd(), fixed_order_product(w.middleRows(first, count), a),
            std::vector<int>(h, -1), 0, code.support.k()};
  sh.threads = threads;
  sh.first_row = first;
  choose_screening(sh, options);
  choose_block_screening(sh, options.seed);
  return sh;
}

}  // namespace scae::engine
