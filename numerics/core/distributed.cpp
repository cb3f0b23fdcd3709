#include "numerics/core/distributed.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#ifdef SCAE_WITH_MPI
#include <mpi.h>
#endif

namespace scae {

#ifdef SCAE_WITH_MPI
namespace {
bool mpi_running() {
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  return initialised && !finalised;
}

// Whether a launcher started this process: mpirun or mpiexec (Open MPI sets OMPI_COMM_WORLD_SIZE),
// srun or another PMI or PMIx launcher. Only such a process joins MPI; one started on its own is
// rank 0 of 1 without touching Open MPI, so it needs no ssh, no daemon and nothing of Open MPI's
// that could fail. (Under a launcher, an Open MPI that cannot start ends the process inside
// MPI_Init_thread: Open MPI 4 calls _exit(1) there, past any handler scae could install.)
bool started_by_launcher() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(variable)) return true;
  return false;
}
}  // namespace

DistributedSession::DistributedSession(int& argc, char**& argv) {
  if (!started_by_launcher()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
}
DistributedSession::~DistributedSession() {
  if (mpi_running()) MPI_Finalize();
}
int process_rank() {
  int r = 0;
  if (mpi_running()) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int process_count() {
  int n = 1;
  if (mpi_running()) MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}
bool built_with_mpi() { return true; }
#else
DistributedSession::DistributedSession(int&, char**&) {}
DistributedSession::~DistributedSession() = default;
int process_rank() { return 0; }
int process_count() { return 1; }
bool built_with_mpi() { return false; }
#endif

bool is_root_process() { return process_rank() == 0; }

void abort_all(const std::string& message, int code) {
  if (process_count() > 1) {
    std::fprintf(stderr, "scae: error (rank %d of %d): %s\n", process_rank(), process_count(), message.c_str());
    std::fflush(stderr);
#ifdef SCAE_WITH_MPI
    MPI_Abort(MPI_COMM_WORLD, code);
#endif
  }
  std::fprintf(stderr, "scae: error: %s\n", message.c_str());
  std::exit(code);
}

std::vector<std::string> distribute_tasks(const std::vector<int>& order, const std::function<std::string(int)>& work) {
  int tasks = 0;
  for (const int t : order) tasks = std::max(tasks, t + 1);
  std::vector<std::string> results(static_cast<std::size_t>(tasks));
  if (process_count() == 1) {
    for (const int t : order) results[static_cast<std::size_t>(t)] = work(t);
    return results;
  }
#ifdef SCAE_WITH_MPI
  // A shared counter on rank 0: MPI_Fetch_and_op hands out positions in `order`.
  long* counter = nullptr;
  MPI_Win window;
  MPI_Win_allocate(is_root_process() ? static_cast<MPI_Aint>(sizeof(long)) : 0, sizeof(long), MPI_INFO_NULL, MPI_COMM_WORLD,
                   &counter, &window);
  if (is_root_process()) *counter = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  std::vector<int> mine;
  MPI_Win_lock_all(0, window);
  for (;;) {
    const long one = 1;
    long next = 0;
    MPI_Fetch_and_op(&one, &next, MPI_LONG, 0, 0, MPI_SUM, window);
    MPI_Win_flush(0, window);
    if (next >= static_cast<long>(order.size())) break;
    const int t = order[static_cast<std::size_t>(next)];
    results[static_cast<std::size_t>(t)] = work(t);
    mine.push_back(t);
  }
  MPI_Win_unlock_all(window);
  MPI_Win_free(&window);
  // Share every result: each process broadcasts the tasks it did.
  const int count = process_count();
  for (int p = 0; p < count; ++p) {
    int n = p == process_rank() ? static_cast<int>(mine.size()) : 0;
    MPI_Bcast(&n, 1, MPI_INT, p, MPI_COMM_WORLD);
    for (int i = 0; i < n; ++i) {
      int t = p == process_rank() ? mine[static_cast<std::size_t>(i)] : 0;
      MPI_Bcast(&t, 1, MPI_INT, p, MPI_COMM_WORLD);
      auto& text = results[static_cast<std::size_t>(t)];
      unsigned long length = text.size();
      MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG, p, MPI_COMM_WORLD);
      text.resize(length);
      MPI_Bcast(text.data(), static_cast<int>(length), MPI_CHAR, p, MPI_COMM_WORLD);
    }
  }
#endif
  return results;
}

std::vector<double> gather_round_robin_blocks(const std::vector<double>& mine, int blocks, int block) {
  const int count = process_count(), rank = process_rank();
  std::vector<double> all(static_cast<std::size_t>(blocks) * static_cast<std::size_t>(block));
  if (count == 1) {
    if (mine.size() != all.size()) throw std::invalid_argument("gather_round_robin_blocks: wrong local size");
    return mine;
  }
#ifdef SCAE_WITH_MPI
  std::vector<int> counts(static_cast<std::size_t>(count)), displacements(static_cast<std::size_t>(count));
  int offset = 0;
  for (int p = 0; p < count; ++p) {
    const int owned = blocks / count + (p < blocks % count ? 1 : 0);
    counts[static_cast<std::size_t>(p)] = owned * block;
    displacements[static_cast<std::size_t>(p)] = offset;
    offset += owned * block;
  }
  if (static_cast<int>(mine.size()) != counts[static_cast<std::size_t>(rank)])
    throw std::invalid_argument("gather_round_robin_blocks: wrong local size");
  std::vector<double> by_process(all.size());
  MPI_Allgatherv(mine.data(), counts[static_cast<std::size_t>(rank)], MPI_DOUBLE, by_process.data(), counts.data(),
                 displacements.data(), MPI_DOUBLE, MPI_COMM_WORLD);
  // Process p's i-th block is block p + i * count.
  for (int p = 0; p < count; ++p)
    for (int i = 0; i * block < counts[static_cast<std::size_t>(p)]; ++i) {
      const int b = p + i * count;
      std::copy_n(by_process.begin() + displacements[static_cast<std::size_t>(p)] + i * block, block,
                  all.begin() + static_cast<std::ptrdiff_t>(b) * block);
    }
#else
  (void)rank;
#endif
  return all;
}

RowBlock row_block(int rows, int processes, int process, int align) {
  if (rows < 0 || processes < 1 || process < 0 || process >= processes || align < 1)
    throw std::invalid_argument("row_block: needs rows >= 0, 0 <= process < processes and align >= 1");
  const long chunks = (rows + align - 1) / align;
  const auto chunk_start = [&](long p) { return static_cast<int>(std::min<long>(rows, chunks * p / processes * align)); };
  const int first = chunk_start(process);
  return {first, chunk_start(process + 1) - first};
}

std::vector<double> concatenate_over_processes(const std::vector<double>& mine, std::vector<int>* lengths) {
  const int count = process_count();
  if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::invalid_argument("concatenate_over_processes: more doubles than one MPI message holds");
  std::vector<int> sizes(static_cast<std::size_t>(count), static_cast<int>(mine.size()));
  std::vector<double> all = mine;
#ifdef SCAE_WITH_MPI
  if (count > 1) {
    int size = static_cast<int>(mine.size());
    MPI_Allgather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> displacements(static_cast<std::size_t>(count));
    long total = 0;
    for (int p = 0; p < count; ++p) {
      displacements[static_cast<std::size_t>(p)] = static_cast<int>(total);
      total += sizes[static_cast<std::size_t>(p)];
    }
    if (total > std::numeric_limits<int>::max())
      throw std::invalid_argument("concatenate_over_processes: more doubles than one MPI gather holds");
    all.resize(static_cast<std::size_t>(total));
    MPI_Allgatherv(mine.data(), size, MPI_DOUBLE, all.data(), sizes.data(), displacements.data(), MPI_DOUBLE, MPI_COMM_WORLD);
  }
#endif
  if (lengths) *lengths = sizes;
  return all;
}

void broadcast_bytes(std::vector<unsigned char>& data, int root) {
  if (data.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::invalid_argument("broadcast_bytes: more bytes than one MPI message holds");
#ifdef SCAE_WITH_MPI
  if (process_count() > 1) MPI_Bcast(data.data(), static_cast<int>(data.size()), MPI_UNSIGNED_CHAR, root, MPI_COMM_WORLD);
#else
  (void)root;
#endif
}

void chain_over_processes(std::vector<double>& running, const std::function<void(std::vector<double>&)>& step) {
  const int count = process_count();
  if (count == 1) {
    step(running);
    return;
  }
#ifdef SCAE_WITH_MPI
  const int rank = process_rank(), size = static_cast<int>(running.size());
  if (rank > 0) MPI_Recv(running.data(), size, MPI_DOUBLE, rank - 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  step(running);
  if (rank + 1 < count) MPI_Send(running.data(), size, MPI_DOUBLE, rank + 1, 0, MPI_COMM_WORLD);
  MPI_Bcast(running.data(), size, MPI_DOUBLE, count - 1, MPI_COMM_WORLD);
#endif
}

}  // namespace scae
