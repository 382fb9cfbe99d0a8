// The local executor: every task in `order` runs exactly once for any number of workers (and
// only those), in the given order on one worker, on several workers at once when asked;
// exceptions become failures with their message; --fail-fast and the stop flag start no new
// task; the listener hears each finished task once, one call at a time. Also the core count and
// the default number of workers.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/run/executor.hpp"

namespace whsim::run {
namespace {

using State = TaskOutcome::State;

/// Counts how often each task ran (safe from several threads).
class CallCounter {
 public:
  explicit CallCounter(std::size_t tasks) : calls_(tasks) {}
  void add(std::size_t index) {
    const std::lock_guard<std::mutex> lock(m_);
    ++calls_.at(index);
    sequence_.push_back(index);
  }
  [[nodiscard]] std::vector<int> calls() const {
    const std::lock_guard<std::mutex> lock(m_);
    return calls_;
  }
  [[nodiscard]] std::vector<std::size_t> sequence() const {
    const std::lock_guard<std::mutex> lock(m_);
    return sequence_;
  }

 private:
  mutable std::mutex m_;
  std::vector<int> calls_;
  std::vector<std::size_t> sequence_;
};

TEST(Executor, RunsEveryTaskInOrderExactlyOnceForAnyNumberOfJobs) {
  constexpr std::size_t kTasks = 7;
  const std::vector<std::size_t> order{5, 3, 0, 6, 1};  // 2 and 4 are not in the order
  for (const int jobs : {1, 2, 3, 8}) {
    SCOPED_TRACE(jobs);
    CallCounter counter(kTasks);
    ExecutorOptions options;
    options.jobs = jobs;
    const std::vector<TaskOutcome> outcomes = execute_local(
        kTasks, order,
        [&](std::size_t index) {
          counter.add(index);
          return TaskOutcome{State::kDone, {}, 0.0};
        },
        options);
    ASSERT_EQ(outcomes.size(), kTasks);
    EXPECT_EQ(counter.calls(), (std::vector<int>{1, 1, 0, 1, 0, 1, 1}));
    for (std::size_t i = 0; i < kTasks; ++i) {
      const bool in_order = i != 2 && i != 4;
      EXPECT_EQ(outcomes[i].state, in_order ? State::kDone : State::kNotRun) << i;
      EXPECT_EQ(outcomes[i].error, "") << i;
      EXPECT_GE(outcomes[i].wall_seconds, 0.0) << i;
    }
    if (jobs == 1) {
      EXPECT_EQ(counter.sequence(), order);
    }
  }
}

TEST(Executor, NoTasksOrAnEmptyOrderRunsNothing) {
  int calls = 0;
  const auto task = [&](std::size_t) {
    ++calls;
    return TaskOutcome{State::kDone, {}, 0.0};
  };
  ExecutorOptions options;
  options.jobs = 4;
  EXPECT_TRUE(execute_local(0, {}, task, options).empty());
  const std::vector<TaskOutcome> outcomes = execute_local(3, {}, task, options);
  ASSERT_EQ(outcomes.size(), 3U);
  for (const TaskOutcome& o : outcomes) EXPECT_EQ(o.state, State::kNotRun);
  EXPECT_EQ(calls, 0);
}

// With three workers, three tasks that each wait for the other two all finish: they ran at once.
TEST(Executor, SeveralJobsRunTasksAtTheSameTime) {
  std::mutex m;
  std::condition_variable cv;
  int started = 0;
  const std::vector<std::size_t> order{0, 1, 2};
  ExecutorOptions options;
  options.jobs = 3;
  const std::vector<TaskOutcome> outcomes = execute_local(
      3, order,
      [&](std::size_t) {
        std::unique_lock<std::mutex> lock(m);
        ++started;
        cv.notify_all();
        if (!cv.wait_for(lock, std::chrono::seconds(20), [&] { return started == 3; })) {
          return TaskOutcome{State::kFailed, "the other tasks never started", 0.0};
        }
        return TaskOutcome{State::kDone, {}, 0.0};
      },
      options);
  for (const TaskOutcome& o : outcomes) EXPECT_EQ(o.state, State::kDone) << o.error;
}

TEST(Executor, ExceptionsAndFailuresAreReportedWithTheirMessage) {
  const std::vector<std::size_t> order{0, 1, 2, 3, 4};
  for (const int jobs : {1, 3}) {
    SCOPED_TRACE(jobs);
    ExecutorOptions options;
    options.jobs = jobs;
    const std::vector<TaskOutcome> outcomes = execute_local(
        5, order,
        [](std::size_t index) -> TaskOutcome {
          switch (index) {
            case 1:
              throw std::runtime_error("pod 7 fell over");
            case 2:
              throw 42;  // NOLINT(hicpp-exception-baseclass): not derived from std::exception on purpose
            case 3:
              return TaskOutcome{State::kFailed, "stock is not conserved", 0.0};
            case 4:
              return TaskOutcome{};  // kNotRun from the task counts as done
            default:
              return TaskOutcome{State::kDone, {}, 0.0};
          }
        },
        options);
    ASSERT_EQ(outcomes.size(), 5U);
    EXPECT_EQ(outcomes[0].state, State::kDone);
    EXPECT_EQ(outcomes[1].state, State::kFailed);
    EXPECT_EQ(outcomes[1].error, "pod 7 fell over");
    EXPECT_EQ(outcomes[2].state, State::kFailed);
    EXPECT_EQ(outcomes[2].error, "unknown error");
    EXPECT_EQ(outcomes[3].state, State::kFailed);
    EXPECT_EQ(outcomes[3].error, "stock is not conserved");
    EXPECT_EQ(outcomes[4].state, State::kDone);
    EXPECT_EQ(outcomes[4].error, "");
  }
}

TEST(Executor, FailFastStartsNoTaskAfterAFailure) {
  const std::vector<std::size_t> order{0, 1, 2, 3};
  const auto failing_second = [](CallCounter& counter) {
    return [&counter](std::size_t index) {
      counter.add(index);
      if (index == 1) throw std::runtime_error("boom");
      return TaskOutcome{State::kDone, {}, 0.0};
    };
  };
  ExecutorOptions options;
  options.jobs = 1;
  options.fail_fast = true;
  CallCounter fast(4);
  const std::vector<TaskOutcome> stopped = execute_local(4, order, failing_second(fast), options);
  EXPECT_EQ(fast.sequence(), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(stopped[0].state, State::kDone);
  EXPECT_EQ(stopped[1].state, State::kFailed);
  EXPECT_EQ(stopped[1].error, "boom");
  EXPECT_EQ(stopped[2].state, State::kNotRun);
  EXPECT_EQ(stopped[3].state, State::kNotRun);

  // Without --fail-fast the failure changes nothing for the other tasks.
  options.fail_fast = false;
  CallCounter all(4);
  const std::vector<TaskOutcome> outcomes = execute_local(4, order, failing_second(all), options);
  EXPECT_EQ(all.sequence(), order);
  EXPECT_EQ(outcomes[1].state, State::kFailed);
  EXPECT_EQ(outcomes[2].state, State::kDone);
  EXPECT_EQ(outcomes[3].state, State::kDone);
}

// Several workers: a task already taken still runs, but none is handed out once the failure is
// known. The other tasks wait until the failing one is about to throw, then take a millisecond.
TEST(Executor, FailFastWithSeveralJobsStopsHandingOutTasks) {
  std::vector<std::size_t> order(200);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  ExecutorOptions options;
  options.jobs = 3;
  options.fail_fast = true;
  std::atomic<int> calls{0};
  std::atomic<bool> throwing{false};
  const std::vector<TaskOutcome> outcomes = execute_local(
      order.size(), order,
      [&](std::size_t index) {
        ++calls;
        if (index == 0) {
          throwing = true;
          throw std::runtime_error("first task fails");
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!throwing && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return TaskOutcome{State::kDone, {}, 0.0};
      },
      options);
  EXPECT_EQ(outcomes[0].state, State::kFailed);
  EXPECT_EQ(outcomes[0].error, "first task fails");
  std::size_t not_run = 0;
  for (const TaskOutcome& o : outcomes) not_run += o.state == State::kNotRun ? 1U : 0U;
  EXPECT_EQ(not_run + static_cast<std::size_t>(calls.load()), order.size());
  // Each other worker finishes the task it holds (about one each); 100 would take 50 ms.
  EXPECT_GT(not_run, 100U) << calls.load() << " tasks ran";
}

TEST(Executor, StopFlagSetBeforeRunsNothing) {
  const std::atomic<bool> stop{true};
  for (const int jobs : {1, 3}) {
    SCOPED_TRACE(jobs);
    std::atomic<int> calls{0};
    int listened = 0;
    ExecutorOptions options;
    options.jobs = jobs;
    options.stop = &stop;
    options.on_done = [&](std::size_t, const TaskOutcome&) { ++listened; };
    const std::vector<std::size_t> order{0, 1, 2, 3};
    const std::vector<TaskOutcome> outcomes = execute_local(
        4, order,
        [&](std::size_t) {
          ++calls;
          return TaskOutcome{State::kDone, {}, 0.0};
        },
        options);
    EXPECT_EQ(calls.load(), 0);
    EXPECT_EQ(listened, 0);
    for (const TaskOutcome& o : outcomes) EXPECT_EQ(o.state, State::kNotRun);
  }
}

TEST(Executor, StopFlagSetByATaskStartsNoFurtherTask) {
  std::atomic<bool> stop{false};
  ExecutorOptions options;
  options.jobs = 1;
  options.stop = &stop;
  CallCounter counter(5);
  const std::vector<std::size_t> order{4, 3, 2, 1, 0};
  const std::vector<TaskOutcome> outcomes = execute_local(
      5, order,
      [&](std::size_t index) {
        counter.add(index);
        if (index == 3) stop = true;
        return TaskOutcome{State::kDone, {}, 0.0};
      },
      options);
  EXPECT_EQ(counter.sequence(), (std::vector<std::size_t>{4, 3}));
  EXPECT_EQ(outcomes[4].state, State::kDone);
  EXPECT_EQ(outcomes[3].state, State::kDone);  // the task that asked to stop finishes
  for (const std::size_t i : {0U, 1U, 2U}) EXPECT_EQ(outcomes[i].state, State::kNotRun) << i;
}

TEST(Executor, ListenerHearsEveryFinishedTaskOnceAndOneAtATime) {
  constexpr std::size_t kTasks = 40;
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < kTasks; i += 2) order.push_back(i);  // the even tasks only
  for (const int jobs : {1, 2, 3, 8}) {
    SCOPED_TRACE(jobs);
    std::vector<int> heard(kTasks, 0);
    std::vector<State> heard_state(kTasks, State::kNotRun);
    std::atomic<int> inside{0};
    bool overlapped = false;
    ExecutorOptions options;
    options.jobs = jobs;
    options.on_done = [&](std::size_t index, const TaskOutcome& outcome) {
      if (inside.fetch_add(1) != 0) overlapped = true;
      ++heard.at(index);
      heard_state.at(index) = outcome.state;
      std::this_thread::yield();
      inside.fetch_sub(1);
    };
    const std::vector<TaskOutcome> outcomes = execute_local(
        kTasks, order,
        [](std::size_t index) {
          if (index % 4 == 2) throw std::runtime_error("task " + std::to_string(index));
          return TaskOutcome{State::kDone, {}, 0.0};
        },
        options);
    EXPECT_FALSE(overlapped);
    for (std::size_t i = 0; i < kTasks; ++i) {
      EXPECT_EQ(heard[i], i % 2 == 0 ? 1 : 0) << i;
      EXPECT_EQ(heard_state[i], outcomes[i].state) << i;
      EXPECT_EQ(outcomes[i].state, i % 2 == 1   ? State::kNotRun
                                   : i % 4 == 2 ? State::kFailed
                                                : State::kDone)
          << i;
    }
  }
}

TEST(Executor, CoresAndDefaultJobs) {
  const int cores = available_cores();
  EXPECT_GE(cores, 1);
  const int small = default_jobs(1);
  EXPECT_GE(small, 1);
  EXPECT_LE(small, cores);
  EXPECT_EQ(default_jobs(0), cores);  // no memory estimate: one worker per core
  const std::uint64_t huge = std::numeric_limits<std::uint64_t>::max();
  if (available_memory_bytes() > 0) {
    EXPECT_EQ(default_jobs(huge), 1);
    // Runs of a third of 80% of the memory: three fit (two if the free memory shrank meanwhile).
    const std::uint64_t third = available_memory_bytes() / 10 * 8 / 3;
    EXPECT_LE(default_jobs(third), std::min(cores, 3));
    EXPECT_GE(default_jobs(third), std::min(cores, 2));
  } else {
    EXPECT_EQ(default_jobs(huge), cores);
  }
}

}  // namespace
}  // namespace whsim::run
