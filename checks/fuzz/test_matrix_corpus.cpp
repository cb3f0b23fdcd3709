// Covers checks/fuzz/fuzz_matrix_input.cpp: every file of the matrix seed corpus (small matrices in
// each format, nasty and truncated cases, and the inputs that once crashed a fuzz run, named
// regression-*) goes through the matrix fuzz entry point: as CSV, Matrix Market and .npy bytes and as
// a .mat file. Built into the unit suite and into the valgrind run (checks/valgrind/).
#include <doctest/doctest.h>

#include "checks/fuzz/corpus_files.hpp"
#include "checks/fuzz/fuzz_inputs.hpp"

#include <string>

TEST_SUITE("fuzz corpus") {
  TEST_CASE("every matrix of the corpus is read, or refused with the reader's own error") {
    const auto files = scae::fuzz::files_in(scae::fuzz::corpus / "matrix_io");
    CHECK(files.size() >= 10);
    for (const auto& file : files) {
      INFO("matrix_io/", file.filename().string());
      CHECK_NOTHROW(scae::fuzz::matrix_input(scae::fuzz::contents(file)));
    }
  }
}
