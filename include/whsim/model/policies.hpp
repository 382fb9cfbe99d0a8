// Decision policies of the goods-to-person model, each behind a small interface with at least two
// implementations, chosen by name in the scenario (`policies.*`). The registry maps names to
// factories; the scenario schema takes its lists of valid names from here, so an unknown name
// is a scenario error that lists the valid ones. Policies see only what they are given (small
// views), decide in O(candidates), and never allocate per decision.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/core/time.hpp"

namespace whsim::model {

/// Which station an arriving order goes to.
class OrderAssignmentPolicy {
 public:
  virtual ~OrderAssignmentPolicy() = default;
  /// `load[k]`: orders open at station k plus orders waiting for its put wall; `staffed[k]`:
  /// nonzero when station k has a picker on duty. Returns a staffed station (any station when
  /// none is staffed).
  [[nodiscard]] virtual std::uint32_t station_for(std::span<const std::uint32_t> load,
                                                  std::span<const std::int32_t> staffed) = 0;
};

/// A pod that could serve a line at a station.
struct PodCandidate {
  std::uint32_t pod = 0;
  Duration travel;                 ///< loaded travel time from the pod's location to the station
  std::uint32_t lines_served = 0;  ///< waiting lines of the station the pod has stock for
};

/// Which pod serves an open line.
class PodSelectionPolicy {
 public:
  virtual ~PodSelectionPolicy() = default;
  /// True when candidates need lines_served filled in (it costs a walk over the pod's bins).
  [[nodiscard]] virtual bool needs_line_counts() const = 0;
  /// Index into `candidates` (non-empty) of the chosen pod.
  [[nodiscard]] virtual std::size_t choose(std::span<const PodCandidate> candidates) const = 0;
};

/// Which idle robot fetches a pod. The model keeps the idle robots in an index that answers both
/// questions; the policy picks which to ask.
enum class RobotChoice : std::uint8_t { kNearest, kLongestIdle };
class RobotAssignmentPolicy {
 public:
  virtual ~RobotAssignmentPolicy() = default;
  [[nodiscard]] virtual RobotChoice choice() const = 0;
};

/// Where a pod goes after a station visit.
enum class StorageChoice : std::uint8_t {
  kHome,                  ///< the pod's own location
  kNearestFreeToStation,  ///< the free location nearest the station
  kByTurnover             ///< fast pods near the station, slow pods outside the nearest third
};
class PodStoragePolicy {
 public:
  virtual ~PodStoragePolicy() = default;
  [[nodiscard]] virtual StorageChoice choice() const = 0;
};

/// The names each policy kind accepts, in the order the reference lists them.
[[nodiscard]] const std::vector<std::string>& order_assignment_names();
[[nodiscard]] const std::vector<std::string>& pod_selection_names();
[[nodiscard]] const std::vector<std::string>& robot_assignment_names();
[[nodiscard]] const std::vector<std::string>& pod_storage_names();
[[nodiscard]] const std::vector<std::string>& slotting_names();

/// Factories: ContractError for a name not in the lists above (the scenario validated it).
[[nodiscard]] std::unique_ptr<OrderAssignmentPolicy> make_order_assignment(std::string_view name);
[[nodiscard]] std::unique_ptr<PodSelectionPolicy> make_pod_selection(std::string_view name);
[[nodiscard]] std::unique_ptr<RobotAssignmentPolicy> make_robot_assignment(std::string_view name);
[[nodiscard]] std::unique_ptr<PodStoragePolicy> make_pod_storage(std::string_view name);

}  // namespace whsim::model
