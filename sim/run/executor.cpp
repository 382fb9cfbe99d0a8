// Local executor: a fixed set of worker threads taking tasks in the given order (see the header).
#include "whsim/run/executor.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <sched.h>

namespace whsim::run {

TaskOutcome run_task_safely(const TaskFunction& run_task, std::size_t index) {
  const auto t0 = std::chrono::steady_clock::now();
  TaskOutcome outcome;
  try {
    outcome = run_task(index);
  } catch (const std::exception& e) {
    outcome.state = TaskOutcome::State::kFailed;
    outcome.error = e.what();
  } catch (...) {
    outcome.state = TaskOutcome::State::kFailed;
    outcome.error = "unknown error";
  }
  if (outcome.state == TaskOutcome::State::kNotRun) outcome.state = TaskOutcome::State::kDone;
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return outcome;
}

std::vector<TaskOutcome> execute_local(std::size_t task_count, std::span<const std::size_t> order,
                                       const TaskFunction& run_task, const ExecutorOptions& options) {
  std::vector<TaskOutcome> outcomes(task_count);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex done_mutex;
  const auto worker = [&] {
    for (;;) {
      if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) return;
      if (options.fail_fast && failed.load(std::memory_order_relaxed)) return;
      const std::size_t at = next.fetch_add(1, std::memory_order_relaxed);
      if (at >= order.size()) return;
      const std::size_t index = order[at];
      const TaskOutcome outcome = run_task_safely(run_task, index);
      if (outcome.state == TaskOutcome::State::kFailed) failed.store(true, std::memory_order_relaxed);
      const std::lock_guard<std::mutex> lock(done_mutex);
      outcomes[index] = outcome;
      if (options.on_done && outcome.state != TaskOutcome::State::kInterrupted)
        options.on_done(index, outcomes[index]);
    }
  };
  const int jobs =
      std::max(1, std::min<int>(options.jobs, static_cast<int>(std::max<std::size_t>(order.size(), 1))));
  if (jobs == 1) {
    worker();
    return outcomes;
  }
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(jobs));
  for (int i = 0; i < jobs; ++i) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  return outcomes;
}

int available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? static_cast<int>(hw) : 1;
}

std::uint64_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemAvailable:", 0) == 0) {
      std::istringstream fields(line.substr(13));
      std::uint64_t kib = 0;
      fields >> kib;
      return kib * 1024;
    }
  }
  return 0;
}

int default_jobs(std::uint64_t bytes_per_run) {
  int jobs = available_cores();
  const std::uint64_t memory = available_memory_bytes();
  if (memory > 0 && bytes_per_run > 0) {
    const std::uint64_t fit = memory / 10 * 8 / bytes_per_run;
    jobs = static_cast<int>(
        std::min<std::uint64_t>(static_cast<std::uint64_t>(jobs), std::max<std::uint64_t>(fit, 1)));
  }
  return std::max(jobs, 1);
}

}  // namespace whsim::run
