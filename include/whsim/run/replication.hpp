// One replication of a scenario: build the model from a validated spec, run it to the horizon
// (with warm-up deletion and time-series sampling), and return the RunResult with what the
// summary and provenance need. Progress callbacks and a stop flag let the command line show
// progress and stop cleanly on SIGINT/SIGTERM; neither changes the simulated result.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "whsim/scenario/scenario_spec.hpp"
#include "whsim/stats/run_result.hpp"

namespace whsim::run {

/// Which events the trace keeps: all fingerprinted events, or those whose "component.event"
/// or component name is in `events`, and (when `entities` is not empty) whose entity is listed.
struct TraceFilter {
  std::vector<std::string> events;
  std::vector<std::uint64_t> entities;
  /// The filter as text ("" for all events), e.g. "events=warehouse.pick_done; entities=3,7".
  [[nodiscard]] std::string describe() const;
};

struct ReplicationOptions {
  std::uint64_t replication = 0;
  /// Per-order records and floor heatmaps (detail standard and up).
  bool records = true;
  /// The event trace (detail full), filtered.
  bool trace = false;
  TraceFilter trace_filter;
  /// Called now and then with the simulated time reached and events so far (not per event).
  std::function<void(SimTime now, std::uint64_t events)> progress;
  /// When it becomes true the run stops at the next check (within a small slice of simulated time).
  const std::atomic<bool>* stop = nullptr;
};

struct ReplicationOutput {
  std::uint64_t replication = 0;  ///< ReplicationOptions::replication
  stats::RunResult result;        ///< result.complete is false when the run was stopped early
  bool interrupted = false;
  double wall_seconds = 0;   ///< simulation only (building included)
  double build_seconds = 0;  ///< floor, tables, inventory
  std::size_t robots = 0, pods = 0, skus = 0, stations = 0, storage_locations = 0, slots = 0;
  std::int64_t units_initial = 0, units_demanded = 0, units_picked = 0;
  double total_distance_m = 0;
  std::string conservation;  ///< empty when stock is conserved (checked at the end of every run)
};

/// Runs one replication. Throws InputError for problems only the built model can see, and for
/// a trace filter naming an event or component the model does not have. A stop request ends
/// the run at the simulated time reached: its result covers [measured_from, that time] and is
/// marked incomplete.
[[nodiscard]] ReplicationOutput run_replication(const scenario::ScenarioSpec& spec,
                                                const ReplicationOptions& options = {});

}  // namespace whsim::run
