// Engine: event pool, scheduling, cancellation and the run loop.
#include "whsim/kernel/engine.hpp"

#include <fmt/format.h>

#include "whsim/core/time_format.hpp"
#include "whsim/kernel/random.hpp"

namespace whsim {

std::string_view to_string(QueueKind kind) {
  switch (kind) {
    case QueueKind::kQuaternaryHeap:
      return "heap4";
    case QueueKind::kRadixHeap:
      return "radix";
    case QueueKind::kHybrid:
      return "hybrid";
  }
  return "unknown";
}

std::string_view to_string(StopReason reason) {
  switch (reason) {
    case StopReason::kEmpty:
      return "no events left";
    case StopReason::kTimeLimit:
      return "time limit reached";
    case StopReason::kStopped:
      return "stopped";
    case StopReason::kEventLimit:
      return "event limit reached";
  }
  return "unknown";
}

Engine::Queue Engine::make_queue(QueueKind kind) {
  switch (kind) {
    case QueueKind::kQuaternaryHeap:
      return QuaternaryHeap{};
    case QueueKind::kRadixHeap:
      return RadixHeap{};
    case QueueKind::kHybrid:
      return HybridQueue{};
  }
  throw ContractError("unknown queue kind");
}

Engine::Engine(EngineOptions options) : options_(options), queue_(make_queue(options.queue)) {
  pool_.reserve(options_.reserve_events);
  std::visit([&](auto& q) { q.reserve(options_.reserve_events); }, queue_);
}

Engine::~Engine() = default;

ComponentId Engine::add_component(Component& component, std::string_view name, bool fingerprinted) {
  if (components_.size() >= 0xFFFFFFFEU) throw ContractError("too many components");
  components_.push_back(ComponentEntry{&component, std::string(name), fnv1a64(name), fingerprinted});
  return ComponentId(static_cast<std::uint32_t>(components_.size() - 1));
}

std::string_view Engine::component_name(ComponentId id) const {
  if (!id.valid() || id.index() >= components_.size()) return {};
  return components_[id.index()].name;
}

const Component& Engine::component(ComponentId id) const {
  if (!id.valid() || id.index() >= components_.size()) {
    throw ContractError(fmt::format("Engine::component: unknown component id {}", id.value()));
  }
  return *components_[id.index()].component;
}

bool Engine::is_fingerprinted(ComponentId id) const {
  return id.valid() && id.index() < components_.size() && components_[id.index()].fingerprinted;
}

std::uint32_t Engine::grow_pool() {
  if (pool_.size() >= kNoFree) throw ContractError("too many pending events");
  pool_.emplace_back();
  return static_cast<std::uint32_t>(pool_.size() - 1);
}

void Engine::release_slot(std::uint32_t slot) {
  Record& r = pool_[slot];
  r.seq = 0;
  r.entity = free_head_;
  free_head_ = slot;
}

void Engine::schedule_error(SimTime t, const EventSpec& spec) const {
  if (t < now_) {
    throw ContractError(fmt::format("event scheduled at {} (tick {}), before the current time {} (tick {})",
                                    t, t.ticks(), now_, now_.ticks()));
  }
  throw ContractError(fmt::format("event scheduled for unknown component id {}", spec.target.value()));
}

bool Engine::is_pending(EventHandle handle) const {
  if (handle.is_null() || handle.slot_ >= pool_.size()) return false;
  return pool_[handle.slot_].seq == handle.seq_;
}

bool Engine::cancel(EventHandle handle) {
  if (!is_pending(handle)) return false;
  release_slot(handle.slot_);
  --live_;
  ++stale_;
  maybe_compact();
  return true;
}

void Engine::maybe_compact() {
  // Cancelled entries stay in the queue until their time comes (lazy deletion). When they
  // outnumber live ones, drop them in one pass so memory stays proportional to live events.
  if (stale_ < 4096 || stale_ < live_) return;
  std::visit(
      [&](auto& q) {
        q.erase_if([&](const QueueEntry& e) { return pool_[e.slot].seq != (e.order & kSeqMask); });
      },
      queue_);
  stale_ = 0;
}

template <class Q>
StopReason Engine::loop(Q& q, SimTime until, std::uint64_t max_events) {
  const std::int64_t limit = until.ticks();
  std::uint64_t budget = max_events;
  while (true) {
    if (stop_requested_) return StopReason::kStopped;
    if (q.empty()) {
      if (until != SimTime::max()) now_ = until;
      return StopReason::kEmpty;
    }
    if (budget == 0) return StopReason::kEventLimit;
    const QueueEntry e = q.top();
    if (e.time > limit) {
      now_ = until;
      return StopReason::kTimeLimit;
    }
    q.pop();
    Record& r = pool_[e.slot];
    if (r.seq != (e.order & kSeqMask)) {  // cancelled: its slot was released (maybe reused)
      --stale_;
      continue;
    }
    const Event ev{SimTime::from_ticks(e.time), ComponentId(r.target), r.kind, r.entity, r.payload};
    release_slot(e.slot);
    // With many pending events the next event's record is usually not in cache: start loading
    // it now, so the miss overlaps with this event's handler.
    if (!q.empty()) __builtin_prefetch(&pool_[q.top().slot]);
    --live_;
    --budget;
    now_ = ev.time;
    ++executed_;
    const ComponentEntry& c = components_[ev.target.index()];
    if (c.fingerprinted) {
      fingerprint_.add(fingerprint_ordinal_++, e.time, ev.kind, c.name_hash, ev.entity);
      if (observer_ != nullptr) [[unlikely]] {
        observer_->on_event(ev);
      }
    }
    c.component->handle(*this, ev);
  }
}

StopReason Engine::run_until(SimTime until) {
  if (running_) throw ContractError("Engine::run_until called from inside an event handler");
  if (until < now_) throw ContractError("Engine::run_until: requested time is before the current time");
  running_ = true;
  stop_requested_ = false;
  const StopReason reason = std::visit([&](auto& q) { return loop(q, until, ~std::uint64_t{0}); }, queue_);
  running_ = false;
  stop_requested_ = false;
  return reason;
}

StopReason Engine::run_events(std::uint64_t max_events) {
  if (running_) throw ContractError("Engine::run_events called from inside an event handler");
  running_ = true;
  stop_requested_ = false;
  const StopReason reason = std::visit([&](auto& q) { return loop(q, SimTime::max(), max_events); }, queue_);
  running_ = false;
  stop_requested_ = false;
  return reason;
}

}  // namespace whsim
