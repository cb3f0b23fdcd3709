// Transparent huge pages for large arrays. The Monte Carlo engine reads and updates entries of
// h x h matrices at random (M, G, the sums Q and P): beyond a few MB, 4 KB pages make most of those
// accesses miss the TLB as well as the cache. Advising 2 MB pages before an array is first written
// (Linux, with transparent huge pages in `madvise` or `always` mode) removes most of those misses and
// page faults; measured at R2 and R3 in docs/performance.md. Changes no value; a no-op elsewhere.
#pragma once

#include "numerics/core/scalar.hpp"

#include <cstddef>
#include <vector>

namespace scae {

// Advises huge pages for the whole 2 MB pages inside [data, data + bytes); errors are ignored.
void advise_huge_pages(void* data, std::size_t bytes);

// Resizes without keeping the contents, advising huge pages before the first write.
void resize_on_huge_pages(MatrixXd& m, Eigen::Index rows, Eigen::Index cols);
void resize_on_huge_pages(Eigen::MatrixXf& m, Eigen::Index rows, Eigen::Index cols);
// `count` zeros.
void assign_zeros_on_huge_pages(std::vector<double>& v, std::size_t count);

}  // namespace scae
