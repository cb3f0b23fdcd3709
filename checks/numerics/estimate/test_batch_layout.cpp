// Covers numerics/estimate/batch_layout.hpp: a batch result survives pack and unpack exactly, and
// the block has room for every field.
#include "batch_layout.hpp"

#include <doctest/doctest.h>

#include <vector>

TEST_SUITE("batch_layout") {
  TEST_CASE("pack then unpack gives the batch result back, bit for bit, and a block of the wrong width does not") {
    using namespace scae;
    const engine::BatchLayout layout{5, 3};
    CHECK(layout.size() == 2 * 15 + 6 + 2 * 3);
    engine::BatchResult in;
    in.oracle = MatrixXd::Random(8, 3);  // padded rows below n are not carried
    in.correction = MatrixXd::Random(8, 3);
    in.oracle_rounding = VectorXd::Random(3);
    in.correction_rounding = VectorXd::Random(3);
    in.loss = 0.1;
    in.loss_rounding = 1e-17;
    in.recovered = (std::uint64_t{1} << 52) + 1;  // counts below 2^53 travel exactly
    in.active = 12345;
    in.size = 62500;
    in.product_seconds = 0.25;
    std::vector<double> block(layout.size());
    layout.pack(in, block.data());
    engine::BatchResult out;
    layout.unpack(block.data(), out);
    CHECK(out.oracle == in.oracle.topRows(5));
    CHECK(out.correction == in.correction.topRows(5));
    CHECK(out.oracle_rounding == in.oracle_rounding);
    CHECK(out.correction_rounding == in.correction_rounding);
    CHECK(out.loss == in.loss);
    CHECK(out.loss_rounding == in.loss_rounding);
    CHECK(out.recovered == in.recovered);
    CHECK(out.active == in.active);
    CHECK(out.size == in.size);
    CHECK(out.product_seconds == in.product_seconds);

    const engine::BatchLayout narrower{5, 2};  // reads the same block with one checked row fewer
    engine::BatchResult wrong;
    narrower.unpack(block.data(), wrong);
    CHECK_FALSE(wrong.loss == in.loss);
  }
}
