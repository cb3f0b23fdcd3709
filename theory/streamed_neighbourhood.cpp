#include "theory/streamed_neighbourhood.hpp"

#include "numerics/core/hadamard_product.hpp"
#include "numerics/model/point_rows.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace scae {

// Σ_t (w_t − a_t)² (streamed_neighbourhood.hpp). TwoSum (Knuth): dh + dl = w − a exactly; TwoProduct
// (FMA): p + e = dh² exactly; so (w − a)² = p + e + q with q = (2 dh + dl) dl. The p are accumulated
// by TwoSum, Σ p = sum + Σ c exactly. The rest, 3n terms (q̂ with two roundings), is summed in double:
// |rest − Σ (c + e + q)| <= γ_{3n+2} Σ (|c| + |e| + |q|) (Higham §3.1, any order), and the double sum z
// of |c| + |e| + |q̂| is at least 1 − γ_{3n+2} of that Σ, so error = 2 γ_{3n+4} z (1 + 8u)
// + (4n + 4) 2^-1074 (underflow), rounded up, bounds |sum + rest − Σ_t (w_t − a_t)²|. The TwoSums need
// p rounded before it is added: GCC contracts a * b + c into an FMA in C++ mode, but not p, which the
// FMA of e also uses (checked in the generated code); a contracted sum would break the exactness by
// about u Σ p, far beyond `error`, and checks/theory/test_streamed_neighbourhood.cpp would fail.
SquaredDistance squared_distance(const double* w, const double* a, Eigen::Index n) {
  double sum = 0, rest = 0, size = 0;
  for (Eigen::Index t = 0; t < n; ++t) {
    const double dh = w[t] - a[t], z = dh - w[t], dl = (w[t] - (dh - z)) + (-a[t] - z);  // TwoSum
    const double p = dh * dh, e = std::fma(dh, dh, -p), q = (2 * dh + dl) * dl;          // TwoProduct
    const double next = sum + p, y = next - sum, c = (sum - (next - y)) + (p - y);       // TwoSum
    sum = next;
    rest += (c + e) + q;
    size += (std::abs(c) + std::abs(e)) + std::abs(q);
  }
  const double u = std::numeric_limits<double>::epsilon() / 2, terms = 3 * static_cast<double>(n);
  const double underflow = (4 * static_cast<double>(n) + 4) * std::numeric_limits<double>::denorm_min();
  return {sum, rest, std::nextafter(2 * higham_gamma(terms + 4) * size * (1 + 8 * u) + underflow, HUGE_VAL)};
}

namespace {

// std::nextafter(x, +inf) for finite x by its bits (the library call is a tenth of the windows' time).
double next_up(double x) {
  if (x == 0) return std::numeric_limits<double>::denorm_min();
  if (!std::isfinite(x)) return std::nextafter(x, HUGE_VAL);
  const auto bits = std::bit_cast<std::uint64_t>(x);
  return std::bit_cast<double>(x > 0 ? bits + 1 : bits - 1);
}
// Rigorous ends of an entry with |exact − value| <= error, as BoundedProduct::lower and ::upper.
double lower_end(double value, double error) { return -next_up(error - value); }
double upper_end(double value, double error) { return next_up(value + error); }

// What one row of M and W_i tell in double, before any multiprecision work.
struct RowFacts {
  double diagonal_lower = 0, diagonal_upper = 0;  // rigorous ends of M_ii
  double norm_squared = 0;                        // double sum of W_it²
  SquaredDistance distance;                       // of W_i from A*_i
  double largest_abs = -1;                        // max_{l≠i} |fl(M_il)|, first at column largest_at
  Eigen::Index largest_at = -1;
  double abs_upper = 0;                           // max_{l≠i} of the rigorous upper end of |M_il|
};

RowFacts row_facts(Eigen::Index i, const double* value, double right_error, const IdentityHadamard& a) {
  const Eigen::Index n = a.n, h = a.h();
  const auto error = [&](Eigen::Index l) { return l < n ? 0.0 : right_error; };
  RowFacts f;
  f.diagonal_lower = lower_end(value[i], error(i));
  f.diagonal_upper = upper_end(value[i], error(i));
  thread_local std::vector<double> column;
  column.resize(static_cast<std::size_t>(n));
  a.column(i, column.data());
  f.distance = squared_distance(value, column.data(), n);  // value[0, n) is W_i
  for (Eigen::Index t = 0; t < n; ++t) f.norm_squared += value[t] * value[t];
  double left = 0, right = 0;  // largest off-diagonal |fl(M_il)| of each block
  for (Eigen::Index l = 0; l < h; ++l) {
    if (l == i) continue;
    const double x = std::abs(value[l]);
    if (x > f.largest_abs) f.largest_abs = x, f.largest_at = l;
    if (l < n) left = std::max(left, x);
    else right = std::max(right, x);
  }
  f.abs_upper = std::max(abs_upper_bound(left, 0), abs_upper_bound(right, right_error));
  return f;
}

// Rows in [first, last) whose double sum can be the largest: ŝ_i >= (1 − 4γ_{n+4}) max ŝ.
template <class Sum>
std::vector<Eigen::Index> near_largest(const std::vector<RowFacts>& facts, Eigen::Index first, Eigen::Index last,
                                       Eigen::Index n, const Sum& sum) {
  double largest = 0;
  for (Eigen::Index i = first; i < last; ++i) largest = std::max(largest, sum(facts[static_cast<std::size_t>(i)]));
  const double threshold = (1 - 4 * higham_gamma(static_cast<double>(n + 4))) * largest;
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = first; i < last; ++i)
    if (sum(facts[static_cast<std::size_t>(i)]) >= threshold) rows.push_back(i);
  return rows;
}

// Rows whose distance can be the largest: sum + rest ± error in MPFI (outward, so it contains the exact
// squared distance); a row whose upper end is below another row's lower end is not the farthest.
std::vector<Eigen::Index> near_farthest(const std::vector<RowFacts>& facts) {
  std::vector<interval> squared(facts.size());
  mpfr best = -HUGE_VAL;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const SquaredDistance& d = facts[i].distance;
    squared[i] = interval(d.sum) + interval(d.rest) + interval(mpfr(-d.error), mpfr(d.error));
    best = std::max(best, lower(squared[i]));
  }
  std::vector<Eigen::Index> rows;
  for (std::size_t i = 0; i < facts.size(); ++i)
    if (upper(squared[i]) >= best) rows.push_back(static_cast<Eigen::Index>(i));
  return rows;
}

// Rows in [first, last) whose M_ii can be the smallest: lower end <= the smallest upper end.
std::vector<Eigen::Index> near_smallest_diagonal(const std::vector<RowFacts>& facts, Eigen::Index first, Eigen::Index last) {
  double smallest = HUGE_VAL;
  for (Eigen::Index i = first; i < last; ++i) smallest = std::min(smallest, facts[static_cast<std::size_t>(i)].diagonal_upper);
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = first; i < last; ++i)
    if (facts[static_cast<std::size_t>(i)].diagonal_lower <= smallest) rows.push_back(i);
  return rows;
}

// certified_max_abs(M, Wᵀ, A*, off_diagonal) from the row facts, revisiting only the rows that can
// hold a candidate.
MaxAbs max_off_diagonal(const std::vector<RowFacts>& facts, const IdentityHadamard& a, const PointRows& w,
                        long max_exact = 200000) {
  const Eigen::Index n = a.n, h = a.h();
  MaxAbs out;
  out.value = -1;
  for (Eigen::Index i = 0; i < h; ++i) {  // the dense scan's choice: largest, then first column, then first row
    const RowFacts& f = facts[static_cast<std::size_t>(i)];
    if (f.largest_abs > out.value || (f.largest_abs == out.value && f.largest_at < out.j))
      out.value = f.largest_abs, out.i = i, out.j = f.largest_at;
  }
  VectorXd column(n);
  const auto dot = [&](const VectorXd& w_i, Eigen::Index l) {
    a.column(l, column.data());
    return abs(interval_dot(w_i.data(), column.data(), n));
  };
  const interval best = dot(w.row(out.i), out.j);
  mpfr lo = lower(best), hi = upper(best);
  std::vector<std::pair<Eigen::Index, Eigen::Index>> candidates;
  double float_bound = 0;
  VectorXd value(h);
  for (Eigen::Index i = 0; i < h; ++i) {
    if (mpfr(facts[static_cast<std::size_t>(i)].abs_upper) < lo) continue;
    const VectorXd w_i = w.row(i);
    const double right_error = identity_hadamard_row(w_i.data(), n, a.s, value.data());
    for (Eigen::Index l = 0; l < h; ++l) {
      const double bound = abs_upper_bound(value(l), l < n ? 0.0 : right_error);
      if (l != i && mpfr(bound) >= lo) {
        candidates.emplace_back(i, l);
        float_bound = std::max(float_bound, bound);
      }
    }
  }
  if (static_cast<long>(candidates.size()) > max_exact) {
    if (mpfr(float_bound) > hi) hi = mpfr(float_bound);
  } else {
    for (const auto& [i, l] : candidates) {
      const interval d = dot(w.row(i), l);
      if (lower(d) > lo) lo = lower(d);
      if (upper(d) > hi) hi = upper(d);
    }
    out.exact_pairs = static_cast<long>(candidates.size());
  }
  out.enclosure = interval(lo, hi);
  return out;
}

// ‖W_i − A*_i‖ as neighbourhood() encloses it (each difference of the two entries as intervals,
// squared by interval multiplication, summed in order), by the same MPFI calls on intervals made once:
// the same bits without the allocations of a temporary per operation. Every row is at the same
// distance for the built-in random-direction points up to the rounding of W, so only the rows that
// near_farthest keeps are enclosed this way (one, unless rows tie exactly).
interval distance(const PointRows& w, const IdentityHadamard& a, Eigen::Index i) {
  interval sq = 0, x, y, d, square;
  const VectorXd w_i = w.row(i);
  for (Eigen::Index t = 0; t < a.n; ++t) {
    mpfi_set_d(x.backend().data(), w_i(t));
    mpfi_set_d(y.backend().data(), a.entry(t, i));
    mpfi_sub(d.backend().data(), x.backend().data(), y.backend().data());
    mpfi_mul(square.backend().data(), d.backend().data(), d.backend().data());
    mpfi_add(sq.backend().data(), sq.backend().data(), square.backend().data());
  }
  return sqrt(sq);
}

interval norm(const double* x, Eigen::Index n) { return sqrt(interval_dot(x, x, n)); }

}  // namespace

namespace {

// The neighbourhood from the rows' facts, with MPFI only at the rows that can attain an extreme.
Neighbourhood neighbourhood_from_facts(const IdentityHadamard& a, const PointRows& w, const std::vector<RowFacts>& facts,
                                       unsigned bits) {
  const Eigen::Index n = a.n, h = a.h();
  Neighbourhood nb;
  nb.bits = bits;
  nb.h = static_cast<int>(h);
  nb.coherence = certified_coherence(a, bits);
  // Columns 0..n-1 are e_l, columns n..2n-1 all have entries ±s: two column norms, each exact in MPFI.
  VectorXd first_column(n), hadamard_column(n);
  a.column(0, first_column.data());
  a.column(n, hadamard_column.data());
  const interval unit_norm = norm(first_column.data(), n), hadamard_norm = norm(hadamard_column.data(), n);
  const auto column_norm = [&](Eigen::Index i) { return i < n ? unit_norm : hadamard_norm; };
  nb.max_column_norm = hull_max(unit_norm, hadamard_norm);
  nb.min_column_norm = hull_min(unit_norm, hadamard_norm);
  nb.delta = 0;
  for (const Eigen::Index i : near_farthest(facts))
    nb.delta = hull_max(nb.delta, distance(w, a, i));
  nb.max_off_diagonal = max_off_diagonal(facts, a, w);
  bool first = true;
  for (const Eigen::Index block : {Eigen::Index{0}, n})
    for (const Eigen::Index i : near_smallest_diagonal(facts, block, block + n)) {
      const VectorXd w_i = w.row(i);
      VectorXd a_i(n);
      a.column(i, a_i.data());
      const interval mii = interval_dot(w_i.data(), a_i.data(), n);
      const interval c = column_norm(i);
      const interval margin = mii - (c * c - nb.delta * c);
      nb.min_diagonal = first ? mii : hull_min(nb.min_diagonal, mii);
      nb.diagonal_margin = first ? margin : hull_min(nb.diagonal_margin, margin);
      first = false;
    }
  first = true;
  for (const Eigen::Index block : {Eigen::Index{0}, n})
    for (const Eigen::Index i : near_largest(facts, block, block + n, n, [](const RowFacts& f) { return f.norm_squared; })) {
      const VectorXd w_i = w.row(i);
      const interval w_norm = norm(w_i.data(), n);
      const interval margin = column_norm(i) + nb.delta - w_norm;
      nb.max_row_norm = first ? w_norm : hull_max(nb.max_row_norm, w_norm);
      nb.row_norm_margin = first ? margin : hull_min(nb.row_norm_margin, margin);
      first = false;
    }
  return nb;
}

// The exact windows from the streamed rows of M: each row's terms chosen as it passes (any thread),
// summed block by block in order on the calling thread.
class WindowStream {
public:
  WindowStream(const IdentityHadamard& a, const CodeModel& code, unsigned bits)
      : n_(a.n), h_(a.h()), setup_(window_setup(code, h_, bits)), terms_(static_cast<std::size_t>(h_)) {}

  void choose(Eigen::Index j, const double* value, double right_error) {
    thread_local std::vector<double> lower_row, upper_row;
    lower_row.resize(static_cast<std::size_t>(h_));
    upper_row.resize(static_cast<std::size_t>(h_));
    for (Eigen::Index l = 0; l < h_; ++l) {
      const double error = l < n_ ? 0.0 : right_error;
      lower_row[static_cast<std::size_t>(l)] = lower_end(value[l], error);
      upper_row[static_cast<std::size_t>(l)] = upper_end(value[l], error);
    }
    choose_unit_terms(j, lower_row.data(), upper_row.data(), h_, setup_.support, terms_[static_cast<std::size_t>(j)]);
  }

  void sum(Eigen::Index first, Eigen::Index count) {
    ExactWindows& ew = setup_.windows;
    for (Eigen::Index j = first; j < first + count; ++j) {
      auto& unit = terms_[static_cast<std::size_t>(j)];
      std::tie(ew.off_max[static_cast<std::size_t>(j)], ew.on_min[static_cast<std::size_t>(j)]) =
          unit_window(unit, setup_.a1, setup_.a2);
      unit = UnitWindowTerms{};  // a Bernoulli row's chosen terms are O(h): free them block by block
    }
  }

  ExactWindows take() { return std::move(setup_.windows); }

private:
  Eigen::Index n_, h_;
  WindowSetup setup_;
  std::vector<UnitWindowTerms> terms_;
};

}  // namespace

Neighbourhood streamed_neighbourhood(const IdentityHadamard& a, const PointRows& w, unsigned bits) {
  PrecisionGuard guard(bits);
  std::vector<RowFacts> facts(static_cast<std::size_t>(a.h()));
  stream_product_rows(a, w, [&](Eigen::Index i, const double* value, double right_error) {
    facts[static_cast<std::size_t>(i)] = row_facts(i, value, right_error, a);
  });
  return neighbourhood_from_facts(a, w, facts, bits);
}

ExactWindows streamed_exact_windows(const IdentityHadamard& a, const PointRows& w, const CodeModel& code, unsigned bits) {
  PrecisionGuard guard(bits);
  WindowStream windows(a, code, bits);
  stream_product_rows(
      a, w, [&](Eigen::Index j, const double* value, double right_error) { windows.choose(j, value, right_error); },
      [&](Eigen::Index first, Eigen::Index count) { windows.sum(first, count); });
  return windows.take();
}

StreamedPoint streamed_point(const IdentityHadamard& a, const PointRows& w, const CodeModel& code, unsigned bits) {
  PrecisionGuard guard(bits);
  std::vector<RowFacts> facts(static_cast<std::size_t>(a.h()));
  WindowStream windows(a, code, bits);
  stream_product_rows(
      a, w,
      [&](Eigen::Index i, const double* value, double right_error) {
        facts[static_cast<std::size_t>(i)] = row_facts(i, value, right_error, a);
        windows.choose(i, value, right_error);
      },
      [&](Eigen::Index first, Eigen::Index count) { windows.sum(first, count); });
  return {neighbourhood_from_facts(a, w, facts, bits), windows.take()};
}

Neighbourhood streamed_neighbourhood(const MatrixXd& a, const MatrixXd& w, unsigned bits) {
  return streamed_neighbourhood(IdentityHadamard::of(a), PointRows(w), bits);
}

ExactWindows streamed_exact_windows(const MatrixXd& a, const MatrixXd& w, const CodeModel& code, unsigned bits) {
  return streamed_exact_windows(IdentityHadamard::of(a), PointRows(w), code, bits);
}

}  // namespace scae
