// Scalar types shared by every formula: double, MPFR floats at a chosen precision, MPFI intervals,
// and GMP rationals for exact paper constants. Every templated formula is instantiated for
// `double`, `mpfr` and `interval`; Eigen matrices over each work through Boost.Multiprecision's
// Eigen support.
#pragma once

#include <boost/multiprecision/eigen.hpp>
#include <boost/multiprecision/gmp.hpp>
#include <boost/multiprecision/mpfi.hpp>
#include <boost/multiprecision/mpfr.hpp>

#include <Eigen/Dense>

#include <algorithm>
#include <string>
#include <utility>

namespace scae {

namespace bmp = boost::multiprecision;

using mpfr = bmp::number<bmp::mpfr_float_backend<0>, bmp::et_off>;
using interval = bmp::number<bmp::mpfi_float_backend<0>, bmp::et_off>;
using rational = bmp::mpq_rational;

template <class T> using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T> using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
using MatrixXd = Matrix<double>;
using VectorXd = Vector<double>;

// Sets the default precision (in bits) of `mpfr` and `interval` and restores the previous one on
// scope exit. In Boost 1.74 the default precision is process-wide: multiprecision work runs on
// one thread only.
class PrecisionGuard {
public:
  explicit PrecisionGuard(unsigned bits);
  ~PrecisionGuard();
  PrecisionGuard(const PrecisionGuard&) = delete;
  PrecisionGuard& operator=(const PrecisionGuard&) = delete;

private:
  unsigned saved_mpfr_;
  unsigned saved_interval_;
};

unsigned bits_to_digits10(unsigned bits);

// Exact conversions: a double converts exactly into every type; a rational converts exactly
// into `rational` and is enclosed (outward rounded) as an `interval`.
template <class T> T from_rational(const rational& q);
template <> inline double from_rational<double>(const rational& q) { return q.convert_to<double>(); }
// Via mpfr_set_q / mpfi_set_q at the default precision (Boost's converting constructor picks a
// huge precision for rationals, which makes every later operation slow).
template <> mpfr from_rational<mpfr>(const rational& q);
template <> interval from_rational<interval>(const rational& q);

// Parses "3", "-2/7", "0.57" or "1e-3" exactly as a rational (decimal strings are exact
// decimals, not the nearest double). Throws std::invalid_argument with the offending text.
rational parse_rational(const std::string& text);

// The rational equal to a double's exact binary value.
rational exact_rational(double x);

// Enclosures of max(x, y) and min(x, y) for the values enclosed by x and y.
inline interval hull_max(const interval& x, const interval& y) {
  return interval(std::max(lower(x), lower(y)), std::max(upper(x), upper(y)));
}
inline interval hull_min(const interval& x, const interval& y) {
  return interval(std::min(lower(x), lower(y)), std::min(upper(x), upper(y)));
}
inline mpfr hull_max(const mpfr& x, const mpfr& y) { return x > y ? x : y; }
inline mpfr hull_min(const mpfr& x, const mpfr& y) { return x < y ? x : y; }

// The interval's ends rounded outward to doubles: [first, second] still contains it.
std::pair<double, double> outward_doubles(const interval& x);

inline double to_double(double x) { return x; }
inline double to_double(const mpfr& x) { return x.convert_to<double>(); }
inline double to_double(const interval& x) { return bmp::median(x).convert_to<double>(); }
inline double to_double(const rational& x) { return x.convert_to<double>(); }

template <class To, class From> Matrix<To> cast_matrix(const Matrix<From>& m) {
  Matrix<To> out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(i, j) = To(m(i, j));
  return out;
}

template <class To, class From> Vector<To> cast_vector(const Vector<From>& v) {
  Vector<To> out(v.size());
  for (Eigen::Index i = 0; i < v.size(); ++i) out(i) = To(v(i));
  return out;
}

}  // namespace scae
