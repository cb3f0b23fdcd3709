// Covers numerics/core/huge_pages.hpp: the helpers give arrays of the asked size (zeros where
// promised) whatever the alignment, and advising a range without a whole 2 MB page does nothing.
#include <doctest/doctest.h>

#include "numerics/core/huge_pages.hpp"

#include <algorithm>
#include <vector>

using namespace scae;

TEST_SUITE("huge_pages") {
  TEST_CASE("resized matrices and zeroed vectors have the asked size and contents") {
    MatrixXd m = MatrixXd::Constant(3, 3, 7.0);
    resize_on_huge_pages(m, 1024, 600);
    CHECK(m.rows() == 1024);
    CHECK(m.cols() == 600);
    Eigen::MatrixXf f;
    resize_on_huge_pages(f, 17, 5);
    CHECK(f.size() == 85);
    std::vector<double> v(10, 3.0);
    assign_zeros_on_huge_pages(v, 600000);  // grows: a new advised array
    CHECK(v.size() == 600000);
    CHECK(std::all_of(v.begin(), v.end(), [](double x) { return x == 0; }));
    v[5] = 1;
    assign_zeros_on_huge_pages(v, 100);  // shrinks within its capacity
    CHECK(v.size() == 100);
    CHECK(v[5] == 0);
    double x = 1;
    advise_huge_pages(&x, sizeof x);  // no whole 2 MB page: nothing to advise
    advise_huge_pages(nullptr, 0);
    CHECK(x == 1);
  }
}
