#include "numerics/core/verified_cholesky.hpp"

#include "numerics/core/certified_product.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace scae {

namespace {

constexpr double unit_roundoff = std::numeric_limits<double>::epsilon() / 2;
constexpr double eta = std::numeric_limits<double>::denorm_min();

void check_shape(const SymmetricEnclosure& h) {
  if (h.mid.rows() != h.mid.cols() || h.rad.rows() != h.mid.rows() || h.rad.cols() != h.mid.cols())
    throw std::invalid_argument("verified Cholesky: mid must be square and rad of the same shape");
}

// ‖R‖_∞ of the mirrored lower triangle of rad, enclosed in MPFI (its upper end is used).
interval radius_norm(const MatrixXd& rad) {
  const Eigen::Index n = rad.rows();
  interval best = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    interval row = 0;
    for (Eigen::Index j = 0; j < n; ++j) row += interval(i >= j ? rad(i, j) : rad(j, i));
    best = hull_max(best, row);
  }
  return best;
}

// Left-looking Cholesky of the lower triangle of b in place (L with L Lᵀ = b; the upper triangle is left
// as it was). Returns the column of a breakdown, −1 when it ran to completion.
int cholesky_in_place(MatrixXd& b) {
  const Eigen::Index n = b.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    if (j > 0)
      b.col(j).tail(n - j).noalias() -= b.block(j, 0, n - j, j) * b.row(j).head(j).transpose();
    const double pivot = b(j, j);
    if (!(pivot > 0) || !std::isfinite(pivot)) return static_cast<int>(j);
    const double root = std::sqrt(pivot);
    b(j, j) = root;
    for (Eigen::Index i = j + 1; i < n; ++i) b(i, j) = b(i, j) / root;  // true divisions
  }
  return -1;
}

}  // namespace

DefinitenessCheck verify_lower_eigenvalue(const SymmetricEnclosure& h, double lambda) {
  check_shape(h);
  PrecisionGuard guard(128);
  const Eigen::Index n = h.mid.rows();
  const double gamma = higham_gamma(static_cast<double>(n + 2));
  const interval radius = radius_norm(h.rad);
  // A-priori shift: twice the expected error terms (‖R̂‖_F² ≈ Σ |mid_ii − λ|).
  double trace = 0, max_diagonal = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    trace += std::abs(h.mid(i, i) - lambda);
    max_diagonal = std::max(max_diagonal, std::abs(h.mid(i, i) - lambda));
  }
  const double sigma = 2 * (gamma * trace + outward_doubles(radius).second + unit_roundoff * max_diagonal) +
                       4 * static_cast<double>(n) * static_cast<double>(n) * eta;
  DefinitenessCheck out;
  out.lambda = lambda;
  out.shift = lambda + sigma;
  MatrixXd b = h.mid;
  for (Eigen::Index i = 0; i < n; ++i) b(i, i) = b(i, i) - out.shift;
  double shift_error = 0;
  for (Eigen::Index i = 0; i < n; ++i) shift_error = std::max(shift_error, std::abs(b(i, i)));
  out.breakdown = cholesky_in_place(b);
  if (out.breakdown >= 0) return out;
  interval frobenius = 0, max_pivot = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    max_pivot = hull_max(max_pivot, interval(b(j, j)));
    for (Eigen::Index i = j; i < n; ++i) frobenius += interval(b(i, j)) * interval(b(i, j));
  }
  const interval nn = interval(static_cast<double>(n)) * interval(static_cast<double>(n));
  const interval factor_error = interval(gamma) * frobenius + 2 * nn * interval(eta) * (1 + max_pivot);
  out.margin = (interval(out.shift) - interval(lambda)) - factor_error -
               interval(unit_roundoff) * interval(shift_error) - radius;
  out.certified = lower(out.margin) > 0;
  return out;
}

CertifiedEigenvalueBound certified_lower_eigenvalue(const SymmetricEnclosure& h, int tries) {
  check_shape(h);
  CertifiedEigenvalueBound out;
  const MatrixXd sym = h.mid.selfadjointView<Eigen::Lower>();
  out.estimate = Eigen::SelfAdjointEigenSolver<MatrixXd>(sym, Eigen::EigenvaluesOnly).eigenvalues()(0);
  const DefinitenessCheck first = verify_lower_eigenvalue(h, out.estimate);
  double gap = 2 * (first.shift - out.estimate);
  for (int t = 0; t < tries; ++t, gap *= 4) {
    out.last = verify_lower_eigenvalue(h, out.estimate - gap);
    if (out.last.certified) {
      out.lower = out.last.lambda;
      break;
    }
  }
  return out;
}

interval rayleigh_quotient(const SymmetricEnclosure& h, const VectorXd& v) {
  check_shape(h);
  if (v.size() != h.mid.rows()) throw std::invalid_argument("rayleigh_quotient: v must have one entry per row");
  const Eigen::Index n = h.mid.rows();
  interval quadratic = 0, norm = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    const interval vj(v(j));
    norm += vj * vj;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double m = i >= j ? h.mid(i, j) : h.mid(j, i);
      const double r = i >= j ? h.rad(i, j) : h.rad(j, i);
      quadratic += interval(v(i)) * (interval(m) + interval(-r, r)) * vj;
    }
  }
  if (!(upper(norm) > 0)) throw std::invalid_argument("rayleigh_quotient: v must not vanish");
  return quadratic / norm;
}

SymmetricEnclosure symmetric_enclosure(const Matrix<interval>& h) {
  SymmetricEnclosure out{MatrixXd(h.rows(), h.cols()), MatrixXd(h.rows(), h.cols())};
  for (Eigen::Index j = 0; j < h.cols(); ++j)
    for (Eigen::Index i = 0; i < h.rows(); ++i) {
      const auto [lo, hi] = outward_doubles(h(i, j));
      const double mid = lo / 2 + hi / 2;
      out.mid(i, j) = mid;
      out.rad(i, j) = outward_doubles(hull_max(interval(hi) - interval(mid), interval(mid) - interval(lo))).second;
    }
  return out;
}

}  // namespace scae
