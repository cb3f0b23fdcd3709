// The spectral-norm upper bound by repeated squaring; the inequality is in spectral_norm_bound.hpp.
#include "theory/spectral_norm_bound.hpp"

#include "numerics/core/certified_product.hpp"
#include "theory/plain_product.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace scae {

namespace {

template <class T> Matrix<T> product(const Matrix<T>& x, const Matrix<T>& y, bool fast) {
  if constexpr (std::is_same_v<T, interval>) { if (fast) return enclose_product(x, y); }
  return plain_product(x, y);
}

// 2^e with 2^e >= max |entry| / 2 (0 for a zero matrix): the exact power-of-two rescaling.
template <class T> int scale_exponent(const Matrix<T>& x) {
  double largest = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) largest = std::max(largest, std::abs(to_double(x(i, j))));
  if (!(largest > 0) || !std::isfinite(largest)) return 0;
  int e = 0;
  std::frexp(largest, &e);
  return std::clamp(e, -1000, 1000);  // 2^{±e} stays a normal double
}

template <class T> T times_power_of_two(const T& x, int e) { return x * T(std::ldexp(1.0, e)); }

}  // namespace

template <class T> T spectral_norm_bound(const Matrix<T>& b, int squarings, bool fast_products) {
  if (squarings < 0 || squarings > 8) throw std::invalid_argument("spectral_norm_bound: squarings must lie in [0, 8]");
  // X = B'ᵀB' (or B'B'ᵀ) = 2^{e_0} Y_0;  Y_{k+1} = Y_k² / 2^{e_{k+1}}  (exact power-of-two rescalings, so
  // no overflow or underflow in the double products); then X^{2^s} = T_s Y_s with
  // T_k = T_{k-1}² 2^{e_k}, and ‖X‖₂ <= (T_s ‖Y_s‖_∞)^{1/2^s} = 2^{e_0} v_1 with v_{s+1} = ‖Y_s‖_∞,
  // v_k = sqrt(2^{e_k} v_{k+1}).
  // B = 2^f B' first, so that the Gram matrix of B' cannot overflow either: ‖B‖₂ = 2^f ‖B'‖₂.
  const int f = scale_exponent(b);
  const Matrix<T> bs = b * T(std::ldexp(1.0, -f));
  const Matrix<T> bt = bs.transpose();
  Matrix<T> y = bs.rows() >= bs.cols() ? product<T>(bt, bs, fast_products) : product<T>(bs, bt, fast_products);
  std::vector<int> e(static_cast<std::size_t>(squarings) + 1, 0);
  e[0] = scale_exponent(y);
  y *= T(std::ldexp(1.0, -e[0]));
  for (int s = 1; s <= squarings; ++s) {
    y = product<T>(y, y, fast_products);
    e[static_cast<std::size_t>(s)] = scale_exponent(y);
    y *= T(std::ldexp(1.0, -e[static_cast<std::size_t>(s)]));
  }
  T v = 0;
  for (Eigen::Index r = 0; r < y.rows(); ++r) {
    T sum = 0;
    for (Eigen::Index t = 0; t < y.cols(); ++t) sum += abs(y(r, t));
    v = hull_max(v, sum);
  }
  for (int s = squarings; s >= 1; --s) v = sqrt(times_power_of_two(v, e[static_cast<std::size_t>(s)]));
  return times_power_of_two(sqrt(times_power_of_two(v, e[0])), f);  // ‖B‖₂ = 2^f ‖X‖₂^{1/2}
}

template interval spectral_norm_bound<interval>(const Matrix<interval>&, int, bool);
template mpfr spectral_norm_bound<mpfr>(const Matrix<mpfr>&, int, bool);

}  // namespace scae
