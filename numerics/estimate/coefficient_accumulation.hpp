// Coefficient-space accumulation of the Monte Carlo engine (monte_carlo.cpp): a batch's gradient
// rows kept as sums Q = Σ r r^T and P = Σ (c - r) x*^T over the units and atoms of its samples,
// turned into rows once per batch (W^T Q + A* P^T). Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/engine_types.hpp"
#include "numerics/core/huge_pages.hpp"
#include "numerics/estimate/row_moments.hpp"
#include "numerics/estimate/sample_draw.hpp"

#include <omp.h>

#include <algorithm>
#include <vector>

namespace scae::engine {

class CoefficientAccumulation {
public:
  explicit CoefficientAccumulation(const Shared& sh) : sh_(sh), c_(sh.m.rows()), d_(sh.m.rows()) {}

  Coefficients oracle_sums, correction_sums;

  // Empty sums for a batch (the oracle's only when the run has it).
  void reset() {
    const auto h = sh_.m.rows();
    for (Coefficients* sums : {&oracle_sums, &correction_sums})
      if (sums != &oracle_sums || sh_.oracle) sums->empty(static_cast<int>(h), sh_.track_sums);
  }

  // ‖y‖² = x*^T (A*^T A*) x* of `sample`, which the following add() calls read.
  void set_sample(const Sample& sample) {
    const int* atoms = sample.atoms.data();
    const double* x = sample.x.data();
    double yy = 0;
    for (int t = 0; t < sample.size; ++t) {
      const double* ga = sh_.ga.data() + column_start(atoms[t]);
      double off = 0;
      for (int v = 0; v < t; ++v) off += x[v] * ga[atoms[v]];
      yy += x[t] * (2 * off + x[t] * ga[atoms[t]]);
    }
    yy_ = yy;
  }

  // Q(units, units) += sign r r^T (upper triangle), P(units, S) += sign (c - r) x^T with
  // c = G r - u (the decoder part r_j e gives r r^T W - r y, the encoder part c y); the loss is
  // ½(r·c - r·u + ‖y‖²). Its rounding and the rows' are in accumulation_rounding.hpp.
  double add(Coefficients& sums, const Sample& sample, const int* units, const double* r, int count, double sign) {
    const double* u = sample.u.data();
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
    double* d = d_.data();
    for (int p = 0; p < count; ++p) d[p] = encoder * c[p] - decoder * r[p];  // c - r (±1 signs: mutants)
    for (int t = 0; t < sample.size; ++t) {
      double* pcol = sums.p.col(sample.atoms[t]).data();
      const double sx = sign * sample.x[t];
      for (int p = 0; p < count; ++p) pcol[units[p]] += sx * d[p];
    }
    if (sums.tracked) touch(sums, sample, units, count);
    ee_ = rc - ru + yy_;  // ‖e‖² (row_moments.hpp)
    ey_ = ru - yy_;       // <e, y>
    return sh_.loss_factor * ee_;
  }

  // The scalars of the activation last passed to add() (row_moments.hpp).
  ActivationScalars scalars(const int* units, const double* r, int count) const {
    return {units, r, c_.data(), count, ee_, ey_, yy_};
  }

  // <e, e'> for two activations of the current sample, the current one (a, with its c = <W_p, e>)
  // and another whose scalars were kept (o): Σ_{t∈S} r'_t <W_t, e> - <y, e> (row_moments.hpp),
  // with <W_t, e> = c_t where t is in J too and (G r)_t - u_t otherwise.
  double cross(const ActivationScalars& a, const ActivationScalars& o, const Sample& sample) const {
    double out = 0;
    int p = 0;
    for (int t = 0; t < o.count; ++t) {
      const int l = o.units[t];
      while (p < a.count && a.units[p] < l) ++p;
      double w_e = 0;
      if (p < a.count && a.units[p] == l) {
        w_e = a.c[p];
      } else {
        w_e = -sample.u[l];
        for (int q = 0; q < a.count; ++q) {
          const int j = a.units[q];
          w_e += sh_.g[j <= l ? column_start(l) + j : column_start(j) + l] * a.r[q];
        }
      }
      out += o.r[t] * w_e;
    }
    return out - a.ey;
  }

  // Prefetches what add(sums, ...) for these units and atoms reads and writes: the entries of G
  // and Q at the pairs of units and of P at (unit, atom).
  void prefetch(const Coefficients& sums, const int* units, int count, const int* atoms, int size) const {
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

  // The gradient rows from coefficient sums: W^T Q(:, rows) + A* P(rows, :)^T. With all rows on
  // `threads` threads, in blocks of 256 columns: Eigen blocks the inner dimension by its size alone,
  // so each entry is summed as by the whole product (a block of one column would be a matrix-vector
  // product, with other bits: a last single column joins the block before it).
  void to_gradient(const Coefficients& sums, MatrixXd& acc, int threads = 1) {
    const auto h = static_cast<int>(sums.p.rows());
    MatrixXd& q = square_;  // kept between batches: no page faults for a fresh h x h matrix
    resize_on_huge_pages(q, h, h);
    // Q unpacked: the upper triangle column by column, then the lower one by 64 x 64 tiles.
    constexpr int tile = 64;
#pragma omp parallel num_threads(threads)
    {
#pragma omp for schedule(static)
      for (int t = 0; t < h; ++t) std::copy_n(sums.q.data() + column_start(t), t + 1, q.col(t).data());
#pragma omp for schedule(dynamic, 1)
      for (int j0 = 0; j0 < h; j0 += tile)
        for (int i0 = j0; i0 < h; i0 += tile)
          for (int j = j0; j < std::min(j0 + tile, h); ++j)
            for (int i = std::max(i0, j + 1); i < std::min(i0 + tile, h); ++i) q(i, j) = q(j, i);
    }
    const auto n = sh_.a.rows();
    auto out = acc.topRows(n);
    if (sh_.all_rows) {
      constexpr int width = 256;
      const int blocks = std::max(1, h / width + (h % width > 1 ? 1 : 0));
#pragma omp parallel num_threads(threads)
      {
        omp_set_num_threads(1);  // each block's product on its own thread
#pragma omp for schedule(dynamic, 1)
        for (int b = 0; b < blocks; ++b) {
          const int first = b * width, count = b + 1 == blocks ? h - first : width;
          auto columns = out.middleCols(first, count);
          columns.noalias() = sh_.wt.topRows(n) * q.middleCols(first, count);
          columns.noalias() += sh_.ap.topRows(n) * sums.p.middleRows(first, count).transpose();
        }
      }
    } else {
      out.noalias() = sh_.wt.topRows(n) * q(Eigen::all, sh_.rows);
      out.noalias() += sh_.ap.topRows(n) * sums.p(sh_.rows, Eigen::all).transpose();
    }
  }

private:
  // Marks the lines of Q and P that add() wrote.
  static void touch(Coefficients& sums, const Sample& sample, const int* units, int count) {
    const auto h = static_cast<std::size_t>(sums.p.rows());
    for (int t = 0; t < count; ++t) {
      const std::size_t column = column_start(units[t]);
      for (int p = 0; p <= t; ++p) sums.touched_q.touch(column + static_cast<std::size_t>(units[p]));
    }
    for (int t = 0; t < sample.size; ++t) {
      const std::size_t column = static_cast<std::size_t>(sample.atoms[t]) * h;
      for (int p = 0; p < count; ++p) sums.touched_p.touch(column + static_cast<std::size_t>(units[p]));
    }
  }

  const Shared& sh_;
  std::vector<double> c_;  // c = <W_j, e> of the current activation
  std::vector<double> d_;  // c - r, for P
  MatrixXd square_;        // Q unpacked for the products
  double yy_ = 0;          // ‖y‖² of the current sample
  double ee_ = 0, ey_ = 0;  // ‖e‖² and <e, y> of the current activation
};

}  // namespace scae::engine
