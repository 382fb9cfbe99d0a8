// MPI master/worker executor: runs an experiment's tasks on the processes of an MPI job
// (`mpirun -np N whsim sweep ...`). Like execute_local it knows nothing of scenarios or files: a
// task is an index and the caller's `run_task` does the work and writes its result, on the worker
// that ran it. This header never includes <mpi.h>: MPI is private to sim/run/mpi_executor.cpp,
// and a build without MPI (WHSIM_WITH_MPI=OFF) has the same functions, which report that MPI is
// not available.
//
// Protocol (on a private duplicate of MPI_COMM_WORLD, so that no other message can match):
//   rank 0 is the master, ranks 1..N-1 are workers; with N = 1, rank 0 runs every task itself,
//   in order, like execute_local with one thread.
//   worker -> master  kTagReady    (empty)                     "give me a task" (first request)
//   master -> worker  kTagTask     (uint64 index)              run this task
//   master -> worker  kTagFinish   (empty)                     no more tasks: return
//   worker -> master  kTagOutcome  (4 x uint64: index, state, wall seconds as IEEE bits, error
//                                   length in bytes)           the task ended; also the next request
//   worker -> master  kTagError    (error bytes, only when the length is > 0), right after it
// The master hands out the tasks in `order`, one at a time, to whichever worker is idle (dynamic
// distribution), so slow and fast runs balance themselves. After a failure with fail_fast, after
// a stop request, or when `order` is exhausted, each idle worker is told to finish; tasks already
// running finish and are reported. The master waits with MPI_Iprobe and a 2 ms sleep rather than a
// blocking receive (Open MPI's blocking receives spin at 100% CPU). Open MPI ends the whole job
// when one rank dies, so the caller's guarantee is that every finished task wrote its own result
// before reporting back, and a rerun (--resume) runs the rest.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "whsim/run/executor.hpp"

namespace whsim::run {

/// Whether this build has the MPI mode (CMake option WHSIM_WITH_MPI).
[[nodiscard]] bool mpi_compiled();

/// Whether the environment shows that an MPI launcher (mpirun/mpiexec of Open MPI, MPICH,
/// Intel MPI, MVAPICH, or srun with PMI/PMIx) started this process. A plain `whsim sweep` must
/// never initialise MPI; an MPI-launched one without MPI compiled in should refuse to run, or
/// each rank would run the whole sweep.
[[nodiscard]] bool launched_by_mpi();

class MpiSession;

/// Runs the tasks named in `order` on the ranks of `session` and, on rank 0, returns one outcome
/// per task index 0..task_count-1 (tasks not in `order`, and tasks not started because of a stop
/// or fail_fast, are kNotRun); workers (rank > 0) return an empty vector once the master lets them
/// go. Call it on every rank at the same point; `task_count`, `order` and `options` are read on
/// rank 0 only (`options.jobs` is ignored: each rank runs one task at a time). `run_task` runs on
/// the workers (on rank 0 when the job has a single rank); an exception from it is reported as
/// kFailed with its message. `options.on_done` is called on rank 0 only, in completion order;
/// `options.stop` is read on rank 0 only. An index in `order` that is not below `task_count`, or an
/// exception from `on_done`, stops the handing out; the workers are let go and the exception
/// (ContractError for a bad index) is thrown on rank 0. Throws std::runtime_error without MPI.
[[nodiscard]] std::vector<TaskOutcome> execute_mpi(MpiSession& session, std::size_t task_count,
                                                   std::span<const std::size_t> order,
                                                   const TaskFunction& run_task,
                                                   const ExecutorOptions& options);

/// The MPI environment of this process: MPI_Init_thread (MPI_THREAD_FUNNELED: only the thread
/// that made the session calls MPI) on construction, MPI_Finalize on destruction. At most one per
/// process, ever (MPI cannot be initialised twice). If an exception leaves the session's scope on
/// a job of several ranks, the destructor ends the whole job (MPI_Abort) instead of finalising,
/// since the other ranks would otherwise wait for this one forever: catch errors inside the
/// session's scope, and agree on them with all_ok() before the work starts.
class MpiSession {
 public:
  /// Throws std::runtime_error when this build has no MPI, or MPI was already initialised.
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  MpiSession(MpiSession&&) = delete;
  MpiSession& operator=(MpiSession&&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  /// Waits until every rank has called barrier().
  void barrier();
  /// Ends every process of the job with exit code `code` (MPI_Abort).
  [[noreturn]] void abort(int code);
  /// True on every rank when `mine` is true on every rank (collective: every rank must call it).
  [[nodiscard]] bool all_ok(bool mine);
  /// Rank 0's `value`, on every rank (collective).
  [[nodiscard]] std::string broadcast(std::string value);

 private:
  struct State;  // the MPI communicator; defined in mpi_executor.cpp
  friend std::vector<TaskOutcome> execute_mpi(MpiSession& session, std::size_t task_count,
                                              std::span<const std::size_t> order,
                                              const TaskFunction& run_task, const ExecutorOptions& options);
  std::unique_ptr<State> state_;
  int rank_ = 0;
  int size_ = 1;
  int uncaught_at_start_ = 0;
};

}  // namespace whsim::run
