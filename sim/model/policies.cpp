// The policy registry and the policies themselves (see the header).
#include "whsim/model/policies.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "whsim/core/error.hpp"

namespace whsim::model {
namespace {

bool any_staffed(std::span<const std::int32_t> staffed) {
  return std::any_of(staffed.begin(), staffed.end(), [](std::int32_t n) { return n > 0; });
}

/// Fewest open and waiting orders among staffed stations; ties go to the lowest station index.
class LeastLoaded final : public OrderAssignmentPolicy {
 public:
  std::uint32_t station_for(std::span<const std::uint32_t> load,
                            std::span<const std::int32_t> staffed) override {
    const bool filter = any_staffed(staffed);
    std::uint32_t best = 0;
    bool found = false;
    for (std::uint32_t k = 0; k < load.size(); ++k) {
      if (filter && staffed[k] <= 0) continue;
      if (!found || load[k] < load[best]) best = k;
      found = true;
    }
    return best;
  }
};

/// Stations in turn, whatever their load.
class RoundRobin final : public OrderAssignmentPolicy {
 public:
  std::uint32_t station_for(std::span<const std::uint32_t> load,
                            std::span<const std::int32_t> staffed) override {
    const auto n = static_cast<std::uint32_t>(load.size());
    const bool filter = any_staffed(staffed);
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t k = next_;
      next_ = (next_ + 1) % n;
      if (!filter || staffed[k] > 0) return k;
    }
    return next_;
  }

 private:
  std::uint32_t next_ = 0;
};

/// Shortest loaded travel time to the station; ties: lowest pod id.
class NearestPod final : public PodSelectionPolicy {
 public:
  [[nodiscard]] bool needs_line_counts() const override { return false; }
  [[nodiscard]] std::size_t choose(std::span<const PodCandidate> c) const override {
    std::size_t best = 0;
    for (std::size_t i = 1; i < c.size(); ++i) {
      if (c[i].travel < c[best].travel || (c[i].travel == c[best].travel && c[i].pod < c[best].pod)) best = i;
    }
    return best;
  }
};

/// Most waiting lines of the station served; ties: nearest, then lowest pod id.
class MostLines final : public PodSelectionPolicy {
 public:
  [[nodiscard]] bool needs_line_counts() const override { return true; }
  [[nodiscard]] std::size_t choose(std::span<const PodCandidate> c) const override {
    std::size_t best = 0;
    for (std::size_t i = 1; i < c.size(); ++i) {
      const auto& a = c[i];
      const auto& b = c[best];
      if (a.lines_served > b.lines_served ||
          (a.lines_served == b.lines_served &&
           (a.travel < b.travel || (a.travel == b.travel && a.pod < b.pod)))) {
        best = i;
      }
    }
    return best;
  }
};

class NearestIdle final : public RobotAssignmentPolicy {
 public:
  [[nodiscard]] RobotChoice choice() const override { return RobotChoice::kNearest; }
};
class FirstIdle final : public RobotAssignmentPolicy {
 public:
  [[nodiscard]] RobotChoice choice() const override { return RobotChoice::kLongestIdle; }
};
class ReturnHome final : public PodStoragePolicy {
 public:
  [[nodiscard]] StorageChoice choice() const override { return StorageChoice::kHome; }
};
class NearestFree final : public PodStoragePolicy {
 public:
  [[nodiscard]] StorageChoice choice() const override { return StorageChoice::kNearestFreeToStation; }
};
class ClassByTurnover final : public PodStoragePolicy {
 public:
  [[nodiscard]] StorageChoice choice() const override { return StorageChoice::kByTurnover; }
};

template <class Base>
struct Entry {
  std::string name;
  std::function<std::unique_ptr<Base>()> make;
};

template <class Base>
const std::vector<Entry<Base>>& registry();

template <>
const std::vector<Entry<OrderAssignmentPolicy>>& registry() {
  static const std::vector<Entry<OrderAssignmentPolicy>> r{
      {"least_loaded", [] { return std::make_unique<LeastLoaded>(); }},
      {"round_robin", [] { return std::make_unique<RoundRobin>(); }}};
  return r;
}
template <>
const std::vector<Entry<PodSelectionPolicy>>& registry() {
  static const std::vector<Entry<PodSelectionPolicy>> r{
      {"nearest", [] { return std::make_unique<NearestPod>(); }},
      {"most_lines", [] { return std::make_unique<MostLines>(); }}};
  return r;
}
template <>
const std::vector<Entry<RobotAssignmentPolicy>>& registry() {
  static const std::vector<Entry<RobotAssignmentPolicy>> r{
      {"nearest_idle", [] { return std::make_unique<NearestIdle>(); }},
      {"first_idle", [] { return std::make_unique<FirstIdle>(); }}};
  return r;
}
template <>
const std::vector<Entry<PodStoragePolicy>>& registry() {
  static const std::vector<Entry<PodStoragePolicy>> r{
      {"return_home", [] { return std::make_unique<ReturnHome>(); }},
      {"nearest_free", [] { return std::make_unique<NearestFree>(); }},
      {"class_based", [] { return std::make_unique<ClassByTurnover>(); }}};
  return r;
}

template <class Base>
const std::vector<std::string>& names() {
  static const std::vector<std::string> n = [] {
    std::vector<std::string> out;
    for (const auto& e : registry<Base>()) out.push_back(e.name);
    return out;
  }();
  return n;
}

template <class Base>
std::unique_ptr<Base> make(std::string_view name) {
  for (const auto& e : registry<Base>()) {
    if (e.name == name) return e.make();
  }
  throw ContractError(fmt::format("no policy named '{}'", name));
}

}  // namespace

const std::vector<std::string>& order_assignment_names() {
  return names<OrderAssignmentPolicy>();
}
const std::vector<std::string>& pod_selection_names() {
  return names<PodSelectionPolicy>();
}
const std::vector<std::string>& robot_assignment_names() {
  return names<RobotAssignmentPolicy>();
}
const std::vector<std::string>& pod_storage_names() {
  return names<PodStoragePolicy>();
}
const std::vector<std::string>& slotting_names() {
  static const std::vector<std::string> n{"random", "class_based", "affinity"};
  return n;
}

std::unique_ptr<OrderAssignmentPolicy> make_order_assignment(std::string_view name) {
  return make<OrderAssignmentPolicy>(name);
}
std::unique_ptr<PodSelectionPolicy> make_pod_selection(std::string_view name) {
  return make<PodSelectionPolicy>(name);
}
std::unique_ptr<RobotAssignmentPolicy> make_robot_assignment(std::string_view name) {
  return make<RobotAssignmentPolicy>(name);
}
std::unique_ptr<PodStoragePolicy> make_pod_storage(std::string_view name) {
  return make<PodStoragePolicy>(name);
}

}  // namespace whsim::model
