// Explicit term-class bounds and their certification; derivation in term_bounds.hpp.
#include "theory/term_bounds.hpp"

#include "numerics/core/certified_product.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "numerics/core/mutation.hpp"
#include "theory/plain_product.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace scae {

namespace {

// Non-negative square of an enclosure (x*x on an interval around 0 would dip below 0).
template <class T> T square(const T& x) {
  const T ax = abs(x);
  return ax * ax;
}

template <class T> T vector_norm(const Vector<T>& v) {
  T s = 0;
  for (Eigen::Index t = 0; t < v.size(); ++t) s += square(v(t));
  return sqrt(s);
}

void require_uniform(const CodeModel& code) {
  if (code.support.kind() != SupportLaw::Kind::uniform_fixed)
    throw std::invalid_argument(
        "term bounds: the Bernoulli support law is not covered (the explicit bounds of term_bounds.hpp are "
        "derived for the uniform support law of fixed size k)");
}

void require_shapes(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code) {
  const auto n = a.rows(), h = a.cols();
  if (n < 1 || h < 1) throw std::invalid_argument("term bounds: A* must be non-empty");
  if (w.rows() != h || w.cols() != n)
    throw std::invalid_argument("term bounds: W is " + std::to_string(w.rows()) + "x" + std::to_string(w.cols()) +
                                ", expected h x n = " + std::to_string(h) + "x" + std::to_string(n));
  if (eps.size() != h)
    throw std::invalid_argument("term bounds: eps has length " + std::to_string(eps.size()) + ", expected h = " +
                                std::to_string(h));
  if (code.support.h() != h)
    throw std::invalid_argument("term bounds: the support law has h = " + std::to_string(code.support.h()) +
                                ", A* has h = " + std::to_string(h));
}

template <class T> void set_code(TermBoundInputs<T>& in, const CodeModel& code) {
  in.k = code.support.k();
  in.q1 = from_rational<T>(code.support.q_uniform(1));
  in.q2 = from_rational<T>(code.support.q_uniform(2));
  in.q3 = from_rational<T>(code.support.q_uniform(3));
  in.q4 = from_rational<T>(code.support.q_uniform(4));
  in.m1 = from_rational<T>(code.values.m1());
  in.m2 = from_rational<T>(code.values.m2());
}

// Λ, δ', c_g, η, η1, N_r, N_c, N_g, M_o, H1, H2 from the primary quantities.
template <class T> void finish_inputs(TermBoundInputs<T>& in) {
  in.h1 = T(in.h - 1);
  in.h2 = T(std::max(in.h - 2, 0));
  in.lambda = hull_max(abs(in.d_min), abs(in.d_max));
  in.delta_diag = hull_max(1 - in.d_min, in.d_max - 1);
  in.c_g = in.c + in.r_max * in.delta;
  in.eta = 2 * in.delta_diag + in.r_max * in.delta;
  in.eta1 = in.delta_diag + in.r_max * in.delta;
  const T s1 = sqrt(in.h1);
  in.n_r = hull_min(s1 * in.c, in.sigma_a * in.r_max);
  in.n_c = hull_min(s1 * in.c, in.sigma_w * in.a_max);
  in.n_g = hull_min(s1 * in.c_g, in.sigma_w * in.r_max);
  in.m_o = hull_min(sqrt(in.h1 * in.h2) * in.c, in.sigma_w * in.sigma_a + in.lambda);
}

}  // namespace

TermBoundInputs<interval> certified_term_bound_inputs(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                      const CodeModel& code, const Neighbourhood& nb, bool fast_products) {
  require_uniform(code);
  require_shapes(a, w, eps, code);
  PrecisionGuard guard(nb.bits);
  TermBoundInputs<interval> in;
  in.n = static_cast<int>(a.rows());
  in.h = static_cast<int>(a.cols());
  set_code(in, code);
  in.c0 = nb.coherence.enclosure;
  in.c = nb.max_off_diagonal.enclosure;
  in.delta = nb.delta;
  in.r_max = nb.max_row_norm;
  in.a_max = nb.max_column_norm;
  in.eps_max = 0;
  for (Eigen::Index j = 0; j < eps.size(); ++j) in.eps_max = hull_max(in.eps_max, abs(interval(eps(j))));
  const MatrixXd wt = w.transpose();
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    const interval mjj = interval_dot(wt.col(j).data(), a.col(j).data(), a.rows());
    in.d_min = j == 0 ? mjj : hull_min(in.d_min, mjj);
    in.d_max = j == 0 ? mjj : hull_max(in.d_max, mjj);
  }
  // One h × n matrix of intervals at a time (each 100 bytes or more): W, then A*, then W − A*ᵀ, whose
  // entries are the differences of the exact entries as intervals.
  in.sigma_w = spectral_norm_bound<interval>(cast_matrix<interval>(w), 4, fast_products);
  in.sigma_a = spectral_norm_bound<interval>(cast_matrix<interval>(a), 4, fast_products);
  Matrix<interval> e(w.rows(), w.cols());
  for (Eigen::Index j = 0; j < e.cols(); ++j)
    for (Eigen::Index i = 0; i < e.rows(); ++i) e(i, j) = interval(w(i, j)) - interval(a(j, i));
  in.sigma_e = hull_min(spectral_norm_bound<interval>(e, 4, fast_products), sqrt(interval(in.h)) * in.delta);
  finish_inputs(in);
  return in;
}

TermBoundInputs<interval> ball_term_bound_inputs(const Neighbourhood& nb, const interval& sigma_a, const VectorXd& eps,
                                                 const CodeModel& code) {
  require_uniform(code);
  PrecisionGuard guard(nb.bits);
  TermBoundInputs<interval> in;
  in.h = nb.h;
  in.n = 0;  // not used by the bounds
  set_code(in, code);
  const interval delta = interval(upper(nb.delta)), a_big = nb.max_column_norm, a_small = nb.min_column_norm;
  in.c0 = nb.coherence.enclosure;
  in.c = in.c0 + delta * a_big;
  in.delta = delta;
  in.r_max = a_big + delta;
  in.a_max = a_big;
  in.eps_max = 0;
  for (Eigen::Index j = 0; j < eps.size(); ++j) in.eps_max = hull_max(in.eps_max, abs(interval(eps(j))));
  in.d_min = a_small * a_small - delta * a_small;
  in.d_max = a_big * a_big + delta * a_big;
  in.sigma_a = sigma_a;
  in.sigma_e = sqrt(interval(in.h)) * delta;
  in.sigma_w = sigma_a + in.sigma_e;
  finish_inputs(in);
  return in;
}

interval dictionary_norm_bound(const IdentityHadamard& a, unsigned bits) {
  PrecisionGuard guard(bits);
  const interval s = interval(a.s);
  return sqrt(1 + s * s * interval(static_cast<double>(a.n)));
}

interval dictionary_norm_bound(const MatrixXd& a, unsigned bits) {
  PrecisionGuard guard(bits);
  if (is_identity_hadamard(a)) return dictionary_norm_bound(IdentityHadamard::of(a), bits);
  return spectral_norm_bound<interval>(cast_matrix<interval>(a), 4, true);
}

TermBoundInputs<mpfr> reference_term_bound_inputs(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                  const CodeModel& code) {
  require_uniform(code);
  require_shapes(a, w, eps, code);
  TermBoundInputs<mpfr> in;
  in.n = static_cast<int>(a.rows());
  in.h = static_cast<int>(a.cols());
  set_code(in, code);
  const Matrix<mpfr> am = cast_matrix<mpfr>(a), wm = cast_matrix<mpfr>(w);
  const Matrix<mpfr> m = wm * am, gram = am.transpose() * am;
  in.c0 = 0;
  in.c = 0;
  for (int j = 0; j < in.h; ++j)
    for (int l = 0; l < in.h; ++l)
      if (j != l) {
        in.c = hull_max(in.c, mpfr(abs(m(j, l))));
        in.c0 = hull_max(in.c0, mpfr(abs(gram(j, l))));
      }
  in.d_min = m(0, 0);
  in.d_max = m(0, 0);
  for (int j = 0; j < in.h; ++j) {
    in.d_min = hull_min(in.d_min, m(j, j));
    in.d_max = hull_max(in.d_max, m(j, j));
  }
  const Matrix<mpfr> e = wm - Matrix<mpfr>(am.transpose());
  in.delta = 0;
  in.r_max = 0;
  in.a_max = 0;
  for (int j = 0; j < in.h; ++j) {
    in.delta = hull_max(in.delta, mpfr(vector_norm<mpfr>(e.row(j).transpose())));
    in.r_max = hull_max(in.r_max, mpfr(vector_norm<mpfr>(wm.row(j).transpose())));
    in.a_max = hull_max(in.a_max, mpfr(vector_norm<mpfr>(am.col(j))));
  }
  in.eps_max = 0;
  for (Eigen::Index j = 0; j < eps.size(); ++j) in.eps_max = hull_max(in.eps_max, mpfr(std::abs(eps(j))));
  in.sigma_w = spectral_norm_bound<mpfr>(wm);
  in.sigma_a = spectral_norm_bound<mpfr>(am);
  in.sigma_e = hull_min(spectral_norm_bound<mpfr>(e), mpfr(sqrt(mpfr(in.h)) * in.delta));
  finish_inputs(in);
  return in;
}

template <class T> T term_bound(TermClass cls, const TermBoundInputs<T>& in, const T& factor) {
  const T &q1 = in.q1, &q2 = in.q2, &q3 = in.q3, &q4 = in.q4, &m1 = in.m1, &m2 = in.m2;
  const T m1sq = m1 * m1;
  const T &c = in.c, &delta = in.delta, &R = in.r_max, &A = in.a_max, &eps = in.eps_max;
  const T &L = in.lambda, &cg = in.c_g, &eta = in.eta, &eta1 = in.eta1;
  const T &sw = in.sigma_w, &sa = in.sigma_a, &se = in.sigma_e;
  const T &nr = in.n_r, &nc = in.n_c, &ng = in.n_g, &mo = in.m_o, &H1 = in.h1, &H2 = in.h2;
  const T s1 = sqrt(H1), s2 = sqrt(H2);
  T b;
  switch (cls) {
    case TermClass::diagonal: b = q1 * m2 * L * (L * delta + eta * A); break;
    case TermClass::two_index:
      b = q2 * ((m1sq * L * s1 + m2 * nr) * (L * se + eta * sa)  // paired d_a e_a + (d_a + γ − 2) A*_a
                + m2 * L * sw * nc                                // (a,i,i)
                + m1sq * c * sw * hull_min(nr, nc)                // (a,a,i)
                + R * (2 * m1sq * L * s1 * nr + m2 * nr * nr)     // W_i: (i,a,i), (i,i,a), (i,a,a)
                + A * (m1sq * s1 * (eta * nr + R * L * se) + m2 * ng * nc)  // A*_i
                + m1sq * sa * hull_min(cg * nc, c * ng)           // C (a,i,a)
                + m2 * L * sa * ng);                              // C (a,a,a)
      break;
    case TermClass::three_index:
      b = q3 * (m1sq * H2 * nr * nr * R                            // (i,a,b)
                + m1sq * L * sw * s1 * mo                          // (a,i,b)
                + m1sq * sw * hull_min(s2 * nc * nr, H2 * c * nr)  // (a,b,i)
                + m1sq * sw * hull_min(s2 * nr * nr, s1 * c * mo)  // (a,a,b)
                + m1sq * H2 * nr * (L * se + eta * sa)             // (a,b,a) + B + C (i,a,b)
                + m2 * sw * mo * nr                                // (a,b,b)
                + m1sq * sa * s1 * ng * nc                         // C (a,i,b)
                + m1sq * A * s1 * ng * mo                          // C (a,b,i)
                + m1sq * H2 * L * sa * ng                          // C (a,a,b)
                + m1sq * sa * hull_min(s1 * cg * mo, s2 * ng * nr) // C (a,b,a)
                + m2 * sa * mo * ng);                              // C (a,b,b)
      break;
    case TermClass::four_index:
      b = q4 * m1sq *
          (sw * (hull_min(s1 * s2 * nr * mo, H2 * s2 * nr * nr) + mo * nr) +
           sa * (H2 * hull_min(s1 * cg * mo, s2 * ng * nr) + mo * ng));
      break;
    case TermClass::bias_diagonal: b = q1 * eps * ((eps + 2 * m1 * L) * R + m1 * eta1 * A); break;
    case TermClass::bias_two_index:
      b = q2 * eps *
          (sw * ((eps + 2 * m1 * L) * s1 + m1 * (nr + nc)) + 2 * m1 * s1 * nr * R + m1 * sa * (eta1 * s1 + ng) +
           m1 * s1 * ng * A);
      break;
    case TermClass::bias_three_index: b = q3 * m1 * eps * (sw * (H2 * nr + s1 * mo) + sa * H2 * ng); break;
  }
  return mutant_active(Mutant::term_bound_constant_halved) ? factor * b / 2 : factor * b;
}

template interval term_bound<interval>(TermClass, const TermBoundInputs<interval>&, const interval&);
template mpfr term_bound<mpfr>(TermClass, const TermBoundInputs<mpfr>&, const mpfr&);

std::string term_bound_inequality(TermClass cls) {
  const std::string lhs = "max_i |" + to_name(cls) + "_i| ≤ ";
  switch (cls) {
    case TermClass::diagonal: return lhs + "q1 m2 Λ (Λ δ + η A)";
    case TermClass::two_index:
      return lhs +
             "q2 [ (m1² Λ √H₁ + m2 N_r)(Λ σ_E + η σ_A) + m2 Λ σ_W N_c + m1² c σ_W min(N_r, N_c) "
             "+ R (2 m1² Λ √H₁ N_r + m2 N_r²) + A (m1² √H₁ (η N_r + R Λ σ_E) + m2 N_g N_c) "
             "+ m1² σ_A min(c_g N_c, c N_g) + m2 Λ σ_A N_g ]";
    case TermClass::three_index:
      return lhs +
             "q3 [ m1² H₂ N_r² R + m1² Λ σ_W √H₁ M_o + m1² σ_W min(√H₂ N_c N_r, H₂ c N_r) "
             "+ m1² σ_W min(√H₂ N_r², √H₁ c M_o) + m1² H₂ N_r (Λ σ_E + η σ_A) + m2 σ_W M_o N_r "
             "+ m1² σ_A √H₁ N_g N_c + m1² A √H₁ N_g M_o + m1² H₂ Λ σ_A N_g "
             "+ m1² σ_A min(√H₁ c_g M_o, √H₂ N_g N_r) + m2 σ_A M_o N_g ]";
    case TermClass::four_index:
      return lhs +
             "q4 m1² [ σ_W (min(√(H₁H₂) N_r M_o, H₂^(3/2) N_r²) + M_o N_r) "
             "+ σ_A (H₂ min(√H₁ c_g M_o, √H₂ N_g N_r) + M_o N_g) ]";
    case TermClass::bias_diagonal: return lhs + "q1 ε [ (ε + 2 m1 Λ) R + m1 η₁ A ]";
    case TermClass::bias_two_index:
      return lhs +
             "q2 ε [ σ_W ((ε + 2 m1 Λ) √H₁ + m1 (N_r + N_c)) + 2 m1 √H₁ N_r R "
             "+ m1 σ_A (η₁ √H₁ + N_g) + m1 √H₁ N_g A ]";
    case TermClass::bias_three_index: return lhs + "q3 m1 ε [ σ_W (H₂ N_r + √H₁ M_o) + σ_A H₂ N_g ]";
  }
  throw std::invalid_argument("unknown term class");
}

std::vector<TermBound> certify_term_bounds(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                           const CodeModel& code, const Neighbourhood& nb,
                                           const std::vector<int>& rows, const rational& constant_factor,
                                           bool fast_products, const TermBoundShared& shared) {
  require_uniform(code);
  require_shapes(a, w, eps, code);
  const int h = static_cast<int>(a.cols());
  std::vector<int> checked = rows;
  if (checked.empty())
    for (int i = 0; i < h; ++i) checked.push_back(i);
  for (const int i : checked)
    if (i < 0 || i >= h) throw std::out_of_range("row " + std::to_string(i) + " outside [0, " + std::to_string(h) + ")");
  const TermBoundInputs<interval> inputs =
      shared.inputs ? *shared.inputs : certified_term_bound_inputs(a, w, eps, code, nb, fast_products);

  constexpr std::size_t classes = all_term_classes.size();
  struct Evaluation {
    std::array<interval, classes> bound, largest;
    std::array<int, classes> worst{};
  };
  std::map<unsigned, Evaluation> cache;  // by precision
  const auto evaluate = [&](unsigned bits) -> const Evaluation& {
    if (auto it = cache.find(bits); it != cache.end()) return it->second;
    PrecisionGuard guard(bits);
    Evaluation ev;
    const interval factor = from_rational<interval>(constant_factor);
    for (std::size_t c = 0; c < classes; ++c) ev.bound[c] = term_bound(all_term_classes[c], inputs, factor);
    std::optional<ExpectedGradient<interval>> eg;  // none when the caller's rows at nb.bits are reused
    if (bits != nb.bits || !shared.row) eg.emplace(cast_matrix<interval>(a), cast_matrix<interval>(w), cast_vector<interval>(eps), code, fast_products);
    bool first = true;
    for (const int i : checked) {
      const ExpectedGradientTerms<interval> terms = eg ? eg->row(i) : shared.row(i);
      for (std::size_t c = 0; c < classes; ++c) {
        const interval norm = vector_norm<interval>(terms.terms.at(all_term_classes[c]));
        if (first || upper(norm) > upper(ev.largest[c])) ev.worst[c] = i;
        ev.largest[c] = first ? norm : hull_max(ev.largest[c], norm);
      }
      first = false;
    }
    return cache.emplace(bits, std::move(ev)).first->second;
  };

  std::vector<TermBound> out;
  for (std::size_t c = 0; c < classes; ++c) {
    const TermClass cls = all_term_classes[c];
    TermBound tb;
    tb.cls = cls;
    tb.inequality = term_bound_inequality(cls);
    if (constant_factor != 1) tb.inequality += " (constant factor " + constant_factor.str() + ")";
    tb.verdict = certify_positive(
        [&](unsigned bits) {
          const Evaluation& ev = evaluate(bits);
          return interval(ev.bound[c] - ev.largest[c]);
        },
        Strictness::non_strict, nb.bits, 2 * nb.bits);
    const Evaluation& ev = evaluate(tb.verdict.precision_bits);
    tb.bound = ev.bound[c];
    tb.largest_class_norm = ev.largest[c];
    tb.worst_row = ev.worst[c];
    const double bound_value = to_double(tb.bound), norm_value = to_double(tb.largest_class_norm);
    tb.slack = norm_value > 0 ? bound_value / norm_value : std::numeric_limits<double>::infinity();
    tb.verdict.summary = to_name(cls) + ": max_i |class_i| = " + interval_text(tb.largest_class_norm) +
                         " (row " + std::to_string(tb.worst_row) + ") vs bound " + interval_text(tb.bound) +
                         ", slack " + number_text(tb.slack);
    tb.verdict.add("bound", tb.bound);
    tb.verdict.add("largest_class_norm", tb.largest_class_norm);
    tb.verdict.add("worst_row", static_cast<double>(tb.worst_row));
    tb.verdict.add("rows_checked", static_cast<double>(checked.size()));
    tb.verdict.add("constant_factor", constant_factor);
    tb.verdict.add("c", inputs.c);
    tb.verdict.add("delta", inputs.delta);
    tb.verdict.add("eps_max", inputs.eps_max);
    tb.verdict.add("sigma_W", inputs.sigma_w);
    tb.verdict.add("sigma_A", inputs.sigma_a);
    tb.verdict.add("sigma_E", inputs.sigma_e);
    tb.verdict.how += "; class vectors by ExpectedGradient<interval>, bound from certified quantities";
    out.push_back(std::move(tb));
  }
  return out;
}

std::vector<std::pair<TermClass, double>> class_exponents(double p, double xi, double nu_squared, double bias_exponent) {
  const double b = bias_exponent;
  const double bias = std::max(b, 2 * b);  // ε (ε + const): max(b, 2b)
  // −p − ν² with ν² = +inf gives −inf (δ = 0).
  const double d = -p - nu_squared;
  return {
      {TermClass::diagonal, d},
      {TermClass::two_index, std::max(p - xi, p + d)},
      {TermClass::three_index, std::max(2 * p - xi, 2 * p + d)},
      {TermClass::four_index, std::max(3 * p - 2 * xi, 3 * p + 2 * d)},
      {TermClass::bias_diagonal, bias},
      {TermClass::bias_two_index, p + bias},
      {TermClass::bias_three_index, std::max(2 * p - xi, 2 * p + d) + b},
  };
}

PredictedExponent predicted_exponent(double p, double xi, double nu_squared, double bias_exponent) {
  PredictedExponent out;
  out.exponent = -std::numeric_limits<double>::infinity();
  bool first = true;
  for (const auto& [cls, e] : class_exponents(p, xi, nu_squared, bias_exponent))
    if (first || e > out.exponent) {
      out.exponent = e;
      out.dominant = cls;
      first = false;
    }
  out.name = to_name(out.dominant);
  return out;
}

}  // namespace scae
