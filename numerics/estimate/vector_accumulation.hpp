// Vector-space accumulation of the Monte Carlo engine (monte_carlo.cpp): each sample's gradient
// rows formed from y = A* x* and e = W^T r - y over n (padded) coordinates and added to the
// batch's accumulator columns. Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/engine_types.hpp"
#include "numerics/estimate/row_moments.hpp"
#include "numerics/estimate/sample_draw.hpp"

#include <vector>

namespace scae::engine {

class VectorAccumulation {
public:
  explicit VectorAccumulation(const Shared& sh)
      : sh_(sh), y_(sh.padded), e_(sh.padded), c_(static_cast<std::size_t>(sh.a.cols() + 8)) {}

  // y = A* x* of `sample` and ‖y‖², which the following add() calls read.
  void set_sample(const Sample& sample) {
    y_.setZero();
    for (int t = 0; t < sample.size; ++t) axpy(sample.x[t], sh_.ap.col(sample.atoms[t]).data(), y_.data());
    yy_ = dot(y_.data(), y_.data());
  }

  // For the activation (units, r) of the sample: e = Σ r_p W_{units[p]} - y and, for each
  // wanted unit, c_p = <W_p, e> and acc.col(slot) += sign (r_p e + c_p y). Returns the loss ½‖e‖²;
  // its rounding and the rows' are in accumulation_rounding.hpp.
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
      const double c = c_[static_cast<std::size_t>(p)] = dot(wj, e);
      const double re = sign * sh_.decoder_sign * r[p], cy = sign * sh_.encoder_sign * c;
      double* g = acc.col(s).data();
#pragma omp simd
      for (Eigen::Index t = 0; t < len; ++t) g[t] += re * e[t] + cy * y[t];
    }
    ee_ = dot(e, e);
    ey_ = dot(e, y);
    return sh_.loss_factor * ee_;
  }

  // The scalars of the activation last passed to add() (row_moments.hpp); c is set at the wanted
  // units only, which is all that is read.
  ActivationScalars scalars(const int* units, const double* r, int count) const {
    return {units, r, c_.data(), count, ee_, ey_, yy_};
  }

  // e of the activation last passed to add().
  const VectorXd& e() const { return e_; }

  // <e, e'> for the current activation and a kept e' of the same sample.
  double cross(const VectorXd& other) const { return dot(e_.data(), other.data()); }

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
  double dot(const double* x, const double* z) const {
    const Eigen::Index len = sh_.padded;
    double out = 0;
#pragma omp simd reduction(+ : out)
    for (Eigen::Index t = 0; t < len; ++t) out += x[t] * z[t];
    return out;
  }

  // out += alpha x over the padded length.
  void axpy(double alpha, const double* x, double* out) const {
    const Eigen::Index len = sh_.padded;
#pragma omp simd
    for (Eigen::Index t = 0; t < len; ++t) out[t] += alpha * x[t];
  }

  const Shared& sh_;
  VectorXd y_, e_;
  std::vector<double> c_;  // c_p = <W_p, e> of the current activation (wanted units)
  double yy_ = 0, ee_ = 0, ey_ = 0;  // ‖y‖², ‖e‖², <e, y>
};

}  // namespace scae::engine
