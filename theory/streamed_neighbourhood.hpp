// The neighbourhood facts (neighbourhood.hpp) and the exact recovery windows (exact_windows.hpp) for
// the identity+Hadamard dictionary A* = [I, s H], without forming the h × h matrix M = W A*: row i of
// M is made when needed from W_i by the fast Walsh-Hadamard transform in O(n log n), with the
// rounding bound of hadamard_product.hpp (right block within 2 γ_{L+2} s Σ_t |W_it|, Higham Thm 4.1;
// left block exact) and the same bits as the dense M.
//
// An extreme over the rows is enclosed in MPFI only at the rows that can attain it, found in double:
//   squared distances Σ_t (W_it − A*_ti)² (for δ): a double-double sum with an error bound of a few u²
//     relative (streamed_neighbourhood.cpp), compared in MPFI, keeps the rows whose upper end reaches
//     the largest lower end (the built-in points' rows differ by about 1e-15 relative only);
//   squared norms x_i = Σ_t W_it² (for ‖W_i‖): the double sum ŝ_i of
//     n nonnegative terms, each term within one subtraction and one product, has
//     ŝ_i/(1 + γ_{n+2}) <= x_i <= ŝ_i/(1 − γ_{n+2}) (Higham §3.1, any order, FMA included), so a row with
//     ŝ_i < (1 − 4γ_{n+4}) max_l ŝ_l, so computed, has x_i < x_l: it is not the maximum;
//   M_ii: a row whose rigorous lower end exceeds the smallest upper end is not the minimum;
//   max_{j≠l} |M_jl|: certified_max_abs (certified_product.hpp) over the rows whose largest
//     rigorous |M_jl| upper end reaches the best exact lower end.
// The margins of neighbourhood.hpp are monotone in these quantities on each block of A* (columns of
// norm 1, then of norm √n s), so the same rows attain them. The enclosures are therefore those of
// neighbourhood(a, w), from the same MPFI operations on the rows that attain the extremes
// (checks/theory/test_streamed_neighbourhood.cpp compares them bit for bit).
// Memory: O(h) per unit and per thread (A* and W are never needed whole); time O(hn log n) in double (OpenMP over
// rows, results independent of the thread count), O(h) MPFI operations for the distances' filter
// and O(n) per candidate row.
#pragma once

#include "numerics/model/code_model.hpp"
#include "theory/exact_windows.hpp"
#include "theory/neighbourhood.hpp"
#include "numerics/model/point_rows.hpp"

namespace scae {

// neighbourhood(a, w, bits) for A* = identity_hadamard_dictionary(n), with nb.m left empty; W stored
// or regenerated (point_rows.hpp). Throws std::invalid_argument for another dictionary or a W of the
// wrong shape.
Neighbourhood streamed_neighbourhood(const IdentityHadamard& a, const PointRows& w, unsigned bits = 128);
Neighbourhood streamed_neighbourhood(const MatrixXd& a, const MatrixXd& w, unsigned bits = 128);

// Σ_t (w_t − a_t)² ∈ sum + rest ± error: a double-double value with a rigorous error bound of a few
// u² relative (derivation in streamed_neighbourhood.cpp), which tells apart rows whose distances
// differ by the rounding of W only.
struct SquaredDistance {
  double sum = 0, rest = 0, error = 0;
};
SquaredDistance squared_distance(const double* w, const double* a, Eigen::Index n);

// exact_windows(identity_hadamard_product(w, a), code, bits), one row of M at a time.
ExactWindows streamed_exact_windows(const IdentityHadamard& a, const PointRows& w, const CodeModel& code, unsigned bits = 128);
ExactWindows streamed_exact_windows(const MatrixXd& a, const MatrixXd& w, const CodeModel& code, unsigned bits = 128);

// Both from one pass over the rows of W (each made once when W is regenerated), the same bits as the
// two calls.
struct StreamedPoint {
  Neighbourhood neighbourhood;
  ExactWindows windows;
};
StreamedPoint streamed_point(const IdentityHadamard& a, const PointRows& w, const CodeModel& code, unsigned bits = 128);

}  // namespace scae
