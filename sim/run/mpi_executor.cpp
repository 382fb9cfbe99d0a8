// MPI master/worker executor (protocol in the header). Everything that needs <mpi.h> is under
// WHSIM_WITH_MPI; without it the same functions exist and report that MPI is not available. Must
// never initialise MPI by itself: only an MpiSession does, and only when the caller asks.
#include "whsim/run/mpi_executor.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#if WHSIM_WITH_MPI
#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <thread>

#include "whsim/core/error.hpp"

// The C API only: Open MPI's and MPICH's <mpi.h> would otherwise pull in the deprecated C++
// bindings (and need libmpi_cxx).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace whsim::run {

bool launched_by_mpi() {
  // Open MPI's mpirun; PMIx (Open MPI >= 4, srun --mpi=pmix); PMI (MPICH/Hydra, Intel MPI,
  // srun --mpi=pmi2); MPICH's local rank count; MVAPICH2.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MPI_LOCALNRANKS",
                           "MV2_COMM_WORLD_SIZE"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && value[0] != '\0') return true;
  }
  return false;
}

#if WHSIM_WITH_MPI

struct MpiSession::State {
  MPI_Comm comm = MPI_COMM_NULL;
};

namespace {

/// Names the first index in `order` that is not below `task_count`; empty when all are.
std::string bad_index_message(std::size_t task_count, std::span<const std::size_t> order) {
  for (const std::size_t index : order) {
    if (index >= task_count) {
      return "execute_mpi: task index " + std::to_string(index) +
             " in the order is not below the task count " + std::to_string(task_count);
    }
  }
  return {};
}

enum Tag : int { kTagReady = 1, kTagTask = 2, kTagFinish = 3, kTagOutcome = 4, kTagError = 5 };
/// Longest error text sent back (the rest is cut): a count must fit an int, and it is one line.
constexpr std::size_t kMaxErrorBytes = std::size_t{1} << 20;
/// Exit code when the protocol is broken (EX_SOFTWARE): a bug, never a user's mistake.
constexpr int kProtocolBroken = 70;

[[noreturn]] void protocol_broken(MPI_Comm comm, const std::string& what) {
  std::fprintf(stderr, "whsim: MPI executor: %s; ending the MPI job\n", what.c_str());
  std::fflush(stderr);
  MPI_Abort(comm, kProtocolBroken);
  std::_Exit(kProtocolBroken);
}

void run_worker(MPI_Comm comm, const TaskFunction& run_task) {
  MPI_Send(nullptr, 0, MPI_BYTE, 0, kTagReady, comm);
  for (;;) {
    MPI_Status status;
    MPI_Probe(0, MPI_ANY_TAG, comm, &status);
    if (status.MPI_TAG == kTagFinish) {
      MPI_Recv(nullptr, 0, MPI_BYTE, 0, kTagFinish, comm, MPI_STATUS_IGNORE);
      return;
    }
    if (status.MPI_TAG != kTagTask)
      protocol_broken(comm, "unexpected message tag " + std::to_string(status.MPI_TAG));
    std::uint64_t index = 0;
    MPI_Recv(&index, 1, MPI_UINT64_T, 0, kTagTask, comm, MPI_STATUS_IGNORE);
    TaskOutcome outcome = run_task_safely(run_task, static_cast<std::size_t>(index));
    if (outcome.error.size() > kMaxErrorBytes) outcome.error.resize(kMaxErrorBytes);
    const std::array<std::uint64_t, 4> header{index, static_cast<std::uint64_t>(outcome.state),
                                              std::bit_cast<std::uint64_t>(outcome.wall_seconds),
                                              static_cast<std::uint64_t>(outcome.error.size())};
    MPI_Send(header.data(), static_cast<int>(header.size()), MPI_UINT64_T, 0, kTagOutcome, comm);
    if (!outcome.error.empty()) {
      MPI_Send(outcome.error.data(), static_cast<int>(outcome.error.size()), MPI_CHAR, 0, kTagError, comm);
    }
  }
}

/// Waits for the next message from any worker without spinning a core: MPI_Iprobe, then sleeps
/// that grow from 50 us to 2 ms, so a quick answer stays quick and a long wait stays cheap.
MPI_Status wait_for_message(MPI_Comm comm) {
  std::chrono::microseconds pause{50};
  for (;;) {
    int arrived = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &arrived, &status);
    if (arrived != 0) return status;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds{2000});
  }
}

std::vector<TaskOutcome> run_master(MPI_Comm comm, int size, std::size_t task_count,
                                    std::span<const std::size_t> order, const ExecutorOptions& options) {
  std::vector<TaskOutcome> outcomes(task_count);
  std::exception_ptr failure;  // thrown once every worker has been let go
  bool stopping = false;       // hand out no more tasks
  if (const std::string bad = bad_index_message(task_count, order); !bad.empty()) {
    failure = std::make_exception_ptr(ContractError(bad));
    stopping = true;
  }
  std::vector<std::optional<std::size_t>> running(static_cast<std::size_t>(size));  // per rank
  std::size_t next = 0;
  int active = size - 1;  // workers not yet told to finish
  while (active > 0) {
    const MPI_Status status = wait_for_message(comm);
    const int source = status.MPI_SOURCE;
    std::optional<std::size_t>& task = running[static_cast<std::size_t>(source)];
    if (status.MPI_TAG == kTagReady) {
      MPI_Recv(nullptr, 0, MPI_BYTE, source, kTagReady, comm, MPI_STATUS_IGNORE);
      if (task.has_value()) protocol_broken(comm, "rank " + std::to_string(source) + " asked twice");
    } else if (status.MPI_TAG == kTagOutcome) {
      std::array<std::uint64_t, 4> header{};
      MPI_Recv(header.data(), static_cast<int>(header.size()), MPI_UINT64_T, source, kTagOutcome, comm,
               MPI_STATUS_IGNORE);
      if (!task.has_value() || header[0] != *task || header[1] < 1 || header[1] > 3 ||
          header[3] > kMaxErrorBytes) {
        protocol_broken(comm, "malformed outcome from rank " + std::to_string(source));
      }
      TaskOutcome outcome;
      outcome.state = static_cast<TaskOutcome::State>(header[1]);
      outcome.wall_seconds = std::bit_cast<double>(header[2]);
      outcome.error.resize(static_cast<std::size_t>(header[3]));
      if (!outcome.error.empty()) {
        MPI_Recv(outcome.error.data(), static_cast<int>(outcome.error.size()), MPI_CHAR, source, kTagError,
                 comm, MPI_STATUS_IGNORE);
      }
      const std::size_t index = *task;
      task.reset();
      outcomes[index] = std::move(outcome);
      if (options.fail_fast && outcomes[index].state == TaskOutcome::State::kFailed) stopping = true;
      // A worker that was signalled stops its run: the job is being ended, hand out no more.
      if (outcomes[index].state == TaskOutcome::State::kInterrupted) stopping = true;
      if (options.on_done && outcomes[index].state != TaskOutcome::State::kInterrupted) {
        try {
          options.on_done(index, outcomes[index]);
        } catch (...) {
          if (!failure) failure = std::current_exception();
          stopping = true;
        }
      }
    } else {
      protocol_broken(comm, "unexpected message tag " + std::to_string(status.MPI_TAG) + " from rank " +
                                std::to_string(source));
    }
    // `source` is idle now: give it the next task, or let it go.
    if (!stopping && options.stop != nullptr && options.stop->load(std::memory_order_relaxed))
      stopping = true;
    if (!stopping && next < order.size()) {
      task = order[next++];
      const auto index = static_cast<std::uint64_t>(*task);
      MPI_Send(&index, 1, MPI_UINT64_T, source, kTagTask, comm);
    } else {
      MPI_Send(nullptr, 0, MPI_BYTE, source, kTagFinish, comm);
      --active;
    }
  }
  if (failure) std::rethrow_exception(failure);
  return outcomes;
}

}  // namespace

bool mpi_compiled() {
  return true;
}

MpiSession::MpiSession() : state_(std::make_unique<State>()) {
  int initialized = 0;
  int finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (initialized != 0 || finalized != 0) {
    throw std::runtime_error(
        "MPI was already initialised in this process (one MpiSession per process, ever)");
  }
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_dup(MPI_COMM_WORLD, &state_->comm);
  MPI_Comm_rank(state_->comm, &rank_);
  MPI_Comm_size(state_->comm, &size_);
  uncaught_at_start_ = std::uncaught_exceptions();
}

MpiSession::~MpiSession() {
  if (size_ > 1 && std::uncaught_exceptions() > uncaught_at_start_) {
    // The other ranks may be waiting for this one: finalising would hang the job.
    std::fprintf(stderr, "whsim: an error left the MPI session on rank %d of %d; ending the MPI job\n", rank_,
                 size_);
    std::fflush(stderr);
    MPI_Abort(state_->comm, 1);
  }
  MPI_Comm_free(&state_->comm);
  MPI_Finalize();
}

void MpiSession::barrier() {
  MPI_Barrier(state_->comm);
}

void MpiSession::abort(int code) {
  std::fflush(stdout);
  std::fflush(stderr);
  MPI_Abort(state_->comm, code);
  std::_Exit(code);
}

bool MpiSession::all_ok(bool mine) {
  int in = mine ? 1 : 0;
  int out = 0;
  MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LAND, state_->comm);
  return out != 0;
}

std::string MpiSession::broadcast(std::string value) {
  auto length = static_cast<std::uint64_t>(value.size());
  MPI_Bcast(&length, 1, MPI_UINT64_T, 0, state_->comm);
  value.resize(static_cast<std::size_t>(length));
  constexpr std::size_t kChunk = std::size_t{1} << 30;  // a count must fit an int
  for (std::size_t at = 0; at < value.size(); at += kChunk) {
    const std::size_t count = std::min(kChunk, value.size() - at);
    MPI_Bcast(value.data() + at, static_cast<int>(count), MPI_CHAR, 0, state_->comm);
  }
  return value;
}

std::vector<TaskOutcome> execute_mpi(MpiSession& session, std::size_t task_count,
                                     std::span<const std::size_t> order, const TaskFunction& run_task,
                                     const ExecutorOptions& options) {
  if (session.size() == 1) {
    if (const std::string bad = bad_index_message(task_count, order); !bad.empty()) throw ContractError(bad);
    ExecutorOptions alone = options;
    alone.jobs = 1;
    return execute_local(task_count, order, run_task, alone);
  }
  if (session.rank() != 0) {
    run_worker(session.state_->comm, run_task);
    return {};
  }
  return run_master(session.state_->comm, session.size(), task_count, order, options);
}

#else  // without MPI: the same functions, reporting that MPI is not available

struct MpiSession::State {};

namespace {
constexpr const char* kNoMpi = "this whsim was built without MPI (WHSIM_WITH_MPI)";
}  // namespace

bool mpi_compiled() {
  return false;
}

MpiSession::MpiSession() {
  throw std::runtime_error(kNoMpi);
}
MpiSession::~MpiSession() = default;
void MpiSession::barrier() {}
void MpiSession::abort(int code) {
  std::_Exit(code);
}
bool MpiSession::all_ok(bool mine) {
  return mine;
}
std::string MpiSession::broadcast(std::string value) {
  return value;
}

std::vector<TaskOutcome> execute_mpi(MpiSession& /*session*/, std::size_t /*task_count*/,
                                     std::span<const std::size_t> /*order*/, const TaskFunction& /*run_task*/,
                                     const ExecutorOptions& /*options*/) {
  throw std::runtime_error(kNoMpi);
}

#endif

}  // namespace whsim::run
