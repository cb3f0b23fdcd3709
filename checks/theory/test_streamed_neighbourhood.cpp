// Covers theory/streamed_neighbourhood.hpp: the streamed neighbourhood facts and exact windows equal
// the dense ones (neighbourhood.hpp, exact_windows.hpp) bit for bit, for any number of threads, also
// where every row ties (W = A*ᵀ) and for Bernoulli supports with an atom in every support; a W off
// by a relative 1e-12 in one entry gives other bits, and a dense dictionary is refused.
#include <doctest/doctest.h>

#include "dictionary.hpp"
#include "near_point.hpp"
#include "streamed_neighbourhood.hpp"
#include "support_recovery.hpp"
#include "test_support.hpp"

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

  TEST_CASE("the streamed results do not depend on the number of threads") {
    const int n = 256;
    const MatrixXd a = identity_hadamard_dictionary(n);
    const MatrixXd w = point_at_distance(a, 0.03, scae::testing::seed());
    const CodeModel code = uniform_code(2 * n, 3);
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    const Neighbourhood one = streamed_neighbourhood(a, w);
    const ExactWindows one_windows = streamed_exact_windows(a, w, code);
    omp_set_num_threads(2);
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
}
