#include "numerics/model/dictionary.hpp"

#include "numerics/core/certified_product.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "numerics/core/matrix_io.hpp"
#include "numerics/core/mutation.hpp"
#include "numerics/core/philox_stream.hpp"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace scae {

MatrixXd gaussian_dictionary(int n, int h, std::uint64_t seed) {
  if (n < 1) throw std::invalid_argument("n = " + std::to_string(n) + " must be at least 1");
  if (h <= n) throw std::invalid_argument("h = " + std::to_string(h) + " must exceed n = " + std::to_string(n) + " (overcomplete)");
  MatrixXd a(n, h);
  for (int j = 0; j < h; ++j) {
    PhiloxStream stream(seed, Stream::dictionary, static_cast<std::uint64_t>(j));
    for (int i = 0; i < n; ++i) a(i, j) = stream.normal();
    a.col(j) /= a.col(j).norm();
  }
  return a;
}

MatrixXd identity_hadamard_dictionary(int n) {
  const IdentityHadamard structure(n);
  MatrixXd a(n, 2 * n);
  for (Eigen::Index i = 0; i < 2 * n; ++i) structure.column(i, a.col(i).data());
  return a;
}

MatrixXd load_dictionary(const std::filesystem::path& path, ColumnNorms norms, std::uint64_t max_cells) {
  MatrixXd a = read_matrix(path, max_cells);
  if (a.cols() <= a.rows())
    throw InputError(path.string() + ": dictionary has n = " + std::to_string(a.rows()) + " rows and h = " +
                     std::to_string(a.cols()) + " columns; h must exceed n (overcomplete)");
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    double norm = a.col(j).norm();
    // Squares of entries near 1e308 overflow and those near 1e-308 underflow: rescale then.
    if (!(norm > 1e-150 && norm < 1e150)) norm = a.col(j).stableNorm();
    if (norm == 0) throw InputError(path.string() + ": column " + std::to_string(j) + " is zero");
    if (norms == ColumnNorms::require_unit && std::abs(norm - 1) > 1e-12) {
      char text[32];
      std::snprintf(text, sizeof text, "%.17g", norm);
      throw InputError(path.string() + ": column " + std::to_string(j) + " has norm " + text +
                       "; accepted: within 1e-12 of 1 (or load with normalisation)");
    }
    if (norms == ColumnNorms::normalise) a.col(j) /= norm;
  }
  return a;
}

double coherence(const MatrixXd& a, int* arg_i, int* arg_j) {
  const MatrixXd gram = fixed_order_product(a.transpose(), a);
  double best = -1;
  int bi = 0, bj = 1;
  for (Eigen::Index j = 0; j < gram.cols(); ++j)
    for (Eigen::Index i = 0; i < j; ++i)
      if (std::abs(gram(i, j)) > best) {
        best = std::abs(gram(i, j));
        bi = static_cast<int>(i);
        bj = static_cast<int>(j);
      }
  if (arg_i) *arg_i = bi;
  if (arg_j) *arg_j = bj;
  return best;
}

Coherence certified_coherence(const IdentityHadamard& a, unsigned bits) {
  PrecisionGuard guard(bits);
  Coherence out;  // exactly the stored s (hadamard_product.hpp)
  out.value = a.s;
  out.i = 0;
  out.j = static_cast<int>(a.n);
  out.enclosure = interval(out.value);
  out.xi = -log(out.enclosure) / log(interval(static_cast<double>(a.h())));
  out.xi_value = -std::log(out.value) / std::log(static_cast<double>(a.h()));
  return out;
}

Coherence certified_coherence(const MatrixXd& a, unsigned bits, long max_exact_pairs) {
  if (a.cols() < 2) throw std::invalid_argument("coherence needs at least two columns");
  PrecisionGuard guard(bits);
  Coherence out;
  if (is_identity_hadamard(a)) return certified_coherence(IdentityHadamard::of(a), bits);
  const MaxAbs best = certified_max_abs(a, a, Pairs::upper_triangle, max_exact_pairs);
  out.value = best.value;
  out.i = static_cast<int>(best.i);
  out.j = static_cast<int>(best.j);
  out.exact_pairs = best.exact_pairs;
  out.enclosure = best.enclosure;
  if (mutant_active(Mutant::coherence_without_abs))
    out.enclosure = interval(out.value = MatrixXd((a.transpose() * a).triangularView<Eigen::StrictlyUpper>()).maxCoeff());
  out.xi = -log(out.enclosure) / log(interval(static_cast<double>(a.cols())));
  out.xi_value = -std::log(out.value) / std::log(static_cast<double>(a.cols()));
  return out;
}

}  // namespace scae
