// Runs a list of independent tasks (the runs of an experiment) on worker threads or, with MPI,
// on worker processes. Executors know nothing of scenarios or files: a task is an index and
// the caller's `run_task` does the work (and writes its result). Which worker ran a task never
// changes its result, so an experiment's results are the same for any number of workers.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace whsim::run {

/// What became of one task.
struct TaskOutcome {
  /// kInterrupted: the task was started but stopped (a signal); its result is not there and it
  /// counts as not run. A task that returns kNotRun is taken as kDone.
  enum class State : std::uint8_t { kNotRun = 0, kDone = 1, kFailed = 2, kInterrupted = 3 };
  State state = State::kNotRun;
  std::string error;          ///< kFailed: one line, what went wrong
  double wall_seconds = 0.0;  ///< time the task took on its worker
};

/// Runs task `index` and returns its outcome (kDone or kFailed). Called from worker threads,
/// several at once: it must not touch shared state without synchronisation. An exception
/// thrown from it is caught and reported as kFailed with its message.
using TaskFunction = std::function<TaskOutcome(std::size_t index)>;
/// Told about every finished task (kDone or kFailed; not kInterrupted), one call at a time, in
/// completion order.
using TaskListener = std::function<void(std::size_t index, const TaskOutcome& outcome)>;

/// Runs `run_task(index)` as every executor does: an exception becomes kFailed with its
/// message, kNotRun becomes kDone, and the task's wall time is measured.
[[nodiscard]] TaskOutcome run_task_safely(const TaskFunction& run_task, std::size_t index);

struct ExecutorOptions {
  int jobs = 1;                             ///< worker threads (>= 1)
  bool fail_fast = false;                   ///< start no new task after the first failure
  const std::atomic<bool>* stop = nullptr;  ///< when true, start no new task
  TaskListener on_done;                     ///< optional
};

/// Runs the tasks named in `order` (indices into the caller's list, first handed out first) on
/// `options.jobs` threads and returns one outcome per task index 0..task_count-1 (tasks not in
/// `order`, and tasks not started because of a stop or --fail-fast, are kNotRun).
[[nodiscard]] std::vector<TaskOutcome> execute_local(std::size_t task_count,
                                                     std::span<const std::size_t> order,
                                                     const TaskFunction& run_task,
                                                     const ExecutorOptions& options);

/// Cores this process may use (sched affinity), at least 1.
[[nodiscard]] int available_cores();
/// Bytes of memory available to new work (MemAvailable in /proc/meminfo; 0 when unknown).
[[nodiscard]] std::uint64_t available_memory_bytes();
/// The default number of workers: available cores, lowered so that `jobs` runs of
/// `bytes_per_run` fit into 80% of the available memory (at least 1).
[[nodiscard]] int default_jobs(std::uint64_t bytes_per_run);

}  // namespace whsim::run
