// Runs across processes with MPI (Open MPI) when scae is built with SCAE_MPI, and as one process
// otherwise; every function below works in both builds (one process: rank 0 of 1).
//
// Determinism: work is split by index (Monte Carlo batches, sweep points) and results are put back
// in index order, so the numbers do not depend on the number of processes. Failure: an exception
// on any rank must end in abort_all (the CLI does this), which stops every rank with the message,
// instead of leaving the others waiting in a collective.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace scae {

// MPI_Init_thread / MPI_Finalize around main (no-ops without MPI).
class DistributedSession {
public:
  DistributedSession(int& argc, char**& argv);
  ~DistributedSession();
  DistributedSession(const DistributedSession&) = delete;
  DistributedSession& operator=(const DistributedSession&) = delete;
};

int process_rank();   // 0 without MPI
int process_count();  // 1 without MPI
bool is_root_process();
bool built_with_mpi();

// Prints "scae: error (rank R of N): message" to stderr and stops every process with `code`.
[[noreturn]] void abort_all(const std::string& message, int code);

// Evaluates work(t) for every t in `order` (indices of tasks, most expensive first), handing tasks
// out dynamically: each process takes the next unclaimed task from a shared counter. Returns the
// results indexed by task (size = 1 + max index; tasks not in `order` stay empty) on every process.
std::vector<std::string> distribute_tasks(const std::vector<int>& order, const std::function<std::string(int)>& work);

// Element-wise gather of fixed-size blocks: process p holds the blocks b with b % count == p in
// `mine` (in increasing b, each `block` doubles long); every process gets all `blocks` blocks in
// block order.
std::vector<double> gather_round_robin_blocks(const std::vector<double>& mine, int blocks, int block);

// Rows [first, first + count) of `rows` that process `process` of `processes` holds: whole chunks of
// `align` rows (the last may be shorter), contiguous and in process order, as even as the chunks
// allow; a process may hold none.
struct RowBlock {
  int first = 0, count = 0;
};
RowBlock row_block(int rows, int processes, int process, int align);

// Every process's `mine` concatenated in process order, on every process; `lengths` (when given)
// receives each process's length.
std::vector<double> concatenate_over_processes(const std::vector<double>& mine, std::vector<int>* lengths = nullptr);

// `data` of process `root` on every process (the same length everywhere).
void broadcast_bytes(std::vector<unsigned char>& data, int root);

// step(running) on process 0, then on process 1 with its result, and so on; every process gets the
// last result. A sum over rows held in process order is so added in row order, as one process adds it.
void chain_over_processes(std::vector<double>& running, const std::function<void(std::vector<double>&)>& step);

}  // namespace scae
