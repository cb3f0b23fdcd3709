// Points W near A* (docs/theory.md §1, neighbourhood ‖W_i - A*_i‖ <= delta): every row W_i at distance
// delta from A*_i along a random unit direction d_i drawn from N(0, I_n) with Philox
// (seed, Stream::point, i). The distance is delta up to rounding; theory modules use the
// certified max_i ‖W_i - A*_i‖ of the stored W.
#pragma once

#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <filesystem>

namespace scae {

MatrixXd point_at_distance(const MatrixXd& a, double delta, std::uint64_t seed);

// Loads W (h x n) from CSV or Matrix Market and checks its shape against A* (n x h); a file of
// more than n h entries is refused before it is read in full.
MatrixXd load_point(const std::filesystem::path& path, const MatrixXd& a);

// max_i ‖W_i - A*_i‖ in double.
double max_row_distance(const MatrixXd& w, const MatrixXd& a);

}  // namespace scae
