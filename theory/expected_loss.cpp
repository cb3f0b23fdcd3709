#include "theory/expected_loss.hpp"

#include "theory/expected_gradient.hpp"
#include "numerics/core/mutation.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace scae {

ExpectedLoss::ExpectedLoss(const MatrixXd& a, const VectorXd& eps, const CodeModel& code) : a_(a), eps_(eps), code_(code) {
  const Eigen::Index h = a.cols();
  if (a.rows() < 1 || h < 1) throw std::invalid_argument("A* must be non-empty");
  if (eps.size() != h)
    throw std::invalid_argument("eps has length " + std::to_string(eps.size()) + ", expected h = " + std::to_string(h));
  if (code.support.h() != h)
    throw std::invalid_argument("the support law has h = " + std::to_string(code.support.h()) + ", A* has h = " +
                                std::to_string(h));
  // Q(D) = c_|D| Π w_d: uniform w ≡ 1, c_r = q_r; Bernoulli w_d = q_d, c_r = 1 (expected_gradient.hpp).
  const bool uniform = code.support.kind() == SupportLaw::Kind::uniform_fixed;
  VectorXd weight(h);
  for (Eigen::Index d = 0; d < h; ++d)
    weight(d) = uniform ? 1.0 : code.support.q()[static_cast<std::size_t>(d)].convert_to<double>();
  const double c1 = uniform ? code.support.q_uniform(1).convert_to<double>() : 1.0;
  const double c2 = uniform ? code.support.q_uniform(2).convert_to<double>() : 1.0;
  const rational m1 = code.values.m1();
  const rational m2 = mutant_active(Mutant::m1_squared_for_m2) ? rational(m1 * m1) : code.values.m2();
  const double m1sq = rational(m1 * m1).convert_to<double>(), m2d = m2.convert_to<double>();
  const VectorXd col_sq = a.colwise().squaredNorm().transpose();
  const double diag = weight.dot(col_sq);
  const double cross = (a * weight).squaredNorm() - weight.cwiseProduct(weight).dot(col_sq);
  half_energy_ = 0.5 * (c1 * m2d * diag + c2 * m1sq * cross);
  row_scale_ = (c1 * m2d) * weight;
}

MatrixXd ExpectedLoss::gradient(const MatrixXd& w) const {
  return ExpectedGradient<double>(a_, w, eps_, code_).all_rows();
}

double ExpectedLoss::value(const MatrixXd& w) const {
  const double half = 0.5, offset = std::sqrt(3.0) / 6;  // Gauss–Legendre nodes on [0, 1]: ½ ∓ √3/6
  double sum = 0;
  for (const double t : {half - offset, half + offset}) sum += gradient(t * w).cwiseProduct(w).sum();
  return half_energy_ + 0.5 * sum;
}

double ExpectedLoss::ratio(const MatrixXd& gradient) const {
  if (gradient.rows() != h()) throw std::invalid_argument("a gradient with " + std::to_string(gradient.rows()) + " rows, expected h");
  return (gradient.rowwise().norm().array() / row_scale_.array()).maxCoeff();
}

}  // namespace scae
