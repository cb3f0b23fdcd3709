#include "monte_carlo.hpp"

#include "autoencoder.hpp"
#include "batch_layout.hpp"
#include "batch_statistics.hpp"
#include "engine_plan.hpp"
#include "engine_types.hpp"
#include "worst_case_bounds.hpp"
#include "budget.hpp"
#include "certified_product.hpp"
#include "distributed.hpp"
#include "mutation.hpp"

#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace scae {

namespace {

using namespace engine;

class Worker {
public:
  Worker(const Shared& sh, bool oracle)
      : sh_(sh), oracle_(oracle), y_(sh.padded), e_(sh.padded), oracle_r_(sh.max_support), c_(sh.m.rows()),
        bits_((sh.m.rows() + 63) / 64), columns_(sh.max_support), float_columns_(sh.max_support),
        float_x_(sh.max_support) {
    for (Sample& sample : ring_) {
      sample.atoms.resize(static_cast<std::size_t>(sh.max_support));
      sample.x.resize(static_cast<std::size_t>(sh.max_support));
      sample.u.resize(sh.m.rows());
      sample.active.resize(static_cast<std::size_t>(sh.m.rows() + 8));
      sample.r.resize(static_cast<std::size_t>(sh.m.rows() + 8));
    }
  }

  // Samples [begin, end): the oracle gradient is accumulated for every sample, the correction
  // ∇ - ∇_oracle only for samples whose support is not recovered (it is exactly zero otherwise),
  // and ∇ = oracle + correction.
  void run(std::uint64_t seed, std::uint64_t begin, std::uint64_t end, BatchResult& out) {
    out.oracle.setZero(sh_.padded, sh_.wanted);
    out.correction.setZero(sh_.padded, sh_.wanted);
    out.oracle_rounding.setZero(sh_.wanted);
    out.correction_rounding.setZero(sh_.wanted);
    if (sh_.coefficients) {
      const auto h = sh_.m.rows();
      for (Coefficients* sums : {&oracle_sums_, &correction_sums_}) {
        sums->q.assign(column_start(static_cast<int>(h)), 0.0);
        sums->p.setZero(h, h);
      }
    }
    out.size = end - begin;
    out.recovered = out.active = 0;
    double loss_sum = 0, loss_abs = 0, rounding_sum = 0;
    // A pipeline over a ring of three samples: while sample s is accumulated, sample s + 1 has
    // fired and the entries it will update are being fetched, and sample s + 2 is drawn and its
    // columns of M are being fetched.
    const auto at = [&](std::uint64_t s) -> Sample& { return ring_[s % 3]; };
    draw(seed, begin, at(begin));
    fire(at(begin));
    if (begin + 1 < end) draw(seed, begin + 1, at(begin + 1));
    for (std::uint64_t s = begin; s < end; ++s) {
      if (s + 1 < end) {
        fire(at(s + 1));
        prefetch_entries(at(s + 1), out);
      }
      if (s + 2 < end) draw(seed, s + 2, at(s + 2));
      cur_ = &at(s);
      const int size = cur_->size, na = cur_->na;
      const int* atoms = cur_->atoms.data();
      const double* x = cur_->x.data();
      const double* u = cur_->u.data();
      out.active += static_cast<std::uint64_t>(na);
      const bool recovered = cur_->recovered;
      out.recovered += recovered;
      if (sh_.coefficients) {
        double yy = 0;
        for (int t = 0; t < size; ++t) {
          const double* ga = sh_.ga.data() + column_start(atoms[t]);
          double off = 0;
          for (int v = 0; v < t; ++v) off += x[v] * ga[atoms[v]];
          yy += x[t] * (2 * off + x[t] * ga[atoms[t]]);
        }
        yy_ = yy;
      } else {
        y_.setZero();
        for (int t = 0; t < size; ++t) axpy(x[t], sh_.ap.col(atoms[t]).data(), y_.data());
      }
      double loss = 0, rounding = 0;
      if (!oracle_) {  // the gradient alone, kept in `correction`
        loss = add(correction_sums_, out.correction, out.correction_rounding, cur_->active.data(), cur_->r.data(), na, +1.0);
        rounding = rounding_;
      } else {
        for (int t = 0; t < size; ++t) oracle_r_[t] = u[atoms[t]] - sh_.eps(atoms[t]);
        loss = add(oracle_sums_, out.oracle, out.oracle_rounding, atoms, oracle_r_.data(), size, +1.0);
        rounding = rounding_;
        if (!recovered) {
          loss = add(correction_sums_, out.correction, out.correction_rounding, cur_->active.data(), cur_->r.data(), na, +1.0);
          rounding = rounding_;
          add(correction_sums_, out.correction, out.correction_rounding, atoms, oracle_r_.data(), size, -1.0);
        }
      }
      loss_sum += loss;
      loss_abs += std::abs(loss);
      rounding_sum += rounding;
    }
    out.product_seconds = 0;
    if (sh_.coefficients) {
      const auto start = std::chrono::steady_clock::now();
      if (oracle_) to_gradient(oracle_sums_, out.oracle);
      to_gradient(correction_sums_, out.correction);
      out.product_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const double scale = 1.0 / static_cast<double>(out.size);
    out.oracle *= scale;
    out.correction *= scale;
    out.loss = loss_sum * scale;
    // The samples' bounds, the sequential sum and the two roundings of the scaling (γ_{N+3} Σ|L|).
    out.loss_rounding = (1 + higham_gamma(3)) * (rounding_sum + higham_gamma(static_cast<double>(out.size) + 3) * loss_abs) * scale;
    // Row bounds (see rounding_terms): T = N + 4h + n + max|S|² + 8 covers the per-sample products,
    // the sums over the batch, the products Q W + P A*^T and the scaling.
    const double t = static_cast<double>(out.size) + 4.0 * static_cast<double>(sh_.m.rows()) +
                     static_cast<double>(sh_.a.rows()) + static_cast<double>(sh_.max_support) * sh_.max_support + 8;
    const double factor = (1 + higham_gamma(3)) * higham_gamma(t) * scale;
    out.oracle_rounding *= factor;
    out.correction_rounding *= factor;
  }

private:
  // One drawn sample and its activation.
  struct Sample {
    std::vector<int> atoms;     // the support S, ascending
    std::vector<double> x;      // x*_S
    int size = 0;               // |S|
    VectorXd u;                 // M x*, exact where it is read: at the units that fire and at S
    std::vector<int> active;    // the units J that fire, ascending (8 spare entries)
    std::vector<double> r;      // their ReLU outputs
    int na = 0;                 // |J|
    bool recovered = false;     // J = S
  };

  // Sample `index` into `out`, sorted by atom; with screening (M beyond L2) prefetches its
  // columns of mf (measured at R1, where M stays in cache: 7 % slower with it).
  void draw(std::uint64_t seed, std::uint64_t index, Sample& out) {
    int* atoms = out.atoms.data();
    double* x = out.x.data();
    const int size = out.size = sh_.code.sample(seed, index, atoms, x);
    for (int t = 1; t < size; ++t)
      for (int q = t; q > 0 && atoms[q - 1] > atoms[q]; --q) {
        std::swap(atoms[q - 1], atoms[q]);
        std::swap(x[q - 1], x[q]);
      }
    const auto bytes = sh_.m.rows() * static_cast<Eigen::Index>(sizeof(float));
    for (int t = 0; t < size; ++t) {
      if (sh_.screening) {
        const char* column = reinterpret_cast<const char*>(sh_.mf.col(atoms[t]).data());
        // Every second line (the adjacent line comes with it) and not into L1: measured at R2,
        // 7 % faster than every line into L1, whose prefetches stalled on full miss buffers.
        for (Eigen::Index byte = 0; byte < bytes; byte += 128) __builtin_prefetch(column + byte, 0, 2);
        // and the entries of M that the exact recompute reads when the support is recovered
        for (int v = 0; v < size; ++v) __builtin_prefetch(sh_.m.col(atoms[t]).data() + atoms[v]);
      }
      if (sh_.coefficients)  // the entries of A*^T A* for ‖y‖²
        for (int v = 0; v <= t; ++v) __builtin_prefetch(sh_.ga.data() + column_start(atoms[t]) + atoms[v]);
    }
  }

  // Prefetches what accumulating `sample` will read and write: in coefficient space the entries
  // of G and Q at its pairs of units and of P at (unit, atom); in vector space, when W^T is
  // beyond L2, the columns of W^T and of the accumulators.
  void prefetch_entries(const Sample& sample, const BatchResult& out) {
    if (sh_.coefficients) {
      if (!oracle_ || !sample.recovered)
        prefetch_pairs(correction_sums_, sample.active.data(), sample.na, sample.atoms.data(), sample.size);
      if (oracle_) prefetch_pairs(oracle_sums_, sample.atoms.data(), sample.size, sample.atoms.data(), sample.size);
    } else if (sh_.prefetch) {
      prefetch_columns(sample.active.data(), sample.na, out.correction);
      if (oracle_) prefetch_columns(sample.atoms.data(), sample.size, out.oracle);
    }
  }

  void prefetch_pairs(const Coefficients& sums, const int* units, int count, const int* atoms, int size) const {
    for (int t = 0; t < count; ++t) {
      const std::size_t column = column_start(units[t]);
      for (int p = 0; p <= t; ++p) {
        __builtin_prefetch(sh_.g.data() + column + units[p]);
        __builtin_prefetch(sums.q.data() + column + units[p], 1);
      }
    }
    for (int t = 0; t < size; ++t) {
      const double* column = sums.p.col(atoms[t]).data();
      for (int p = 0; p < count; ++p) __builtin_prefetch(column + units[p], 1);
    }
  }

  // u = M x; the units with u_j > eps_j (ascending) and their ReLU outputs. With screening, u_j
  // is first computed in float from mf and recomputed exactly (in double, as without) only where
  // it exceeds the float threshold; u is then exact at those units and at the atoms of the
  // sample, which is all that is read later.
  void fire(Sample& sample) {
    const int size = sample.size;
    const bool screened = sh_.screening && size <= sh_.screening_size;
    int na = 0;
    switch (size) {  // supports of up to 8 atoms keep their columns and values in registers
      case 1: na = screened ? fire_columns<1, true>(sample) : fire_columns<1, false>(sample); break;
      case 2: na = screened ? fire_columns<2, true>(sample) : fire_columns<2, false>(sample); break;
      case 3: na = screened ? fire_columns<3, true>(sample) : fire_columns<3, false>(sample); break;
      case 4: na = screened ? fire_columns<4, true>(sample) : fire_columns<4, false>(sample); break;
      case 5: na = screened ? fire_columns<5, true>(sample) : fire_columns<5, false>(sample); break;
      case 6: na = screened ? fire_columns<6, true>(sample) : fire_columns<6, false>(sample); break;
      case 7: na = screened ? fire_columns<7, true>(sample) : fire_columns<7, false>(sample); break;
      case 8: na = screened ? fire_columns<8, true>(sample) : fire_columns<8, false>(sample); break;
      default: na = screened ? fire_columns<0, true>(sample) : fire_columns<0, false>(sample); break;
    }
    sample.na = na;
    sample.recovered = na == size && std::equal(sample.atoms.begin(), sample.atoms.begin() + size, sample.active.begin());
  }

  // fire() for K atoms (K = 0: the sample's `size` atoms, read from memory).
  template <int K, bool Screened>
  int fire_columns(Sample& sample) {
    const int size = sample.size;
    const int* atoms = sample.atoms.data();
    constexpr int slots = K > 0 ? K : 1;
    const double* local_columns[slots];
    const float* local_float_columns[slots];
    double local_x[slots];
    float local_float_x[slots];
    for (int t = 0; t < size; ++t) {
      columns_[t] = sh_.m.col(atoms[t]).data();
      if constexpr (Screened) {
        float_columns_[t] = sh_.mf.col(atoms[t]).data();
        float_x_[t] = static_cast<float>(sample.x[t]);
      }
    }
    if constexpr (K > 0)
      for (int t = 0; t < K; ++t) {
        local_columns[t] = columns_[t];
        local_x[t] = sample.x[t];
        if constexpr (Screened) {
          local_float_columns[t] = float_columns_[t];
          local_float_x[t] = float_x_[t];
        }
      }
    const double* const* columns = K > 0 ? local_columns : columns_.data();
    const float* const* float_columns = K > 0 ? local_float_columns : float_columns_.data();
    const double* x = K > 0 ? local_x : sample.x.data();
    const float* float_x = K > 0 ? local_float_x : float_x_.data();
    const int count = K > 0 ? K : size;
    const auto h = sh_.m.rows();
    double* u = sample.u.data();
    double* r = sample.r.data();
    int* active = sample.active.data();
    const double* eps = sh_.eps.data();
    int na = 0;
    const auto exact = [&](Eigen::Index j) {
      double v = 0;
      for (int t = 0; t < count; ++t) v = std::fma(x[t], columns[t][j], v);
      return u[j] = v;
    };
    const auto test = [&](Eigen::Index j) {
      const double v = exact(j);
      if (v > eps[j]) {
        active[na] = static_cast<int>(j);
        r[na++] = v - eps[j];
      }
    };
    Eigen::Index j = 0;
    if constexpr (Screened) {
      const float* threshold = sh_.threshold.data();
#if defined(__AVX512F__)
      for (; j + 16 <= h; j += 16) {
        __m512 v = _mm512_setzero_ps();
        for (int t = 0; t < count; ++t)
          v = _mm512_fmadd_ps(_mm512_set1_ps(float_x[t]), _mm512_loadu_ps(float_columns[t] + j), v);
        for (unsigned mask = _mm512_cmp_ps_mask(v, _mm512_loadu_ps(threshold + j), _CMP_GT_OQ); mask; mask &= mask - 1)
          test(j + std::countr_zero(mask));
      }
#endif
      for (; j < h; ++j) {
        float v = 0;
        for (int t = 0; t < count; ++t) v = std::fma(float_x[t], float_columns[t][j], v);
        if (v > threshold[j]) test(j);
      }
      for (int t = 0; t < count; ++t) exact(atoms[t]);
      return na;
    }
#if defined(__AVX512F__)
    // u in registers, 8 units at a time, and a bit per unit that fires (few do); then the set
    // bits in order. No branch per block and no compress in the loop (measured at R1: the
    // compress chain through na took half the scan).
    std::uint64_t* bits = bits_.data();
    std::fill(bits_.begin(), bits_.end(), 0);
    for (; j + 8 <= h; j += 8) {
      __m512d v = _mm512_setzero_pd();
      for (int t = 0; t < count; ++t) v = _mm512_fmadd_pd(_mm512_set1_pd(x[t]), _mm512_loadu_pd(columns[t] + j), v);
      _mm512_storeu_pd(u + j, v);
      const __mmask8 mask = _mm512_cmp_pd_mask(_mm512_sub_pd(v, _mm512_loadu_pd(eps + j)), _mm512_setzero_pd(), _CMP_GT_OQ);
      bits[j / 64] |= static_cast<std::uint64_t>(mask) << (j % 64);
    }
    for (std::size_t word = 0; word < bits_.size(); ++word)
      for (std::uint64_t set = bits[word]; set; set &= set - 1) {
        const auto unit = static_cast<Eigen::Index>(64 * word) + std::countr_zero(set);
        active[na] = static_cast<int>(unit);
        r[na++] = u[unit] - eps[unit];
      }
#endif
    for (; j < h; ++j) test(j);
    return na;
  }

  // Adds sign ∇ of the activation (units ascending, r) of the current sample to `sums` in
  // coefficient space or to `acc` in vector space. Returns the loss ½‖e‖².
  // Also sets rounding_ to a bound on the floating-point error of that loss and adds the rows'
  // rounding terms to `rows` (see rounding_terms).
  double add(Coefficients& sums, MatrixXd& acc, VectorXd& rows, const int* units, const double* r, int count, double sign) {
    rounding_terms(units, r, count, rows);
    return sh_.coefficients ? add_coefficients(sums, units, r, count, sign) : add_vectors(acc, units, r, count, sign);
  }

  // Rounding of the activation (units, r) of the current sample, with R = Σ_p |r_p| ‖W_p‖ and
  // X = Σ_t x_t ‖A*_t‖, so that ‖W^T r‖ <= R, ‖y‖ <= X, and |u_j|, |(G r)_j|, |c_j| are at most
  // ‖W_j‖ X, ‖W_j‖ R, ‖W_j‖ (R + X). Every dot product involved (G = W W^T, M = W A*, A*^T A*,
  // c = G r - u, r·c, r·u, ‖y‖², or e and ‖e‖² in vector space) has at most m = n + 2|J| + |S|² + 4
  // terms and is within γ_m of its absolute value (Higham, Accuracy and Stability, §3.1).
  //  - Loss: those absolute values add up to at most 2 (R + X)², so rounding_ = 2 γ_m (R + X)².
  //    Near A* the coefficient-space loss ½(r·c - r·u + ‖y‖²) cancels terms of size ‖y‖²: this
  //    is what keeps it honest there.
  //  - Row j (wanted): its contribution r_j e + c_j y is within γ_m (|r_j| (R + X) + X ‖W_j‖ (R + X))
  //    of exact, and in coefficient space every entry of Q = Σ r r^T and P = Σ (c - r) x^T that
  //    row j's result W^T Q_j + A* P_j^T reads is a sum whose absolute terms, weighted by ‖W_l‖ and
  //    ‖A*_l‖, add up to Σ_samples |r_j| R + |c_j - r_j| X. Both are covered by adding
  //    |r_j| (R + 2X) + 2 ‖W_j‖ X (R + X) to rows(slot) per sample; run() multiplies the batch's
  //    sums by γ_T / N with T = N + 4h + n + max|S|² + 8 (sums over N samples, h-term products).
  void rounding_terms(const int* units, const double* r, int count, VectorXd& rows) {
    double big_r = 0, big_x = 0;
    for (int p = 0; p < count; ++p) big_r += std::abs(r[p]) * sh_.w_norm(units[p]);
    const int size = cur_->size;
    for (int t = 0; t < size; ++t) big_x += std::abs(cur_->x[t]) * sh_.a_norm(cur_->atoms[t]);
    const double m = static_cast<double>(sh_.a.rows()) + 2.0 * count + static_cast<double>(size) * size + 4;
    rounding_ = (1 + higham_gamma(4)) * 2 * higham_gamma(m) * (big_r + big_x) * (big_r + big_x);
    for (int p = 0; p < count; ++p) {
      const int s = sh_.slot[units[p]];
      if (s >= 0) rows(s) += std::abs(r[p]) * (big_r + 2 * big_x) + 2 * sh_.w_norm(units[p]) * big_x * (big_r + big_x);
    }
  }

  // Q(units, units) += sign r r^T (upper triangle), P(units, S) += sign (c - r) x^T with
  // c = G r - u (the decoder part r_j e gives r r^T W - r y, the encoder part c y); the loss is
  // ½(r·c - r·u + ‖y‖²).
  double add_coefficients(Coefficients& sums, const int* units, const double* r, int count, double sign) {
    const double* u = cur_->u.data();
    double* c = c_.data();
    for (int p = 0; p < count; ++p) c[p] = -u[units[p]];
    const double decoder_sign = sign * sh_.decoder_sign;
    // Each pair p <= t once, in the upper triangles of G and Q (column units[t], row units[p]);
    // every c[p] still sums its terms in ascending order of the unit.
    for (int t = 0; t < count; ++t) {
      const double* g = sh_.g.data() + column_start(units[t]);
      double* q = sums.q.data() + column_start(units[t]);
      const double rt = r[t], st = decoder_sign * r[t];
      double ct = c[t];
      for (int p = 0; p < t; ++p) {
        const double gv = g[units[p]];
        c[p] += gv * rt;
        ct += gv * r[p];
        q[units[p]] += st * r[p];
      }
      c[t] = ct + g[units[t]] * rt;
      q[units[t]] += st * rt;
    }
    double rc = 0, ru = 0;
    for (int p = 0; p < count; ++p) {
      rc += r[p] * c[p];
      ru += r[p] * u[units[p]];
    }
    const double encoder = sh_.encoder_sign, decoder = sh_.decoder_sign;
    for (int p = 0; p < count; ++p) c[p] = encoder * c[p] - decoder * r[p];  // c - r (±1 signs: mutants)
    for (int t = 0; t < cur_->size; ++t) {
      double* pcol = sums.p.col(cur_->atoms[t]).data();
      const double sx = sign * cur_->x[t];
      for (int p = 0; p < count; ++p) pcol[units[p]] += sx * c[p];
    }
    return sh_.loss_factor * (rc - ru + yy_);
  }

  // The batch's gradient rows from its coefficient sums: W^T Q(:, rows) + A* P(rows, :)^T.
  void to_gradient(const Coefficients& sums, MatrixXd& acc) {
    const auto h = static_cast<int>(sums.p.rows());
    MatrixXd& q = square_;  // kept between batches: no page faults for a fresh h x h matrix
    q.resize(h, h);
    for (int t = 0; t < h; ++t) {
      const double* column = sums.q.data() + column_start(t);
      for (int p = 0; p <= t; ++p) q(p, t) = q(t, p) = column[p];
    }
    const auto n = sh_.a.rows();
    auto out = acc.topRows(n);
    if (sh_.all_rows) {
      out.noalias() = sh_.wt.topRows(n) * q;
      out.noalias() += sh_.ap.topRows(n) * sums.p.transpose();
    } else {
      out.noalias() = sh_.wt.topRows(n) * q(Eigen::all, sh_.rows);
      out.noalias() += sh_.ap.topRows(n) * sums.p(sh_.rows, Eigen::all).transpose();
    }
  }

  // For the activation (units, r) of the current sample: e = Σ r_p W_{units[p]} - y and, for each
  // wanted unit, acc.col(slot) += sign (r_p e + <W_p, e> y). Returns the loss ½‖e‖².
  double add_vectors(MatrixXd& acc, const int* units, const double* r, int count, double sign) {
    const Eigen::Index len = sh_.padded;
    double* e = e_.data();
    const double* y = y_.data();
#pragma omp simd
    for (Eigen::Index t = 0; t < len; ++t) e[t] = -y[t];
    for (int p = 0; p < count; ++p) axpy(r[p], sh_.wt.col(units[p]).data(), e);
    for (int p = 0; p < count; ++p) {
      const int s = sh_.slot[units[p]];
      if (s < 0) continue;
      const double* wj = sh_.wt.col(units[p]).data();
      double c = 0;
#pragma omp simd reduction(+ : c)
      for (Eigen::Index t = 0; t < len; ++t) c += wj[t] * e[t];
      const double re = sign * sh_.decoder_sign * r[p], cy = sign * sh_.encoder_sign * c;
      double* g = acc.col(s).data();
#pragma omp simd
      for (Eigen::Index t = 0; t < len; ++t) g[t] += re * e[t] + cy * y[t];
    }
    double ee = 0;
#pragma omp simd reduction(+ : ee)
    for (Eigen::Index t = 0; t < len; ++t) ee += e[t] * e[t];
    return sh_.loss_factor * ee;
  }

  // Prefetches the columns of W^T that `add` reads and the accumulator columns it writes.
  void prefetch_columns(const int* units, int count, const MatrixXd& acc) const {
    for (int p = 0; p < count; ++p) {
      const char* wj = reinterpret_cast<const char*>(sh_.wt.col(units[p]).data());
      const int slot = sh_.slot[units[p]];
      const char* gj = slot < 0 ? nullptr : reinterpret_cast<const char*>(acc.col(slot).data());
      for (Eigen::Index byte = 0; byte < sh_.padded * 8; byte += 64) {
        __builtin_prefetch(wj + byte);
        if (gj) __builtin_prefetch(gj + byte, 1);
      }
    }
  }

  // out += alpha x over the padded length.
  void axpy(double alpha, const double* x, double* out) const {
    const Eigen::Index len = sh_.padded;
#pragma omp simd
    for (Eigen::Index t = 0; t < len; ++t) out[t] += alpha * x[t];
  }

  const Shared& sh_;
  bool oracle_;
  Sample ring_[3];          // the pipeline of run()
  const Sample* cur_ = nullptr;  // the sample being accumulated
  VectorXd y_, e_;
  std::vector<double> oracle_r_;
  // Coefficient space: the batch sums, c of the current activation and ‖y‖² of the sample.
  Coefficients oracle_sums_, correction_sums_;
  std::vector<double> c_;
  MatrixXd square_;  // Q unpacked for the products
  double yy_ = 0;
  double rounding_ = 0;  // of the last add()'s loss
  std::vector<std::uint64_t> bits_;  // the firing scan's bit per unit
  std::vector<const double*> columns_;  // the columns of M of the sample that fires
  std::vector<const float*> float_columns_;  // and of mf
  std::vector<float> float_x_;
};

void validate(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
              const MonteCarloOptions& o) {
  check_model_shapes(a, w, eps, code);
  const auto h = a.cols();
  if (!a.allFinite() || !w.allFinite() || !eps.allFinite()) throw std::invalid_argument("A*, W and eps must be finite");
  if (o.batches < 2) throw std::invalid_argument("batches = " + std::to_string(o.batches) + "; accepted: [2, samples]");
  if (o.samples < static_cast<std::uint64_t>(o.batches))
    throw std::invalid_argument("samples = " + std::to_string(o.samples) + "; accepted: [batches, inf) = [" + std::to_string(o.batches) + ", inf)");
  if (!(o.confidence > 0 && o.confidence < 1)) throw std::invalid_argument("confidence must lie in (0, 1)");
  for (const int r : o.rows)
    if (r < 0 || r >= h) throw std::invalid_argument("row " + std::to_string(r) + "; accepted: [0, " + std::to_string(h - 1) + "]");
}

}  // namespace

std::string to_string(Accumulation a) {
  switch (a) {
    case Accumulation::automatic: return "automatic";
    case Accumulation::vectors: return "vectors";
    case Accumulation::coefficients: return "coefficients";
  }
  return "";
}

std::string MonteCarloResult::method() const {
  std::ostringstream s;
  s << samples << " samples in " << batches << " batches, confidence " << confidence
    << "; per coordinate: batch means with Student t (" << batches - 1
    << " dof) and Hoeffding with the worst-case bound; per row norm: batch-means trace with Gaussian "
       "concentration and McDiarmid; recovery rate: Clopper-Pearson";
  return s.str();
}

// Runs the batches on `threads` threads (and, when distributed, across processes) and hands their
// results to combine(result, b) in batch order, so the bits do not depend on either count.
template <class Combine> void run_batches(const Shared& sh, const MonteCarloOptions& options, int threads, Combine&& combine) {
  const Eigen::Index n = sh.a.rows();
  const int batches = options.batches;
  const std::uint64_t total = options.samples;
  const auto batch_range = [&](int b) {
    return std::pair{total * static_cast<std::uint64_t>(b) / batches, total * static_cast<std::uint64_t>(b + 1) / batches};
  };

  const int processes = options.distributed ? process_count() : 1;
  if (processes == 1) {
#pragma omp parallel num_threads(threads)
    {
      omp_set_num_threads(1);  // Eigen's products in a worker stay on its thread, also when threads = 1
      Worker worker(sh, options.oracle);
      BatchResult result;
#pragma omp for ordered schedule(dynamic, 1)
      for (int b = 0; b < batches; ++b) {
        const auto [begin, end] = batch_range(b);
        worker.run(options.seed, begin, end, result);
#pragma omp ordered
        combine(result, b);
      }
    }
  } else {
    // This process's batches, packed (batch_layout.hpp); all batches are then gathered on every
    // process and combined in batch order as above.
    const BatchLayout layout{n, sh.wanted};
    const int block = static_cast<int>(layout.size());
    std::vector<int> mine;
    for (int b = process_rank(); b < batches; b += processes) mine.push_back(b);
    std::vector<double> packed(mine.size() * layout.size());
#pragma omp parallel num_threads(threads)
    {
      omp_set_num_threads(1);
      Worker worker(sh, options.oracle);
      BatchResult result;
#pragma omp for schedule(dynamic, 1)
      for (std::size_t i = 0; i < mine.size(); ++i) {
        const auto [begin, end] = batch_range(mine[i]);
        worker.run(options.seed, begin, end, result);
        layout.pack(result, packed.data() + i * layout.size());
      }
    }
    const std::vector<double> all = gather_round_robin_blocks(packed, batches, block);
    BatchResult result;
    for (int b = 0; b < batches; ++b) {
      layout.unpack(all.data() + static_cast<std::size_t>(b) * layout.size(), result);
      combine(result, b);
    }
  }

}

MonteCarloResult estimate(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                          const MonteCarloOptions& options) {
  validate(a, w, eps, code, options);
  const auto h = static_cast<int>(a.cols());
  std::vector<int> rows = options.rows;
  if (rows.empty())
    for (int i = 0; i < h; ++i) rows.push_back(i);

  const Eigen::Index n = a.rows();
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  Shared sh = plan_run(a, w, eps, code, options, rows, threads);
  const Bounds bounds = worst_case_bounds(sh, w);

  const int batches = options.batches;
  const std::uint64_t total = options.samples;
  BatchStatistics grad_stats, corr_stats, oracle_stats;
  double loss_mean = 0, loss_m2 = 0, loss_total = 0, loss_abs_total = 0, rounding_total = 0;
  std::uint64_t recovered = 0, active = 0;
  double product_seconds = 0;
  run_batches(sh, options, threads, [&](const BatchResult& result, int b) {
    const Eigen::Ref<const MatrixXd> oracle = result.oracle.topRows(n), correction = result.correction.topRows(n);
    if (options.oracle) {
      grad_stats.add(oracle, &correction, result.size, result.oracle_rounding + result.correction_rounding);
      corr_stats.add(correction, nullptr, result.size, result.correction_rounding);
      oracle_stats.add(oracle, nullptr, result.size, result.oracle_rounding);
    } else {
      grad_stats.add(correction, nullptr, result.size, result.correction_rounding);
    }
    const double delta = result.loss - loss_mean;
    loss_mean += delta / (b + 1);
    loss_m2 += delta * (result.loss - loss_mean);
    loss_total += result.loss * static_cast<double>(result.size);
    loss_abs_total += std::abs(result.loss) * static_cast<double>(result.size);
    rounding_total += result.loss_rounding * static_cast<double>(result.size);
    recovered += result.recovered;
    active += result.active;
    product_seconds += result.product_seconds;
  });

  MonteCarloResult out;
  out.samples = total;
  out.batches = batches;
  out.confidence = options.confidence;
  out.seed = options.seed;
  out.gradient = summarise(grad_stats, rows, bounds.gradient, total, options.confidence);
  if (options.oracle) {
    out.oracle_gradient = summarise(oracle_stats, rows, bounds.oracle, total, options.confidence);
    out.correction = summarise(corr_stats, rows, bounds.gradient + bounds.oracle, total, options.confidence);
  }
  const double t = student_t_quantile(1 - (1 - options.confidence) / 2, batches - 1);
  out.loss.mean = loss_total / static_cast<double>(total);
  out.loss.halfwidth = t * std::sqrt(loss_m2 / (static_cast<double>(batches - 1) * batches));
  out.loss.halfwidth_bounded = hoeffding_halfwidth(bounds.loss, total, options.confidence);
  // The batches' bounds, the weighted sum over batches and the division (each product of a batch
  // size and a mean, and the division, rounds once more).
  out.loss.rounding = (1 + higham_gamma(3)) * (rounding_total + higham_gamma(batches + 4) * loss_abs_total) / static_cast<double>(total);
  out.recovery = clopper_pearson(recovered, total, options.confidence);
  out.mean_active_units = static_cast<double>(active) / static_cast<double>(total);
  out.product_seconds = product_seconds;
  out.accumulation = sh.coefficients ? Accumulation::coefficients : Accumulation::vectors;
  return out;
}

}  // namespace scae
