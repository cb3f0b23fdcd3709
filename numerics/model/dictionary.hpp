// Dictionaries A* (n x h, unit columns) and their incoherence (docs/theory.md §1):
//   coherence  mu/sqrt(n) = max_{i != j} |<A*_i, A*_j>|,   xi = -log(coherence) / log(h).
// Both are computed in double and enclosed rigorously (certified_product.hpp: GEMM with Higham's
// error bound, and the pairs that can attain the maximum recomputed as exact MPFI dot products).
#pragma once

#include "numerics/core/enum_names.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "numerics/core/matrix_io.hpp"
#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <filesystem>

namespace scae {

// Columns drawn from N(0, I_n) with Philox (seed, Stream::dictionary, column index) and
// normalised to unit length.
MatrixXd gaussian_dictionary(int n, int h, std::uint64_t seed);

// [I_n, H_n / sqrt(n)] with the Sylvester-Hadamard matrix H_n; n a power of two, h = 2n;
// coherence exactly 1/sqrt(n).
MatrixXd identity_hadamard_dictionary(int n);

enum class ColumnNorms { normalise, require_unit };
template <> struct Vocabulary<ColumnNorms> {  // the regime's [dictionary] columns
  static constexpr std::string_view what = "column norms";
  static constexpr std::array<EnumName<ColumnNorms>, 2> names{{{ColumnNorms::normalise, "normalise"}, {ColumnNorms::require_unit, "require-unit"}}};
};
// Loads A* from CSV or Matrix Market. With require_unit, a column whose norm differs from 1 by
// more than 1e-12 is rejected with its index and norm; a zero column is always rejected. A file of
// more than `max_cells` entries is refused before it is read in full.
MatrixXd load_dictionary(const std::filesystem::path& path, ColumnNorms norms, std::uint64_t max_cells = max_matrix_cells());

struct Coherence {
  double value = 0;       // max |<A_i, A_j>| in double
  int i = 0, j = 1;       // a pair attaining it
  interval enclosure;     // certified: contains the exact coherence of the stored entries
  interval xi;            // certified: contains -log(coherence)/log(h)
  double xi_value = 0;
  long exact_pairs = 0;   // pairs recomputed in MPFI (0: floating-point bound only, or exact by structure)
};

double coherence(const MatrixXd& a, int* arg_i = nullptr, int* arg_j = nullptr);
// Certified coherence at `bits` of interval precision (the result keeps that precision). For the
// identity+Hadamard matrix it is the stored 1/√n exactly (hadamard_product.hpp), without a GEMM.
Coherence certified_coherence(const MatrixXd& a, unsigned bits = 128, long max_exact_pairs = 200000);
Coherence certified_coherence(const IdentityHadamard& a, unsigned bits = 128);

}  // namespace scae
