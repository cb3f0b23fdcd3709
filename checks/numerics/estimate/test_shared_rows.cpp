// Covers numerics/estimate/shared_rows.hpp and row_block (numerics/core/distributed.hpp) in one
// process, simulating N = 1 … 4 processes: the row blocks cover [0, h) in aligned chunks, also when
// N does not divide h; each block's rows of M (plan_firing_rows) are bitwise those rows of the whole
// product; the lists each block fires, merged in process order, are the whole firing sets of one
// process, unit for unit and output for output, and fill() gives back fire()'s samples, given a unit
// too. Broken combinations are caught: a block offset off by one and lists merged in another process
// order are refused, and a list cut short. The worst-case bounds' column sums passed from block to
// block are bitwise one process's, and summed block by block they are not. The runs under mpirun with 1 … 4 processes are
// checks/cli/test_mpi_rows.sh.
#include <doctest/doctest.h>

#include "numerics/core/budget.hpp"
#include "numerics/core/certified_product.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/core/distributed.hpp"
#include "numerics/estimate/engine_plan.hpp"
#include "numerics/estimate/firing.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/estimate/sample_draw.hpp"
#include "numerics/estimate/shared_rows.hpp"
#include "checks/test_support.hpp"
#include "numerics/estimate/worst_case_bounds.hpp"

#include <string>
#include <vector>

using namespace scae;

namespace {

struct Problem {
  MatrixXd a = gaussian_dictionary(128, 512, scae::testing::seed());
  MatrixXd w = point_at_distance(a, 0.05, scae::testing::seed() + 1);
  VectorXd eps = VectorXd::LinSpaced(512, 0.3, 0.7);
  CodeModel code{SupportLaw::uniform_fixed(512, 3), ValueLaw::uniform(rational(1), rational(2))};
};

MonteCarloOptions options() {
  MonteCarloOptions o;
  o.accumulation = Accumulation::vectors;
  o.oracle = false;
  o.screening = true;
  return o;
}

std::vector<RowBlock> blocks_of(int h, int processes) {
  std::vector<RowBlock> out;
  for (int p = 0; p < processes; ++p) out.push_back(row_block(h, processes, p, engine::shared_row_chunk));
  return out;
}

// Samples [0, count) fired block by block (`blocks`), encoded by process and merged in `order`;
// process 1 labels its units `shift` rows off its block's start.
engine::FiringLists fired_in_blocks(const Problem& p, const engine::Shared& run, const std::vector<RowBlock>& blocks,
                                    const std::vector<int>& order, int count, int shift = 0) {
  std::vector<double> all;
  std::vector<int> lengths;
  std::vector<RowBlock> merged;
  for (const int q : order) {
    const RowBlock b = blocks[static_cast<std::size_t>(q)];
    std::vector<double> mine;
    if (b.count == 0) {  // a process without rows: every list empty, as RowBlockFiring sends them
      mine.assign(static_cast<std::size_t>(count), 0.0);
      all.insert(all.end(), mine.begin(), mine.end());
      lengths.push_back(count);
      merged.push_back(b);
      continue;
    }
    const VectorXd eps = p.eps.segment(b.first, b.count);
    const engine::Shared local = engine::plan_firing_rows(p.a, p.w, eps, p.code, options(), b.first, 1);
    engine::Firing firing(local);
    engine::Sample sample;
    sample.allocate(local);
    for (int s = 0; s < count; ++s) {
      engine::draw(run, 1, static_cast<std::uint64_t>(s), sample);
      firing.select_blocks(sample);
      firing.fire(sample);
      engine::encode_firing(mine, b.first + (q == 1 ? shift : 0), sample.active.data(), sample.r.data(), sample.na);
    }
    all.insert(all.end(), mine.begin(), mine.end());
    lengths.push_back(static_cast<int>(mine.size()));
    merged.push_back(b);
  }
  return engine::merge_firing_lists(all, lengths, merged, 0, static_cast<std::uint64_t>(count));
}

// The samples among [0, count) whose lists differ from fire() on the whole plan `whole`.
int differing(const engine::Shared& whole, const engine::FiringLists& lists, int count) {
  engine::Firing firing(whole);
  engine::Sample a, b;
  a.allocate(whole);
  b.allocate(whole);
  int differ = 0;
  for (int s = 0; s < count; ++s) {
    engine::draw(whole, 1, static_cast<std::uint64_t>(s), a);
    engine::draw(whole, 1, static_cast<std::uint64_t>(s), b);
    firing.fire(a);
    lists.fill(b, static_cast<std::uint64_t>(s), whole.condition);
    bool same = a.na == b.na && a.recovered == b.recovered && a.skipped == b.skipped;
    for (int t = 0; same && t < a.na; ++t) same = a.active[t] == b.active[t] && a.r[t] == b.r[t];
    differ += !same;
  }
  return differ;
}

}  // namespace

TEST_CASE("row blocks cover the rows in aligned chunks, in process order, also when N does not divide h") {
  for (const int h : {1, 240, 512, 1000})
    for (int processes = 1; processes <= 5; ++processes) {
      int next = 0;
      for (int p = 0; p < processes; ++p) {
        const RowBlock b = row_block(h, processes, p, 240);
        CHECK(b.first == next);
        CHECK(b.count >= 0);
        CHECK((b.first % 240 == 0 || b.count == 0));
        next = b.first + b.count;
      }
      CHECK(next == h);
    }
  CHECK(row_block(512, 3, 2, 240).first == 480);
  CHECK_THROWS_AS(row_block(512, 2, 2, 240), std::invalid_argument);
}

TEST_CASE("a block's rows of M are bitwise the rows of the whole product") {
  const Problem p;
  const MatrixXd whole = fixed_order_product(p.w, p.a);
  for (int processes = 1; processes <= 4; ++processes)
    for (const RowBlock& b : blocks_of(512, processes)) {
      if (b.count == 0) continue;
      const VectorXd eps = p.eps.segment(b.first, b.count);
      const engine::Shared local = engine::plan_firing_rows(p.a, p.w, eps, p.code, options(), b.first, 1);
      CHECK(local.m == whole.middleRows(b.first, b.count));
    }
}

TEST_CASE("firing sets merged from 1 to 4 row blocks are one process's, given a unit too, and broken merges are refused") {
  const Problem p;
  MonteCarloOptions o = options();
  engine::Shared whole = engine::plan_run(p.a, p.w, p.eps, p.code, o, {0}, 1);
  constexpr int count = 400;
  for (int processes = 1; processes <= 4; ++processes) {
    std::vector<int> order;
    for (int q = 0; q < processes; ++q) order.push_back(q);
    const engine::FiringLists lists = fired_in_blocks(p, whole, blocks_of(512, processes), order, count);
    CHECK(differing(whole, lists, count) == 0);
    CHECK(lists.units.size() > static_cast<std::size_t>(count));  // units fire, so the comparison has something to see
  }
  // Given unit 300 (its block is the second of 2): a sample where it does not fire is skipped.
  whole.condition = {engine::SupportCondition::Kind::containing, 300};
  const engine::FiringLists given = fired_in_blocks(p, whole, blocks_of(512, 2), {0, 1}, count);
  CHECK(differing(whole, given, count) == 0);
  whole.condition = {};
  // Deliberately wrong: process 1's units labelled one row off its block's start (refused where a unit
  // leaves the block, else other firing sets), and the processes merged in another order.
  for (const int shift : {1, -1}) {
    bool caught = false;
    try {
      caught = differing(whole, fired_in_blocks(p, whole, blocks_of(512, 2), {0, 1}, count, shift), count) > 0;
    } catch (const std::invalid_argument&) {
      caught = true;
    }
    CHECK(caught);
  }
  CHECK_THROWS_AS(fired_in_blocks(p, whole, blocks_of(512, 2), {1, 0}, count), std::invalid_argument);
  // A list cut short.
  std::vector<double> one;
  engine::encode_firing(one, 0, std::vector<int>{1, 2}.data(), std::vector<double>{0.5, 0.25}.data(), 2);
  one.pop_back();
  CHECK_THROWS_AS(engine::merge_firing_lists(one, {static_cast<int>(one.size())}, {RowBlock{0, 512}}, 0, 1), std::invalid_argument);
}

TEST_CASE("the worst-case bounds' column sums passed from block to block are one process's, summed by block they are not") {
  const Problem p;
  const MatrixXd m = fixed_order_product(p.w, p.a);
  const VectorXd w_norms = p.w.rowwise().norm();
  std::vector<double> whole(512, 0.0);
  engine::add_positive_column_sums(m, 0, w_norms, whole);
  for (int processes = 2; processes <= 4; ++processes) {
    std::vector<double> chained(512, 0.0), by_block(512, 0.0);
    for (const RowBlock& b : blocks_of(512, processes)) {
      engine::add_positive_column_sums(m.middleRows(b.first, b.count), b.first, w_norms, chained);
      std::vector<double> part(512, 0.0);
      engine::add_positive_column_sums(m.middleRows(b.first, b.count), b.first, w_norms, part);
      for (std::size_t l = 0; l < part.size(); ++l) by_block[l] += part[l];
    }
    CHECK(chained == whole);
    CHECK(by_block != whole);  // the deliberately wrong combination: other last bits
  }
}

TEST_CASE("a process's memory when rows are shared falls with the processes, so that more of them admit a larger h") {
  const double n = 16384, h = 32768;  // identity+Hadamard: n = h/2
  CHECK(engine::shared_rows_bytes(16384, 32768, 1) == static_cast<std::uint64_t>(8 * (4 * n * h + 1.5625 * h * h + n * h)));
  CHECK(engine::shared_rows_bytes(16384, 32768, 4) == static_cast<std::uint64_t>(8 * (4 * n * h + (1.5625 * h * h + n * h) / 4)));
  CHECK(engine::shared_rows_bytes(16384, 32768, 8) < engine::shared_rows_bytes(16384, 32768, 2));
  const std::uint64_t gib24 = std::uint64_t{24} << 30;
  CHECK(engine::shared_rows_bytes(16384, 32768, 1) > gib24);  // one process of 24 GiB: not h = 32768
  CHECK(engine::shared_rows_bytes(16384, 32768, 8) < gib24);  // eight: h = 32768
  CHECK(engine::shared_rows_bytes(32768, 65536, 8) > gib24);  // A* and W in every process: not h = 65536
  CHECK_THROWS_AS(engine::shared_rows_bytes(0, 512, 2), std::invalid_argument);
  // Refused before any work, naming the figure per process.
  const Problem p;
  set_memory_limit(std::uint64_t{1} << 20);
  std::string message;
  try {
    const engine::RowBlockFiring block(p.a, p.w, p.eps, p.code, options(), 1);
  } catch (const ResourceRefusal& e) {
    message = e.what();
  }
  set_memory_limit(0);
  CHECK(message.find("in each process needs an estimated") != std::string::npos);
  CHECK(message.find("per process") != std::string::npos);
}
