#include "numerics/core/scalar.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace scae {

unsigned bits_to_digits10(unsigned bits) { return static_cast<unsigned>(std::ceil(bits * 0.30103)) + 1; }

PrecisionGuard::PrecisionGuard(unsigned bits)
    : saved_mpfr_(mpfr::default_precision()), saved_interval_(interval::default_precision()) {
  mpfr::default_precision(bits_to_digits10(bits));
  interval::default_precision(bits_to_digits10(bits));
}

PrecisionGuard::~PrecisionGuard() {
  mpfr::default_precision(saved_mpfr_);
  interval::default_precision(saved_interval_);
}

template <> mpfr from_rational<mpfr>(const rational& q) {
  mpfr out;
  mpfr_set_q(out.backend().data(), q.backend().data(), MPFR_RNDN);
  return out;
}

template <> interval from_rational<interval>(const rational& q) {
  interval out;
  mpfi_set_q(out.backend().data(), q.backend().data());
  return out;
}

std::pair<double, double> outward_doubles(const interval& x) {
  const double lo = lower(x).convert_to<double>(), hi = upper(x).convert_to<double>();
  // "+ 0.0" turns -0 into 0.
  return {(mpfr(lo) > lower(x) ? std::nextafter(lo, -HUGE_VAL) : lo) + 0.0,
          (mpfr(hi) < upper(x) ? std::nextafter(hi, HUGE_VAL) : hi) + 0.0};
}

rational exact_rational(double x) {
  if (!std::isfinite(x)) throw std::invalid_argument("not a finite number");
  int exponent = 0;
  const double mantissa = std::frexp(x, &exponent);  // x = mantissa * 2^exponent, |mantissa| in [0.5, 1)
  const auto scaled = static_cast<long long>(std::ldexp(mantissa, 53));
  rational r(scaled);
  const int shift = exponent - 53;
  bmp::mpz_int power = 1;
  power <<= static_cast<unsigned>(shift >= 0 ? shift : -shift);
  return shift >= 0 ? rational(r * power) : rational(r / power);
}

rational parse_rational(const std::string& text) {
  const auto fail = [&] { return std::invalid_argument("'" + text + "' is not a number (write 3, -2/7, 0.57 or 1e-3)"); };
  std::string s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  if (s.empty()) throw fail();
  if (const auto slash = s.find('/'); slash != std::string::npos) {
    const std::string den_text = s.substr(slash + 1);
    if (den_text.find('/') != std::string::npos || den_text.empty() || !std::isdigit(static_cast<unsigned char>(den_text.front())))
      throw fail();
    const rational num = parse_rational(s.substr(0, slash));
    const rational den = parse_rational(den_text);
    if (den == 0) throw fail();
    return num / den;
  }
  std::size_t pos = 0;
  bool negative = false;
  if (s[pos] == '+' || s[pos] == '-') negative = s[pos++] == '-';
  bmp::mpz_int digits = 0;
  int scale = 0;
  bool any_digit = false, seen_point = false;
  for (; pos < s.size(); ++pos) {
    const char c = s[pos];
    if (c >= '0' && c <= '9') {
      digits = digits * 10 + (c - '0');
      any_digit = true;
      if (seen_point) --scale;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) throw fail();
  if (pos < s.size()) {
    if (s[pos] != 'e' && s[pos] != 'E') throw fail();
    ++pos;
    if (pos >= s.size() || !(std::isdigit(static_cast<unsigned char>(s[pos])) || s[pos] == '-' || s[pos] == '+')) throw fail();
    std::size_t used = 0;
    int exponent = 0;
    try {
      exponent = std::stoi(s.substr(pos), &used);
    } catch (const std::exception&) {
      throw fail();
    }
    if (pos + used != s.size() || exponent > 4000 || exponent < -4000) throw fail();
    scale += exponent;
  }
  rational r(digits);
  bmp::mpz_int ten = 1;
  for (int i = 0; i < (scale >= 0 ? scale : -scale); ++i) ten *= 10;
  r = scale >= 0 ? rational(r * ten) : rational(r / ten);
  return negative ? rational(-r) : r;
}

}  // namespace scae
