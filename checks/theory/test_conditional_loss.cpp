// Covers the rounding bound of theory/conditional_loss.hpp: at W = A*ᵀ (and 2^-40 away) the Gram
// form cancels terms of size 1, and the double mean stays within its bound of an MPFR (200 bits)
// recomputation of the same E[L | S] over the same supports; the bound is not vacuous, and divided
// by 1e6 it no longer covers the actual error (the comparison can fail).
#include <doctest/doctest.h>

#include "theory/conditional_loss.hpp"
#include "numerics/model/dictionary.hpp"

#include <cmath>
#include <vector>

using namespace scae;

namespace {
// The mean of E[L | S] over the supports of samples [0, samples) of Philox(seed, Stream::codes), in
// the direct form B = W_Sᵀ M_SS − A*_S, d = W_Sᵀ ε_S of conditional_loss, with every operation in
// MPFR at the current default precision.
mpfr exact_mean(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code, std::uint64_t samples,
                std::uint64_t seed) {
  const Matrix<mpfr> am = cast_matrix<mpfr>(a), wm = cast_matrix<mpfr>(w);
  const mpfr m1 = from_rational<mpfr>(code.values.m1()), m2 = from_rational<mpfr>(code.values.m2());
  std::vector<int> atoms(static_cast<std::size_t>(code.support.k()));
  std::vector<double> values(atoms.size());
  mpfr sum = 0;
  for (std::uint64_t s = 0; s < samples; ++s) {
    const int k = code.sample(seed, s, atoms.data(), values.data());
    Matrix<mpfr> ws(a.rows(), k), as(a.rows(), k);
    Vector<mpfr> es(k);
    for (int t = 0; t < k; ++t) {
      ws.col(t) = wm.row(atoms[static_cast<std::size_t>(t)]).transpose();
      as.col(t) = am.col(atoms[static_cast<std::size_t>(t)]);
      es(t) = eps(atoms[static_cast<std::size_t>(t)]);
    }
    const Matrix<mpfr> b = ws * (ws.transpose() * as) - as;
    const Vector<mpfr> d = ws * es;
    const Vector<mpfr> mean_error = m1 * b.rowwise().sum() - d;
    sum += (m2 - m1 * m1) * b.squaredNorm() / 2 + mean_error.squaredNorm() / 2;
  }
  return sum / samples;
}
}  // namespace

TEST_SUITE("conditional_loss") {
  TEST_CASE("conditional loss mean: within its rounding bound of MPFR at the cancelling point W = A*^T, and the bound divided by 1e6 fails") {
    // K = M_SSᵀ G_SS M_SS − 2 M_SSᵀ M_SS + C_SS at W = A*ᵀ is Γ (Γ − I)² with Γ = A*_Sᵀ A*_S: entries
    // of size 1 cancel. With one atom Γ = 1, and at W = (1 + 2^-40) A*ᵀ, K = ((1 + 2^-40)² − 1)² ≈ 2^-78:
    // the double value is pure rounding (about 1e-16, of either sign).
    struct Case {
      int k;
      double scale, bias;
    };
    const double near = 1 + std::ldexp(1.0, -40);
    const MatrixXd a = gaussian_dictionary(12, 24, 3);
    PrecisionGuard guard(200);
    for (const Case& c : {Case{3, 1, 0}, Case{3, 1, 0.01}, Case{3, near, 0}, Case{1, near, 0}, Case{1, near, 0.01}}) {
      CAPTURE(c.k);
      CAPTURE(c.scale - 1);
      CAPTURE(c.bias);
      const CodeModel code{SupportLaw::uniform_fixed(24, c.k), ValueLaw::uniform(rational(1), rational(2))};
      const MatrixXd w = a.transpose() * c.scale;
      const VectorXd eps = VectorXd::Constant(24, c.bias);
      const ScalarEstimate cf = conditional_loss_mean(a, w, eps, code, 64, 5, 4, 0.95, 2);
      const mpfr exact = exact_mean(a, w, eps, code, 64, 5);
      const double error = abs(mpfr(cf.mean) - exact).convert_to<double>();
      CAPTURE(cf.mean);
      CAPTURE(error);
      CAPTURE(cf.rounding);
      CHECK(error <= cf.rounding);
      // Not vacuous: the cancelled terms are of size 1 (unit atoms, values in [1, 2]).
      CHECK(cf.rounding < 1e-10);
      // The error is real: a bound a million times smaller does not cover it.
      CHECK(error > cf.rounding / 1e6);
    }
  }

  TEST_CASE("conditional loss mean: the same bits and the same bound for 1 and 3 threads") {
    const MatrixXd a = gaussian_dictionary(12, 24, 3);
    const CodeModel code{SupportLaw::uniform_fixed(24, 3), ValueLaw::uniform(rational(1), rational(2))};
    const MatrixXd w = a.transpose();
    const VectorXd eps = VectorXd::Constant(24, 0.01);
    const ScalarEstimate one = conditional_loss_mean(a, w, eps, code, 300, 5, 7, 0.95, 1);
    const ScalarEstimate three = conditional_loss_mean(a, w, eps, code, 300, 5, 7, 0.95, 3);
    CHECK(one.mean == three.mean);
    CHECK(one.rounding == three.rounding);
    CHECK(one.rounding > 0);
  }
}
