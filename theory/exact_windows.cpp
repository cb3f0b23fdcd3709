#include "exact_windows.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <tuple>

namespace scae {

namespace {

// Exact u-contribution bounds of one entry: max(a1 m, a2 m) and min(a1 m, a2 m), monotone in m.
interval largest_term(const interval& a1, const interval& a2, double m) { return m >= 0 ? a2 * m : a1 * m; }
interval smallest_term(const interval& a1, const interval& a2, double m) { return m >= 0 ? a1 * m : a2 * m; }

// The `count` entries of `row` with the largest (or smallest) values, in the order nth_element leaves
// them; `count` < 0 means every entry that is positive (largest) or negative (smallest), in row order.
void choose_extremes(std::vector<double>& row, int count, bool largest, std::vector<double>& out) {
  out.clear();
  if (count < 0) {
    for (const double m : row)
      if (largest ? m > 0 : m < 0) out.push_back(m);
    return;
  }
  count = std::min<int>(count, static_cast<int>(row.size()));
  if (largest) std::nth_element(row.begin(), row.begin() + count, row.end(), std::greater<>());
  else std::nth_element(row.begin(), row.begin() + count, row.end());
  out.assign(row.begin(), row.begin() + count);
}

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
                       const WindowSupport& support, UnitWindowTerms& out, std::vector<double>& scratch) {
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
  const auto fill = [&](const double* ends) {
    scratch.clear();
    for (Eigen::Index l = 0; l < h; ++l)
      if (l != j && !support.forced[static_cast<std::size_t>(l)]) scratch.push_back(ends[l]);
  };
  const int others = support.k < 0 ? -1 : support.k - 1;
  fill(lower);
  choose_extremes(scratch, support.k, true, out.off_lower);
  fill(upper);
  choose_extremes(scratch, support.k, true, out.off_upper);
  fill(lower);
  choose_extremes(scratch, others, false, out.on_lower);
  fill(upper);
  choose_extremes(scratch, others, false, out.on_upper);
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
  std::vector<double> lower_row(static_cast<std::size_t>(h)), upper_row(lower_row.size()), scratch;
  UnitWindowTerms terms;
  for (Eigen::Index j = 0; j < h; ++j) {
    for (Eigen::Index l = 0; l < h; ++l) {
      lower_row[static_cast<std::size_t>(l)] = m.lower(j, l);
      upper_row[static_cast<std::size_t>(l)] = m.upper(j, l);
    }
    choose_unit_terms(j, lower_row.data(), upper_row.data(), h, support, terms, scratch);
    std::tie(ew.off_max[static_cast<std::size_t>(j)], ew.on_min[static_cast<std::size_t>(j)]) = unit_window(terms, a1, a2);
  }
  return std::move(setup.windows);
}

}  // namespace scae
