// Progress display of long runs (see the header).
#include "progress.hpp"

#include <cstdio>

#include <boost/program_options/errors.hpp>
#include <fmt/format.h>

#include "whsim/core/time_format.hpp"

#include <unistd.h>

namespace whsim::cli {
namespace {

std::string rate(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.1f} M", per_second / 1e6);
  if (per_second >= 1e3) return fmt::format("{:.0f} k", per_second / 1e3);
  return fmt::format("{:.0f}", per_second);
}

std::string eta_text(double seconds) {
  if (seconds < 0) return "-";
  if (seconds < 60) return fmt::format("{:.0f} s", seconds);
  if (seconds < 3600) {
    const auto whole = static_cast<int>(seconds);
    return fmt::format("{} min {:02} s", whole / 60, whole % 60);
  }
  return fmt::format("{:.1f} h", seconds / 3600);
}

/// Progress shows whole seconds (run slices end at fractions of a second).
Duration whole_seconds(Duration d) {
  return Duration::seconds(d.ticks() / Duration::seconds(1).ticks());
}

}  // namespace

ProgressMode parse_progress_mode(const std::string& text) {
  if (text == "auto") return ProgressMode::kAuto;
  if (text == "terminal") return ProgressMode::kTerminal;
  if (text == "plain") return ProgressMode::kPlain;
  if (text == "jsonl") return ProgressMode::kJsonl;
  if (text == "none") return ProgressMode::kNone;
  throw boost::program_options::error(
      fmt::format("unknown --progress '{}' (expected auto, terminal, plain, jsonl or none)", text));
}

Progress::Progress(ProgressMode mode, Duration horizon, double interval_seconds)
    : mode_(mode), horizon_(horizon), start_(std::chrono::steady_clock::now()) {
  if (mode_ == ProgressMode::kAuto) {
    mode_ = isatty(fileno(stderr)) != 0 ? ProgressMode::kTerminal : ProgressMode::kPlain;
  }
  const double fallback = mode_ == ProgressMode::kTerminal ? 0.2 : mode_ == ProgressMode::kPlain ? 5.0 : 1.0;
  interval_ = interval_seconds > 0 ? interval_seconds : fallback;
}

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(SimTime now, std::uint64_t events) {
  if (mode_ == ProgressMode::kNone) return;
  const double wall = elapsed();
  if (wall - last_ < interval_) return;
  last_ = wall;
  const double sim = (now - SimTime::zero()).to_seconds();
  const double total = horizon_.to_seconds();
  const double fraction = total > 0 ? sim / total : 1.0;
  const double eta = fraction > 0 ? wall * (1 - fraction) / fraction : -1;
  const double speed = wall > 0 ? sim / wall : 0;
  const double events_per_second = wall > 0 ? static_cast<double>(events) / wall : 0;
  if (mode_ == ProgressMode::kJsonl) {
    fmt::print(stderr,
               "{{\"event\": \"progress\", \"simulated_s\": {}, \"horizon_s\": {}, \"fraction\": {:.6f}, "
               "\"events\": {}, \"events_per_s\": {:.0f}, \"speed\": {:.1f}, \"wall_s\": {:.3f}, \"eta_s\": "
               "{:.1f}}}\n",
               sim, total, fraction, events, events_per_second, speed, wall, eta);
    std::fflush(stderr);
    return;
  }
  const std::string line =
      fmt::format("simulated {} of {} ({:.0f}%), {} events/s, {:.0f}x real time, ETA {}",
                  format_human(whole_seconds(now - SimTime::zero())), format_human(horizon_),
                  100.0 * fraction, rate(events_per_second), speed, eta_text(eta));
  if (mode_ == ProgressMode::kTerminal) {
    fmt::print(stderr, "\r\x1b[K  {}", line);
  } else {
    fmt::print(stderr, "progress: {}\n", line);
  }
  std::fflush(stderr);
  shown_ = true;
}

void Progress::finish(SimTime now, std::uint64_t events, const char* status) {
  if (mode_ == ProgressMode::kTerminal && shown_) fmt::print(stderr, "\r\x1b[K");
  if (mode_ == ProgressMode::kJsonl) {
    const double wall = elapsed();
    fmt::print(
        stderr,
        "{{\"event\": \"{}\", \"simulated_s\": {}, \"horizon_s\": {}, \"events\": {}, \"wall_s\": {:.3f}}}\n",
        status, (now - SimTime::zero()).to_seconds(), horizon_.to_seconds(), events, wall);
  }
  std::fflush(stderr);
}

RunsProgress::RunsProgress(ProgressMode mode, std::size_t total, double interval_seconds)
    : mode_(mode), total_(total), start_(std::chrono::steady_clock::now()) {
  if (mode_ == ProgressMode::kAuto) {
    mode_ = isatty(fileno(stderr)) != 0 ? ProgressMode::kTerminal : ProgressMode::kPlain;
  }
  const double fallback = mode_ == ProgressMode::kTerminal ? 0.2 : mode_ == ProgressMode::kPlain ? 5.0 : 1.0;
  interval_ = interval_seconds > 0 ? interval_seconds : fallback;
}

void RunsProgress::run_done(bool failed, const std::string& id, const std::string& error) {
  ++done_;
  if (failed) {
    ++failed_;
    if (mode_ == ProgressMode::kTerminal && shown_) fmt::print(stderr, "\r\x1b[K");
    if (mode_ == ProgressMode::kJsonl) {
      std::string escaped;
      for (const char c : error) {
        if (c == '"' || c == '\\') escaped += '\\';
        escaped += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
      }
      fmt::print(stderr, "{{\"event\": \"run_failed\", \"run_id\": \"{}\", \"error\": \"{}\"}}\n", id,
                 escaped);
    } else {
      fmt::print(stderr, "run {} failed: {}\n", id, error);  // an error, shown even with --quiet
    }
    shown_ = false;
  }
  show(done_ == total_);
}

void RunsProgress::show(bool force) {
  if (mode_ == ProgressMode::kNone) return;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (!force && wall - last_ < interval_) return;
  if (force && mode_ == ProgressMode::kPlain && !shown_) return;  // a short job stays quiet
  last_ = wall;
  const double eta =
      done_ > 0 ? wall / static_cast<double>(done_) * static_cast<double>(total_ - done_) : -1.0;
  if (mode_ == ProgressMode::kJsonl) {
    fmt::print(stderr,
               "{{\"event\": \"progress\", \"runs_done\": {}, \"runs_total\": {}, \"failed\": {}, "
               "\"wall_s\": {:.3f}, \"eta_s\": {:.1f}}}\n",
               done_, total_, failed_, wall, eta);
    std::fflush(stderr);
    return;
  }
  const std::string line =
      fmt::format("runs {} of {} done ({:.0f}%), {} failed, ETA {}", done_, total_,
                  total_ > 0 ? 100.0 * static_cast<double>(done_) / static_cast<double>(total_) : 100.0,
                  failed_, eta_text(eta));
  if (mode_ == ProgressMode::kTerminal) {
    fmt::print(stderr, "\r\x1b[K  {}", line);
  } else {
    fmt::print(stderr, "progress: {}\n", line);
  }
  std::fflush(stderr);
  shown_ = true;
}

void RunsProgress::finish(const char* status) {
  if (mode_ == ProgressMode::kTerminal && shown_) fmt::print(stderr, "\r\x1b[K");
  if (mode_ == ProgressMode::kJsonl) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    fmt::print(stderr,
               "{{\"event\": \"{}\", \"runs_done\": {}, \"runs_total\": {}, \"failed\": {}, \"wall_s\": "
               "{:.3f}}}\n",
               status, done_, total_, failed_, wall);
  }
  std::fflush(stderr);
}

}  // namespace whsim::cli
