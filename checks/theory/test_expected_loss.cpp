// Covers theory/expected_loss.hpp: E L equals the exact sum over every support of E[L | S]
// (theory/conditional_loss.hpp, an independent formula) for the uniform and the Bernoulli support law;
// a wrong second moment (m2 → m1²) misses it; the directional derivative of E L (an exact stencil: E L
// is a quartic) equals ⟨E∇, V⟩; the Monte Carlo mean of the true loss (ReLU support, recovery proven)
// covers E L, and does not cover the loss with the wrong moment.
#include <doctest/doctest.h>

#include "theory/conditional_loss.hpp"
#include "numerics/model/dictionary.hpp"
#include "theory/expected_loss.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/sampled_loss.hpp"
#include "theory/support_recovery.hpp"
#include "theory/verdict.hpp"

#include <cmath>
#include <vector>

using namespace scae;

namespace {
// Σ_S P(S) E[L | S] over every subset S of {0..h−1} (P(S) = 0 for sizes other than k under the
// uniform law; Π q_i Π (1 − q_j) under Bernoulli).
double enumerated_loss(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code) {
  const int h = static_cast<int>(a.cols());
  double sum = 0;
  std::vector<int> s;
  for (unsigned mask = 0; mask < (1U << h); ++mask) {
    s.clear();
    double p = 1;
    for (int j = 0; j < h; ++j) {
      const bool in = (mask >> j) & 1U;
      if (in) s.push_back(j);
      if (code.support.kind() == SupportLaw::Kind::bernoulli) {
        const double q = code.support.q()[static_cast<std::size_t>(j)].convert_to<double>();
        p *= in ? q : 1 - q;
      }
    }
    if (code.support.kind() == SupportLaw::Kind::uniform_fixed) {
      if (static_cast<int>(s.size()) != code.support.k()) continue;
      p = code.support.q_uniform(code.support.k()).convert_to<double>();
    }
    sum += p * conditional_loss(a, w, eps, code, s);
  }
  return sum;
}

CodeModel uniform_code(int h, int k) { return {SupportLaw::uniform_fixed(h, k), ValueLaw::uniform(rational(1), rational(2))}; }
}  // namespace

TEST_SUITE("expected_loss") {
  TEST_CASE("E L equals the enumeration of every support (uniform and Bernoulli) / m2 -> m1^2 does not") {
    const MatrixXd a = gaussian_dictionary(6, 10, 3);
    const MatrixXd w = point_at_distance(a, 0.2, 4);
    const VectorXd eps = VectorXd::LinSpaced(10, 0.1, 0.5);
    std::vector<rational> q;
    for (int j = 0; j < 10; ++j) q.emplace_back(j + 1, 25);
    for (const CodeModel& code : {uniform_code(10, 3), CodeModel{SupportLaw::bernoulli(q), ValueLaw::uniform(rational(1), rational(2))}}) {
      const double exact = enumerated_loss(a, w, eps, code);
      const ExpectedLoss loss(a, eps, code);
      CAPTURE(exact);
      CHECK(std::abs(loss.value(w) - exact) <= 1e-13 * exact);
      // The same mean value 3/2, second moment (3/2)² instead of 7/3.
      const CodeModel wrong{code.support, ValueLaw::constant(rational(3, 2))};
      CHECK(std::abs(ExpectedLoss(a, eps, wrong).value(w) - exact) > 1e-3 * exact);
    }
  }

  TEST_CASE("the directional derivative of E L is <E grad, V> / a wrong gradient scale is seen") {
    const MatrixXd a = identity_hadamard_dictionary(8);
    const MatrixXd w = point_at_distance(a, 0.05, 7);
    const MatrixXd v = point_at_distance(a, 1, 8) - a.transpose();
    const VectorXd eps = VectorXd::Constant(16, 0.5);
    const ExpectedLoss loss(a, eps, uniform_code(16, 2));
    // E L(W + sV) is a quartic in s: the four-point stencil is its exact derivative at 0.
    const double tau = 0.1;
    const auto f = [&](double s) { return loss.value(w + s * v); };
    const double stencil = (8 * (f(tau) - f(-tau)) - (f(2 * tau) - f(-2 * tau))) / (12 * tau);
    const double exact = loss.gradient(w).cwiseProduct(v).sum();
    CAPTURE(stencil);
    CAPTURE(exact);
    CHECK(std::abs(stencil - exact) <= 1e-10 * loss.half_data_energy());
    CHECK(std::abs(stencil - 1.01 * exact) > 1e-10 * loss.half_data_energy());
  }

  TEST_CASE("the Monte Carlo mean of the true loss covers E L where recovery is proven / the wrong moment's is not covered") {
    // n = 64, h = 128, k = 2, W = 1.2 A*ᵀ (|M_jl| = 1.2/8 off the diagonal): exact windows [0.6, 0.9).
    const MatrixXd a = identity_hadamard_dictionary(64);
    const MatrixXd w = 1.2 * a.transpose();
    const VectorXd eps = VectorXd::Constant(128, 0.75);
    const CodeModel code = uniform_code(128, 2);
    REQUIRE(check_deterministic_recovery(a, w, eps, code).outcome == Outcome::proven);
    const SampleRange range{11, Stream::descent, 0, 400000, 40};
    const MatrixXd batches = line_batch_losses(a, w, MatrixXd(), eps, code, std::vector<double>{0.0}, range, 2);
    const double mean = batches.mean();
    const double sd = std::sqrt((batches.array() - mean).square().sum() / (batches.size() - 1));
    const double radius = 4.5 * sd / std::sqrt(static_cast<double>(batches.size()));  // > t_{0.9999, 39} ≈ 4.3
    const double closed = ExpectedLoss(a, eps, code).value(w);
    const double wrong = ExpectedLoss(a, eps, CodeModel{code.support, ValueLaw::constant(rational(3, 2))}).value(w);
    CAPTURE(mean);
    CAPTURE(radius);
    CAPTURE(closed);
    CAPTURE(wrong);
    CHECK(std::abs(mean - closed) <= radius);
    CHECK(std::abs(mean - wrong) > radius);
    CHECK(radius < 0.01 * closed);  // the comparison can fail
  }

  TEST_CASE("shapes are checked") {
    const MatrixXd a = identity_hadamard_dictionary(4);
    CHECK_THROWS_AS(ExpectedLoss(a, VectorXd::Zero(7), uniform_code(8, 2)), std::invalid_argument);
    CHECK_THROWS_AS(ExpectedLoss(a, VectorXd::Zero(8), uniform_code(9, 2)), std::invalid_argument);
  }
}
