#include "numerics/model/autoencoder.hpp"

#include <stdexcept>
#include <string>

namespace scae {

namespace {

template <class T> void relu_at(const T& z, T& r, T& indicator) {
  if constexpr (std::is_same_v<T, interval>) {
    if (lower(z) > 0) {
      r = z;
      indicator = 1;
    } else if (upper(z) <= 0) {
      r = 0;
      indicator = 0;
    } else {
      r = interval(mpfr(0), upper(z));
      indicator = interval(mpfr(0), mpfr(1));
    }
  } else {
    const bool on = z > 0;
    r = on ? z : T(0);
    indicator = on ? T(1) : T(0);
  }
}

}  // namespace

template <class T> Activation<T> relu_activation(const Matrix<T>& w, const Vector<T>& eps, const Vector<T>& y) {
  const Vector<T> z = w * y - eps;
  Activation<T> act{Vector<T>(z.size()), Vector<T>(z.size())};
  for (Eigen::Index j = 0; j < z.size(); ++j) relu_at(z(j), act.r(j), act.indicator(j));
  return act;
}

template <class T>
Activation<T> oracle_activation(const Matrix<T>& w, const Vector<T>& eps, const Vector<T>& y,
                                const std::vector<int>& support) {
  const Vector<T> z = w * y - eps;
  Activation<T> act{Vector<T>::Zero(z.size()), Vector<T>::Zero(z.size())};
  for (const int j : support) {
    act.r(j) = z(j);
    act.indicator(j) = 1;
  }
  return act;
}

template <class T> T loss(const Matrix<T>& w, const Vector<T>& eps, const Vector<T>& y) {
  const Vector<T> e = w.transpose() * relu_activation(w, eps, y).r - y;
  return T(e.squaredNorm() / 2);
}

template <class T> Matrix<T> gradient(const Matrix<T>& w, const Vector<T>& y, const Activation<T>& act) {
  const Vector<T> e = w.transpose() * act.r - y;
  const Vector<T> we = w * e;
  const Vector<T> d_we = act.indicator.cwiseProduct(we);
  return act.r * e.transpose() + d_we * y.transpose();
}

#define SCAE_INSTANTIATE(T)                                                                                  \
  template Activation<T> relu_activation<T>(const Matrix<T>&, const Vector<T>&, const Vector<T>&);          \
  template Activation<T> oracle_activation<T>(const Matrix<T>&, const Vector<T>&, const Vector<T>&,         \
                                              const std::vector<int>&);                                     \
  template T loss<T>(const Matrix<T>&, const Vector<T>&, const Vector<T>&);                                 \
  template Matrix<T> gradient<T>(const Matrix<T>&, const Vector<T>&, const Activation<T>&);
SCAE_INSTANTIATE(double)
SCAE_INSTANTIATE(mpfr)
SCAE_INSTANTIATE(interval)
#undef SCAE_INSTANTIATE

void check_model_shapes(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code) {
  const auto n = a.rows(), h = a.cols();
  if (w.rows() != h || w.cols() != n)
    throw std::invalid_argument("W has shape " + std::to_string(w.rows()) + "x" + std::to_string(w.cols()) +
                                "; accepted: h x n = " + std::to_string(h) + "x" + std::to_string(n));
  if (eps.size() != h) throw std::invalid_argument("eps has " + std::to_string(eps.size()) + " entries; accepted: h = " + std::to_string(h));
  if (code.support.h() != h)
    throw std::invalid_argument("the code law has h = " + std::to_string(code.support.h()) + "; accepted: h = " + std::to_string(h));
}

}  // namespace scae
