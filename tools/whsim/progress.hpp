// Progress of a long run on stderr (stdout carries results only):
//   terminal  one line rewritten in place: simulated time / horizon %, events/s, simulated-to-wall
//             speed, ETA; cleared when the run ends
//   plain     a line every `interval` seconds (logs, Slurm output files); nothing for short runs
//   jsonl     a JSON object per line every `interval` seconds and one at the end (orchestration)
//   none      nothing (--quiet)
// `auto` picks terminal when stderr is a terminal, plain otherwise.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "whsim/core/time.hpp"

namespace whsim::cli {

enum class ProgressMode { kAuto, kTerminal, kPlain, kJsonl, kNone };

/// "auto", "terminal", "plain", "jsonl" or "none"; throws boost::program_options::error otherwise.
[[nodiscard]] ProgressMode parse_progress_mode(const std::string& text);

class Progress {
 public:
  /// `interval_seconds` <= 0 takes the mode's default (0.2 s terminal, 5 s plain, 1 s jsonl).
  Progress(ProgressMode mode, Duration horizon, double interval_seconds);
  /// Called with the simulated time reached and the events so far; prints when due.
  void update(SimTime now, std::uint64_t events);
  /// Ends the display: clears the terminal line; jsonl writes a final record with `status`
  /// ("complete", "interrupted" or "failed").
  void finish(SimTime now, std::uint64_t events, const char* status);
  [[nodiscard]] ProgressMode mode() const { return mode_; }

 private:
  [[nodiscard]] double elapsed() const;
  ProgressMode mode_;
  Duration horizon_;
  double interval_;
  std::chrono::steady_clock::time_point start_;
  double last_ = 0;
  bool shown_ = false;
};

/// Progress of many runs (replications, sweeps): runs done / total, failures, ETA from the
/// mean time per finished run and the number of workers. The same modes as Progress; plain
/// mode also prints a line for every failed run (its id and error).
class RunsProgress {
 public:
  RunsProgress(ProgressMode mode, std::size_t total, double interval_seconds);
  /// A run finished (`failed`: with an error, named by `id`).
  void run_done(bool failed, const std::string& id, const std::string& error);
  /// Ends the display (clears the terminal line; jsonl: a final record with `status`).
  void finish(const char* status);
  [[nodiscard]] ProgressMode mode() const { return mode_; }

 private:
  void show(bool force);
  ProgressMode mode_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  double interval_;
  std::chrono::steady_clock::time_point start_;
  double last_ = 0;
  bool shown_ = false;
};

}  // namespace whsim::cli
