// One fuzz input through the regime parser or the matrix readers. Used by the libFuzzer targets
// (fuzz_regime.cpp, fuzz_matrix_io.cpp) and by the unit suite, which replays the seed corpus and
// every regression input under checks/fuzz/. The errors a reader announces for bad input
// (RegimeError, InputError, std::invalid_argument) are the expected outcome; anything else
// escapes, so libFuzzer reports it as a crash, as do sanitizer findings, leaks and hangs.
#pragma once

#include "numerics/core/scalar.hpp"

#include <string_view>

namespace scae::fuzz {

// parse_regime on the bytes. A regime that parses is also run through the claim selection of its
// `claims` list, its [expect] verdicts are checked, it is built with its bias rule when small
// (n h <= 4096), and every point of its [sweep] path is checked (n in [2, h), k in [1, h], delta 0
// or of magnitude in [1e-100, 1e100]) and the first four small ones are built.
void regime_input(std::string_view bytes);
// parse_matrix on the bytes, as CSV, as Matrix Market and as .npy, and read_matrix on them as a .mat
// file, with the entry limit a regime of n h = 65536 passes (the default limit, physical memory / 128
// bytes, is tested in the unit suite). Defined in fuzz_matrix_input.cpp, which needs only the readers.
void matrix_input(std::string_view bytes);

// What a successful read promises: every entry finite. Throws std::logic_error naming `what` otherwise.
void require_finite(const MatrixXd& m, const char* what);

}  // namespace scae::fuzz
