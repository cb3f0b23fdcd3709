// Rows on demand of the closed form E[∇_{W_i} L ; oracle support] (expected_gradient.hpp, docs/theory.md
// §4): the same per-class formula as the dense storage, with the rows and columns of M = W A* and
// G = W Wᵀ and the products (N3 + N4) W_iᵀ made from A* and W for the requested rows only.
// A batch of r rows makes every product once, as a product with r (or 2r, 7r) columns:
//   M_i· = (A*ᵀ W_iᵀ)ᵀ,  [M_·i, G_·i] = W [A*_i, W_iᵀ],  N3 V, N4 V by K X = Wᵀ(w ∘ W X),
//   C X = A*(w ∘ A*ᵀ X),  and the classes  Wᵀ [α_c]  +  A* [β_c]  for the 7 classes at once.
// For T = interval the batch is computed in balls (ball.hpp: the O(h) coefficient vectors of each row
// in midpoint-radius double arithmetic with a rigorous radius per operation instead of MPFI), each
// product enclosed by enclose_product (certified_product.hpp; |A*| and |W| are never stored), and
// the terms are turned into intervals at the end; with mpfi_products everything is MPFI. Balls with
// A* = [I, s H] multiply by A* and A*ᵀ through the transform (identity_hadamard_times).
#include "theory/expected_gradient.hpp"

#include "numerics/core/ball.hpp"
#include "numerics/core/certified_product.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "theory/plain_product.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace scae {

namespace {
// Rows per batch: a batch holds h × 9r and h × 7r coefficient matrices of T (10r with C₂).
constexpr std::size_t batch_rows = 32;

// P X or Pᵀ X in T by plain_product, P converted to T entry by entry as the loops read it: the
// same operations as on a converted copy of P, without the copy (h × n numbers of T, 100 bytes or
// more each at 128 bits).
template <class T> Matrix<T> mpfi_times(const MatrixXd& p, const Matrix<T>& x, bool transposed) {
  if (transposed) return plain_product(p.transpose().template cast<T>(), x);
  return plain_product(p.template cast<T>(), x);
}

// P X or Pᵀ X for an exact double matrix: enclosed for intervals; column by column for double
// (Eigen's GEMV, the same bits for any number of threads); in T for mpfr (plain_product.hpp).
template <class T> Matrix<T> exact_times(const MatrixXd& p, const Matrix<T>& x, bool transposed) {
  if constexpr (std::is_same_v<T, interval> || std::is_same_v<T, Ball>) {
    return enclose_product(p, x, transposed);
  } else if constexpr (std::is_same_v<T, double>) {
    MatrixXd out(transposed ? p.cols() : p.rows(), x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      if (transposed) out.col(j).noalias() = p.transpose() * x.col(j);
      else out.col(j).noalias() = p * x.col(j);
    }
    return out;
  } else {
    return mpfi_times(p, x, transposed);
  }
}

// In T itself (RowsOnDemand::mpfi_products), else as exact_times.
template <class T> Matrix<T> any_times(const MatrixXd& p, bool in_t, const Matrix<T>& x, bool transposed) {
  if (in_t) return mpfi_times(p, x, transposed);
  return exact_times<T>(p, x, transposed);
}

// The terms of a row of balls as intervals (at the current precision).
ExpectedGradientTerms<interval> enclosed(const ExpectedGradientTerms<Ball>& b) {
  const auto to_intervals = [](const Vector<Ball>& v) {
    Vector<interval> out(v.size());
    for (Eigen::Index t = 0; t < v.size(); ++t) out(t) = to_interval(v(t));
    return out;
  };
  ExpectedGradientTerms<interval> out;
  out.row = b.row;
  out.total = to_intervals(b.total);
  for (const auto& [c, part] : b.terms) out.terms.emplace(c, to_intervals(part));
  return out;
}
}  // namespace

template <class T>
ExpectedGradient<T>::ExpectedGradient(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                      RowsOnDemand mode)
    : n_(static_cast<int>(a.rows())), h_(static_cast<int>(a.cols())), on_demand_(true), a_exact_(&a), w_rows_(w) {
  check_shapes(a.rows(), a.cols(), w.rows(), w.cols(), eps.size(), code);
  if constexpr (std::is_same_v<T, interval>) {
    if (!mode.mpfi_products) {
      balls_ = std::make_shared<const ExpectedGradient<Ball>>(a, w, eps, code, mode);
      return;
    }
    mpfi_products_ = true;
  }
  if constexpr (std::is_same_v<T, Ball>)
    if (is_identity_hadamard(a)) hadamard_ = IdentityHadamard::of(a);
  set_code(code);
  eps_ = eps.template cast<T>();
  diagonal_and_weighted_sums();
}

template <class T>
ExpectedGradient<T>::ExpectedGradient(const IdentityHadamard& a, const PointRows& w, const VectorXd& eps,
                                      const CodeModel& code, RowsOnDemand mode)
    : n_(static_cast<int>(a.n)), h_(static_cast<int>(a.h())), on_demand_(true), w_rows_(w), hadamard_(a) {
  check_shapes(a.n, a.h(), w.rows(), w.cols(), eps.size(), code);
  if constexpr (std::is_same_v<T, interval>) {
    if (mode.mpfi_products) throw std::invalid_argument("MPFI products need the stored A* and W");
    balls_ = std::make_shared<const ExpectedGradient<Ball>>(a, w, eps, code, mode);
    return;
  } else if constexpr (!std::is_same_v<T, Ball>) {
    throw std::invalid_argument("the structured rows on demand are computed in balls (T = Ball or interval)");
  }
  set_code(code);
  eps_ = eps.template cast<T>();
  diagonal_and_weighted_sums();
}

// s = M w = W (A* w), and diag M: d_a = <W_a, A*_a>, in MPFI, or in balls with Higham's bound
// 2 gamma_{n+2} Σ|W_ak A*_ka| (any summation order, and the computed Σ's own rounding).
// With A* known by its structure only, both come from one pass over W's rows: s_i = <W_i, x> with
// x = A* w enclosed as by enclose_product (ProductRadius), and d_i beside it.
template <class T> void ExpectedGradient<T>::diagonal_and_weighted_sums() {
  const bool one_pass = a_exact_ == nullptr;
  if (!one_pass) s_ = times_w(times_a(weight_));
  if constexpr (std::is_same_v<T, Ball>) {
    const double u = std::numeric_limits<double>::epsilon() / 2, nu = (n_ + 2) * u;
    const double gamma = 2 * nu / (1 - nu);
    VectorXd d = VectorXd::Zero(h_), s = VectorXd::Zero(h_);
    if (one_pass) {
      const Vector<Ball> x = times_a(weight_);
      const ProductRadius radius(n_);
      const MatrixXd xm = x.unaryExpr([](const Ball& b) { return b.m; });
      const MatrixXd y = radius.weights(xm, x.unaryExpr([](const Ball& b) { return b.r; }));
      s_.resize(h_);
#pragma omp parallel
      {
        VectorXd w_i(n_);
#pragma omp for schedule(dynamic, 16)
        for (Eigen::Index i = 0; i < h_; ++i) {
          w_rows_.row(i, w_i.data());
          double mid = 0, rad = 0;
          for (Eigen::Index t = 0; t < n_; ++t) {
            const double x_it = w_i(t) * hadamard_->entry(t, i);
            d(i) += x_it;
            s(i) += std::abs(x_it);
            mid += w_i(t) * xm(t);
            rad += std::abs(w_i(t)) * y(t);
          }
          s_(i) = Ball(mid, radius.finish(rad));
        }
      }
    } else {
      const MatrixXd* w = w_rows_.stored();
      const MatrixXd& a = *a_exact_;
      constexpr Eigen::Index block = 64;  // rows at a time: W's columns and A*'s rows are then read in order
#pragma omp parallel for schedule(static)
      for (Eigen::Index first = 0; first < h_; first += block)
        for (Eigen::Index t = 0; t < n_; ++t)
          for (Eigen::Index i = first; i < std::min<Eigen::Index>(first + block, h_); ++i) {
            const double x = (*w)(i, t) * a(t, i);
            d(i) += x;
            s(i) += std::abs(x);
          }
    }
    m_diag_.resize(h_);
    for (Eigen::Index i = 0; i < h_; ++i)
      m_diag_(i) = Ball(d(i), std::nextafter(gamma * s(i) * (1 + 8 * u) + 2 * n_ * std::numeric_limits<double>::denorm_min(),
                                             HUGE_VAL));
  } else if constexpr (std::is_same_v<T, interval>) {
    const MatrixXd& w = *w_rows_.stored();
    m_diag_ = w.template cast<interval>().cwiseProduct(a_exact_->transpose().template cast<interval>()).rowwise().sum();
  } else {
    m_diag_ = VectorXd(w_rows_.stored()->cwiseProduct(a_exact_->transpose()).rowwise().sum()).template cast<T>();
  }
}

template <class T> T ExpectedGradient<T>::a_entry(Eigen::Index t, Eigen::Index i) const {
  return T(a_exact_ ? (*a_exact_)(t, i) : hadamard_->entry(t, i));
}

template <class T> Matrix<T> ExpectedGradient<T>::times_a(const Matrix<T>& x) const {
  if constexpr (std::is_same_v<T, Ball>)
    if (hadamard_) return identity_hadamard_times(x, hadamard_->s, false);
  return any_times(*a_exact_, mpfi_products_, x, false);
}
template <class T> Matrix<T> ExpectedGradient<T>::times_a_transposed(const Matrix<T>& x) const {
  if constexpr (std::is_same_v<T, Ball>)
    if (hadamard_) return identity_hadamard_times(x, hadamard_->s, true);
  return any_times(*a_exact_, mpfi_products_, x, true);
}
template <class T> Matrix<T> ExpectedGradient<T>::times_w(const Matrix<T>& x) const {
  if constexpr (std::is_same_v<T, Ball>) return enclose_rows_product(w_rows_, x, false);
  return any_times(*w_rows_.stored(), mpfi_products_, x, false);
}
template <class T> Matrix<T> ExpectedGradient<T>::times_w_transposed(const Matrix<T>& x) const {
  if constexpr (std::is_same_v<T, Ball>) return enclose_rows_product(w_rows_, x, true);
  return any_times(*w_rows_.stored(), mpfi_products_, x, true);
}

template <class T> Matrix<T> ExpectedGradient<T>::c_times(const Matrix<T>& x, bool squared) const {
  Matrix<T> y = weight_.asDiagonal() * times_a_transposed(x);
  if (squared) y = Matrix<T>(weight_.asDiagonal() * y);
  return times_a(y);
}

template <class T>
std::vector<ExpectedGradientTerms<T>> ExpectedGradient<T>::rows_terms(std::span<const int> indices) const {
  for (const int i : indices)
    if (i < 0 || i >= h_) throw std::out_of_range("row " + std::to_string(i) + " outside [0, " + std::to_string(h_) + ")");
  if (on_demand_) return std::move(rows_terms(indices, std::span<const VectorXd>()).front());
  std::vector<ExpectedGradientTerms<T>> out;
  if constexpr (!std::is_same_v<T, Ball>)  // balls are only ever on demand
    for (const int i : indices) out.push_back(dense_row(i));
  return out;
}

// An empty `biases` stands for this object's own bias.
template <class T>
std::vector<std::vector<ExpectedGradientTerms<T>>> ExpectedGradient<T>::rows_terms(std::span<const int> indices,
                                                                                   std::span<const VectorXd> biases) const {
  for (const int i : indices)
    if (i < 0 || i >= h_) throw std::out_of_range("row " + std::to_string(i) + " outside [0, " + std::to_string(h_) + ")");
  if (!on_demand_) throw std::invalid_argument("several biases at once need the rows on demand");
  for (const VectorXd& bias : biases)
    if (bias.size() != h_) throw std::invalid_argument("a bias has length " + std::to_string(bias.size()) + ", expected h");
  if constexpr (std::is_same_v<T, interval>) {
    if (balls_) {  // rows are independent: converted on the OpenMP threads (the same bits on any)
      const auto b = balls_->rows_terms(indices, biases);
      std::vector<std::vector<ExpectedGradientTerms<interval>>> out(b.size());
      for (std::size_t e = 0; e < b.size(); ++e) {
        out[e].resize(b[e].size());
#pragma omp parallel for schedule(dynamic, 1)
        for (std::size_t k = 0; k < b[e].size(); ++k) out[e][k] = enclosed(b[e][k]);
      }
      return out;
    }
  }
  std::vector<Vector<T>> own;
  for (const VectorXd& bias : biases) own.push_back(bias.template cast<T>());
  if (own.empty()) own.push_back(eps_);
  std::vector<std::vector<ExpectedGradientTerms<T>>> out(own.size());
  for (std::size_t start = 0; start < indices.size(); start += batch_rows)
    batch_terms(indices.subspan(start, std::min(batch_rows, indices.size() - start)), own, out);
  return out;
}

// The batch's products with W in two passes over W's rows (one for W X, one for Wᵀ Y), with
// N3 V = c3 m2 (K C + C K) V and N4 V = −c4 m1² (K C₂ + C₂ K) V, K X = Wᵀ(w ∘ W X), V = [W_iᵀ]:
//   W [A*_i, W_iᵀ, C V (, C₂ V)]  gives the columns of M and G and W C V;
//   Wᵀ [w ∘ W C V, w ∘ G_·i (, w ∘ W C₂ V), α]  gives K C V, K V, (K C₂ V), Wᵀ α.
template <class T>
void ExpectedGradient<T>::batch_terms(std::span<const int> indices, const std::vector<Vector<T>>& biases,
                                      std::vector<std::vector<ExpectedGradientTerms<T>>>& out) const {
  const auto r = static_cast<Eigen::Index>(indices.size());
  const auto e_count = static_cast<Eigen::Index>(biases.size());
  const auto classes = static_cast<Eigen::Index>(all_term_classes.size());
  const bool squared = support_kind_ != SupportLaw::Kind::uniform_fixed;  // C₂ differs from C
  const Eigen::Index parts = squared ? 4 : 3;
  Matrix<T> right(n_, parts * r);  // columns k: A*_{i_k}; r + k: W_{i_k}ᵀ (exact); then C V (, C₂ V)
  {
    VectorXd w_i(n_);
    for (Eigen::Index k = 0; k < r; ++k) {
      const auto ci = static_cast<Eigen::Index>(indices[static_cast<std::size_t>(k)]);
      w_rows_.row(ci, w_i.data());
      for (Eigen::Index t = 0; t < n_; ++t) {
        right(t, k) = a_entry(t, ci);
        right(t, r + k) = T(w_i(t));
      }
    }
  }
  const Matrix<T> w_cols = right.middleCols(r, r);
  right.middleCols(2 * r, r) = c_times(w_cols, false);
  if (squared) right.middleCols(3 * r, r) = c_times(w_cols, true);
  const Matrix<T> m_rows = times_a_transposed(w_cols);  // column k: row i_k of M
  const Matrix<T> cols = times_w(right);                 // columns k: column i_k of M; r + k: row i_k of G; then W C V

  // Column c r + k: class c of row i_k. The rows' coefficients are independent, so they are shared
  // out over the OpenMP threads (the same operations, hence the same bits, on any thread; the
  // multiprecision default precision is one global value in Boost 1.74).
  // Column ((k_parts + e classes + c) r + k): α of class c, row i_k, bias e; β likewise without k_parts.
  const Eigen::Index k_parts = parts - 1;  // K C V, K V (, K C₂ V)
  Matrix<T> left(h_, (k_parts + e_count * classes) * r), beta(h_, e_count * classes * r);
  left.leftCols(r) = weight_.asDiagonal() * cols.middleCols(2 * r, r);
  left.middleCols(r, r) = weight_.asDiagonal() * cols.middleCols(r, r);
  if (squared) left.middleCols(2 * r, r) = weight_.asDiagonal() * cols.middleCols(3 * r, r);
#pragma omp parallel for schedule(dynamic, 1) collapse(2)
  for (Eigen::Index e = 0; e < e_count; ++e)
    for (Eigen::Index k = 0; k < r; ++k) {
      Coefficients co;
      coefficients(indices[static_cast<std::size_t>(k)], biases[static_cast<std::size_t>(e)], m_rows.col(k), cols.col(k),
                   cols.col(r + k), co);
      for (Eigen::Index c = 0; c < classes; ++c) {
        left.col((k_parts + e * classes + c) * r + k) = co.alpha[static_cast<std::size_t>(c)];
        beta.col((e * classes + c) * r + k) = co.beta[static_cast<std::size_t>(c)];
      }
    }
  const Matrix<T> products = times_w_transposed(left);
  const Matrix<T> kc = products.leftCols(r), ck = c_times(products.middleCols(r, r), false);
  const Matrix<T> n3 = c_[3] * m2_ * (kc + ck);
  const Matrix<T> n4 = squared ? Matrix<T>(-c_[4] * m1sq_ * (products.middleCols(2 * r, r) + c_times(products.middleCols(r, r), true)))
                               : Matrix<T>(-c_[4] * m1sq_ * (kc + ck));
  Matrix<T> v = products.rightCols(e_count * classes * r);
  v += times_a(beta);

  for (Eigen::Index e = 0; e < e_count; ++e)
    for (Eigen::Index k = 0; k < r; ++k) {
      const int i = indices[static_cast<std::size_t>(k)];
      const T& wi = weight_(static_cast<Eigen::Index>(i));
      ExpectedGradientTerms<T> terms;
      terms.row = i;
      terms.total = Vector<T>::Zero(n_);
      for (const TermClass c : all_term_classes) {
        Vector<T> part = v.col((e * classes + static_cast<Eigen::Index>(c)) * r + k);
        if (c == TermClass::three_index) part += wi * n3.col(k);
        if (c == TermClass::four_index) part += wi * n4.col(k);
        terms.total += part;
        terms.terms.emplace(c, std::move(part));
      }
      out[static_cast<std::size_t>(e)].push_back(std::move(terms));
    }
}

#define SCAE_ROWS_ON_DEMAND(T)                                                                                      \
  template ExpectedGradient<T>::ExpectedGradient(const MatrixXd&, const MatrixXd&, const VectorXd&, const CodeModel&, \
                                                 RowsOnDemand);                                                     \
  template Matrix<T> ExpectedGradient<T>::times_a(const Matrix<T>&) const;                                          \
  template Matrix<T> ExpectedGradient<T>::times_a_transposed(const Matrix<T>&) const;                               \
  template Matrix<T> ExpectedGradient<T>::times_w(const Matrix<T>&) const;                                          \
  template Matrix<T> ExpectedGradient<T>::times_w_transposed(const Matrix<T>&) const;                               \
  template ExpectedGradient<T>::ExpectedGradient(const IdentityHadamard&, const PointRows&, const VectorXd&,          \
                                                 const CodeModel&, RowsOnDemand);                                   \
  template void ExpectedGradient<T>::diagonal_and_weighted_sums();                                                  \
  template T ExpectedGradient<T>::a_entry(Eigen::Index, Eigen::Index) const;                                        \
  template Matrix<T> ExpectedGradient<T>::c_times(const Matrix<T>&, bool) const;                                     \
  template std::vector<ExpectedGradientTerms<T>> ExpectedGradient<T>::rows_terms(std::span<const int>) const;       \
  template std::vector<std::vector<ExpectedGradientTerms<T>>> ExpectedGradient<T>::rows_terms(                      \
      std::span<const int>, std::span<const VectorXd>) const;                                                       \
  template void ExpectedGradient<T>::batch_terms(std::span<const int>, const std::vector<Vector<T>>&,               \
                                                 std::vector<std::vector<ExpectedGradientTerms<T>>>&) const;
SCAE_ROWS_ON_DEMAND(double)
SCAE_ROWS_ON_DEMAND(mpfr)
SCAE_ROWS_ON_DEMAND(interval)
SCAE_ROWS_ON_DEMAND(Ball)
#undef SCAE_ROWS_ON_DEMAND

}  // namespace scae
