// Covers numerics/estimate/batch_layout.hpp: a batch result survives pack and unpack exactly (batch
// means, or coefficient sums with all rows), and the block has room for every field.
#include "numerics/estimate/batch_layout.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

namespace {

using namespace scae;

engine::BatchResult scalars_and_rows(int wanted) {
  engine::BatchResult in;
  for (VectorXd* v : {&in.oracle_rounding, &in.correction_rounding, &in.gradient_squares, &in.oracle_squares,
                      &in.correction_squares})
    *v = VectorXd::Random(wanted);
  in.loss = 0.1;
  in.loss_m2 = 3.5;
  in.loss_rounding = 1e-17;
  in.recovered = (std::uint64_t{1} << 52) + 1;  // counts below 2^53 travel exactly
  in.active = 12345;
  in.fired = 678;
  in.size = 62500;
  in.product_seconds = 0.25;
  return in;
}

void check_scalars_and_rows(const engine::BatchResult& out, const engine::BatchResult& in) {
  CHECK(out.oracle_rounding == in.oracle_rounding);
  CHECK(out.correction_rounding == in.correction_rounding);
  CHECK(out.gradient_squares == in.gradient_squares);
  CHECK(out.oracle_squares == in.oracle_squares);
  CHECK(out.correction_squares == in.correction_squares);
  CHECK(out.loss == in.loss);
  CHECK(out.loss_m2 == in.loss_m2);
  CHECK(out.loss_rounding == in.loss_rounding);
  CHECK(out.recovered == in.recovered);
  CHECK(out.active == in.active);
  CHECK(out.fired == in.fired);
  CHECK(out.size == in.size);
  CHECK(out.product_seconds == in.product_seconds);
}

}  // namespace

TEST_SUITE("batch_layout") {
  TEST_CASE("pack then unpack gives the batch result back, bit for bit, and a block of the wrong width does not") {
    const engine::BatchLayout layout{5, 3};
    CHECK(layout.size() == 2 * 15 + 8 + 5 * 3);
    engine::BatchResult in = scalars_and_rows(3);
    in.oracle = MatrixXd::Random(8, 3);  // padded rows below n are not carried
    in.correction = MatrixXd::Random(8, 3);
    std::vector<double> block(layout.size());
    layout.pack(in, block.data());
    engine::BatchResult out;
    layout.unpack(block.data(), out);
    CHECK_FALSE(out.sums);
    CHECK(out.oracle == in.oracle.topRows(5));
    CHECK(out.correction == in.correction.topRows(5));
    check_scalars_and_rows(out, in);

    const engine::BatchLayout narrower{5, 2};  // reads the same block with one checked row fewer
    engine::BatchResult wrong;
    narrower.unpack(block.data(), wrong);
    CHECK_FALSE(wrong.loss == in.loss);
  }

  TEST_CASE("with all rows in coefficient space the batch's sums Q (packed) and P travel instead of its means") {
    const int h = 4;
    const engine::BatchLayout layout{3, h, h};
    CHECK(layout.size() == 2 * (10 + 16) + 8 + 5 * 4);
    engine::BatchResult in = scalars_and_rows(h);
    in.sums = true;
    for (engine::Coefficients* s : {&in.oracle_sums, &in.correction_sums}) {
      const VectorXd q = VectorXd::Random(10);
      s->q.assign(q.data(), q.data() + q.size());
      s->p = MatrixXd::Random(h, h);
    }
    std::vector<double> block(layout.size());
    layout.pack(in, block.data());
    engine::BatchResult out;
    layout.unpack(block.data(), out);
    CHECK(out.sums);
    CHECK(out.oracle_sums.q == in.oracle_sums.q);
    CHECK(out.oracle_sums.p == in.oracle_sums.p);
    CHECK(out.correction_sums.q == in.correction_sums.q);
    CHECK(out.correction_sums.p == in.correction_sums.p);
    check_scalars_and_rows(out, in);
    const engine::BatchLayout means{3, h};  // the same block read as batch means is not the result
    engine::BatchResult wrong;
    means.unpack(block.data(), wrong);
    CHECK_FALSE(wrong.loss == in.loss);
  }

  TEST_CASE("without the oracle only the correction's sums travel, and a layout that expects both misreads the block") {
    const int h = 4;
    const engine::BatchLayout layout{3, h, h, false};
    CHECK(layout.size() == (10 + 16) + 8 + 5 * 4);
    engine::BatchResult in = scalars_and_rows(h);
    in.sums = true;
    const VectorXd q = VectorXd::Random(10);
    in.correction_sums.q.assign(q.data(), q.data() + q.size());
    in.correction_sums.p = MatrixXd::Random(h, h);
    std::vector<double> block(layout.size());
    layout.pack(in, block.data());
    engine::BatchResult out;
    layout.unpack(block.data(), out);
    CHECK(out.correction_sums.q == in.correction_sums.q);
    CHECK(out.correction_sums.p == in.correction_sums.p);
    CHECK(out.oracle_sums.q.empty());
    check_scalars_and_rows(out, in);
    std::vector<double> longer(engine::BatchLayout{3, h, h}.size());
    std::copy(block.begin(), block.end(), longer.begin());
    engine::BatchResult wrong;
    engine::BatchLayout{3, h, h}.unpack(longer.data(), wrong);
    CHECK_FALSE(wrong.correction_sums.q == in.correction_sums.q);
  }
}
