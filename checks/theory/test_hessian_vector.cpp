// Covers theory/hessian_vector.hpp: the stencil product H V against a plain central difference of E∇;
// the dense Hessian against one made from the enumeration of every support (theory/support_enumeration,
// independent of the term-class closed form), and not against the Hessian at another point; Lanczos
// against the dense spectrum (and, stopped after two steps, not).
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "theory/hessian_vector.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/support_enumeration.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>

using namespace scae;

namespace {
CodeModel uniform_code(int h, int k) { return {SupportLaw::uniform_fixed(h, k), ValueLaw::uniform(rational(1), rational(2))}; }

// E∇ at W by enumerating every support of every row (h × n).
MatrixXd enumerated_gradient(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code) {
  MatrixXd out(w.rows(), w.cols());
  const MatrixXd m = w * a;
  for (int i = 0; i < w.rows(); ++i) out.row(i) = enumerate_oracle_gradient_row(a, w, m, eps, code, i).value.transpose();
  return out;
}

// The Hessian of the enumerated E L (hn × hn, row-major coordinates), each column by the exact
// four-point stencil of the enumerated gradient (a cubic along any line).
MatrixXd enumerated_hessian(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code) {
  const Eigen::Index h = w.rows(), n = w.cols();
  MatrixXd out(h * n, h * n);
  const double tau = 0.1;
  for (Eigen::Index c = 0; c < h * n; ++c) {
    MatrixXd e = MatrixXd::Zero(h, n);
    e(c / n, c % n) = 1;
    const auto f = [&](double s) { return enumerated_gradient(a, w + s * e, eps, code); };
    const MatrixXd col = (8 * (f(tau) - f(-tau)) - (f(2 * tau) - f(-2 * tau))) / (12 * tau);
    for (Eigen::Index i = 0; i < h; ++i) out.block(i * n, c, n, 1) = col.row(i).transpose();
  }
  return out;
}
}  // namespace

TEST_SUITE("hessian_vector") {
  TEST_CASE("H V equals a central difference of E grad / a wrong direction does not") {
    const MatrixXd a = gaussian_dictionary(10, 24, 5);
    const MatrixXd w = point_at_distance(a, 0.1, 2);
    const MatrixXd v = point_at_distance(a, 1, 3) - a.transpose();
    const ExpectedLoss loss(a, VectorXd::LinSpaced(24, 0.2, 0.4), uniform_code(24, 3));
    const MatrixXd hv = hessian_times(loss, w, v);
    const double s = 1e-5;  // error s² |third derivative| + rounding / s: about 1e-9 relative here
    const MatrixXd difference = (loss.gradient(w + s * v) - loss.gradient(w - s * v)) / (2 * s);
    CAPTURE((hv - difference).norm() / hv.norm());
    CHECK((hv - difference).norm() <= 1e-7 * hv.norm());
    CHECK((hessian_times(loss, w, 1.001 * v) - difference).norm() > 1e-7 * hv.norm());
    CHECK(hessian_times(loss, w, MatrixXd::Zero(24, 10)).norm() == 0);
    CHECK_THROWS_AS(hessian_times(loss, w, MatrixXd::Zero(10, 24)), std::invalid_argument);
  }

  TEST_CASE("the dense Hessian equals the enumeration's / the Hessian at another point does not") {
    const MatrixXd a = identity_hadamard_dictionary(4);
    const MatrixXd w = point_at_distance(a, 0.1, 6);
    const VectorXd eps = VectorXd::LinSpaced(8, 0.3, 0.5);
    const CodeModel code = uniform_code(8, 2);
    const ExpectedLoss loss(a, eps, code);
    const MatrixXd dense = dense_hessian(loss, w);
    const MatrixXd reference = enumerated_hessian(a, w, eps, code);
    const double scale = reference.cwiseAbs().maxCoeff();
    CAPTURE((dense - reference).cwiseAbs().maxCoeff() / scale);
    CHECK((dense - reference).cwiseAbs().maxCoeff() <= 1e-11 * scale);
    const MatrixXd other = dense_hessian(loss, point_at_distance(a, 0.1, 7));
    CHECK((other - reference).cwiseAbs().maxCoeff() > 1e-4 * scale);
    CHECK_THROWS_AS(dense_hessian(ExpectedLoss(identity_hadamard_dictionary(64), VectorXd::Zero(128), uniform_code(128, 2)),
                                  identity_hadamard_dictionary(64).transpose()),
                    std::invalid_argument);
  }

  TEST_CASE("Lanczos finds the extreme eigenvalues of the dense Hessian / two steps do not") {
    const MatrixXd a = identity_hadamard_dictionary(8);
    const MatrixXd w = 1.15 * a.transpose();
    const ExpectedLoss loss(a, VectorXd::Constant(16, 0.5), uniform_code(16, 2));
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(dense_hessian(loss, w), Eigen::EigenvaluesOnly);
    const double lo = eig.eigenvalues()(0), hi = eig.eigenvalues()(eig.eigenvalues().size() - 1);
    const LanczosEstimate est = lanczos_extremes(loss, w, 128, 1e-10, 3);
    CAPTURE(lo);
    CAPTURE(hi);
    CAPTURE(est.lambda_min);
    CAPTURE(est.steps);
    CHECK(std::abs(est.lambda_min - lo) <= 1e-8 * hi);
    CHECK(std::abs(est.lambda_max - hi) <= 1e-8 * hi);
    CHECK(est.lambda_min >= lo - 1e-12 * hi);  // Ritz values lie inside the spectrum
    const LanczosEstimate short_run = lanczos_extremes(loss, w, 2, 1e-10, 3);
    CHECK(short_run.steps == 2);
    CHECK(std::abs(short_run.lambda_min - lo) > 1e-8 * hi);
  }
}
