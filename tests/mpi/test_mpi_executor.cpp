// The MPI master/worker executor, run under mpirun (CTest: `mpi.executor` with -np 3,
// `mpi.executor_single_rank` with -np 1). Each task appends one line to a file named after its
// index in a folder that rank 0 creates and broadcasts, so rank 0 can check that every task ran
// exactly once, and where. Every rank exits with the same code (agreed with all_ok). With
// --expect-not-launched it only checks that a plain start is not taken for an MPI launch.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "whsim/core/error.hpp"
#include "whsim/run/executor.hpp"
#include "whsim/run/mpi_executor.hpp"

namespace {

namespace fs = std::filesystem;
using whsim::run::ExecutorOptions;
using whsim::run::MpiSession;
using whsim::run::TaskOutcome;
using State = TaskOutcome::State;

/// Collects failed checks of this rank.
class Checker {
 public:
  explicit Checker(int rank) : rank_(rank) {}
  void expect(bool ok, const std::string& what) {
    if (ok) return;
    ok_ = false;
    std::cerr << "rank " << rank_ << ": FAILED: " << what << "\n";
  }
  [[nodiscard]] bool ok() const { return ok_; }

 private:
  int rank_;
  bool ok_ = true;
};

/// The lines of `dir/<index>` (one per run of the task: the rank that ran it); empty if none.
std::vector<std::string> runs_of(const fs::path& dir, std::size_t index) {
  std::vector<std::string> lines;
  std::ifstream in(dir / std::to_string(index));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// A task that records its run as "<rank>" in `dir/<index>`.
void record(const fs::path& dir, std::size_t index, int rank) {
  std::ofstream out(dir / std::to_string(index), std::ios::app);
  out << rank << "\n";
  if (!out) throw std::runtime_error("cannot write " + (dir / std::to_string(index)).string());
}

std::vector<std::size_t> iota_order(std::size_t n) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  return order;
}

/// Rank 0: outcomes and files agree: tasks in `ran` ran exactly once (on a worker when there are
/// workers) with the expected state; all other tasks did not run.
void check_runs(Checker& check, const std::string& name, const fs::path& dir,
                const std::vector<TaskOutcome>& outcomes, std::size_t task_count, int size) {
  check.expect(outcomes.size() == task_count, name + ": one outcome per task");
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const std::vector<std::string> runs = runs_of(dir, i);
    const std::string task = name + ": task " + std::to_string(i);
    if (outcomes[i].state == State::kNotRun) {
      check.expect(runs.empty(), task + " is kNotRun but ran " + std::to_string(runs.size()) + " times");
      continue;
    }
    check.expect(runs.size() == 1, task + " ran " + std::to_string(runs.size()) + " times (expected once)");
    if (size > 1 && !runs.empty()) check.expect(runs[0] != "0", task + " ran on the master");
    check.expect(outcomes[i].wall_seconds >= 0.0, task + ": negative wall time");
  }
}

int run_checks(MpiSession& session) {
  const int rank = session.rank();
  const int size = session.size();
  Checker check(rank);
  const bool master = rank == 0;
  if (size > 1) check.expect(whsim::run::launched_by_mpi(), "launched_by_mpi() is false under mpirun");
  check.expect(whsim::run::mpi_compiled(), "mpi_compiled() is false");

  // The shared folder: rank 0 makes it, everybody learns its name.
  std::string root;
  if (master) {
    std::string pattern = (fs::temp_directory_path() / "whsim-mpi-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) root = pattern;
  }
  root = session.broadcast(root);
  if (!session.all_ok(!root.empty())) {
    if (master) std::cerr << "cannot create a temporary folder\n";
    return 1;
  }
  const fs::path base(root);
  const auto folder = [&](const std::string& name) {
    fs::path dir = base / name;
    if (master) fs::create_directories(dir);
    session.barrier();
    return dir;
  };

  // all_ok and broadcast.
  check.expect(session.all_ok(true), "all_ok(true) is false");
  check.expect(session.all_ok(rank != size - 1) == false, "all_ok with one false rank is true");
  check.expect(session.broadcast(master ? "from rank 0" : "other") == "from rank 0", "broadcast");
  check.expect(session.broadcast(std::string{}).empty(), "broadcast of an empty string");

  int done_calls = 0;
  ExecutorOptions options;
  options.on_done = [&](std::size_t, const TaskOutcome&) { ++done_calls; };

  // 1. 25 tasks, task 7 throws: every task runs exactly once, 7 is kFailed with its message.
  {
    const fs::path dir = folder("all");
    const std::vector<std::size_t> order = iota_order(25);
    done_calls = 0;
    const auto outcomes = whsim::run::execute_mpi(
        session, 25, order,
        [&](std::size_t i) {
          record(dir, i, rank);
          std::this_thread::sleep_for(std::chrono::milliseconds(i % 3));
          if (i == 7) throw std::runtime_error("task 7 fails on purpose");
          return TaskOutcome{};
        },
        options);
    if (master) {
      check_runs(check, "all", dir, outcomes, 25, size);
      for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const State want = i == 7 ? State::kFailed : State::kDone;
        check.expect(outcomes[i].state == want, "all: task " + std::to_string(i) + " has the wrong state");
      }
      if (outcomes.size() == 25) {
        check.expect(outcomes[7].error == "task 7 fails on purpose",
                     "all: task 7's message: " + outcomes[7].error);
        check.expect(outcomes[0].error.empty(), "all: task 0 has an error text");
      }
      check.expect(done_calls == 25, "all: on_done called " + std::to_string(done_calls) + " times");
    } else {
      check.expect(outcomes.empty(), "all: a worker returned outcomes");
      check.expect(done_calls == 0, "all: on_done called on a worker");
    }
  }

  // 2. fail_fast: task 3 fails at once, the others take 20 ms; the tasks that ran are a prefix of
  // the order, 3 among them, and not all (with one rank exactly 0..3).
  {
    const fs::path dir = folder("fail_fast");
    const std::vector<std::size_t> order = iota_order(25);
    ExecutorOptions fast = options;
    fast.fail_fast = true;
    done_calls = 0;
    const auto outcomes = whsim::run::execute_mpi(
        session, 25, order,
        [&](std::size_t i) {
          record(dir, i, rank);
          if (i == 3) return TaskOutcome{State::kFailed, "task 3 fails on purpose", 0.0};
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          return TaskOutcome{};
        },
        fast);
    if (master) {
      check_runs(check, "fail_fast", dir, outcomes, 25, size);
      std::size_t ran = 0;
      while (ran < outcomes.size() && outcomes[ran].state != State::kNotRun) ++ran;
      for (std::size_t i = ran; i < outcomes.size(); ++i) {
        check.expect(outcomes[i].state == State::kNotRun, "fail_fast: the tasks run are not a prefix");
      }
      check.expect(ran > 3 && outcomes[3].state == State::kFailed, "fail_fast: task 3 is not kFailed");
      if (ran > 3)
        check.expect(outcomes[3].error == "task 3 fails on purpose", "fail_fast: task 3's message");
      if (size == 1) check.expect(ran == 4, "fail_fast: " + std::to_string(ran) + " tasks ran (expected 4)");
      check.expect(ran < 25, "fail_fast: every task ran");
      check.expect(done_calls == static_cast<int>(ran), "fail_fast: on_done calls != tasks run");
    } else {
      check.expect(outcomes.empty(), "fail_fast: a worker returned outcomes");
    }
  }

  // 3. An order naming some tasks, out of index order; task 11 returns kFailed with a long text.
  {
    const fs::path dir = folder("some");
    const std::vector<std::size_t> order{20, 2, 11, 5, 17};
    const std::string long_error(5000, 'x');
    done_calls = 0;
    std::vector<std::size_t> completed;
    ExecutorOptions some = options;
    some.on_done = [&](std::size_t i, const TaskOutcome&) {
      ++done_calls;
      completed.push_back(i);
    };
    const auto outcomes = whsim::run::execute_mpi(
        session, 25, order,
        [&](std::size_t i) {
          record(dir, i, rank);
          if (i == 11) return TaskOutcome{State::kFailed, long_error, 0.0};
          return TaskOutcome{};
        },
        some);
    if (master) {
      check_runs(check, "some", dir, outcomes, 25, size);
      for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const bool listed = std::find(order.begin(), order.end(), i) != order.end();
        const State want = !listed ? State::kNotRun : i == 11 ? State::kFailed : State::kDone;
        check.expect(outcomes[i].state == want, "some: task " + std::to_string(i) + " has the wrong state");
      }
      if (outcomes.size() == 25)
        check.expect(outcomes[11].error == long_error, "some: task 11's long message");
      std::vector<std::size_t> sorted_completed = completed;
      std::sort(sorted_completed.begin(), sorted_completed.end());
      check.expect(sorted_completed == std::vector<std::size_t>{2, 5, 11, 17, 20}, "some: on_done indices");
      if (size == 1) check.expect(completed == order, "some: a single rank runs the order in order");
    }
  }

  // 4. A stop request (set by the first on_done): no task is handed out after it; each worker ran
  // at most the one task it had (a single rank: exactly one task).
  {
    const fs::path dir = folder("stop");
    const std::vector<std::size_t> order = iota_order(25);
    std::atomic<bool> stop{false};
    ExecutorOptions stopping = options;
    stopping.stop = &stop;
    stopping.on_done = [&](std::size_t, const TaskOutcome&) { stop.store(true); };
    const auto outcomes = whsim::run::execute_mpi(
        session, 25, order,
        [&](std::size_t i) {
          record(dir, i, rank);
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          return TaskOutcome{};
        },
        stopping);
    if (master) {
      check_runs(check, "stop", dir, outcomes, 25, size);
      int ran = 0;
      for (const TaskOutcome& o : outcomes) ran += o.state == State::kNotRun ? 0 : 1;
      const int most = size == 1 ? 1 : size - 1;
      check.expect(ran >= 1 && ran <= most, "stop: " + std::to_string(ran) + " tasks ran (expected 1 to " +
                                                std::to_string(most) + ")");
    }
  }

  // 5. More workers than tasks, and no tasks at all.
  for (const std::size_t count : {std::size_t{1}, std::size_t{0}}) {
    const std::string name = "few" + std::to_string(count);
    const fs::path dir = folder(name);
    const std::vector<std::size_t> order = iota_order(count);
    done_calls = 0;
    const auto outcomes = whsim::run::execute_mpi(
        session, count, order,
        [&](std::size_t i) {
          record(dir, i, rank);
          return TaskOutcome{};
        },
        options);
    if (master) {
      check_runs(check, name, dir, outcomes, count, size);
      for (const TaskOutcome& o : outcomes) check.expect(o.state == State::kDone, name + ": not kDone");
      check.expect(done_calls == static_cast<int>(count), name + ": on_done calls");
    }
  }

  // 6. An index beyond the task count: nothing runs, the workers are let go, rank 0 gets a
  // ContractError.
  {
    const fs::path dir = folder("bad");
    const std::vector<std::size_t> order{0, 1, 9};
    bool threw = false;
    try {
      static_cast<void>(whsim::run::execute_mpi(
          session, 5, order,
          [&](std::size_t i) {
            record(dir, i, rank);
            return TaskOutcome{};
          },
          options));
    } catch (const whsim::ContractError& e) {
      threw = std::string_view(e.what()).find("task index 9") != std::string_view::npos;
    }
    check.expect(threw == master,
                 "bad: rank 0 must get a ContractError naming task index 9, workers nothing");
    session.barrier();
    if (master) check.expect(fs::is_empty(dir), "bad: a task ran");
  }

  // Each rank agrees on the verdict; rank 0 cleans up.
  const bool ok = session.all_ok(check.ok());
  if (master) {
    std::error_code ignored;
    fs::remove_all(base, ignored);
    std::cout << "mpi executor, " << size << (size == 1 ? " rank: " : " ranks: ") << (ok ? "ok" : "FAILED")
              << "\n";
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "--expect-not-launched") {
    // Run plainly (not under mpirun): the environment must not look like an MPI launch.
    const bool launched = whsim::run::launched_by_mpi();
    std::cout << "launched_by_mpi: " << (launched ? "yes" : "no") << "\n";
    return launched ? 1 : 0;
  }
  try {
    MpiSession session;
    int code = 1;
    try {
      code = run_checks(session);
    } catch (const std::exception& e) {
      std::cerr << "rank " << session.rank() << ": " << e.what() << "\n";
      session.abort(1);
    }
    return code;
  } catch (const std::exception& e) {  // no MPI: the session could not start
    std::cerr << e.what() << "\n";
    return 1;
  }
}
