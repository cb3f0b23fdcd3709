// Covers numerics/estimate/row_moments.hpp: the per-sample squared norms of gradient rows from the
// scalars of the accumulation (and the correction's, with the cross term) against the rows formed
// directly, and the row-norm radii of estimate() against those computed from per-sample gradients.
// A wrong formula (the cross term dropped) is caught by both comparisons.
#include <doctest/doctest.h>

#include "numerics/model/autoencoder.hpp"
#include "numerics/core/confidence.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/estimate/engine_plan.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/estimate/row_moments.hpp"
#include "checks/test_support.hpp"

#include <cmath>
#include <vector>

using namespace scae;

namespace {

// The scalars of an activation (units, r) of y as coefficient space computes them: c = G r - u,
// ‖e‖² = r·c - r·u + ‖y‖², <e, y> = r·u - ‖y‖².
struct Scalars {
  std::vector<int> units;
  std::vector<double> r, c;
  engine::ActivationScalars view;
};

Scalars coefficient_scalars(const MatrixXd& w, const VectorXd& y, const std::vector<int>& units, const std::vector<double>& r) {
  const MatrixXd g = w * w.transpose();
  const VectorXd u = w * y;
  Scalars s{units, r, std::vector<double>(units.size()), {}};
  double rc = 0, ru = 0;
  for (std::size_t p = 0; p < units.size(); ++p) {
    double gr = 0;
    for (std::size_t t = 0; t < units.size(); ++t) gr += g(units[p], units[t]) * r[t];
    s.c[p] = gr - u(units[p]);
    rc += r[p] * s.c[p];
    ru += r[p] * u(units[p]);
  }
  const double yy = y.squaredNorm();
  s.view = {s.units.data(), s.r.data(), s.c.data(), static_cast<int>(units.size()), rc - ru + yy, ru - yy, yy};
  return s;
}

// Row j of the gradient of activation (units, r) formed directly: r_j e + <W_j, e> y.
VectorXd direct_row(const MatrixXd& w, const VectorXd& y, const std::vector<int>& units, const std::vector<double>& r, int j) {
  VectorXd e = -y;
  for (std::size_t p = 0; p < units.size(); ++p) e += r[p] * w.row(units[p]).transpose();
  for (std::size_t p = 0; p < units.size(); ++p)
    if (units[p] == j) return r[p] * e + w.row(j).dot(e) * y;
  return VectorXd::Zero(y.size());
}

// Per row, Σ over samples [0, samples) of ‖g_i‖² for ∇, ∇_oracle and ∇ - ∇_oracle, and the sums
// of the rows, formed sample by sample from autoencoder.hpp.
struct DirectMoments {
  MatrixXd gradient, oracle;          // h x n sums
  VectorXd gradient_sq, oracle_sq, correction_sq;
  std::vector<double> losses;         // per sample
};

DirectMoments direct_moments(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                             std::uint64_t seed, std::uint64_t samples) {
  const auto h = a.cols();
  const int k = code.support.k();
  DirectMoments d{MatrixXd::Zero(h, a.rows()), MatrixXd::Zero(h, a.rows()), VectorXd::Zero(h), VectorXd::Zero(h), VectorXd::Zero(h), {}};
  std::vector<int> atoms(static_cast<std::size_t>(k));
  std::vector<double> x(atoms.size());
  for (std::uint64_t s = 0; s < samples; ++s) {
    code.sample(seed, s, atoms.data(), x.data());
    VectorXd c = VectorXd::Zero(h);
    for (int t = 0; t < k; ++t) c(atoms[static_cast<std::size_t>(t)]) = x[static_cast<std::size_t>(t)];
    const VectorXd y = a * c;
    const MatrixXd g = gradient(w, y, relu_activation(w, eps, y));
    const MatrixXd o = gradient(w, y, oracle_activation(w, eps, y, atoms));
    d.gradient += g;
    d.oracle += o;
    d.gradient_sq += g.rowwise().squaredNorm();
    d.oracle_sq += o.rowwise().squaredNorm();
    d.correction_sq += (g - o).rowwise().squaredNorm();
    d.losses.push_back(loss(w, eps, y));
  }
  return d;
}

// n = 8, h = 16, k = 3 near A*, with a bias that leaves supports unrecovered often enough; 3000
// samples in 6 batches.
struct Small {
  MatrixXd a = gaussian_dictionary(8, 16, scae::testing::seed());
  MatrixXd w = point_at_distance(a, 0.15, scae::testing::seed() + 1);
  VectorXd eps = VectorXd::Constant(16, 0.3);
  CodeModel code{SupportLaw::uniform_fixed(16, 3), ValueLaw::uniform(rational(1), rational(2))};
  MonteCarloOptions options(std::uint64_t seed) const {
    MonteCarloOptions o;
    o.samples = 3000;
    o.batches = 6;
    o.seed = seed;
    return o;
  }
};

// The radius summarise() states from a mean and Σ ‖g‖² (batch_statistics.cpp).
double radius(const VectorXd& mean, double squares, std::uint64_t samples, double confidence) {
  const auto n = static_cast<double>(samples);
  return gaussian_norm_radius(std::max(0.0, squares - n * mean.squaredNorm()) / (n - 1) / n, confidence);
}

}  // namespace

TEST_SUITE("row_moments") {
  TEST_CASE("‖g_j‖² and ‖g_j - g'_j‖² from the scalars equal the rows formed directly, and without the cross term they do not") {
    const MatrixXd a = gaussian_dictionary(7, 12, scae::testing::seed());
    const MatrixXd w = point_at_distance(a, 0.2, scae::testing::seed() + 1);
    VectorXd code = VectorXd::Zero(12);
    code(2) = 1.3;
    code(5) = 1.7;
    code(9) = 1.1;
    const VectorXd y = a * code;
    // An activation and an oracle activation sharing units 2 and 5 (not 9; 7 only in the first).
    const std::vector<int> units{2, 5, 7}, atoms{2, 5, 9};
    const std::vector<double> r{0.9, 1.4, 0.2}, ro{1.0, 1.5, 0.8};
    const Scalars act = coefficient_scalars(w, y, units, r), ora = coefficient_scalars(w, y, atoms, ro);
    for (int p = 0; p < 3; ++p) {
      const double direct = direct_row(w, y, units, r, units[static_cast<std::size_t>(p)]).squaredNorm();
      CHECK(engine::row_square(act.view, p) == doctest::Approx(direct).epsilon(1e-12));
    }
    // <e, e'> as coefficient space forms it.
    const MatrixXd g = w * w.transpose();
    const VectorXd u = w * y;
    double ee = 0;
    for (std::size_t p = 0; p < 3; ++p) {
      double w_e = -u(units[p]);
      for (std::size_t t = 0; t < 3; ++t) w_e += g(units[p], atoms[t]) * ro[t];
      ee += r[p] * w_e;
    }
    ee -= ora.view.ey;
    const MatrixXd a_fake = MatrixXd::Zero(7, 12);
    const VectorXd eps = VectorXd::Zero(12);
    const CodeModel law{SupportLaw::uniform_fixed(12, 3), ValueLaw::uniform(rational(1), rational(2))};
    MonteCarloOptions o;
    const engine::Shared sh = engine::plan_run(a_fake, w, eps, law, o, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 1);
    VectorXd squares = VectorXd::Zero(12);
    engine::add_difference_squares(sh, act.view, ora.view, ee, squares);
    for (const int j : {2, 5, 7, 9}) {
      CAPTURE(j);
      const double direct = (direct_row(w, y, units, r, j) - direct_row(w, y, atoms, ro, j)).squaredNorm();
      CHECK(squares(j) == doctest::Approx(direct).epsilon(1e-10));
    }
    CHECK(squares(0) == 0);
    // The failing input: a formula without the cross term 2 r_j c_j <e, y>.
    engine::ActivationScalars wrong = act.view;
    wrong.ey = 0;
    const double direct = direct_row(w, y, units, r, 5).squaredNorm();
    CHECK_FALSE(engine::row_square(wrong, 1) == doctest::Approx(direct).epsilon(1e-6));
  }

  TEST_CASE("row-norm radii of estimate() equal those from per-sample gradients (both accumulations, all rows and named rows)") {
    const Small p;
    MonteCarloOptions o = p.options(79);
    const DirectMoments d = direct_moments(p.a, p.w, p.eps, p.code, o.seed, o.samples);
    const auto n = static_cast<double>(o.samples);
    for (const auto accumulation : {Accumulation::vectors, Accumulation::coefficients})
      for (const bool named : {false, true}) {
        CAPTURE(static_cast<int>(accumulation));
        CAPTURE(named);
        o.accumulation = accumulation;
        o.rows = named ? std::vector<int>{1, 8, 15} : std::vector<int>{};
        const MonteCarloResult r = estimate(p.a, p.w, p.eps, p.code, o);
        REQUIRE(r.recovery.successes < o.samples);  // the correction is not zero
        for (std::size_t s = 0; s < (named ? 3u : 16u); ++s) {
          const int i = named ? o.rows[s] : static_cast<int>(s);
          CAPTURE(i);
          const auto rs = static_cast<Eigen::Index>(s);
          const VectorXd g = d.gradient.row(i).transpose() / n, og = d.oracle.row(i).transpose() / n;
          CHECK(r.gradient.norm_radius(rs) == doctest::Approx(radius(g, d.gradient_sq(i), o.samples, o.confidence)).epsilon(1e-9));
          CHECK(r.oracle_gradient.norm_radius(rs) == doctest::Approx(radius(og, d.oracle_sq(i), o.samples, o.confidence)).epsilon(1e-9));
          CHECK(r.correction.norm_radius(rs) == doctest::Approx(radius(g - og, d.correction_sq(i), o.samples, o.confidence)).epsilon(1e-8));
          // The failing input: Σ ‖g‖² + ‖g'‖² in place of the correction's squares (no cross term).
          if (r.correction.norm(rs) > 0)
            CHECK_FALSE(r.correction.norm_radius(rs) ==
                        doctest::Approx(radius(g - og, d.gradient_sq(i) + d.oracle_sq(i), o.samples, o.confidence)).epsilon(1e-3));
        }
        CHECK(named == (r.gradient.halfwidth.rows() == 3));  // per coordinate: named rows only
      }
  }

  TEST_CASE("the loss interval is the normal one from the samples' variance, for any thread count, and not the batch means'") {
    const Small p;
    MonteCarloOptions o = p.options(80);
    const DirectMoments d = direct_moments(p.a, p.w, p.eps, p.code, o.seed, o.samples);
    const auto n = static_cast<double>(o.samples);
    double mean = 0, squares = 0, batch_squares = 0;
    for (const double x : d.losses) mean += x / n;
    for (const double x : d.losses) squares += (x - mean) * (x - mean);
    const double z = normal_quantile(1 - (1 - o.confidence) / 2);
    const double expected = z * std::sqrt(squares / (n - 1) / n);
    // The failing input: Student t on the 6 batch means, the interval before issue #14.
    for (int b = 0; b < o.batches; ++b) {
      double batch = 0;
      for (std::size_t s = 500 * static_cast<std::size_t>(b); s < 500 * static_cast<std::size_t>(b + 1); ++s) batch += d.losses[s] / 500;
      batch_squares += (batch - mean) * (batch - mean);
    }
    const double batch_means = student_t_quantile(1 - (1 - o.confidence) / 2, 5) * std::sqrt(batch_squares / 5 / 6);
    for (const int threads : {1, 3}) {
      o.threads = threads;
      const MonteCarloResult r = estimate(p.a, p.w, p.eps, p.code, o);
      CHECK(r.loss.halfwidth == doctest::Approx(expected).epsilon(1e-9));
      CHECK_FALSE(r.loss.halfwidth == doctest::Approx(batch_means).epsilon(1e-3));
    }
  }
}
