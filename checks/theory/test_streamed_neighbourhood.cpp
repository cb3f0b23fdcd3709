// Covers theory/streamed_neighbourhood.hpp: the streamed neighbourhood facts and exact windows equal
// the dense ones (neighbourhood.hpp, exact_windows.hpp) bit for bit, for any number of threads, also
// where every row ties (W = A*ᵀ) and for Bernoulli supports with an atom in every support; a W off
// by a relative 1e-12 in one entry gives other bits, and a dense dictionary is refused. The squared
// distances' double-double enclosure contains the exact sum (MPFI at 4096 bits) and picks the farthest
// row among rows that differ by 1e-14 relative; without its error term it misses the exact sum.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/core/philox_stream.hpp"
#include "numerics/model/point_rows.hpp"
#include "theory/streamed_neighbourhood.hpp"
#include "theory/support_recovery.hpp"
#include "checks/test_support.hpp"

#include <omp.h>

#include <string>
#include <vector>

using namespace scae;

namespace {

bool same(const interval& x, const interval& y) { return lower(x) == lower(y) && upper(x) == upper(y); }

// The fields that differ, by name (empty when every bit agrees).
std::vector<std::string> differences(const Neighbourhood& x, const Neighbourhood& y) {
  std::vector<std::string> out;
  const auto compare = [&](const char* name, const interval& p, const interval& q) {
    if (!same(p, q)) out.emplace_back(name);
  };
  compare("coherence", x.coherence.enclosure, y.coherence.enclosure);
  compare("delta", x.delta, y.delta);
  compare("max_column_norm", x.max_column_norm, y.max_column_norm);
  compare("min_column_norm", x.min_column_norm, y.min_column_norm);
  compare("max_off_diagonal", x.max_off_diagonal.enclosure, y.max_off_diagonal.enclosure);
  compare("diagonal_margin", x.diagonal_margin, y.diagonal_margin);
  compare("min_diagonal", x.min_diagonal, y.min_diagonal);
  compare("row_norm_margin", x.row_norm_margin, y.row_norm_margin);
  compare("max_row_norm", x.max_row_norm, y.max_row_norm);
  const MaxAbs &p = x.max_off_diagonal, &q = y.max_off_diagonal;
  if (p.value != q.value || p.i != q.i || p.j != q.j || p.exact_pairs != q.exact_pairs) out.emplace_back("max_off_diagonal pair");
  if (x.h != y.h || x.bits != y.bits) out.emplace_back("h or bits");
  return out;
}

// Units whose windows differ in any bit.
long window_differences(const ExactWindows& x, const ExactWindows& y) {
  if (x.off_max.size() != y.off_max.size()) return -1;
  long out = 0;
  for (std::size_t j = 0; j < x.off_max.size(); ++j) out += !same(x.off_max[j], y.off_max[j]) || !same(x.on_min[j], y.on_min[j]);
  return out;
}

CodeModel uniform_code(int h, int k) { return {SupportLaw::uniform_fixed(h, k), ValueLaw::uniform(rational(1), rational(2))}; }

}  // namespace

TEST_SUITE("streamed_neighbourhood") {
  TEST_CASE("the streamed facts and windows equal the dense ones bit for bit (h = 256, 1024)") {
    for (const int n : {128, 512}) {
      CAPTURE(n);
      const MatrixXd a = identity_hadamard_dictionary(n);
      const MatrixXd w = point_at_distance(a, std::pow(2.0 * n, -0.6), scae::testing::seed() + static_cast<std::uint64_t>(n));
      const Neighbourhood dense = neighbourhood(a, w), streamed = streamed_neighbourhood(a, w);
      CHECK(differences(dense, streamed).empty());
      CHECK(streamed.m.value.size() == 0);
      const CodeModel code = uniform_code(2 * n, 3);
      CHECK(window_differences(exact_windows(dense, code), streamed_exact_windows(a, w, code)) == 0);
    }
  }

  TEST_CASE("the one-pass point (A* and W never stored, W regenerated) equals the dense facts and windows bit for bit") {
    const int n = 256;
    const IdentityHadamard structure(n);
    const double delta = 0.03;
    const std::uint64_t seed = scae::testing::seed() + 2;
    const MatrixXd a = identity_hadamard_dictionary(n);
    const MatrixXd w = point_at_distance(a, delta, seed);
    const CodeModel code = uniform_code(2 * n, 3);
    const StreamedPoint point = streamed_point(structure, PointRows(structure, delta, seed), code);
    const Neighbourhood dense = neighbourhood(a, w);
    CHECK(differences(dense, point.neighbourhood).empty());
    CHECK(window_differences(exact_windows(dense, code), point.windows) == 0);
    // Another seed is another point: the facts differ.
    const StreamedPoint other = streamed_point(structure, PointRows(structure, delta, seed + 1), code);
    CHECK_FALSE(differences(dense, other.neighbourhood).empty());
    CHECK(window_differences(exact_windows(dense, code), other.windows) > 0);
  }

  TEST_CASE("every row tied (W = A*ᵀ) and Bernoulli supports with a forced atom: still equal") {
    const int n = 32;
    const MatrixXd a = identity_hadamard_dictionary(n);
    const MatrixXd exact = point_at_distance(a, 0, 1);
    CHECK(differences(neighbourhood(a, exact), streamed_neighbourhood(a, exact)).empty());
    const MatrixXd w = point_at_distance(a, 0.05, scae::testing::seed());
    std::vector<rational> q(2 * n, rational(1, 16));
    q[5] = 1;
    for (const CodeModel& code : {CodeModel{SupportLaw::bernoulli(q), ValueLaw::uniform(rational(1), rational(2))},
                                  CodeModel{SupportLaw::uniform_fixed(2 * n, 2), ValueLaw::constant(rational(1))}})
      CHECK(window_differences(exact_windows(neighbourhood(a, w), code), streamed_exact_windows(a, w, code)) == 0);
  }

  TEST_CASE("the streamed results and the point W do not depend on the number of threads") {
    const int n = 256;
    const MatrixXd a = identity_hadamard_dictionary(n);
    const MatrixXd w = point_at_distance(a, 0.03, scae::testing::seed());
    const CodeModel code = uniform_code(2 * n, 3);
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    const Neighbourhood one = streamed_neighbourhood(a, w);
    const ExactWindows one_windows = streamed_exact_windows(a, w, code);
    const MatrixXd w_one = point_at_distance(a, 0.03, scae::testing::seed());
    omp_set_num_threads(2);
    CHECK(w_one == point_at_distance(a, 0.03, scae::testing::seed()));  // the point's rows on the threads
    CHECK_FALSE(w_one == point_at_distance(a, 0.03, scae::testing::seed() + 1));
    CHECK(differences(one, streamed_neighbourhood(a, w)).empty());
    CHECK(window_differences(one_windows, streamed_exact_windows(a, w, code)) == 0);
    omp_set_num_threads(threads);
  }

  TEST_CASE("a deliberately wrong W (one entry off by 1e-12) gives other bits, and a dense dictionary is refused") {
    const int n = 64;
    const MatrixXd a = identity_hadamard_dictionary(n);
    const MatrixXd w = point_at_distance(a, 0.05, scae::testing::seed());
    const Neighbourhood dense = neighbourhood(a, w);
    MatrixXd moved = w;
    moved(dense.max_off_diagonal.i, 0) *= 1 + 1e-12;
    CHECK_FALSE(differences(dense, streamed_neighbourhood(a, moved)).empty());
    const CodeModel code = uniform_code(2 * n, 3);
    CHECK(window_differences(exact_windows(dense, code), streamed_exact_windows(a, moved, code)) > 0);
    const Neighbourhood streamed = streamed_neighbourhood(a, w);
    CHECK_THROWS_AS(exact_windows(streamed, code), std::invalid_argument);
    CHECK_THROWS_AS(recovery_probability_bound(streamed, code, VectorXd::Zero(2 * n)), std::invalid_argument);
    const MatrixXd g = gaussian_dictionary(n, 2 * n, 1);
    CHECK_THROWS_AS(streamed_neighbourhood(g, point_at_distance(g, 0.05, 1)), std::invalid_argument);
    CHECK_THROWS_AS(streamed_exact_windows(g, point_at_distance(g, 0.05, 1), code), std::invalid_argument);
  }

  TEST_CASE("squared distances: the double-double enclosure contains the exact sum, without its error it does not") {
    PrecisionGuard guard(4096);  // every sum below is exact at this precision
    PhiloxStream stream(scae::testing::seed(), Stream::point, 5);
    long outside = 0, outside_without_error = 0, cases = 0;
    double worst = 0;
    for (const int n : {1, 7, 128, 1000}) {
      for (int trial = 0; trial < 20; ++trial, ++cases) {
        std::vector<double> w(static_cast<std::size_t>(n)), a(w.size());
        const double scale = std::ldexp(1.0, static_cast<int>(stream.below(40)) - 20);
        for (std::size_t t = 0; t < w.size(); ++t) {
          a[t] = trial % 2 ? stream.normal() : (t % 3 == 0 ? 1.0 : 0.0);
          w[t] = a[t] + scale * 1e-3 * stream.normal();
        }
        interval exact = 0;
        for (std::size_t t = 0; t < w.size(); ++t) {
          const interval d = interval(w[t]) - interval(a[t]);
          exact += d * d;
        }
        const SquaredDistance s = squared_distance(w.data(), a.data(), n);
        const interval got = interval(s.sum) + interval(s.rest), err(mpfr(-s.error), mpfr(s.error));
        outside += !(lower(got + err) <= lower(exact) && upper(exact) <= upper(got + err));
        outside_without_error += !(lower(got) <= lower(exact) && upper(exact) <= upper(got));
        worst = std::max(worst, s.error / s.sum);
      }
    }
    CHECK(outside == 0);
    CHECK(outside_without_error > cases / 2);
    CHECK(worst < 1e-25);
  }

  TEST_CASE("the farthest row is found among rows at the same distance up to 1e-14 relative") {
    const int n = 128;
    const MatrixXd a = identity_hadamard_dictionary(n);
    const MatrixXd w = point_at_distance(a, 0.04, scae::testing::seed());
    const Neighbourhood before = streamed_neighbourhood(a, w);
    for (const Eigen::Index row : {Eigen::Index{3}, Eigen::Index{2 * n - 5}}) {
      CAPTURE(row);
      MatrixXd moved = w;
      for (Eigen::Index t = 0; t < n; ++t) moved(row, t) = a(t, row) + (w(row, t) - a(t, row)) * (1 + 1e-14);
      const Neighbourhood dense = neighbourhood(a, moved), streamed = streamed_neighbourhood(a, moved);
      CHECK(same(dense.delta, streamed.delta));
      CHECK(lower(streamed.delta) > upper(before.delta));  // the moved row is the farthest
    }
  }
}
