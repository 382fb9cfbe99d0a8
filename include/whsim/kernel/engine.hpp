// The discrete-event engine: a clock, a future event set and dispatch to components.
//
// Events are small records (target component, kind, entity, payload) kept in a pool owned by
// the engine; the future event set holds (time, order, slot) entries. Events run in the total
// order (time, priority, insertion sequence). Handles are generational: cancelling an event that
// already ran or was cancelled is a no-op that returns false. The engine knows nothing about
// warehouses and has no global state: any number of engines may run side by side on threads.
// Once the pool and queue have grown to the largest number of pending events, scheduling,
// cancelling and running events allocate nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "whsim/core/error.hpp"
#include "whsim/core/id.hpp"
#include "whsim/core/time.hpp"
#include "whsim/kernel/event_queue.hpp"
#include "whsim/kernel/fingerprint.hpp"

namespace whsim {

class Engine;

using ComponentId = Id<struct ComponentTag>;
/// What an event means is up to its target component (e.g. an enum of the component's own).
using EventKind = std::uint32_t;
/// Lower runs first among events at the same time. kDefaultPriority leaves room on both sides.
using Priority = std::uint8_t;
inline constexpr Priority kDefaultPriority = 128;

/// An event as its handler sees it.
struct Event {
  SimTime time;
  ComponentId target;
  EventKind kind = 0;
  std::uint64_t entity = 0;   ///< e.g. a RobotId or OrderId value; meaning is the component's
  std::uint64_t payload = 0;  ///< one more word of data (no allocation per event)
};

/// What an event asks for when it is scheduled.
struct EventSpec {
  ComponentId target;
  EventKind kind = 0;
  std::uint64_t entity = 0;
  std::uint64_t payload = 0;
  Priority priority = kDefaultPriority;
};

/// Something that handles events. Components are owned elsewhere (by the model) and must
/// outlive the engine's use of them.
class Component {
 public:
  Component() = default;
  Component(const Component&) = delete;
  Component& operator=(const Component&) = delete;
  virtual ~Component() = default;
  virtual void handle(Engine& engine, const Event& event) = 0;
  /// A short name for an event kind of this component ("order_arrival"), for event traces;
  /// empty when the component does not name its kinds.
  [[nodiscard]] virtual std::string_view event_name(EventKind /*kind*/) const { return {}; }
};

/// Sees every fingerprinted event just before its handler runs (the event trace). With no
/// observer set, the engine pays one well-predicted branch per event.
class EventObserver {
 public:
  EventObserver() = default;
  EventObserver(const EventObserver&) = delete;
  EventObserver& operator=(const EventObserver&) = delete;
  virtual ~EventObserver() = default;
  virtual void on_event(const Event& event) = 0;
};

/// Refers to a scheduled event: its pool slot and its unique insertion sequence number, so a
/// handle can never be confused with a later event that reuses the slot. Default-constructed
/// handles refer to nothing.
class EventHandle {
 public:
  constexpr EventHandle() = default;
  [[nodiscard]] constexpr bool is_null() const { return seq_ == 0; }
  constexpr bool operator==(const EventHandle&) const = default;

 private:
  friend class Engine;
  constexpr EventHandle(std::uint32_t slot, std::uint64_t seq) : seq_(seq), slot_(slot) {}
  std::uint64_t seq_ = 0;
  std::uint32_t slot_ = 0;
};

enum class QueueKind : std::uint8_t { kQuaternaryHeap, kRadixHeap, kHybrid };
[[nodiscard]] std::string_view to_string(QueueKind kind);

struct EngineOptions {
  QueueKind queue = QueueKind::kHybrid;
  std::size_t reserve_events = 1024;  ///< initial pool and queue capacity
};

/// Why run()/run_until() returned.
enum class StopReason : std::uint8_t {
  kEmpty,      ///< no events left
  kTimeLimit,  ///< the next event is after the requested time (the clock is at that time)
  kStopped,    ///< a handler called stop()
  kEventLimit  ///< run_events() executed its quota
};
[[nodiscard]] std::string_view to_string(StopReason reason);

class Engine {
 public:
  explicit Engine(EngineOptions options = {});
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  /// Registers a component. `name` is stable (it enters the fingerprint instead of the id, so
  /// registering components in another order does not change fingerprints). Components that
  /// only observe (samplers) register with fingerprinted = false: their events stay out of the
  /// fingerprint, so switching sampling on or off leaves it unchanged.
  ComponentId add_component(Component& component, std::string_view name, bool fingerprinted = true);
  [[nodiscard]] std::string_view component_name(ComponentId id) const;
  [[nodiscard]] std::size_t component_count() const { return components_.size(); }

  /// Schedules an event at absolute time t >= now(). Throws ContractError for a time in the
  /// past or an unknown target.
  EventHandle schedule_at(SimTime t, const EventSpec& spec) {
    if (t < now_ || !spec.target.valid() || spec.target.index() >= components_.size()) [[unlikely]] {
      schedule_error(t, spec);
    }
    const std::uint32_t slot = allocate_slot();
    Record& r = pool_[slot];
    const std::uint64_t seq = next_seq_++;
    r.seq = seq;
    r.entity = spec.entity;
    r.payload = spec.payload;
    r.target = spec.target.value();
    r.kind = spec.kind;
    const QueueEntry entry{t.ticks(), (std::uint64_t{spec.priority} << 56) | (seq & kSeqMask), slot};
    std::visit([&entry](auto& q) { q.push(entry); }, queue_);
    ++live_;
    return EventHandle(slot, seq);
  }
  /// Schedules an event d >= 0 after now().
  EventHandle schedule_after(Duration d, const EventSpec& spec) { return schedule_at(now_ + d, spec); }
  /// Cancels a pending event. Returns false (and does nothing) for a null or stale handle.
  bool cancel(EventHandle handle);
  /// True while the event is scheduled and has neither run nor been cancelled.
  [[nodiscard]] bool is_pending(EventHandle handle) const;

  /// Runs every event with time <= until, then sets the clock to `until` (unless stopped).
  StopReason run_until(SimTime until);
  /// Runs until no events are left or a handler calls stop().
  StopReason run() { return run_until(SimTime::max()); }
  /// Runs at most `max_events` events (no time limit); for stepping and tests.
  StopReason run_events(std::uint64_t max_events);
  /// Asks the running loop to return after the current event.
  void stop() { stop_requested_ = true; }

  [[nodiscard]] SimTime now() const { return now_; }
  /// Events executed so far (cancelled events are not counted).
  [[nodiscard]] std::uint64_t events_executed() const { return executed_; }
  /// Events scheduled and not yet run or cancelled.
  [[nodiscard]] std::size_t pending() const { return live_; }
  /// 64-bit hash over (sequence, time, kind, target name, entity) of every fingerprinted
  /// event executed so far (see fingerprint.hpp).
  [[nodiscard]] std::uint64_t fingerprint() const { return fingerprint_.value(); }
  [[nodiscard]] QueueKind queue_kind() const { return options_.queue; }
  /// Sets (or, with nullptr, clears) the observer of fingerprinted events. It must outlive its
  /// use; observing changes neither the run nor its fingerprint.
  void set_observer(EventObserver* observer) { observer_ = observer; }
  /// The component registered under `id` (ContractError for an unknown id).
  [[nodiscard]] const Component& component(ComponentId id) const;
  /// True when events of this component enter the fingerprint.
  [[nodiscard]] bool is_fingerprinted(ComponentId id) const;

 private:
  /// One pending event; 32 bytes, so a record never straddles two cache lines.
  struct alignas(32) Record {
    std::uint64_t seq = 0;     ///< unique, >= 1; 0 while the slot is free
    std::uint64_t entity = 0;  ///< while free: the next free slot
    std::uint64_t payload = 0;
    std::uint32_t target = 0;
    EventKind kind = 0;
  };
  static_assert(sizeof(Record) == 32);
  struct ComponentEntry {
    Component* component = nullptr;
    std::string name;
    std::uint64_t name_hash = 0;
    bool fingerprinted = true;
  };
  using Queue = std::variant<QuaternaryHeap, RadixHeap, HybridQueue>;
  static constexpr std::uint64_t kSeqMask = (std::uint64_t{1} << 56) - 1;
  static constexpr std::uint32_t kNoFree = 0xFFFFFFFFU;

  static Queue make_queue(QueueKind kind);
  template <class Q>
  StopReason loop(Q& q, SimTime until, std::uint64_t max_events);
  [[noreturn]] void schedule_error(SimTime t, const EventSpec& spec) const;
  std::uint32_t allocate_slot() {
    if (free_head_ != kNoFree) [[likely]] {
      const std::uint32_t slot = free_head_;
      free_head_ = static_cast<std::uint32_t>(pool_[slot].entity);
      return slot;
    }
    return grow_pool();
  }
  std::uint32_t grow_pool();
  void release_slot(std::uint32_t slot);
  void maybe_compact();

  EngineOptions options_;
  Queue queue_;
  std::vector<Record> pool_;
  std::vector<ComponentEntry> components_;
  std::uint32_t free_head_ = kNoFree;
  std::size_t live_ = 0;
  std::size_t stale_ = 0;  ///< cancelled entries still in the queue
  std::uint64_t next_seq_ = 1;
  std::uint64_t executed_ = 0;
  std::uint64_t fingerprint_ordinal_ = 0;
  SimTime now_ = SimTime::zero();
  Fingerprint fingerprint_;
  EventObserver* observer_ = nullptr;
  bool stop_requested_ = false;
  bool running_ = false;
};

}  // namespace whsim
