// The structured lower bound of λ_min(E H); the split and each bound are in structured_hessian_bound.hpp.
#include "theory/structured_hessian_bound.hpp"

#include "numerics/core/certified_product.hpp"
#include "theory/hessian_classes.hpp"
#include "theory/spectral_norm_bound.hpp"
#include "theory/verdict.hpp"
#include "numerics/core/verified_cholesky.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace scae {

namespace {

// The enclosed products and vectors every class reads.
struct Enclosed {
  ClassMoments<interval> m;
  Matrix<interval> a, w, mm, p, z, za, ata, mmt, g;  // A*, W, M = W A*, P = A*A*ᵀ, Z = W P, Z A*, A*ᵀA*, M Mᵀ, W Wᵀ
  Vector<interval> u, sigma, eps, zz, zu, au;       // A*1, M 1, ε, ‖z_i‖², ⟨z_i, u⟩, ⟨A_i, u⟩
  interval uu;
};

Matrix<interval> transposed(const Matrix<interval>& x) { return x.transpose(); }

Enclosed enclose_inputs(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code) {
  Enclosed e{class_moments<interval>(code), cast_matrix<interval>(a), cast_matrix<interval>(w), {}, {}, {}, {}, {}, {}, {},
             {}, {}, cast_vector<interval>(eps), {}, {}, {}, interval(0)};
  e.mm = enclose_product(e.w, e.a);
  e.p = enclose_product(e.a, transposed(e.a));
  e.z = enclose_product(e.w, e.p);
  e.za = enclose_product(e.z, e.a);
  e.ata = enclose_product(transposed(e.a), e.a);
  e.mmt = enclose_product(e.mm, transposed(e.mm));
  e.g = enclose_product(e.w, transposed(e.w));
  const Eigen::Index h = w.rows(), n = w.cols();
  e.u = Vector<interval>::Zero(n);
  for (Eigen::Index l = 0; l < h; ++l)
    for (Eigen::Index t = 0; t < n; ++t) e.u(t) += e.a(t, l);
  e.sigma = Vector<interval>::Zero(h);
  e.zz = e.zu = e.au = Vector<interval>::Zero(h);
  for (Eigen::Index i = 0; i < h; ++i) {
    for (Eigen::Index l = 0; l < h; ++l) e.sigma(i) += e.mm(i, l);
    for (Eigen::Index t = 0; t < n; ++t) {
      e.zz(i) += e.z(i, t) * e.z(i, t);
      e.zu(i) += e.z(i, t) * e.u(t);
      e.au(i) += e.a(t, i) * e.u(t);
    }
  }
  for (Eigen::Index t = 0; t < n; ++t) e.uu += e.u(t) * e.u(t);
  return e;
}

// The pair classes: C_off, the columns κ_{·j} and φ_{·j} (zero diagonal), and max_j Σ_{i≠j} ‖b_ij‖².
struct PairClasses {
  Matrix<interval> c, kappa, phi;
  interval b_column_max = 0;
};

PairClasses pair_classes(const Enclosed& e) {
  const Eigen::Index h = e.mm.rows();
  PairClasses out{Matrix<interval>::Zero(h, h), Matrix<interval>::Zero(h, h), Matrix<interval>::Zero(h, h)};
  const interval& b4 = e.m.beta4;
  for (Eigen::Index j = 0; j < h; ++j) {
    interval column = 0;
    for (Eigen::Index i = 0; i < h; ++i) {
      if (i == j) continue;
      const PairCoefficients<interval> pc = pair_coefficients<interval>(
          e.m, {e.mm(i, i), e.mm(i, j), e.mm(j, i), e.mm(j, j), e.sigma(i), e.sigma(j), e.mmt(i, j), e.eps(i), e.eps(j)});
      out.c(i, j) = pc.c;
      out.kappa(i, j) = pc.kappa;
      out.phi(i, j) = pc.phi;
      // ‖b_ij‖² from the Gram matrix of (z_i, u, A_i, A_j).
      column += b4 * b4 * e.zz(i) + pc.kappa * pc.kappa * e.uu + pc.psi * pc.psi * e.ata(i, i) + pc.phi * pc.phi * e.ata(j, j) +
                2 * (b4 * pc.kappa * e.zu(i) + b4 * pc.psi * e.za(i, i) + b4 * pc.phi * e.za(i, j) + pc.kappa * pc.psi * e.au(i) +
                     pc.kappa * pc.phi * e.au(j) + pc.psi * pc.phi * e.ata(i, j));
    }
    out.b_column_max = hull_max(out.b_column_max, column);
  }
  return out;
}

// Midpoints and radii of an interval vector or matrix.
SymmetricEnclosure split(const Matrix<interval>& x) { return symmetric_enclosure(x); }

// One diagonal block Bd_j without its ζ part, as midpoints and rigorous radii: every term is a scaled
// common matrix or x yᵀ with enclosed x, y; the terms' own errors are added, and the rounding of the
// midpoint (at most 2 roundings per term, 12 terms) by γ_16 Σ |terms|. Every radius term is a sum of
// non-negative products (relative rounding below 60 u), inflated by 1 + 1e-12.
class BlockAssembler {
public:
  BlockAssembler(const SymmetricEnclosure& p, const SymmetricEnclosure& common) : p_(p), common_(common) {}

  SymmetricEnclosure block(const interval& a, const interval& alpha, const std::vector<std::pair<Vector<interval>, Vector<interval>>>& sym) const {
    const auto [al, ah] = outward_doubles(alpha);
    const auto [dl, dh] = outward_doubles(a);
    const double am = al / 2 + ah / 2, ar = std::max(ah - am, am - al), dm = dl / 2 + dh / 2, dr = std::max(dh - dm, dm - dl);
    SymmetricEnclosure out{am * p_.mid + common_.mid, ar * (p_.mid.cwiseAbs() + p_.rad) + std::abs(am) * p_.rad + common_.rad};
    MatrixXd magnitude = std::abs(am) * p_.mid.cwiseAbs() + common_.mid.cwiseAbs();
    out.mid.diagonal().array() += dm;
    out.rad.diagonal().array() += dr;
    magnitude.diagonal().array() += std::abs(dm);
    for (const auto& [xi, yi] : sym) {
      const SymmetricEnclosure x = split(xi), y = split(yi);
      const VectorXd xm = x.mid.col(0), xr = x.rad.col(0), ym = y.mid.col(0), yr = y.rad.col(0);
      out.mid += xm * ym.transpose() + ym * xm.transpose();
      const MatrixXd err = xr * (ym.cwiseAbs() + yr).transpose() + xm.cwiseAbs() * yr.transpose();
      out.rad += err + err.transpose();
      const MatrixXd mag = xm.cwiseAbs() * ym.cwiseAbs().transpose();
      magnitude += mag + mag.transpose();
    }
    out.rad = (out.rad + higham_gamma(16) * magnitude) * (1 + 1e-12);
    out.rad.array() += 1e-300;
    return out;
  }

private:
  const SymmetricEnclosure& p_;
  const SymmetricEnclosure& common_;
};

interval max_abs_off_diagonal(const Matrix<interval>& x) {
  interval out = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      if (i != j) out = hull_max(out, abs(x(i, j)));
  return out;
}

}  // namespace

namespace {

// ‖R3‖₂'s class bound and ℓ (structured_hessian_bound.hpp); sets out.r3 and out.block_leftover.
void norm_bounds(const Enclosed& e, StructuredHessianBound& out, interval& w_norm) {
  const ClassMoments<interval>& m = e.m;
  const Eigen::Index h = e.g.rows();
  w_norm = spectral_norm_bound<interval>(e.w, 8);
  const interval a_norm = spectral_norm_bound<interval>(e.a, 8);
  Matrix<interval> g_off = e.g;
  interval nu2 = 0, g_col = 0;
  for (Eigen::Index j = 0; j < h; ++j) {
    g_off(j, j) = 0;
    nu2 = hull_max(nu2, e.ata(j, j));
    interval column = 0;
    for (Eigen::Index i = 0; i < h; ++i)
      if (i != j) column += e.g(i, j) * e.g(i, j);
    g_col = hull_max(g_col, column);
  }
  const interval g_norm = spectral_norm_bound<interval>(g_off, 8), g_max = max_abs_off_diagonal(e.g);
  const interval m11 = m.m1 * m.m1, a2 = a_norm * a_norm, u_norm = sqrt(e.uu);
  const interval eta1 = m.m2 * (m.q2 - m.q3) - 2 * m11 * (m.q3 - m.q4), eta3 = m11 * (m.q3 - m.q4);
  out.r3 = abs(m.beta4) * g_norm * a2 + abs(m11 * m.q4) * g_norm * e.uu + 2 * abs(eta1) * nu2 * g_norm +
           abs(m.zeta) * (nu2 * g_norm + a2 * g_max) + 2 * abs(eta3) * u_norm * (sqrt(nu2) * g_norm + a_norm * sqrt(g_col));
  out.block_leftover = 2 * abs(m.zeta) * w_norm * a_norm * max_abs_off_diagonal(e.mm);
}

// The j-independent part of Bd_j besides a_j I and (‖W_j‖² − 2) β3 P: β4 (WᵀZ + ZᵀW) + Wᵀ diag(ψ⁰) A*ᵀ + sym;
// ψ⁰ is returned for the blocks.
Matrix<interval> common_part(const Enclosed& e, Vector<interval>& psi0) {
  const ClassMoments<interval>& m = e.m;
  const Eigen::Index h = e.w.rows(), n = e.w.cols();
  const interval m11 = m.m1 * m.m1;
  psi0.resize(h);
  Matrix<interval> wpsi = transposed(e.w);
  for (Eigen::Index l = 0; l < h; ++l) {
    psi0(l) = m11 * (m.q3 - m.q4) * (e.sigma(l) - 2 * e.mm(l, l)) + m.m2 * (m.q2 - m.q3) * e.mm(l, l) -
              e.eps(l) * m.m1 * (m.q2 - m.q3);
    for (Eigen::Index t = 0; t < n; ++t) wpsi(t, l) *= psi0(l);
  }
  const Matrix<interval> qpsi = enclose_product(wpsi, transposed(e.a)), wz = enclose_product(transposed(e.w), e.z);
  Matrix<interval> common(n, n);
  for (Eigen::Index c = 0; c < n; ++c)
    for (Eigen::Index r = 0; r < n; ++r) common(r, c) = m.beta4 * (wz(r, c) + wz(c, r)) + qpsi(r, c) + qpsi(c, r);
  return common;
}

// min_j of certified lower bounds of the enclosed blocks: each block is first checked at the running minimum
// (one Cholesky), and only where that fails gets its own guess-and-verify.
bool certify_blocks(const Enclosed& e, const PairClasses& pairs, StructuredHessianBound& out) {
  const ClassMoments<interval>& m = e.m;
  const Eigen::Index h = e.w.rows();
  const interval m11 = m.m1 * m.m1;
  Vector<interval> psi0;
  const SymmetricEnclosure p_enc = split(e.p), common_enc = split(common_part(e, psi0));
  const Matrix<interval> wt = transposed(e.w);
  const Matrix<interval> k_cols = enclose_product(wt, pairs.kappa), f_cols = enclose_product(wt, pairs.phi);
  const BlockAssembler assemble(p_enc, common_enc);
  std::optional<double> target;
  for (Eigen::Index j = 0; j < h; ++j) {
    const DiagonalCoefficients<interval> d = diagonal_coefficients<interval>(m, e.mm(j, j), e.sigma(j), e.mmt(j, j), e.eps(j));
    const interval wn = e.g(j, j) - 2;
    const Vector<interval> aj = e.a.col(j), wj = wt.col(j), zj = e.z.row(j).transpose();
    const Vector<interval> x_u = interval(wn * m11 * m.q3 / 2) * e.u + interval(wn * m11 * (m.q2 - m.q3)) * aj + k_cols.col(j);
    const Vector<interval> x_a =
        interval(wn * (m.m2 * (m.q1 - m.q2) - 2 * m11 * (m.q2 - m.q3)) / 2) * aj - psi0(j) * wj + f_cols.col(j);
    const Vector<interval> x_w = interval(2 * m.beta3 - m.beta4) * zj + interval(2 * d.gu) * e.u + interval(2 * d.ga) * aj;
    const SymmetricEnclosure block = assemble.block(d.a, wn * m.beta3, {{x_u, e.u}, {x_a, aj}, {x_w, wj}});
    if (target && verify_lower_eigenvalue(block, *target).certified) continue;
    const CertifiedEigenvalueBound b = certified_lower_eigenvalue(block);
    if (!b.lower) {
      out.failure = "block " + std::to_string(j) + " not certified (estimate " + number_text(b.estimate) + ")";
      return false;
    }
    if (!target || *b.lower < *target) {
      target = b.lower;
      out.weakest_block = j;
      out.block_estimate = b.estimate;
    }
  }
  out.block_lower = target.value_or(0);
  return target.has_value();
}

}  // namespace

StructuredHessianBound structured_hessian_bound(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                const CodeModel& code) {
  if (w.rows() != a.cols() || w.cols() != a.rows() || eps.size() != a.cols())
    throw std::invalid_argument("structured Hessian bound: need A* n × h, W h × n and ε of size h");
  const Enclosed e = enclose_inputs(a, w, eps, code);
  StructuredHessianBound out;
  interval w_norm;
  norm_bounds(e, out, w_norm);
  const PairClasses pairs = pair_classes(e);
  out.r1 = w_norm * sqrt(pairs.b_column_max);
  const CertifiedEigenvalueBound coupling = certified_lower_eigenvalue(symmetric_enclosure(pairs.c));
  out.coupling_estimate = coupling.estimate;
  if (!coupling.lower) {
    out.failure = "lambda_min(C_off) not certified (estimate " + number_text(coupling.estimate) + ")";
    return out;
  }
  out.coupling_lower = *coupling.lower;
  if (!certify_blocks(e, pairs, out)) return out;
  out.value = interval(out.block_lower) - out.block_leftover + interval(out.coupling_lower) - 2 * out.r1 - out.r3;
  out.lower = outward_doubles(out.value).first;
  return out;
}

}  // namespace scae
