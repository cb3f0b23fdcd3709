#include "theory/neighbourhood.hpp"

#include "numerics/core/hadamard_product.hpp"

#include <algorithm>

namespace scae {

namespace {
interval row_norm(const double* x, Eigen::Index n) { return sqrt(interval_dot(x, x, n)); }
}  // namespace

Neighbourhood neighbourhood(const MatrixXd& a, const MatrixXd& w, unsigned bits) {
  PrecisionGuard guard(bits);
  Neighbourhood nb;
  nb.bits = bits;
  nb.h = static_cast<int>(a.cols());
  nb.coherence = certified_coherence(a, bits);
  const auto n = a.rows(), h = a.cols();
  const MatrixXd wt = w.transpose();                 // column i is W_i
  std::vector<interval> col_norm(static_cast<std::size_t>(h));
  for (Eigen::Index l = 0; l < h; ++l) col_norm[l] = row_norm(a.col(l).data(), n);
  nb.max_column_norm = col_norm[0];
  nb.min_column_norm = col_norm[0];
  nb.delta = 0;
  std::vector<interval> dist(static_cast<std::size_t>(h)), wnorm(dist.size());
  for (Eigen::Index i = 0; i < h; ++i) {
    interval sq = 0;
    for (Eigen::Index t = 0; t < n; ++t) {
      const interval d = interval(wt(t, i)) - interval(a(t, i));
      sq += d * d;
    }
    dist[i] = sqrt(sq);
    wnorm[i] = row_norm(wt.col(i).data(), n);
    nb.delta = hull_max(nb.delta, dist[i]);
    nb.max_column_norm = hull_max(nb.max_column_norm, col_norm[i]);
    nb.min_column_norm = hull_min(nb.min_column_norm, col_norm[i]);
  }
  nb.m = is_identity_hadamard(a) ? identity_hadamard_product(w, a) : bounded_product(w, a);
  nb.max_off_diagonal = certified_max_abs(nb.m, wt, a, Pairs::off_diagonal);
  bool first = true;
  for (Eigen::Index i = 0; i < h; ++i) {
    const interval mii = interval_dot(wt.col(i).data(), a.col(i).data(), n);
    const interval diag_margin = mii - (col_norm[i] * col_norm[i] - nb.delta * col_norm[i]);
    const interval norm_margin = col_norm[i] + nb.delta - wnorm[i];
    if (first) {
      nb.min_diagonal = mii;
      nb.diagonal_margin = diag_margin;
      nb.row_norm_margin = norm_margin;
      nb.max_row_norm = wnorm[i];
      first = false;
    } else {
      nb.min_diagonal = hull_min(nb.min_diagonal, mii);
      nb.diagonal_margin = hull_min(nb.diagonal_margin, diag_margin);
      nb.row_norm_margin = hull_min(nb.row_norm_margin, norm_margin);
      nb.max_row_norm = hull_max(nb.max_row_norm, wnorm[i]);
    }
  }
  return nb;
}

Verdict check_off_diagonal(const Neighbourhood& nb, const rational& scale) {
  Verdict v = certify_positive(
      [&](unsigned) {
        return nb.coherence.enclosure + from_rational<interval>(scale) * nb.delta * nb.max_column_norm -
               nb.max_off_diagonal.enclosure;
      },
      Strictness::non_strict, nb.bits, nb.bits);
  v.summary = "max_{j!=l} |<W_j, A*_l>| = " + interval_text(nb.max_off_diagonal.enclosure) + " vs mu/sqrt(n) + " +
              (scale == 1 ? std::string() : scale.str() + "*") + "delta";
  v.add("max_off_diagonal", nb.max_off_diagonal.enclosure);
  v.add("coherence", nb.coherence.enclosure);
  v.add("delta", nb.delta);
  return v;
}

Verdict check_diagonal(const Neighbourhood& nb, const rational& scale) {
  // Scaling δ by s changes the margin by (1 - s) δ ‖A*_i‖ at every i; bound it with the norm range.
  const interval shift = (1 - from_rational<interval>(scale)) * nb.delta;
  Verdict v = certify_positive(
      [&](unsigned) {
        return nb.diagonal_margin - shift * interval(lower(nb.min_column_norm), upper(nb.max_column_norm));
      },
      Strictness::non_strict, nb.bits, nb.bits);
  v.summary = "min_i <W_i, A*_i> = " + interval_text(nb.min_diagonal) + " vs |A*_i|^2 - " +
              (scale == 1 ? std::string() : scale.str() + "*") + "delta |A*_i|";
  v.add("min_diagonal", nb.min_diagonal);
  v.add("delta", nb.delta);
  return v;
}

Verdict check_row_norm(const Neighbourhood& nb, const rational& scale) {
  Verdict v = certify_positive(
      [&](unsigned) { return nb.row_norm_margin - (1 - from_rational<interval>(scale)) * nb.delta; },
      Strictness::non_strict, nb.bits, nb.bits);
  v.summary = "max_i |W_i| = " + interval_text(nb.max_row_norm) + " vs |A*_i| + " +
              (scale == 1 ? std::string() : scale.str() + "*") + "delta";
  v.add("max_row_norm", nb.max_row_norm);
  v.add("delta", nb.delta);
  return v;
}

}  // namespace scae
