// The hot path allocates nothing per event: with a counting global operator new, run an M/M/1
// model and a hold model at 10^4 pending events (with cancellations) to steady state, then check
// that a further 400,000 events allocate nothing. This executable replaces operator new, so it
// is separate from the other kernel tests.
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/dmath.hpp"
#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"

// The replacement operators below pair operator new with malloc and operator delete with free.
// When GCC -O3 inlines both into a container's code it sees free() of an operator-new pointer
// and warns (-Wmismatched-new-delete, a false positive here: the pairing is ours and matched).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  return operator new(n);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace whsim {
namespace {

Duration exponential(RandomStream& s, double mean_seconds) {
  return Duration::from_ticks(
      static_cast<std::int64_t>(-mean_seconds * 1e6 * dmath::log(s.next_draw().uniform_pos())));
}

class MM1 final : public Component {
 public:
  explicit MM1(RandomStreams& streams) : arrivals_(streams.stream("a")), services_(streams.stream("s")) {}
  void handle(Engine& engine, const Event& ev) override {
    if (ev.kind == 0) {
      engine.schedule_after(exponential(arrivals_, 1.0), EventSpec{ev.target, 0});
      if (n_++ == 0) engine.schedule_after(exponential(services_, 0.8), EventSpec{ev.target, 1});
    } else if (--n_ > 0) {
      engine.schedule_after(exponential(services_, 0.8), EventSpec{ev.target, 1});
    }
  }

 private:
  RandomStream arrivals_;
  RandomStream services_;
  std::int64_t n_ = 0;
};

/// Each event reschedules itself; every third one also schedules and cancels a timeout.
class HoldWithTimeouts final : public Component {
 public:
  explicit HoldWithTimeouts(RandomStreams& streams) : s_(streams.stream("hold")) {}
  void handle(Engine& engine, const Event& ev) override {
    if (ev.kind == 1) return;  // a timeout that was not cancelled
    engine.schedule_after(exponential(s_, 1.0), EventSpec{ev.target, 0, ev.entity});
    if (ev.entity % 3 == 0) {
      const EventHandle h = engine.schedule_after(exponential(s_, 5.0), EventSpec{ev.target, 1});
      engine.cancel(h);
    }
  }

 private:
  RandomStream s_;
};

template <class Model>
std::uint64_t allocations_in_steady_state(QueueKind kind, std::uint64_t initial_events) {
  Engine engine(EngineOptions{kind, 16});
  RandomStreams streams(1);
  Model model(streams);
  const ComponentId id = engine.add_component(model, "m");
  for (std::uint64_t i = 0; i < initial_events; ++i) engine.schedule_at(SimTime::zero(), EventSpec{id, 0, i});
  engine.run_events(600'000);  // warm-up: capacities grow to their steady-state size
  const std::uint64_t before = g_allocations.load();
  engine.run_events(400'000);
  const std::uint64_t after = g_allocations.load();
  EXPECT_EQ(engine.events_executed(), 1'000'000U);
  return after - before;
}

TEST(ZeroAllocationTest, CountingAllocatorSeesAllocations) {
  const std::uint64_t before = g_allocations.load();
  std::vector<int> v(10);
  EXPECT_GT(g_allocations.load(), before);  // the counter works, so a zero below means something
}

TEST(ZeroAllocationTest, MM1SteadyStateAllocatesNothing) {
  for (QueueKind kind : {QueueKind::kQuaternaryHeap, QueueKind::kRadixHeap, QueueKind::kHybrid}) {
    EXPECT_EQ(allocations_in_steady_state<MM1>(kind, 1), 0U) << to_string(kind);
  }
}

TEST(ZeroAllocationTest, HoldModelWithCancellationsAllocatesNothing) {
  for (QueueKind kind : {QueueKind::kQuaternaryHeap, QueueKind::kRadixHeap, QueueKind::kHybrid}) {
    EXPECT_EQ(allocations_in_steady_state<HoldWithTimeouts>(kind, 10'000), 0U) << to_string(kind);
  }
}

}  // namespace
}  // namespace whsim
