#include "numerics/estimate/shared_rows.hpp"

#include "numerics/core/budget.hpp"
#include "numerics/estimate/engine_plan.hpp"
#include "numerics/estimate/firing.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace scae::engine {

void FiringLists::fill(Sample& sample, std::uint64_t index, const SupportCondition& condition) const {
  const std::size_t i = index - begin, from = start[i], to = start[i + 1];
  if (condition.kind != SupportCondition::Kind::none) {
    sample.skipped = !std::binary_search(units.begin() + static_cast<std::ptrdiff_t>(from),
                                         units.begin() + static_cast<std::ptrdiff_t>(to), condition.unit);
    if (sample.skipped) {
      sample.na = 0;
      sample.recovered = false;
      return;
    }
  }
  const int na = sample.na = static_cast<int>(to - from);
  std::copy_n(units.begin() + static_cast<std::ptrdiff_t>(from), na, sample.active.begin());
  std::copy_n(r.begin() + static_cast<std::ptrdiff_t>(from), na, sample.r.begin());
  sample.recovered = na == sample.size && std::equal(sample.atoms.begin(), sample.atoms.begin() + na, sample.active.begin());
}

void encode_firing(std::vector<double>& encoded, int first, const int* units, const double* r, int count) {
  encoded.push_back(count);
  for (int t = 0; t < count; ++t) {
    encoded.push_back(first + units[t]);
    encoded.push_back(r[t]);
  }
}

FiringLists merge_firing_lists(const std::vector<double>& all, const std::vector<int>& lengths,
                               const std::vector<RowBlock>& blocks, std::uint64_t begin, std::uint64_t samples) {
  if (lengths.size() != blocks.size()) throw std::invalid_argument("merge_firing_lists: one length per process");
  const std::size_t processes = blocks.size();
  for (std::size_t p = 0; p < processes; ++p)
    if (blocks[p].first != (p == 0 ? 0 : blocks[p - 1].first + blocks[p - 1].count))
      throw std::invalid_argument("merge_firing_lists: the blocks are not contiguous in process order");
  std::vector<std::size_t> cursor(processes), end(processes);
  std::size_t offset = 0;
  for (std::size_t p = 0; p < processes; ++p) {
    cursor[p] = offset;
    end[p] = offset += static_cast<std::size_t>(lengths[p]);
  }
  if (offset != all.size()) throw std::invalid_argument("merge_firing_lists: the lengths do not add up to the lists");
  const auto refuse = [](std::size_t p, const std::string& what) {
    throw std::invalid_argument("merge_firing_lists: process " + std::to_string(p) + "'s list " + what);
  };
  FiringLists out;
  out.begin = begin;
  out.start.reserve(samples + 1);
  for (std::uint64_t s = 0; s < samples; ++s) {
    for (std::size_t p = 0; p < processes; ++p) {
      if (cursor[p] >= end[p]) refuse(p, "ends early");
      const double c = all[cursor[p]++];
      const auto count = static_cast<std::size_t>(c);
      if (!(c >= 0) || static_cast<double>(count) != c || cursor[p] + 2 * count > end[p]) refuse(p, "has a bad count");
      double previous = blocks[p].first - 1.0;
      for (std::size_t t = 0; t < count; ++t) {
        const double unit = all[cursor[p]++];
        if (!(unit > previous && unit < blocks[p].first + blocks[p].count) || unit != static_cast<int>(unit))
          refuse(p, "names unit " + std::to_string(unit) + ", not ascending in [" + std::to_string(blocks[p].first) + ", " +
                        std::to_string(blocks[p].first + blocks[p].count) + ")");
        previous = unit;
        out.units.push_back(static_cast<int>(unit));
        out.r.push_back(all[cursor[p]++]);
      }
    }
    out.start.push_back(out.units.size());
  }
  for (std::size_t p = 0; p < processes; ++p)
    if (cursor[p] != end[p]) refuse(p, "is longer than its samples");
  return out;
}

std::uint64_t shared_rows_bytes(Eigen::Index n, Eigen::Index h, int processes) {
  if (n < 1 || h < 1 || processes < 1) throw std::invalid_argument("shared_rows_bytes needs n, h, processes >= 1");
  const double nh = static_cast<double>(n) * static_cast<double>(h), hh = static_cast<double>(h) * static_cast<double>(h);
  return static_cast<std::uint64_t>(8 * (4 * nh + (1.5625 * hh + nh) / processes));
}

RowBlockFiring::RowBlockFiring(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                               const MonteCarloOptions& options, int threads)
    : threads_(threads) {
  const auto h = static_cast<int>(a.cols());
  MemoryBudget{}.require(shared_rows_bytes(a.rows(), h, process_count()),
                         "a run with its rows shared over " + std::to_string(process_count()) + " processes (n = " +
                             std::to_string(a.rows()) + ", h = " + std::to_string(h) + ") in each process",
                         shared_rows_memory_model, "more processes or a smaller h");
  for (int p = 0; p < process_count(); ++p) blocks_.push_back(row_block(h, process_count(), p, shared_row_chunk));
  mine_ = blocks_[static_cast<std::size_t>(process_rank())];
  eps_ = eps.segment(mine_.first, mine_.count);
  if (mine_.count > 0) local_ = std::make_unique<Shared>(plan_firing_rows(a, w, eps_, code, options, mine_.first, threads));
}

std::vector<unsigned char> RowBlockFiring::skipped(const Shared& run, std::uint64_t seed, std::uint64_t begin, std::uint64_t end) const {
  std::vector<unsigned char> out(end - begin, 0);
  const int unit = run.condition.unit;
  int owner = 0;
  while (unit >= blocks_[static_cast<std::size_t>(owner)].first + blocks_[static_cast<std::size_t>(owner)].count) ++owner;
  if (owner == process_rank()) {
#pragma omp parallel num_threads(threads_)
    {
      Sample sample;
      sample.allocate(*local_);
#pragma omp for schedule(static)
      for (std::uint64_t s = begin; s < end; ++s) {
        draw(run, seed, s, sample);
        // u of the unit in the order of fire()'s chain, as draw() decides it with the whole M
        double v = 0;
        for (int t = 0; t < sample.size; ++t) v = std::fma(sample.x[t], local_->m(unit - mine_.first, sample.atoms[t]), v);
        out[s - begin] = !(v > eps_(unit - mine_.first));
      }
    }
  }
  broadcast_bytes(out, owner);
  return out;
}

FiringLists RowBlockFiring::fire(const Shared& run, std::uint64_t seed, std::uint64_t begin, std::uint64_t end) const {
  const std::uint64_t samples = end - begin;
  // Given a unit, the samples where it does not fire are skipped by every process, as one process
  // skips them before firing (sample_draw.hpp).
  const std::vector<unsigned char> skip = run.condition.kind == SupportCondition::Kind::none
                                              ? std::vector<unsigned char>(samples, 0)
                                              : skipped(run, seed, begin, end);
  std::vector<std::vector<double>> parts(static_cast<std::size_t>(threads_));
#pragma omp parallel num_threads(threads_)
  {
    // Each thread a contiguous range of samples; the parts in thread order are the samples' order.
    const auto t = static_cast<std::uint64_t>(omp_get_thread_num()), count = static_cast<std::uint64_t>(omp_get_num_threads());
    std::vector<double>& part = parts[t];
    const std::uint64_t first = begin + samples * t / count, last = begin + samples * (t + 1) / count;
    if (!local_) {
      part.assign(last - first, 0.0);  // no rows here: every list is empty
    } else {
      Sample sample;
      sample.allocate(*local_);
      Firing firing(*local_);
      for (std::uint64_t s = first; s < last; ++s) {
        if (skip[s - begin]) {
          part.push_back(0);
          continue;
        }
        draw(run, seed, s, sample);
        firing.select_blocks(sample);
        firing.fire(sample);
        encode_firing(part, mine_.first, sample.active.data(), sample.r.data(), sample.na);
      }
    }
  }
  std::vector<double> mine;
  for (const auto& part : parts) mine.insert(mine.end(), part.begin(), part.end());
  std::vector<int> lengths;
  const std::vector<double> all = concatenate_over_processes(mine, &lengths);
  return merge_firing_lists(all, lengths, blocks_, begin, samples);
}

Bounds RowBlockFiring::bounds(const Shared& run, const MatrixXd& w) const {
  const auto h = static_cast<std::size_t>(run.a.cols());
  const VectorXd w_norms = w.rowwise().norm();
  std::vector<double> p(h, 0.0);
  chain_over_processes(p, [&](std::vector<double>& running) {
    if (local_) add_positive_column_sums(local_->m, mine_.first, w_norms, running);
  });
  const auto count = static_cast<std::size_t>(mine_.count);
  std::vector<double> r_max(count), r_oracle(count), pairs;
  if (local_) row_extremes(local_->m, eps_, run.code.values.a2_double(), run.max_support, threads_, r_max.data(), r_oracle.data());
  for (std::size_t i = 0; i < count; ++i) pairs.insert(pairs.end(), {r_max[i], r_oracle[i]});
  const std::vector<double> all = concatenate_over_processes(pairs);
  if (all.size() != 2 * h) throw std::logic_error("RowBlockFiring::bounds: the blocks do not cover the rows");
  r_max.resize(h);
  r_oracle.resize(h);
  for (std::size_t i = 0; i < h; ++i) {
    r_max[i] = all[2 * i];
    r_oracle[i] = all[2 * i + 1];
  }
  return bounds_from_rows(run, w_norms, p, r_max, r_oracle);
}

}  // namespace scae::engine
