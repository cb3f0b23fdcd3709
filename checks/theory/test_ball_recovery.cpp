// Covers theory/ball_recovery.hpp: the ball windows enclose the exact windows of points of the
// ball (and the windows without the widening do not), uniform recovery PROVEN for a bias in the
// middle and REFUTED for a bias that recovers W but not its whole ball, the ball failure bound
// against the bound at W and against Monte Carlo at a point of the ball, the per-sample bound G
// against the sampled differences |grad_i - grad_oracle_i|, and B_true.
#include <doctest/doctest.h>

#include "numerics/model/autoencoder.hpp"
#include "theory/ball_recovery.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/core/philox_stream.hpp"
#include "theory/support_recovery.hpp"
#include "checks/test_support.hpp"
#include "theory/theorem_3_2.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace scae;

namespace {

// [I_64, H_64/8] (coherence 1/8), supports of 2 atoms with values uniform on [1, 2], W at distance 0.01:
// every exact window is about [0.5, 0.75).
struct Hadamard64 {
  MatrixXd a = identity_hadamard_dictionary(64);
  CodeModel code{SupportLaw::uniform_fixed(128, 2), ValueLaw::uniform(rational(1), rational(2))};
  MatrixXd w = point_at_distance(a, 0.01, scae::testing::seed());
  Neighbourhood nb = neighbourhood(a, w);
  double delta = outward_doubles(nb.delta).second;
};

double mid(const interval& x) { return to_double(x); }

// The largest |grad_i - grad_oracle_i| over `count` samples at W, over every row.
double largest_sampled_difference(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                  int count) {
  std::vector<int> atoms(static_cast<std::size_t>(a.cols()));
  std::vector<double> values(atoms.size());
  double largest = 0;
  for (int s = 0; s < count; ++s) {
    const int size = code.sample(scae::testing::seed(), static_cast<std::uint64_t>(s), atoms.data(), values.data());
    VectorXd y = VectorXd::Zero(a.rows());
    for (int t = 0; t < size; ++t) y += values[static_cast<std::size_t>(t)] * a.col(atoms[static_cast<std::size_t>(t)]);
    const std::vector<int> support(atoms.begin(), atoms.begin() + size);
    const MatrixXd difference = gradient(w, eps, y) - gradient(w, y, oracle_activation(w, eps, y, support));
    largest = std::max(largest, difference.rowwise().norm().maxCoeff());
  }
  return largest;
}

}  // namespace

TEST_SUITE("ball_recovery") {
  TEST_CASE("the ball windows enclose the windows of W, and without the widening they do not") {
    const Hadamard64 c;
    const ExactWindows at_w = exact_windows(c.nb, c.code);
    const ExactWindows ball = ball_exact_windows(c.a, c.delta, c.code);
    const ExactWindows centre = ball_exact_windows(c.a, 0, c.code);  // the windows of A*ᵀ alone
    bool centre_misses = false;
    for (std::size_t j = 0; j < at_w.off_max.size(); ++j) {
      // The ball's enclosures hold every W of the ball: its off_j reaches above W's, its on_j below.
      CHECK(upper(ball.off_max[j]) >= upper(at_w.off_max[j]) - 1e-12);
      CHECK(lower(ball.on_min[j]) <= lower(at_w.on_min[j]) + 1e-12);
      CHECK(lower(ball.off_max[j]) <= lower(at_w.off_max[j]) + 1e-12);
      centre_misses = centre_misses || upper(centre.off_max[j]) < lower(at_w.off_max[j]);
      // Tightness: widening by δ moves each end by at most (2k) a2 δ ‖A*_l‖ = 4 · 2 · δ.
      CHECK(upper(ball.off_max[j]).convert_to<double>() - upper(centre.off_max[j]).convert_to<double>() <= 4 * c.delta + 1e-9);
    }
    CHECK(centre_misses);  // W's own windows leave those of A*ᵀ: the ball needs the widening
    CHECK(mid(centre.off_max[0]) == doctest::Approx(0.5));  // 2 atoms of value 2 at coherence 1/8
  }

  TEST_CASE("uniform recovery: PROVEN in the middle, not for a bias that recovers W but not its ball, REFUTED below every W") {
    const Hadamard64 c;
    const interval sigma_a = dictionary_norm_bound(c.a, 128);
    const BallRecovery middle = ball_recovery(c.a, c.nb, sigma_a, VectorXd::Constant(128, 0.63), c.code);
    CHECK(middle.uniform.outcome == Outcome::proven);
    CHECK(middle.which == "uniform recovery");
    CHECK(lower(middle.b_true) == lower(middle.b_ball));
    // Just above W's own lower ends: deterministic at W, not for the whole ball.
    const VectorXd low = bias_from_rule(BiasChoice(BiasRule::exact_low, rational(1, 100)), c.nb, c.code);
    CHECK(check_deterministic_recovery(exact_windows(c.nb, c.code), low).outcome == Outcome::proven);
    const BallRecovery edge = ball_recovery(c.a, c.nb, sigma_a, low, c.code);
    CHECK(edge.uniform.outcome == Outcome::undecided);  // inside the ball's spread of off_j: not every W recovers
    CHECK(edge.which == "failure bound");
    CHECK(lower(edge.b_true) > upper(edge.b_ball));
    CHECK(edge.failure > 0);
    const BallRecovery below = ball_recovery(c.a, c.nb, sigma_a, VectorXd::Constant(128, 0.45), c.code);
    CHECK(below.uniform.outcome == Outcome::refuted);  // below off_j for every W of the ball
  }

  TEST_CASE("the ball failure bound is at least the bound at W and the Monte Carlo failure rate at a point of the ball") {
    const Hadamard64 c;
    const VectorXd eps = bias_from_rule(BiasChoice(BiasRule::exact_low, rational(1, 100)), c.nb, c.code);
    const RecoveryBound ball = ball_failure_bound(c.a, c.delta, c.code, eps);
    const RecoveryBound at_w = recovery_probability_bound(c.nb, c.code, eps);
    CHECK(ball.failure >= at_w.failure);
    // Monte Carlo at W' = A*ᵀ + δ' 1 vᵀ, the point of the ball farthest from A*ᵀ in spectral norm.
    const MatrixXd spread = spread_point(c.a, c.delta, 1);
    std::vector<int> atoms(128);
    std::vector<double> values(128);
    int failures = 0;
    const int samples = 20000;
    for (int s = 0; s < samples; ++s) {
      const int size = c.code.sample(scae::testing::seed(), static_cast<std::uint64_t>(s), atoms.data(), values.data());
      VectorXd y = VectorXd::Zero(64);
      for (int t = 0; t < size; ++t) y += values[static_cast<std::size_t>(t)] * c.a.col(atoms[static_cast<std::size_t>(t)]);
      const VectorXd u = spread * y - eps;
      std::vector<char> on(128, 0);
      for (int t = 0; t < size; ++t) on[static_cast<std::size_t>(atoms[static_cast<std::size_t>(t)])] = 1;
      bool wrong = false;
      for (int j = 0; j < 128; ++j) wrong = wrong || ((u(j) > 0) != (on[static_cast<std::size_t>(j)] != 0));
      failures += wrong;
    }
    // 3 binomial standard deviations above the bound still bound the rate (a bound, not an estimate).
    const double rate = static_cast<double>(failures) / samples;
    INFO("failure rate " << rate << " vs ball bound " << ball.failure);
    CHECK(rate <= ball.failure + 3 * std::sqrt(ball.failure / samples) + 1e-12);
  }

  TEST_CASE("G bounds the sampled per-sample differences at points of the ball, and is not vacuous by orders") {
    const Hadamard64 c;
    const VectorXd eps = VectorXd::Constant(128, 0.45);  // below every window's lower end 0.5: failures happen
    PrecisionGuard guard(128);
    const interval sigma_a = dictionary_norm_bound(c.a, 128);
    const interval g = sample_gradient_difference_bound(ball_term_bound_inputs(c.nb, sigma_a, eps, c.code), eps, c.code);
    double seen = 0;
    for (const MatrixXd& w : {c.w, spread_point(c.a, c.delta, 1)}) seen = std::max(seen, largest_sampled_difference(c.a, w, eps, c.code, 3000));
    INFO("largest sampled difference " << seen << ", G " << mid(g));
    CHECK(seen > 0);
    CHECK(seen <= lower(g));
    CHECK(mid(g) < 1e5 * seen);
  }

  TEST_CASE("ball_recovery refuses the Bernoulli support law, for which G is not stated") {
    const Hadamard64 c;
    const CodeModel bernoulli{SupportLaw::bernoulli(std::vector<rational>(128, rational(1, 64))),
                              ValueLaw::uniform(rational(1), rational(2))};
    CHECK_THROWS_AS(ball_recovery(c.a, c.nb, interval(2), VectorXd::Constant(128, 0.6), bernoulli), std::invalid_argument);
  }
}
