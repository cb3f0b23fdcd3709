// Covers checks/fuzz/fuzz_inputs.hpp: every file of the regime seed corpus (shipped regimes, nasty
// cases and the inputs that once crashed a fuzz run, named regression-*) goes through the fuzz entry
// point in the unit suite, so a fixed crash stays fixed without clang. The matrix corpus is replayed
// by test_matrix_corpus.cpp.
#include <doctest/doctest.h>

#include "checks/fuzz/corpus_files.hpp"
#include "checks/fuzz/fuzz_inputs.hpp"

#include <limits>
#include <stdexcept>
#include <string>

TEST_SUITE("fuzz corpus") {
  TEST_CASE("every regime of the corpus is read, or refused with the parser's own error") {
    const auto files = scae::fuzz::files_in(scae::fuzz::corpus / "regime");
    CHECK(files.size() >= 10);
    for (const auto& file : files) {
      INFO("regime/", file.filename().string());
      CHECK_NOTHROW(scae::fuzz::regime_input(scae::fuzz::contents(file)));
    }
  }

  TEST_CASE("the fuzz check of a read matrix fails on a non-finite entry") {
    scae::MatrixXd m = scae::MatrixXd::Ones(2, 3);
    CHECK_NOTHROW(scae::fuzz::require_finite(m, "m"));
    m(1, 2) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(scae::fuzz::require_finite(m, "m"), std::logic_error);
  }
}
