// Closed form of the expected ORACLE gradient E[∇_{W_i} L] (docs/theory.md §4; the quantity bounded by
// Theorem 3.2 of Rangamani et al., ISIT 2018, on the support-recovery event), loss ½‖ŷ − y‖².
// The oracle gradient uses S = supp x* in place of the ReLU's support (numerics/model/autoencoder.hpp);
// it equals the true gradient on the recovery event, so this is E[∇ ; recovery] of docs/theory.md §4.
//
// Formula (docs/theory.md §4). With M = W A* (M_jk = <W_j, A*_k>), G = W Wᵀ, Q(i,j,k,l) = P({i,j,k,l} ⊆ S)
// and E_kl = m2 if k = l, m1² otherwise:
//   E∇_{W_i} = Σ_j [ Σ_{k,l} Q(ijkl) E_kl M_ik M_jl − ε_i m1 Σ_l Q(ijl) M_jl − ε_j m1 Σ_k Q(ijk) M_ik
//                    + ε_i ε_j Q(ij) ] W_j
//            + Σ_l [ −2 Σ_k Q(ikl) E_kl M_ik + ε_i m1 Q(il) ] A*_l
//            + Σ_j G_ij Σ_l [ Σ_k Q(ijkl) E_kl M_jk − ε_j m1 Q(ijl) ] A*_l.
//
// Support laws. Both supported laws are written as Q(D) = c_|D| Π_{d∈D} w_d over the DISTINCT
// indices D: uniform of fixed size k has w ≡ 1 and c_r = q_r = k(k−1)…(k−r+1)/(h(h−1)…(h−r+1));
// independent Bernoulli has c_r = 1 and w_d = q_d (general per-atom q_d). c_r, w_d, m1, m1², m2
// enter as exact rationals converted by from_rational<T> (never through double; for intervals a
// tight outward-rounded enclosure).
//
// Term classes. Every summand of the formula is indexed by a tuple (j,k,l) (or (j,k), (k,l), (j,l),
// (j)); grouping tuples by their pattern of coincidences with i and among themselves (the set
// partitions of {i,j,k,l}) gives a number r of distinct indices, so its probability factor is
// c_r w_i Π ω over the r − 1 other distinct indices, ω := w with ω_i = 0. The classes are r = 1
// (diagonal: q_i), 2 (two_index: q_ij), 3 (three_index: q_ijk), 4 (four_index: q_ijkl), each split
// into the summands without ε and those carrying ε (bias_*; the ε summands have at most three
// indices i, j, l). Sums over distinct indices are reduced by inclusion–exclusion to full sums,
// e.g. Σ_{a≠b; a,b≠i} ω_a ω_b f_a g_b = (Σ ω f)(Σ ω g) − Σ ω² f g, and
//   t_a := Σ_{b≠a,i} ω_b M_ab = (M w)_a − w_i M_ai − w_a M_aa,
// so each class of row i is  Wᵀ α + A* β (+ w_i N W_iᵀ for three_index and four_index) with
// coefficient vectors α, β ∈ R^h built in O(h) from row i of M, column i of M, row i of G and
// precomputed vectors (M w, diag M, diag G). The only doubly-summed pieces that do not factor,
//   Σ_a ω_a P_ai W_a with P = M diag(w) Mᵀ,  and  Σ_b ω_b Y_ib A*_b with Y = G diag(w) M,
// are K C W_iᵀ − w_i P_ii W_i and C K W_iᵀ − w_i Y_ii A*_i with the n×n matrices K = Wᵀ diag(w) W,
// C = A* diag(w) A*ᵀ (and C₂ = A* diag(w²) A*ᵀ for the four-index class). One row therefore costs
// O(hn + n²) after an O(h²n) construction (M, G) and all rows are a few GEMMs; supports are never
// enumerated. The per-class formulas are written out in expected_gradient.cpp.
//
// Rows on demand (large h). Row i needs only row i and column i of M, row i of G, M w and diag M,
// and K C W_iᵀ etc. are products of matrix-vector products (K x = Wᵀ(w ∘ W x), C x = A*(w ∘ A*ᵀ x)),
// so a row costs a few O(hn) matrix-vector products and no h×h or n×n matrix is ever formed. The
// rows of a batch share their products: each is one matrix-matrix product with a column per row (or
// per row and class), so a batch of r rows reads W and A* about a dozen times instead of 25 r times
// (expected_gradient_rows.cpp). For T = interval the matrices stay exact doubles, held by reference,
// every product is enclosed by midpoint-radius arithmetic (certified_product.hpp) without |W| or
// |A*| being stored, and the coefficient vectors are evaluated in balls (ball.hpp: the same formulas
// in double midpoint-radius arithmetic, each operation's rounding added to the radius) instead of
// MPFI; the terms become intervals at the end.
//
// Checked facts (checks/theory/test_expected_gradient.cpp): brute-force enumeration of supports and
// two-point values; each class against a direct O(h³) pattern-classified evaluation of the formula;
// the diagonal formula of §4; the cancellations at W = A*ᵀ; the orthonormal identity of §4.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/enum_names.hpp"
#include "theory/expected_gradient_enclosed.hpp"
#include "numerics/model/point_rows.hpp"
#include "numerics/core/scalar.hpp"

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace scae {

struct Ball;  // ball.hpp

enum class TermClass {
  diagonal,          // all indices equal to i, factor q_i, no ε
  two_index,         // two distinct indices, factor q_ij, no ε
  three_index,       // three distinct indices, factor q_ijk, no ε
  four_index,        // four distinct indices, factor q_ijkl, no ε (two small inner products)
  bias_diagonal,     // factor q_i, carries ε
  bias_two_index,    // factor q_ij, carries ε
  bias_three_index,  // factor q_ijk, carries ε
};
// Stable snake_case names used in JSON output: "diagonal", "two_index", ..., "bias_three_index".
template <> struct Vocabulary<TermClass> {
  static constexpr std::string_view what = "term class";
  static constexpr std::array<EnumName<TermClass>, 7> names{{{TermClass::diagonal, "diagonal"},
                                                             {TermClass::two_index, "two_index"},
                                                             {TermClass::three_index, "three_index"},
                                                             {TermClass::four_index, "four_index"},
                                                             {TermClass::bias_diagonal, "bias_diagonal"},
                                                             {TermClass::bias_two_index, "bias_two_index"},
                                                             {TermClass::bias_three_index, "bias_three_index"}}};
};
inline constexpr auto all_term_classes = all_values<TermClass>();
int distinct_indices(TermClass c);  // 1..4
bool carries_bias(TermClass c);

template <class T> struct ExpectedGradientTerms {
  int row = 0;
  Vector<T> total;                        // E[∇_{W_i} L ; oracle support], length n
  std::map<TermClass, Vector<T>> terms;  // one entry per class; they sum to `total`
};

// Exact closed form (up to the rounding of T) of the expected oracle gradient for the support
// laws of code_model.hpp (uniform fixed size, or Bernoulli with per-atom q_i); only m1 and m2 of
// the value law enter. Any h ≥ 1, including h ≤ n. Defined for T = double, mpfr, interval; for
// mpfr / interval the results carry the default precision in force at construction.
// Selects the rows-on-demand construction (see above). For T = interval, `mpfi_products` encloses
// every product, diag M and the coefficients in MPFI at the working precision instead of balls:
// O(hn) MPFI operations per product, but the width shrinks with the precision, so the digits that
// cancellation near A* takes from double (docs/theory.md §4) are recovered (theory/closed_form_digits.hpp).
struct RowsOnDemand {
  bool mpfi_products = false;
};

template <class T> class ExpectedGradient {
public:
  // a: A* (n × h), w: W (h × n), eps: ε (h). Throws std::invalid_argument on shape mismatch.
  // For T = interval, `fast_products` encloses the O(h²n) and O(n³) matrix products by
  // midpoint-radius arithmetic in double (certified_product.hpp): about 1e-16 relative width
  // instead of 2^-precision, at the cost of a few GEMMs instead of MPFI triple loops; M and G are then
  // kept as midpoints and radii (expected_gradient_enclosed.hpp; rows are the same bits when they are
  // evaluated at the construction's precision).
  ExpectedGradient(const Matrix<T>& a, const Matrix<T>& w, const Vector<T>& eps, const CodeModel& code,
                   bool fast_products = false);
  // The same, taking over a and w (no copies: for callers that convert A* and W just for this object).
  ExpectedGradient(Matrix<T>&& a, Matrix<T>&& w, const Vector<T>& eps, const CodeModel& code, bool fast_products = false);
  // Rows on demand from the exact double inputs, each row O(hn). `a` and `w` are held by reference
  // (no copy; memory O(h) beyond them, plus the batch's products): they must outlive this object.
  ExpectedGradient(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code, RowsOnDemand mode);
  // Rows on demand with A* = [I, s H] never stored and W stored or regenerated row by row
  // (point_rows.hpp): each product with W is one pass over its rows. T = Ball or interval (in balls)
  // only; `w` is copied (it refers to a stored W, if any, which must outlive this object).
  ExpectedGradient(const IdentityHadamard& a, const PointRows& w, const VectorXd& eps, const CodeModel& code,
                   RowsOnDemand mode);
  ExpectedGradient(MatrixXd&& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code, RowsOnDemand) = delete;
  ExpectedGradient(const MatrixXd& a, MatrixXd&& w, const VectorXd& eps, const CodeModel& code, RowsOnDemand) = delete;

  int n() const { return n_; }
  int h() const { return h_; }

  // Row i with its term classes; O(hn + n²). Throws std::out_of_range for i outside [0, h).
  ExpectedGradientTerms<T> row(int i) const;
  // The rows `indices` with their term classes. Rows on demand: batches of up to 32 rows whose
  // products are matrix-matrix products (for intervals other last bits than row(i) alone, which multiplies single
  // vectors; both enclose the same values). Dense storage: row(i) for each.
  std::vector<ExpectedGradientTerms<T>> rows_terms(std::span<const int> indices) const;
  // Rows on demand for several biases at once: element b holds the rows for the bias biases[b] (each of
  // size h), as rows_terms of the object built with that bias; the products that do not involve the
  // bias (those with W among them) are made once for all, so each batch is two passes over W's rows.
  std::vector<std::vector<ExpectedGradientTerms<T>>> rows_terms(std::span<const int> indices,
                                                                std::span<const VectorXd> biases) const;
  // The totals of the given rows (|rows| × n), computed with GEMMs by blocks of rows (by rows_terms
  // when rows are on demand).
  Matrix<T> rows(std::span<const int> indices) const;
  // All rows (h × n); O(h²n).
  Matrix<T> all_rows() const;

private:
  struct Coefficients {
    std::array<Vector<T>, 7> alpha, beta;  // indexed by TermClass
  };
  static void check_shapes(Eigen::Index n, Eigen::Index h, Eigen::Index w_rows, Eigen::Index w_cols,
                           Eigen::Index eps_size, const CodeModel& code);
  void set_code(const CodeModel& code);
  // The dense construction from a_, w_ and eps_ (both constructors with stored matrices).
  void build(const CodeModel& code, bool fast_products);
  void coefficients(int i, const Vector<T>& bias, const Vector<T>& m_row, const Vector<T>& m_col, const Vector<T>& g_row,
                    Coefficients& out) const;
  ExpectedGradientTerms<T> dense_row(int i) const;
  // Dense storage: row i and column i of M, column i of G (= row i), from m_ and g_ or their enclosures.
  Vector<T> m_row(Eigen::Index i) const;
  Vector<T> m_col(Eigen::Index i) const;
  Vector<T> g_col(Eigen::Index i) const;
  // Rows on demand: the rows `indices` as one batch for each bias, appended to out[b].
  void batch_terms(std::span<const int> indices, const std::vector<Vector<T>>& biases,
                   std::vector<std::vector<ExpectedGradientTerms<T>>>& out) const;
  // Rows on demand: products of A*, A*ᵀ, W, Wᵀ with the columns of x (expected_gradient_rows.cpp).
  Matrix<T> times_a(const Matrix<T>& x) const;
  Matrix<T> times_a_transposed(const Matrix<T>& x) const;
  Matrix<T> times_w(const Matrix<T>& x) const;
  Matrix<T> times_w_transposed(const Matrix<T>& x) const;
  // C X = A*(w ∘ A*ᵀ X), or C₂ X = A*(w² ∘ A*ᵀ X) when `squared`.
  Matrix<T> c_times(const Matrix<T>& x, bool squared) const;
  // A*_{ti}, from the stored A* or its structure.
  T a_entry(Eigen::Index t, Eigen::Index i) const;
  // diag M and M w (the constructor's O(hn) part).
  void diagonal_and_weighted_sums();

  int n_ = 0, h_ = 0;
  bool on_demand_ = false;
  SupportLaw::Kind support_kind_{};
  Matrix<T> a_, w_;        // dense storage
  const MatrixXd* a_exact_ = nullptr;  // rows on demand: the caller's A* (none when only its structure is known)
  PointRows w_rows_;                   // rows on demand: W
  std::optional<IdentityHadamard> hadamard_;  // balls on demand with A* = [I, s H]: products by the transform
  bool mpfi_products_ = false;  // rows on demand with products in MPFI (intervals only; A* and W are
                                // converted entry by entry as the products read them, never copied)
  Vector<T> eps_;
  Vector<T> weight_;       // w_d (1 for the uniform law, q_d for Bernoulli)
  std::array<T, 5> c_;     // c_1..c_4 (c_[0] unused)
  T m1_, m1sq_, m2_;
  Matrix<T> m_;            // M = W A*  (h × h)
  Matrix<T> g_;            // G = W Wᵀ  (h × h)
  // Intervals with fast products: M and G as midpoints and radii instead (m_ and g_ stay empty).
  std::optional<EnclosedMatrix> m_enclosed_, g_enclosed_;
  Vector<T> s_;            // M w
  Vector<T> m_diag_;       // diag M
  Matrix<T> n3_, n4_;      // n × n: c3 m2 (KC + CK) and −c4 m1² (KC₂ + C₂K)
  // Intervals on demand without mpfi_products: the rows are computed in balls (ball.hpp) by this
  // and enclosed as intervals at the end.
  std::shared_ptr<const ExpectedGradient<Ball>> balls_;
};

extern template class ExpectedGradient<double>;
extern template class ExpectedGradient<mpfr>;
extern template class ExpectedGradient<interval>;

}  // namespace scae
