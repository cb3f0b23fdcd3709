// Per-class closed forms of E[∇_{W_i} L ; oracle support]; derivation in expected_gradient.hpp.
//
// Notation for a fixed row i: m_a = M_ia (row i of M), n_a = M_ai (column i), g_a = G_ia,
// λ = M_ii, γ = G_ii = ‖W_i‖², d_a = M_aa, ω = w with ω_i = 0, σ(x) = Σ_a ω_a x_a,
// t_a = Σ_{b≠a,i} ω_b M_ab = (Mw)_a − w_i n_a − w_a d_a, ρ_a = σ(m) − ω_a m_a = Σ_{b≠a,i} ω_b m_b.
// a, b, c always denote distinct indices different from i. The result of class r is
//   c_r w_i [ Σ_a α_a W_a + Σ_a β_a A*_a ]  (+ w_i N_r W_iᵀ for r = 3, 4).
// Each class lists the set partitions of {i, j, k, l} it collects, named "(j,k,l) = (…)" after
// the summands  A1 = Σ Q E_kl M_ik M_jl W_j,  B = −2 Σ Q E_kl M_ik A*_l,
// C = Σ Q G_ij E_kl M_jk A*_l  and the ε summands  A2 = −m1 Σ Q ε_j M_ik W_j,
// A3 = −m1 ε_i Σ Q M_jl W_j,  A4 = ε_i Σ Q ε_j W_j,  B2 = ε_i m1 Σ Q A*_l,  C2 = −m1 Σ Q G_ij ε_j A*_l.
#include "theory/expected_gradient.hpp"

#include "numerics/core/ball.hpp"
#include "numerics/core/certified_product.hpp"
#include "numerics/core/mutation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace scae {

int distinct_indices(TermClass c) {
  switch (c) {
    case TermClass::diagonal:
    case TermClass::bias_diagonal: return 1;
    case TermClass::two_index:
    case TermClass::bias_two_index: return 2;
    case TermClass::three_index:
    case TermClass::bias_three_index: return 3;
    case TermClass::four_index: return 4;
  }
  throw std::invalid_argument("unknown term class");
}

bool carries_bias(TermClass c) {
  return c == TermClass::bias_diagonal || c == TermClass::bias_two_index || c == TermClass::bias_three_index;
}

template <class T>
void ExpectedGradient<T>::check_shapes(Eigen::Index n, Eigen::Index h, Eigen::Index w_rows, Eigen::Index w_cols,
                                       Eigen::Index eps_size, const CodeModel& code) {
  if (n < 1 || h < 1) throw std::invalid_argument("A* must be non-empty");
  if (w_rows != h || w_cols != n)
    throw std::invalid_argument("W is " + std::to_string(w_rows) + "x" + std::to_string(w_cols) + ", expected h x n = " +
                                std::to_string(h) + "x" + std::to_string(n));
  if (eps_size != h)
    throw std::invalid_argument("eps has length " + std::to_string(eps_size) + ", expected h = " + std::to_string(h));
  if (code.support.h() != h)
    throw std::invalid_argument("the support law has h = " + std::to_string(code.support.h()) +
                                ", A* has h = " + std::to_string(h));
}

// Q(D) = c_|D| Π_{d∈D} w_d, and the moments.
template <class T> void ExpectedGradient<T>::set_code(const CodeModel& code) {
  support_kind_ = code.support.kind();
  weight_.resize(h_);
  if (support_kind_ == SupportLaw::Kind::uniform_fixed) {
    for (Eigen::Index d = 0; d < h_; ++d) weight_(d) = T(1);
    for (int r = 1; r <= 4; ++r) c_[static_cast<std::size_t>(r)] = from_rational<T>(code.support.q_uniform(r));
  } else {
    const auto& q = code.support.q();
    for (Eigen::Index d = 0; d < h_; ++d) weight_(d) = from_rational<T>(q[static_cast<std::size_t>(d)]);
    for (int r = 1; r <= 4; ++r) c_[static_cast<std::size_t>(r)] = T(1);
  }
  c_[0] = T(0);
  if (mutant_active(Mutant::q_ij_for_q_ijk)) c_[3] = c_[2];
  if (mutant_active(Mutant::three_index_class_dropped)) c_[3] = T(0);
  const rational m1 = code.values.m1(), m2 = mutant_active(Mutant::m1_squared_for_m2) ? m1 * m1 : code.values.m2();
  m1_ = from_rational<T>(m1);
  m1sq_ = from_rational<T>(rational(m1 * m1));
  m2_ = from_rational<T>(m2);
}

template <class T>
ExpectedGradient<T>::ExpectedGradient(const Matrix<T>& a, const Matrix<T>& w, const Vector<T>& eps,
                                      const CodeModel& code, bool fast_products)
    : n_(static_cast<int>(a.rows())), h_(static_cast<int>(a.cols())), a_(a), w_(w), eps_(eps) {
  build(code, fast_products);
}

template <class T>
ExpectedGradient<T>::ExpectedGradient(Matrix<T>&& a, Matrix<T>&& w, const Vector<T>& eps, const CodeModel& code,
                                      bool fast_products)
    : n_(static_cast<int>(a.rows())), h_(static_cast<int>(a.cols())), a_(std::move(a)), w_(std::move(w)), eps_(eps) {
  build(code, fast_products);
}

template <class T> void ExpectedGradient<T>::build(const CodeModel& code, bool fast_products) {
  const auto product = [&](const Matrix<T>& x, const Matrix<T>& y) -> Matrix<T> {
    if constexpr (std::is_same_v<T, interval>) {
      if (fast_products) return enclose_product(x, y);
    }
    if constexpr (std::is_same_v<T, double>) return fixed_order_product(x, y);  // bits independent of threads
    return x * y;
  };
  const Eigen::Index h = h_;
  check_shapes(a_.rows(), h, w_.rows(), w_.cols(), eps_.size(), code);
  set_code(code);

  // Intervals with fast products keep M and G as midpoints and radii, and with the uniform law
  // (weights exactly 1, so diag(w) X is X bit for bit) form K and C without copies of W, Wᵀ or A*ᵀ.
  bool enclosed = false;
  if constexpr (std::is_same_v<T, interval>) enclosed = fast_products;
  const bool unit_weights = code.support.kind() == SupportLaw::Kind::uniform_fixed;
  Matrix<T> k, c;
  if (enclosed) {
    if constexpr (std::is_same_v<T, interval>) {
      m_enclosed_ = enclosed_product(w_, false, a_, false);
      g_enclosed_ = enclosed_product(w_, false, w_, true);
      s_ = m_enclosed_->times(weight_);
      m_diag_ = m_enclosed_->diagonal();
      if (unit_weights) {
        k = enclosed_product(w_, true, w_, false).columns(0, n_);
        c = enclosed_product(a_, false, a_, true).columns(0, n_);
      }
    }
  } else {
    m_ = product(w_, a_);
    if constexpr (std::is_same_v<T, double>) {  // symmetric rank-h update: half the flops of a GEMM
      g_ = Matrix<T>::Zero(h, h);
      g_.template selfadjointView<Eigen::Lower>().rankUpdate(w_);
      g_.template triangularView<Eigen::StrictlyUpper>() = g_.transpose();
    } else {
      g_ = product(w_, w_.transpose());
    }
    s_.noalias() = m_ * weight_;
    m_diag_ = m_.diagonal();
  }

  // n × n matrices of the doubly-summed pieces (see the header): K = Wᵀ diag(w) W,
  // C = A* diag(w) A*ᵀ, C₂ = A* diag(w²) A*ᵀ; N3 = c3 m2 (KC + CK), N4 = −c4 m1² (KC₂ + C₂K).
  if (k.size() == 0) {
    k = product(w_.transpose(), weight_.asDiagonal() * w_);
    c = product(a_, weight_.asDiagonal() * a_.transpose());
  }
  const Matrix<T> kc = product(k, c);
  n3_ = c_[3] * m2_ * (kc + kc.transpose());
  if (unit_weights) {
    n4_ = -c_[4] * m1sq_ * (kc + kc.transpose());
  } else {
    const Vector<T> w2 = weight_.cwiseProduct(weight_);
    const Matrix<T> c2 = product(a_, w2.asDiagonal() * a_.transpose());
    const Matrix<T> kc2 = product(k, c2);
    n4_ = -c_[4] * m1sq_ * (kc2 + kc2.transpose());
  }
}

template <class T>
void ExpectedGradient<T>::coefficients(int i, const Vector<T>& bias, const Vector<T>& m_row, const Vector<T>& m_col,
                                       const Vector<T>& g_row, Coefficients& out) const {
  using Array = Eigen::Array<T, Eigen::Dynamic, 1>;
  const Eigen::Index h = weight_.size();
  const auto ci = static_cast<Eigen::Index>(i);
  const T& wi = weight_(ci);
  const T& ei = bias(ci);
  const T lam = m_row(ci);
  const T gam = g_row(ci);
  const T m1 = m1_, m1sq = m1sq_, m2 = m2_;

  Array om = weight_.array();
  om(ci) = T(0);
  const auto m = m_row.array();
  const auto nn = m_col.array();
  const auto g = g_row.array();
  const auto d = m_diag_.array();
  const auto w = weight_.array();
  const auto eps = bias.array();

  const Array om_m = om * m;
  const T sig_m = om_m.sum();
  const Array rho = Array::Constant(h, sig_m) - om_m;                  // ρ_a = Σ_{b≠a,i} ω_b m_b
  const Array t = s_.array() - wi * nn - w * d;                        // t_a = Σ_{b≠a,i} ω_b M_ab
  const Array om_g = om * g;
  const T tt = (om_g * t).sum();                                       // Σ_{a≠b} ω_a ω_b g_a M_ab
  const T p_ii = (w * m * m).sum();                                    // P_ii = Σ_b w_b m_b²
  const T p2_ii = (w * w * m * m).sum();                               // (M diag(w²) Mᵀ)_ii
  const T y_ii = (w * g * nn).sum();                                   // Y_ii = Σ_a w_a g_a n_a

  auto& al = out.alpha;
  auto& be = out.beta;
  const auto idx = [](TermClass c) { return static_cast<std::size_t>(c); };
  for (auto& v : al) v = Vector<T>::Zero(h);
  for (auto& v : be) v = Vector<T>::Zero(h);

  // diagonal, (j,k,l) = (i,i,i):  A1: m2 λ² W_i;  B: −2 m2 λ A*_i;  C: γ m2 λ A*_i.
  {
    const T f = c_[1] * wi;
    al[idx(TermClass::diagonal)](ci) = f * m2 * lam * lam;
    be[idx(TermClass::diagonal)](ci) = f * m2 * lam * (gam - 2);
  }
  // bias_diagonal:  A2 + A3: −2 m1 ε_i λ W_i;  A4: ε_i² W_i;  B2 + C2: m1 ε_i (1 − γ) A*_i.
  {
    const T f = c_[1] * wi;
    al[idx(TermClass::bias_diagonal)](ci) = f * (ei * ei - 2 * m1 * ei * lam);
    be[idx(TermClass::bias_diagonal)](ci) = f * m1 * ei * (1 - gam);
  }
  // two_index, one other index a (weight ω_a), the seven partitions:
  //   A1 (a,i,i): m2 λ n_a W_a   (i,a,i): m1² m_a λ W_i   (i,i,a): m1² λ m_a W_i   (a,a,i): m1² m_a n_a W_a
  //      (a,i,a): m1² λ d_a W_a  (i,a,a): m2 m_a² W_i     (a,a,a): m2 m_a d_a W_a
  //   B  (k,l) = (i,a): −2 m1² λ A*_a   (a,i): −2 m1² m_a A*_i   (a,a): −2 m2 m_a A*_a
  //   C  (a,i,i): m2 g_a n_a A*_i  (i,a,i): γ m1² m_a A*_i  (i,i,a): γ m1² λ A*_a  (a,a,i): m1² g_a d_a A*_i
  //      (a,i,a): m1² g_a n_a A*_a  (i,a,a): γ m2 m_a A*_a  (a,a,a): m2 g_a d_a A*_a
  {
    const T f = c_[2] * wi;
    auto& alpha = al[idx(TermClass::two_index)];
    auto& beta = be[idx(TermClass::two_index)];
    alpha.array() = f * om * (m2 * lam * nn + m1sq * m * nn + m1sq * lam * d + m2 * m * d);
    alpha(ci) = f * (2 * m1sq * lam * sig_m + m2 * (om_m * m).sum());
    beta.array() = f * om * (m1sq * lam * (gam - 2) + m2 * (gam - 2) * m + m1sq * g * nn + m2 * g * d);
    beta(ci) = f * (om * (m1sq * (gam - 2) * m + m2 * g * nn + m1sq * g * d)).sum();
  }
  // bias_two_index:
  //   A2 (j,k) = (a,i): −m1 ε_a λ W_a   (i,a): −m1 ε_i m_a W_i   (a,a): −m1 ε_a m_a W_a
  //   A3 (j,l) = (a,i): −m1 ε_i n_a W_a  (i,a): −m1 ε_i m_a W_i   (a,a): −m1 ε_i d_a W_a
  //   A4 j = a: ε_i ε_a W_a;   B2 l = a: ε_i m1 A*_a
  //   C2 (j,l) = (a,i): −m1 g_a ε_a A*_i  (i,a): −m1 γ ε_i A*_a  (a,a): −m1 g_a ε_a A*_a
  {
    const T f = c_[2] * wi;
    auto& alpha = al[idx(TermClass::bias_two_index)];
    auto& beta = be[idx(TermClass::bias_two_index)];
    alpha.array() = f * om * (ei * eps - m1 * (eps * (lam + m) + ei * (nn + d)));
    alpha(ci) = f * (-2 * m1 * ei * sig_m);
    beta.array() = f * om * (m1 * ei * (1 - gam) - m1 * g * eps);
    beta(ci) = f * (-m1 * (om_g * eps).sum());
  }
  // three_index, two other indices a ≠ b (weight ω_a ω_b), the six partitions:
  //   A1 (i,a,b): m1² m_a m_b W_i → m1² (σ(m)² − σ(ω m²)) W_i
  //      (a,i,b): m1² λ M_ab W_a → m1² λ t_a      (a,b,i): m1² m_b n_a W_a → m1² n_a ρ_a
  //      (a,a,b): m1² m_a M_ab W_a → m1² m_a t_a  (a,b,a): m1² m_b d_a W_a → m1² d_a ρ_a
  //      (a,b,b): m2 m_b M_ab W_a → m2 (z_a − ω_a m_a d_a), z_a = Σ_{b≠i} ω_b m_b M_ab = P_ai − w_i λ n_a;
  //               Σ_a ω_a P_ai W_a = K C W_iᵀ − w_i P_ii W_i  (the N3 part).
  //   B  (a,b): −2 m1² m_a A*_b → −2 m1² ρ_b
  //   C  (i,a,b): γ m1² m_a A*_b → γ m1² ρ_b      (a,i,b): m1² g_a n_a A*_b → m1² (σ(g n) − ω_b g_b n_b)
  //      (a,b,i): m1² g_a M_ab A*_i → m1² T, T = Σ_a ω_a g_a t_a
  //      (a,a,b): m1² g_a d_a A*_b → m1² (σ(g d) − ω_b g_b d_b)   (a,b,a): m1² g_a M_ab A*_a → m1² g_a t_a
  //      (a,b,b): m2 g_a M_ab A*_b → m2 (Y_ib − w_i γ m_b − ω_b g_b d_b), Y = G diag(w) M;
  //               Σ_b ω_b Y_ib A*_b = C K W_iᵀ − w_i Y_ii A*_i  (the N3 part).
  {
    const T f = c_[3] * wi;
    auto& alpha = al[idx(TermClass::three_index)];
    auto& beta = be[idx(TermClass::three_index)];
    alpha.array() = f * om * (m1sq * (lam * t + nn * rho + m * t + d * rho) - m2 * (wi * lam * nn + om_m * d));
    alpha(ci) = f * (m1sq * (sig_m * sig_m - (om_m * om_m).sum()) - m2 * wi * p_ii);
    const T sig_gn = (om_g * nn).sum(), sig_gd = (om_g * d).sum();
    beta.array() = f * om *
                   (m1sq * ((gam - 2) * rho + (Array::Constant(h, sig_gn) - om_g * nn) +
                            (Array::Constant(h, sig_gd) - om_g * d) + g * t) -
                    m2 * (wi * gam * m + om_g * d));
    beta(ci) = f * (m1sq * tt - m2 * wi * y_ii);
  }
  // bias_three_index:
  //   A2 (j,k) = (a,b): −m1 ε_a m_b W_a → −m1 ε_a ρ_a;   A3 (j,l) = (a,b): −m1 ε_i M_ab W_a → −m1 ε_i t_a
  //   C2 (j,l) = (a,b): −m1 g_a ε_a A*_b → −m1 (σ(g ε) − ω_b g_b ε_b)
  {
    const T f = c_[3] * wi;
    auto& alpha = al[idx(TermClass::bias_three_index)];
    auto& beta = be[idx(TermClass::bias_three_index)];
    alpha.array() = f * om * (-m1 * (eps * rho + ei * t));
    const T sig_ge = (om_g * eps).sum();
    beta.array() = f * om * (-m1 * (Array::Constant(h, sig_ge) - om_g * eps));
  }
  // four_index, (j,k,l) = (a,b,c) all distinct:
  //   A1: m1² m_b M_ac W_a → m1² [t_a ρ_a − Σ_{b≠a,i} ω_b² m_b M_ab],
  //       Σ_{b≠a,i} ω_b² m_b M_ab = P2_ai − w_i² λ n_a − ω_a² m_a d_a, P2 = M diag(w²) Mᵀ;
  //       Σ_a ω_a P2_ai W_a = K C₂ W_iᵀ − w_i P2_ii W_i  (the N4 part, with a minus sign).
  //   C:  m1² g_a M_ab A*_c → m1² [T − ω_c g_c t_c − ω_c (Y_ic − w_i γ m_c − ω_c g_c d_c)];
  //       Σ_c ω_c² Y_ic A*_c = C₂ K W_iᵀ − w_i² Y_ii A*_i  (the N4 part, with a minus sign).
  {
    const T f = c_[4] * wi;
    auto& alpha = al[idx(TermClass::four_index)];
    auto& beta = be[idx(TermClass::four_index)];
    alpha.array() = f * m1sq * om * (t * rho + wi * wi * lam * nn + om * om_m * d);
    alpha(ci) = f * m1sq * wi * p2_ii;
    beta.array() = f * m1sq * om * (Array::Constant(h, tt) - om_g * t + om * (wi * gam * m + om_g * d));
    beta(ci) = f * m1sq * wi * wi * y_ii;
  }
}

template <class T> ExpectedGradientTerms<T> ExpectedGradient<T>::row(int i) const {
  if (i < 0 || i >= h()) throw std::out_of_range("row " + std::to_string(i) + " outside [0, " + std::to_string(h()) + ")");
  if (on_demand_) return std::move(rows_terms(std::span<const int>(&i, 1)).front());
  return dense_row(i);
}

template <class T> Vector<T> ExpectedGradient<T>::m_row(Eigen::Index i) const {
  if constexpr (std::is_same_v<T, interval>)
    if (m_enclosed_) return m_enclosed_->row(i);
  return m_.row(i).transpose();
}
template <class T> Vector<T> ExpectedGradient<T>::m_col(Eigen::Index i) const {
  if constexpr (std::is_same_v<T, interval>)
    if (m_enclosed_) return m_enclosed_->col(i);
  return m_.col(i);
}
template <class T> Vector<T> ExpectedGradient<T>::g_col(Eigen::Index i) const {
  if constexpr (std::is_same_v<T, interval>)
    if (g_enclosed_) return g_enclosed_->col(i);
  return g_.col(i);
}

template <class T> ExpectedGradientTerms<T> ExpectedGradient<T>::dense_row(int i) const {
  const auto ci = static_cast<Eigen::Index>(i);
  Coefficients co;
  coefficients(i, eps_, m_row(ci), m_col(ci), g_col(ci), co);
  ExpectedGradientTerms<T> out;
  out.row = i;
  out.total = Vector<T>::Zero(n());
  const Vector<T> wi_row = w_.row(ci).transpose();
  const Vector<T> n3 = n3_ * wi_row, n4 = n4_ * wi_row;
  for (const TermClass c : all_term_classes) {
    const auto k = static_cast<std::size_t>(c);
    Vector<T> v = w_.transpose() * co.alpha[k];
    v += a_ * co.beta[k];
    if (c == TermClass::three_index) v += weight_(ci) * n3;
    if (c == TermClass::four_index) v += weight_(ci) * n4;
    out.total += v;
    out.terms.emplace(c, std::move(v));
  }
  return out;
}

template <class T> Matrix<T> ExpectedGradient<T>::rows(std::span<const int> indices) const {
  const Eigen::Index h = this->h(), n = this->n();
  for (const int i : indices)
    if (i < 0 || i >= h) throw std::out_of_range("row " + std::to_string(i) + " outside [0, " + std::to_string(h) + ")");
  if (on_demand_) {
    Matrix<T> out(static_cast<Eigen::Index>(indices.size()), n);
    const auto terms = rows_terms(indices);
    for (std::size_t r = 0; r < indices.size(); ++r) out.row(static_cast<Eigen::Index>(r)) = terms[r].total.transpose();
    return out;
  }
  const Matrix<T> n_total = n3_ + n4_;
  Matrix<T> out(static_cast<Eigen::Index>(indices.size()), n);
  constexpr std::size_t block = 1024;
  Coefficients co;
  for (std::size_t start = 0; start < indices.size(); start += block) {
    const auto b = static_cast<Eigen::Index>(std::min(block, indices.size() - start));
    Matrix<T> alpha(b, h), beta(b, h), w_rows(b, n);
    for (Eigen::Index r = 0; r < b; ++r) {
      const int i = indices[start + static_cast<std::size_t>(r)];
      const auto ci = static_cast<Eigen::Index>(i);
      coefficients(i, eps_, m_row(ci), m_col(ci), g_col(ci), co);
      Vector<T> al = co.alpha[0], be = co.beta[0];
      for (std::size_t k = 1; k < co.alpha.size(); ++k) {
        al += co.alpha[k];
        be += co.beta[k];
      }
      alpha.row(r) = al.transpose();
      beta.row(r) = be.transpose();
      w_rows.row(r) = weight_(ci) * w_.row(ci);
    }
    auto dst = out.middleRows(static_cast<Eigen::Index>(start), b);
    dst.noalias() = alpha * w_;
    dst.noalias() += beta * a_.transpose();
    dst.noalias() += w_rows * n_total;  // n_total is symmetric
  }
  return out;
}

template <class T> Matrix<T> ExpectedGradient<T>::all_rows() const {
  std::vector<int> all(static_cast<std::size_t>(h()));
  for (int i = 0; i < h(); ++i) all[static_cast<std::size_t>(i)] = i;
  return rows(all);
}

template class ExpectedGradient<double>;
template class ExpectedGradient<mpfr>;
template class ExpectedGradient<interval>;
// Balls: only what the rows on demand use (expected_gradient_rows.cpp).
template void ExpectedGradient<Ball>::check_shapes(Eigen::Index, Eigen::Index, Eigen::Index, Eigen::Index, Eigen::Index,
                                                   const CodeModel&);
template void ExpectedGradient<Ball>::set_code(const CodeModel&);
template void ExpectedGradient<Ball>::coefficients(int, const Vector<Ball>&, const Vector<Ball>&, const Vector<Ball>&, const Vector<Ball>&,
                                                   Coefficients&) const;

}  // namespace scae
