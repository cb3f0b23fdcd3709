// Vector-space accumulation of the Monte Carlo engine (monte_carlo.cpp): each sample's gradient
// rows formed from y = A* x* and e = W^T r - y over n (padded) coordinates and added to the
// batch's accumulator columns. Internal to numerics/estimate.
#pragma once

#include "engine_types.hpp"
#include "sample_draw.hpp"

namespace scae::engine {

class VectorAccumulation {
public:
  explicit VectorAccumulation(const Shared& sh) : sh_(sh), y_(sh.padded), e_(sh.padded) {}

  // y = A* x* of `sample`, which the following add() calls read.
  void set_sample(const Sample& sample) {
    y_.setZero();
    for (int t = 0; t < sample.size; ++t) axpy(sample.x[t], sh_.ap.col(sample.atoms[t]).data(), y_.data());
  }

  // For the activation (units, r) of the sample: e = Σ r_p W_{units[p]} - y and, for each
  // wanted unit, acc.col(slot) += sign (r_p e + <W_p, e> y). Returns the loss ½‖e‖²; its rounding
  // and the rows' are in accumulation_rounding.hpp.
  double add(MatrixXd& acc, const int* units, const double* r, int count, double sign) {
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

  // When W^T is beyond L2: prefetches the columns of W^T that add() reads and the accumulator
  // columns it writes.
  void prefetch(const int* units, int count, const MatrixXd& acc) const {
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

private:
  // out += alpha x over the padded length.
  void axpy(double alpha, const double* x, double* out) const {
    const Eigen::Index len = sh_.padded;
#pragma omp simd
    for (Eigen::Index t = 0; t < len; ++t) out[t] += alpha * x[t];
  }

  const Shared& sh_;
  VectorXd y_, e_;
};

}  // namespace scae::engine
