#include "theory/exact_windows.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

namespace scae {

namespace {

// Exact u-contribution bounds of one entry: max(a1 m, a2 m) and min(a1 m, a2 m), monotone in m.
interval largest_term(const interval& a1, const interval& a2, double m) { return m >= 0 ? a2 * m : a1 * m; }
interval smallest_term(const interval& a1, const interval& a2, double m) { return m >= 0 ? a1 * m : a2 * m; }

// The `count` largest (or smallest) values offered, in decreasing (increasing) order: the same multiset
// as nth_element would choose, in one pass (count is a support size, so insertions are rare).
class Extremes {
public:
  Extremes(int count, bool largest, std::vector<double>& out) : count_(std::max(count, 0)), largest_(largest), out_(out) {
    out_.clear();
  }
  void offer(double m) {
    if (static_cast<int>(out_.size()) == count_) {
      if (count_ == 0 || !better(m, out_.back())) return;
      out_.pop_back();
    }
    auto at = out_.end();
    while (at != out_.begin() && better(m, *(at - 1))) --at;
    out_.insert(at, m);
  }

private:
  bool better(double x, double y) const { return largest_ ? x > y : x < y; }
  int count_;
  bool largest_;
  std::vector<double>& out_;
};

template <class Term> interval sum_of(const std::vector<double>& entries, const Term& term) {
  interval sum = 0;
  for (const double m : entries) sum += term(m);
  return sum;
}

}  // namespace

WindowSupport window_support(const CodeModel& code, Eigen::Index h) {
  WindowSupport out;
  out.k = code.support.kind() == SupportLaw::Kind::uniform_fixed ? code.support.k() : -1;
  out.forced.assign(static_cast<std::size_t>(h), 0);
  if (code.support.kind() == SupportLaw::Kind::bernoulli)
    for (Eigen::Index l = 0; l < h; ++l) out.forced[static_cast<std::size_t>(l)] = code.support.q()[static_cast<std::size_t>(l)] == 1;
  return out;
}

void choose_unit_terms(Eigen::Index j, const double* lower, const double* upper, Eigen::Index h,
                       const WindowSupport& support, UnitWindowTerms& out) {
  out.diagonal_lower = lower[j];
  out.diagonal_upper = upper[j];
  out.forced_unit = support.forced[static_cast<std::size_t>(j)] != 0;
  out.forced_lower.clear();
  out.forced_upper.clear();
  for (Eigen::Index l = 0; l < h; ++l)
    if (l != j && support.forced[static_cast<std::size_t>(l)]) {
      out.forced_lower.push_back(lower[l]);
      out.forced_upper.push_back(upper[l]);
    }
  if (support.k < 0) {  // Bernoulli: every positive (off) or negative (on) term, in row order
    out.off_lower.clear(), out.off_upper.clear(), out.on_lower.clear(), out.on_upper.clear();
    for (Eigen::Index l = 0; l < h; ++l) {
      if (l == j || support.forced[static_cast<std::size_t>(l)]) continue;
      if (lower[l] > 0) out.off_lower.push_back(lower[l]);
      if (upper[l] > 0) out.off_upper.push_back(upper[l]);
      if (lower[l] < 0) out.on_lower.push_back(lower[l]);
      if (upper[l] < 0) out.on_upper.push_back(upper[l]);
    }
    return;
  }
  Extremes off_lower(support.k, true, out.off_lower), off_upper(support.k, true, out.off_upper);
  Extremes on_lower(support.k - 1, false, out.on_lower), on_upper(support.k - 1, false, out.on_upper);
  for (Eigen::Index l = 0; l < h; ++l) {
    if (l == j || support.forced[static_cast<std::size_t>(l)]) continue;
    off_lower.offer(lower[l]);
    off_upper.offer(upper[l]);
    on_lower.offer(lower[l]);
    on_upper.offer(upper[l]);
  }
}

std::pair<interval, interval> unit_window(const UnitWindowTerms& terms, const interval& a1, const interval& a2) {
  const auto big = [&](double x) { return largest_term(a1, a2, x); };
  const auto small = [&](double x) { return smallest_term(a1, a2, x); };
  const interval off_lo = sum_of(terms.forced_lower, big) + sum_of(terms.off_lower, big);
  const interval off_hi = sum_of(terms.forced_upper, big) + sum_of(terms.off_upper, big);
  const interval on_lo = small(terms.diagonal_lower) + sum_of(terms.forced_lower, small) + sum_of(terms.on_lower, small);
  const interval on_hi = small(terms.diagonal_upper) + sum_of(terms.forced_upper, small) + sum_of(terms.on_upper, small);
  const interval off = terms.forced_unit ? interval(-HUGE_VAL) : interval(lower(off_lo), upper(off_hi));
  return {off, interval(lower(on_lo), upper(on_hi))};
}

WindowSetup window_setup(const CodeModel& code, Eigen::Index h, unsigned bits) {
  WindowSetup out{{}, window_support(code, h), from_rational<interval>(code.values.a1()),
                  from_rational<interval>(code.values.a2())};
  out.windows.bits = bits;
  out.windows.off_max.resize(static_cast<std::size_t>(h));
  out.windows.on_min.resize(static_cast<std::size_t>(h));
  return out;
}

ExactWindows exact_windows(const Neighbourhood& nb, const CodeModel& code) {
  if (nb.m.value.size() == 0)
    throw std::invalid_argument("exact_windows: the neighbourhood was streamed and holds no M; accepted: "
                                "streamed_exact_windows(a, w, code) for it");
  return exact_windows(nb.m, code, nb.bits);
}

ExactWindows exact_windows(const BoundedProduct& m, const CodeModel& code, unsigned bits) {
  PrecisionGuard guard(bits);
  const auto h = m.value.rows();
  WindowSetup setup = window_setup(code, h, bits);  // named members: clang 14 cannot capture bindings
  ExactWindows& ew = setup.windows;
  const WindowSupport& support = setup.support;
  const interval &a1 = setup.a1, &a2 = setup.a2;
  std::vector<double> lower_row(static_cast<std::size_t>(h)), upper_row(lower_row.size());
  UnitWindowTerms terms;
  for (Eigen::Index j = 0; j < h; ++j) {
    for (Eigen::Index l = 0; l < h; ++l) {
      lower_row[static_cast<std::size_t>(l)] = m.lower(j, l);
      upper_row[static_cast<std::size_t>(l)] = m.upper(j, l);
    }
    choose_unit_terms(j, lower_row.data(), upper_row.data(), h, support, terms);
    std::tie(ew.off_max[static_cast<std::size_t>(j)], ew.on_min[static_cast<std::size_t>(j)]) = unit_window(terms, a1, a2);
  }
  return std::move(setup.windows);
}

}  // namespace scae
