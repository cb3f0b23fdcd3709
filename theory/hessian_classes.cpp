// The class coefficients of the expected Hessian and its dense reassembly; derivation in hessian_classes.hpp.
#include "theory/hessian_classes.hpp"

#include <stdexcept>

namespace scae {

template <class T> ClassMoments<T> class_moments(const CodeModel& code) {
  if (!code.support.exchangeable())
    throw std::invalid_argument("the Hessian's class split needs an exchangeable support law (uniform size or equal q_i)");
  ClassMoments<T> m;
  m.m1 = from_rational<T>(code.values.m1());
  m.m2 = from_rational<T>(code.values.m2());
  m.q1 = from_rational<T>(code.support.q_uniform(1));
  m.q2 = from_rational<T>(code.support.q_uniform(2));
  m.q3 = from_rational<T>(code.support.q_uniform(3));
  m.q4 = from_rational<T>(code.support.q_uniform(4));
  const T m11 = m.m1 * m.m1;
  m.beta3 = m.m2 * m.q2 - m11 * m.q3;
  m.beta4 = m.m2 * m.q3 - m11 * m.q4;
  m.zeta = m11 * (m.q2 - m.q4) - 2 * m11 * (m.q3 - m.q4);
  return m;
}

template <class T> PairCoefficients<T> pair_coefficients(const ClassMoments<T>& m, const PairScalars<T>& p) {
  const T m11 = m.m1 * m.m1, a34 = m11 * (m.q3 - m.q4), a23 = m.m2 * (m.q2 - m.q3), b24 = m11 * (m.q2 - m.q4);
  const T si = p.mii + p.mij, sj = p.mji + p.mjj;  // sᵀM_i, sᵀM_j
  PairCoefficients<T> out;
  out.kappa = m11 * m.q4 * p.sigma_i + a34 * si - p.eps_i * m.m1 * m.q3;
  const T common = a34 * (p.sigma_i - 2 * si) - p.eps_i * m.m1 * (m.q2 - m.q3);
  out.psi = common + a23 * p.mii + b24 * p.mij;
  out.phi = common + a23 * p.mij + b24 * p.mii;
  const T quadratic = m.beta4 * p.mimj + m11 * m.q4 * p.sigma_i * p.sigma_j + a34 * (si * p.sigma_j + p.sigma_i * sj - 2 * si * sj) +
                      a23 * (p.mii * p.mji + p.mij * p.mjj) + b24 * (p.mii * p.mjj + p.mij * p.mji);
  const T mean_j = m.m1 * m.q3 * p.sigma_j + m.m1 * (m.q2 - m.q3) * sj;  // E[1_ij x]·M_j
  const T mean_i = m.m1 * m.q3 * p.sigma_i + m.m1 * (m.q2 - m.q3) * si;
  out.c = quadratic - p.eps_i * mean_j - p.eps_j * mean_i + p.eps_i * p.eps_j * m.q2;
  return out;
}

template <class T>
DiagonalCoefficients<T> diagonal_coefficients(const ClassMoments<T>& m, const T& mjj, const T& sigma_j, const T& mjmj,
                                              const T& eps_j) {
  const T m11 = m.m1 * m.m1;
  DiagonalCoefficients<T> out;
  out.a = m.beta3 * mjmj + m11 * m.q3 * sigma_j * sigma_j + m11 * (m.q2 - m.q3) * (2 * mjj * sigma_j - 2 * mjj * mjj) +
          m.m2 * (m.q1 - m.q2) * mjj * mjj - 2 * eps_j * (m.m1 * m.q2 * sigma_j + m.m1 * (m.q1 - m.q2) * mjj) +
          eps_j * eps_j * m.q1;
  out.gu = m11 * m.q3 * sigma_j + m11 * (m.q2 - m.q3) * mjj - eps_j * m.m1 * m.q2;
  out.ga = m11 * (m.q2 - m.q3) * (sigma_j - 2 * mjj) + m.m2 * (m.q1 - m.q2) * mjj - eps_j * m.m1 * (m.q1 - m.q2);
  return out;
}

template ClassMoments<double> class_moments<double>(const CodeModel&);
template ClassMoments<interval> class_moments<interval>(const CodeModel&);
template PairCoefficients<double> pair_coefficients<double>(const ClassMoments<double>&, const PairScalars<double>&);
template PairCoefficients<interval> pair_coefficients<interval>(const ClassMoments<interval>&, const PairScalars<interval>&);
template DiagonalCoefficients<double> diagonal_coefficients<double>(const ClassMoments<double>&, const double&, const double&,
                                                                    const double&, const double&);
template DiagonalCoefficients<interval> diagonal_coefficients<interval>(const ClassMoments<interval>&, const interval&,
                                                                        const interval&, const interval&, const interval&);

namespace {

// The products every class reads, in double.
struct ClassData {
  ClassMoments<double> m;
  MatrixXd a, w, mm, p, z, g, mmt;  // A*, W, M = W A*, P = A* A*ᵀ, Z = W P, G = W Wᵀ, M Mᵀ
  VectorXd u, sigma, eps;
  ClassData(const MatrixXd& a_, const MatrixXd& w_, const VectorXd& eps_, const CodeModel& code)
      : m(class_moments<double>(code)), a(a_), w(w_), mm(w_ * a_), p(a_ * a_.transpose()), z(w_ * p), g(w_ * w_.transpose()),
        mmt(mm * mm.transpose()), u(a_.rowwise().sum()), sigma(mm.rowwise().sum()), eps(eps_) {
    if (w.rows() != a.cols() || w.cols() != a.rows() || eps.size() != a.cols())
      throw std::invalid_argument("Hessian classes: need A* n × h, W h × n and ε of size h");
  }
  PairCoefficients<double> pair(Eigen::Index i, Eigen::Index j) const {
    return pair_coefficients<double>(m, {mm(i, i), mm(i, j), mm(j, i), mm(j, j), sigma(i), sigma(j), mmt(i, j), eps(i), eps(j)});
  }
  VectorXd b(Eigen::Index i, Eigen::Index j) const {  // E[1_ij r_i y]
    const PairCoefficients<double> c = pair(i, j);
    return m.beta4 * z.row(i).transpose() + c.kappa * u + c.psi * a.col(i) + c.phi * a.col(j);
  }
  MatrixXd pair_data(Eigen::Index i, Eigen::Index j) const {  // Y_ij = E[1_ij y yᵀ]
    const double m11 = m.m1 * m.m1;
    const VectorXd ai = a.col(i), aj = a.col(j), as = ai + aj;
    return m.beta4 * p + m11 * m.q4 * u * u.transpose() +
           m11 * (m.q3 - m.q4) * (as * u.transpose() + u * as.transpose() - 2 * as * as.transpose()) +
           m.m2 * (m.q2 - m.q3) * (ai * ai.transpose() + aj * aj.transpose()) +
           m11 * (m.q2 - m.q4) * (ai * aj.transpose() + aj * ai.transpose());
  }
  MatrixXd diagonal_block(Eigen::Index j) const {
    const double m11 = m.m1 * m.m1;
    const Eigen::Index n = a.rows();
    const VectorXd aj = a.col(j), wj = w.row(j).transpose();
    const MatrixXd data = m.beta3 * p + m11 * m.q3 * u * u.transpose() +
                          m11 * (m.q2 - m.q3) * (aj * u.transpose() + u * aj.transpose() - 2 * aj * aj.transpose()) +
                          m.m2 * (m.q1 - m.q2) * aj * aj.transpose();
    const DiagonalCoefficients<double> d = diagonal_coefficients<double>(m, mm(j, j), sigma(j), mmt(j, j), eps(j));
    const VectorXd gj = m.beta3 * z.row(j).transpose() + d.gu * u + d.ga * aj;
    MatrixXd out = d.a * MatrixXd::Identity(n, n) + (g(j, j) - 2) * data + 2 * (wj * gj.transpose() + gj * wj.transpose());
    for (Eigen::Index l = 0; l < w.rows(); ++l) {
      if (l == j) continue;
      const VectorXd blj = b(l, j), wl = w.row(l).transpose();
      out += wl * blj.transpose() + blj * wl.transpose();
    }
    return out;
  }
};

}  // namespace

MatrixXd class_hessian(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                       const HessianClassSet& classes) {
  const ClassData data(a, w, eps, code);
  const Eigen::Index h = w.rows(), n = w.cols();
  MatrixXd out = MatrixXd::Zero(h * n, h * n);
  for (Eigen::Index i = 0; i < h; ++i)
    for (Eigen::Index j = 0; j < h; ++j) {
      if (i == j) {
        if (classes.diagonal_blocks) out.block(i * n, i * n, n, n) = data.diagonal_block(i);
        continue;
      }
      MatrixXd block = MatrixXd::Zero(n, n);
      if (classes.bias_coupling) block.diagonal().array() += data.pair(i, j).c;
      if (classes.rank_one_coupling)
        block += w.row(j).transpose() * data.b(i, j).transpose() + data.b(j, i) * w.row(i);
      if (classes.data_coupling) block += data.g(i, j) * data.pair_data(i, j);
      out.block(i * n, j * n, n, n) = block;
    }
  return out;
}

MatrixXd class_diagonal_block(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code, Eigen::Index j) {
  return ClassData(a, w, eps, code).diagonal_block(j);
}

}  // namespace scae
