#include "theory/sampled_loss.hpp"

#include "numerics/model/autoencoder.hpp"
#include "numerics/core/certified_product.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace scae {

namespace {

void validate(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code, const SampleRange& range) {
  check_model_shapes(a, w, eps, code);
  if (range.batches < 1 || range.count < static_cast<std::uint64_t>(range.batches))
    throw std::invalid_argument("samples = " + std::to_string(range.count) + " in " + std::to_string(range.batches) +
                                " batches; accepted: batches in [1, samples]");
}

std::uint64_t batch_begin(const SampleRange& range, int b) {
  return range.first + range.count * static_cast<std::uint64_t>(b) / static_cast<std::uint64_t>(range.batches);
}

// One sample: its code and y = A* x*.
struct Sample {
  std::vector<int> atoms;
  std::vector<double> x;
  VectorXd y;
  int size = 0;

  Sample(const CodeModel& code, Eigen::Index n) : atoms(static_cast<std::size_t>(code.support.k())), x(atoms.size()), y(n) {}

  void draw(const CodeModel& code, const MatrixXd& a, const SampleRange& range, std::uint64_t index) {
    size = draw_code(code, range.seed, range.stream, index, atoms.data(), x.data());
    y.setZero();
    for (int t = 0; t < size; ++t) y.noalias() += x[static_cast<std::size_t>(t)] * a.col(atoms[static_cast<std::size_t>(t)]);
  }

  // out = M x* (M = W A*, h x h).
  void pre_activation(const MatrixXd& m, VectorXd& out) const {
    out.setZero();
    for (int t = 0; t < size; ++t) out.noalias() += x[static_cast<std::size_t>(t)] * m.col(atoms[static_cast<std::size_t>(t)]);
  }
};

}  // namespace

int draw_code(const CodeModel& code, std::uint64_t seed, Stream stream, std::uint64_t index, int* atoms, double* values) {
  PhiloxStream philox(seed, stream, index);
  const int size = code.support.sample(philox, atoms);
  for (int t = 0; t < size; ++t) values[t] = code.values.sample(philox);
  return size;
}

MatrixXd line_batch_losses(const MatrixXd& a, const MatrixXd& centre, const MatrixXd& direction, const VectorXd& eps,
                           const CodeModel& code, std::span<const double> ts, const SampleRange& range, int threads) {
  validate(a, centre, eps, code, range);
  const bool moving = direction.size() > 0;
  if (moving) validate(a, direction, eps, code, range);
  for (const double t : ts)
    if (!std::isfinite(t)) throw std::invalid_argument("line position t must be finite");
  const Eigen::Index n = a.rows(), h = a.cols(), points = static_cast<Eigen::Index>(ts.size());
  const MatrixXd m0 = centre * a, md = moving ? MatrixXd(direction * a) : MatrixXd::Zero(h, h);
  const MatrixXd ct = centre.transpose(), dt = moving ? MatrixXd(direction.transpose()) : MatrixXd::Zero(n, h);
  MatrixXd out(range.batches, points);
#pragma omp parallel num_threads(threads > 0 ? threads : omp_get_max_threads())
  {
    Sample sample(code, n);
    VectorXd u0(h), v(h), e(n);
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < range.batches; ++b) {
      const std::uint64_t begin = batch_begin(range, b), end = batch_begin(range, b + 1);
      Eigen::VectorXd sums = Eigen::VectorXd::Zero(points);
      for (std::uint64_t s = begin; s < end; ++s) {
        sample.draw(code, a, range, s);
        sample.pre_activation(m0, u0);
        if (moving) sample.pre_activation(md, v);
        else v.setZero();
        for (Eigen::Index p = 0; p < points; ++p) {
          const double t = ts[static_cast<std::size_t>(p)];
          e = -sample.y;
          for (Eigen::Index j = 0; j < h; ++j) {
            const double r = u0(j) + t * v(j) - eps(j);
            if (r > 0) e.noalias() += r * (ct.col(j) + t * dt.col(j));
          }
          sums(p) += 0.5 * e.squaredNorm();
        }
      }
      out.row(b) = (sums / static_cast<double>(end - begin)).transpose();
    }
  }
  return out;
}

namespace {

// Mean over the samples of ∇_W L (correction = false) or of ∇_W L − ∇_W L_oracle (correction = true,
// zero on every sample whose support is recovered).
MatrixXd sampled_mean(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                      const SampleRange& range, int threads, bool correction) {
  validate(a, w, eps, code, range);
  const Eigen::Index n = a.rows(), h = a.cols();
  const MatrixXd m = fixed_order_product(w, a);  // bits independent of threads
  const MatrixXd wt = w.transpose();
  MatrixXd total = MatrixXd::Zero(n, h);  // column j: the sum for row j
#pragma omp parallel num_threads(threads > 0 ? threads : omp_get_max_threads())
  {
    Sample sample(code, n);
    VectorXd u(h), e(n), r(h);
    std::vector<Eigen::Index> active, support;
    MatrixXd batch(n, h);
    // batch.col(j) += sign (r_j e + <W_j, e> y) over `units`, e = Σ r_j W_j − y.
    const auto add = [&](const std::vector<Eigen::Index>& units, double sign) {
      e = -sample.y;
      for (const Eigen::Index j : units) e.noalias() += r(j) * wt.col(j);
      for (const Eigen::Index j : units) batch.col(j).noalias() += sign * (r(j) * e + wt.col(j).dot(e) * sample.y);
    };
#pragma omp for ordered schedule(dynamic, 1)
    for (int b = 0; b < range.batches; ++b) {
      batch.setZero();
      for (std::uint64_t s = batch_begin(range, b), end = batch_begin(range, b + 1); s < end; ++s) {
        sample.draw(code, a, range, s);
        sample.pre_activation(m, u);
        r = u - eps;
        active.clear();
        for (Eigen::Index j = 0; j < h; ++j)
          if (r(j) > 0) active.push_back(j);
        if (correction) {
          support.assign(sample.atoms.begin(), sample.atoms.begin() + sample.size);
          std::sort(support.begin(), support.end());
          if (support == active) continue;  // recovered: ∇ = ∇_oracle
          add(support, -1.0);  // the oracle uses r_j = u_j − ε_j on S, whatever its sign
        }
        add(active, +1.0);
      }
#pragma omp ordered
      total += batch;
    }
  }
  return total.transpose() / static_cast<double>(range.count);
}

}  // namespace

MatrixXd sampled_gradient(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                          const SampleRange& range, int threads) {
  return sampled_mean(a, w, eps, code, range, threads, false);
}

MatrixXd sampled_correction(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                            const SampleRange& range, int threads) {
  return sampled_mean(a, w, eps, code, range, threads, true);
}

}  // namespace scae
