// Counter-based random numbers: Philox4x64-10 (Random123) keyed by (seed, stream id) with the
// sample index as the counter. Draw d of sample s is word d % 4 of Philox(key, {s, d / 4, 0, 0}),
// so sample s is the same whatever the thread count, batch size or order of evaluation.
#pragma once

#include <Random123/philox.h>

#include <cstdint>

namespace scae {

// Stream ids: each use of randomness has its own stream so that no two uses share numbers.
enum class Stream : std::uint64_t {
  codes = 1,          // Monte Carlo samples x*
  dictionary = 2,     // Gaussian dictionary entries
  point = 3,          // directions of the point W near A*
  directions = 4,     // directions for loss slices (reports)
  descent = 5,        // mini-batches of gradient descent (reports)
  rows = 6,           // rows sampled along a sweep path
  row_conditional = 7,  // supports drawn given one unit (numerics/estimate/conditional_draw.hpp): id 7 * 2^32 + 2 row + term
};

__extension__ using uint128 = unsigned __int128;

class PhiloxStream {
public:
  using Engine = r123::Philox4x64;

  PhiloxStream(std::uint64_t seed, std::uint64_t stream, std::uint64_t index)
      : key_{{seed, stream}}, ctr_{{index, 0, 0, 0}} {}
  PhiloxStream(std::uint64_t seed, Stream stream, std::uint64_t index)
      : PhiloxStream(seed, static_cast<std::uint64_t>(stream), index) {}

  std::uint64_t next_u64() {
    if (used_ == 4) {
      if (spare_) {
        block_ = next_block_;
        spare_ = false;
      } else {
        block_ = Engine()(ctr_, key_);
        ++ctr_[1];
      }
      used_ = 0;
    }
    return block_[used_++];
  }

  // At the start of a stream that will draw more than 4 words: computes the first two blocks
  // together (two independent Philox chains overlap in the CPU). The numbers drawn are unchanged.
  void prepare_two_blocks() {
    if (used_ != 4 || spare_) return;
    block_ = Engine()(ctr_, key_);
    auto second = ctr_;
    ++second[1];
    next_block_ = Engine()(second, key_);
    ctr_[1] += 2;
    used_ = 0;
    spare_ = true;
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform on {0, ..., bound - 1}, exactly (Lemire's multiply-and-reject), bound >= 1.
  std::uint64_t below(std::uint64_t bound) {
    uint128 m = static_cast<uint128>(next_u64()) * bound;
    auto low = static_cast<std::uint64_t>(m);
    if (low < bound) {
      const std::uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        m = static_cast<uint128>(next_u64()) * bound;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  // Standard normal (Box-Muller on two draws; the second value is discarded).
  double normal();

private:
  Engine::key_type key_;
  Engine::ctr_type ctr_;
  Engine::ctr_type block_{};
  Engine::ctr_type next_block_{};
  unsigned used_ = 4;
  bool spare_ = false;  // next_block_ holds the block after block_
};

}  // namespace scae
