// Covers theory/row_groups.hpp: on identity+Hadamard rows 0 and h/2 are atypical with z = √n and
// every other row typical with z = 0; a Gaussian dictionary has no atypical row; the score agrees
// with a direct double loop over the pairs.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "theory/row_groups.hpp"

#include <cmath>

using namespace scae;

TEST_SUITE("row_groups") {
  TEST_CASE("identity+Hadamard: rows 0 and h/2 are atypical (z = sqrt(n)), the others typical (z = 0)") {
    const MatrixXd a = identity_hadamard_dictionary(64);
    const RowGroups g = group_rows(a, {0, 1, 63, 64, 65, 127});
    CHECK(g.atypical == std::vector<int>{0, 64});
    CHECK(g.typical == std::vector<int>{1, 63, 65, 127});
    CHECK(g.score[0] == doctest::Approx(8));
    CHECK(g.score[3] == doctest::Approx(8));
    CHECK(std::abs(g.score[1]) < 1e-12);
    CHECK(std::abs(g.score[5]) < 1e-12);
  }

  TEST_CASE("a Gaussian dictionary has no atypical row, and the score matches a direct loop") {
    const MatrixXd a = gaussian_dictionary(40, 80, 7);
    std::vector<int> rows(80);
    for (int i = 0; i < 80; ++i) rows[static_cast<std::size_t>(i)] = i;
    const RowGroups g = group_rows(a, rows);
    CHECK(g.atypical.empty());
    for (const int i : {0, 17, 79}) {
      double sum = 0, squares = 0;
      for (int l = 0; l < 80; ++l)
        if (l != i) {
          double dot = 0;
          for (int t = 0; t < 40; ++t) dot += a(t, i) * a(t, l);
          sum += dot;
          squares += dot * dot;
        }
      CHECK(row_coherence_score(a, i) == doctest::Approx(std::abs(sum) / std::sqrt(squares)).epsilon(1e-9));
    }
  }
}
