#include "theory/closed_form_digits.hpp"

#include <cmath>

namespace scae {

double distance_bound(const VectorXd& d, const Vector<interval>& x) {
  interval squares = 0;
  for (Eigen::Index t = 0; t < d.size(); ++t) {
    const interval diff = interval(d(t)) - x(t);
    const interval magnitude = interval(std::max(abs(lower(diff)), abs(upper(diff))));
    squares += magnitude * magnitude;
  }
  return outward_doubles(sqrt(squares)).second;
}

ClosedFormDigits::ClosedFormDigits(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                   unsigned bits)
    : a_(a), w_(w), eps_(eps), code_(code), bits_(bits) {}

const Vector<interval>& ClosedFormDigits::enclosure(int i, unsigned bits, bool mpfi_products) {
  const auto key = std::make_tuple(i, bits, mpfi_products);
  if (const auto it = rows_.find(key); it != rows_.end()) return it->second;
  PrecisionGuard guard(bits);
  auto& form = forms_[{bits, mpfi_products}];
  if (!form) form = std::make_unique<ExpectedGradient<interval>>(a_, w_, eps_, code_, RowsOnDemand{mpfi_products});
  return rows_.emplace(key, form->row(i).total).first->second;
}

CheckedClosedForm ClosedFormDigits::row(int i, const VectorXd& in_double, double radius) {
  CheckedClosedForm out;
  out.value = in_double;
  out.precision = "double";
  if (!std::isfinite(radius)) return out;  // the comparison itself reports the numerical fault
  out.double_error_bound = distance_bound(in_double, enclosure(i, bits_, false));
  out.error_bound = out.double_error_bound;
  const double small = radius / 100;
  if (out.double_error_bound <= small) return out;
  for (unsigned bits = bits_; bits <= 4 * bits_; bits *= 2) {
    const Vector<interval>& x = enclosure(i, bits, true);
    VectorXd mid(x.size());
    for (Eigen::Index t = 0; t < x.size(); ++t) mid(t) = to_double(x(t));
    const double bound = distance_bound(mid, x);
    if (bound < out.error_bound) {
      out.value = mid;
      out.error_bound = bound;
      out.precision = "MPFI " + std::to_string(bits) + " bits";
    }
    if (bound <= small) return out;
  }
  out.lost = !(out.error_bound <= radius);
  return out;
}

}  // namespace scae
