// Engine: ordering contract, cancellation with generational handles, run limits, stop, contract
// errors, fingerprints, equal results for every queue, and engines running side by side.
#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"

namespace whsim {
namespace {

/// Records every event it receives.
class Recording final : public Component {
 public:
  void handle(Engine& engine, const Event& ev) override {
    seen.push_back({engine.now().ticks(), ev.entity});
    if (ev.kind == 1) engine.stop();
  }
  std::vector<std::pair<std::int64_t, std::uint64_t>> seen;
};

EventSpec at(ComponentId id, std::uint64_t entity, Priority prio = kDefaultPriority) {
  return EventSpec{id, 0, entity, 0, prio};
}

TEST(EngineTest, RunsEventsInTimeOrderAndAdvancesTheClock) {
  Engine engine;
  Recording rec;
  const ComponentId id = engine.add_component(rec, "rec");
  engine.schedule_at(SimTime::from_ticks(30), at(id, 3));
  engine.schedule_at(SimTime::from_ticks(10), at(id, 1));
  engine.schedule_after(Duration::from_ticks(20), at(id, 2));
  EXPECT_EQ(engine.pending(), 3U);
  EXPECT_EQ(engine.run(), StopReason::kEmpty);
  EXPECT_EQ(rec.seen, (std::vector<std::pair<std::int64_t, std::uint64_t>>{{10, 1}, {20, 2}, {30, 3}}));
  EXPECT_EQ(engine.now(), SimTime::from_ticks(30));
  EXPECT_EQ(engine.events_executed(), 3U);
  EXPECT_EQ(engine.pending(), 0U);
}

TEST(EngineTest, EqualTimesRunByPriorityThenInsertionOrder) {
  Engine engine;
  Recording rec;
  const ComponentId id = engine.add_component(rec, "rec");
  engine.schedule_at(SimTime::from_ticks(5), at(id, 1));
  engine.schedule_at(SimTime::from_ticks(5), at(id, 2));
  engine.schedule_at(SimTime::from_ticks(5), at(id, 3, 0));
  engine.schedule_at(SimTime::from_ticks(5), at(id, 4, 255));
  engine.schedule_at(SimTime::from_ticks(5), at(id, 5));
  engine.run();
  std::vector<std::uint64_t> order;
  for (auto& [t, e] : rec.seen) order.push_back(e);
  EXPECT_EQ(order, (std::vector<std::uint64_t>{3, 1, 2, 5, 4}));
}

TEST(EngineTest, CancelIsGenerationalAndIdempotent) {
  Engine engine;
  Recording rec;
  const ComponentId id = engine.add_component(rec, "rec");
  const EventHandle a = engine.schedule_at(SimTime::from_ticks(10), at(id, 1));
  const EventHandle b = engine.schedule_at(SimTime::from_ticks(20), at(id, 2));
  EXPECT_TRUE(engine.is_pending(a));
  EXPECT_TRUE(engine.cancel(a));
  EXPECT_FALSE(engine.is_pending(a));
  EXPECT_FALSE(engine.cancel(a));  // already cancelled
  EXPECT_FALSE(engine.cancel(EventHandle{}));
  EXPECT_EQ(engine.pending(), 1U);
  // The freed slot is reused by the next event; the old handle must still be stale.
  const EventHandle c = engine.schedule_at(SimTime::from_ticks(15), at(id, 3));
  EXPECT_FALSE(engine.is_pending(a));
  EXPECT_FALSE(engine.cancel(a));
  EXPECT_TRUE(engine.is_pending(c));
  engine.run();
  EXPECT_EQ(rec.seen, (std::vector<std::pair<std::int64_t, std::uint64_t>>{{15, 3}, {20, 2}}));
  EXPECT_FALSE(engine.cancel(b));  // already ran
  EXPECT_FALSE(engine.is_pending(b));
  EXPECT_EQ(engine.events_executed(), 2U);
}

TEST(EngineTest, ManyCancellationsAreCompactedAndNeverRun) {
  for (QueueKind kind : {QueueKind::kQuaternaryHeap, QueueKind::kRadixHeap, QueueKind::kHybrid}) {
    Engine engine(EngineOptions{kind, 16});
    Recording rec;
    const ComponentId id = engine.add_component(rec, "rec");
    std::vector<EventHandle> handles;
    for (std::uint64_t i = 0; i < 20000; ++i) {
      handles.push_back(
          engine.schedule_at(SimTime::from_ticks(static_cast<std::int64_t>(1000 + i % 977)), at(id, i)));
    }
    for (std::size_t i = 0; i < handles.size(); ++i) {
      if (i % 10 != 0) {
        ASSERT_TRUE(engine.cancel(handles[i]));
      }
    }
    EXPECT_EQ(engine.pending(), 2000U);
    engine.run();
    ASSERT_EQ(rec.seen.size(), 2000U) << to_string(kind);
    for (auto& [t, e] : rec.seen) EXPECT_EQ(e % 10, 0U);
  }
}

TEST(EngineTest, RunUntilStopsAtTheLimitAndSetsTheClock) {
  Engine engine;
  Recording rec;
  const ComponentId id = engine.add_component(rec, "rec");
  for (std::int64_t t = 10; t <= 50; t += 10)
    engine.schedule_at(SimTime::from_ticks(t), at(id, static_cast<std::uint64_t>(t)));
  EXPECT_EQ(engine.run_until(SimTime::from_ticks(30)), StopReason::kTimeLimit);
  EXPECT_EQ(rec.seen.size(), 3U);  // 10, 20 and 30: the limit is inclusive
  EXPECT_EQ(engine.now(), SimTime::from_ticks(30));
  // Scheduling between the clock and the next pending event is allowed.
  engine.schedule_at(SimTime::from_ticks(35), at(id, 35));
  EXPECT_EQ(engine.run_until(SimTime::from_ticks(1000)), StopReason::kEmpty);
  EXPECT_EQ(engine.now(), SimTime::from_ticks(1000));
  ASSERT_EQ(rec.seen.size(), 6U);
  EXPECT_EQ(rec.seen[3], (std::pair<std::int64_t, std::uint64_t>{35, 35}));
}

TEST(EngineTest, StopFromAHandlerReturnsAfterThatEvent) {
  Engine engine;
  Recording rec;
  const ComponentId id = engine.add_component(rec, "rec");
  engine.schedule_at(SimTime::from_ticks(1), at(id, 1));
  engine.schedule_at(SimTime::from_ticks(2), EventSpec{id, 1, 2});  // kind 1 stops
  engine.schedule_at(SimTime::from_ticks(3), at(id, 3));
  EXPECT_EQ(engine.run(), StopReason::kStopped);
  EXPECT_EQ(rec.seen.size(), 2U);
  EXPECT_EQ(engine.now(), SimTime::from_ticks(2));
  EXPECT_EQ(engine.run(), StopReason::kEmpty);
  EXPECT_EQ(rec.seen.size(), 3U);
}

TEST(EngineTest, RunEventsExecutesAQuota) {
  Engine engine;
  Recording rec;
  const ComponentId id = engine.add_component(rec, "rec");
  for (std::int64_t t = 1; t <= 5; ++t) engine.schedule_at(SimTime::from_ticks(t), at(id, 0));
  EXPECT_EQ(engine.run_events(2), StopReason::kEventLimit);
  EXPECT_EQ(engine.events_executed(), 2U);
  EXPECT_EQ(engine.run_events(10), StopReason::kEmpty);
  EXPECT_EQ(engine.events_executed(), 5U);
}

TEST(EngineTest, ContractViolationsThrow) {
  Engine engine;
  Recording rec;
  const ComponentId id = engine.add_component(rec, "rec");
  engine.schedule_at(SimTime::from_ticks(10), at(id, 0));
  engine.run();
  EXPECT_THROW(engine.schedule_at(SimTime::from_ticks(9), at(id, 0)), ContractError);
  EXPECT_THROW(engine.schedule_after(Duration::from_ticks(-1), at(id, 0)), ContractError);
  EXPECT_THROW(engine.schedule_at(SimTime::from_ticks(20), at(ComponentId(7), 0)), ContractError);
  EXPECT_THROW(engine.schedule_at(SimTime::from_ticks(20), at(ComponentId{}, 0)), ContractError);
  EXPECT_THROW(engine.run_until(SimTime::from_ticks(5)), ContractError);
  EXPECT_EQ(engine.component_name(id), "rec");
}

/// A busy random model: each event schedules 0-3 events at random offsets (zero included, for
/// ties) with random priorities, and sometimes cancels one it scheduled earlier.
class Churn final : public Component {
 public:
  Churn(RandomStream s, std::uint64_t limit) : stream_(s), limit_(limit) {}
  void handle(Engine& engine, const Event& ev) override {
    trace.emplace_back(ev.time.ticks(), ev.entity);
    Draw d = stream_.next_draw();
    const std::uint64_t n = created_ < limit_ ? d.below(4) : 0;
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto offset = static_cast<std::int64_t>(d.below(3) == 0 ? 0 : d.below(1'000'000));
      handles_.push_back(
          engine.schedule_after(Duration::from_ticks(offset),
                                EventSpec{ev.target, 0, ++created_, 0, static_cast<Priority>(d.below(4))}));
    }
    if (!handles_.empty() && d.below(5) == 0) {
      engine.cancel(handles_[d.below(handles_.size())]);
    }
  }
  std::vector<std::pair<std::int64_t, std::uint64_t>> trace;

 private:
  RandomStream stream_;
  std::uint64_t limit_;
  std::uint64_t created_ = 0;
  std::vector<EventHandle> handles_;
};

struct ChurnRun {
  std::vector<std::pair<std::int64_t, std::uint64_t>> trace;
  std::uint64_t fingerprint;
};

ChurnRun run_churn(QueueKind kind, std::uint64_t seed, std::uint64_t limit = 200'000) {
  Engine engine(EngineOptions{kind, 64});
  RandomStreams streams(seed);
  Churn churn(streams.stream("churn"), limit);
  const ComponentId id = engine.add_component(churn, "churn");
  for (std::uint64_t i = 0; i < 50; ++i) engine.schedule_at(SimTime::zero(), EventSpec{id, 0, 1'000'000 + i});
  engine.run();
  return {churn.trace, engine.fingerprint()};
}

TEST(EngineTest, EveryQueueGivesTheSameRun) {
  const ChurnRun heap = run_churn(QueueKind::kQuaternaryHeap, 5);
  const ChurnRun radix = run_churn(QueueKind::kRadixHeap, 5);
  const ChurnRun hybrid = run_churn(QueueKind::kHybrid, 5);
  ASSERT_GT(heap.trace.size(), 100'000U);
  EXPECT_EQ(heap.trace, radix.trace);
  EXPECT_EQ(heap.trace, hybrid.trace);
  EXPECT_EQ(heap.fingerprint, radix.fingerprint);
  EXPECT_EQ(heap.fingerprint, hybrid.fingerprint);
}

TEST(EngineTest, FingerprintIsReproducibleAndSeedSensitive) {
  EXPECT_EQ(run_churn(QueueKind::kHybrid, 11, 20'000).fingerprint,
            run_churn(QueueKind::kHybrid, 11, 20'000).fingerprint);
  EXPECT_NE(run_churn(QueueKind::kHybrid, 11, 20'000).fingerprint,
            run_churn(QueueKind::kHybrid, 12, 20'000).fingerprint);
}

/// Schedules itself every `period` ticks, `count` times.
class Ticker final : public Component {
 public:
  Ticker(std::int64_t period, int count) : period_(period), left_(count) {}
  void handle(Engine& engine, const Event& ev) override {
    if (--left_ > 0) engine.schedule_after(Duration::from_ticks(period_), EventSpec{ev.target});
  }

 private:
  std::int64_t period_;
  int left_;
};

TEST(EngineTest, ObserverEventsAndRegistrationOrderStayOutOfTheFingerprint) {
  const auto run = [](bool with_sampler, bool sampler_first) {
    Engine engine;
    Ticker work(7, 1000);
    Ticker sampler(5, 1000);
    ComponentId w;
    ComponentId s;
    if (sampler_first) s = engine.add_component(sampler, "sampler", false);
    w = engine.add_component(work, "work");
    if (!sampler_first) s = engine.add_component(sampler, "sampler", false);
    engine.schedule_at(SimTime::zero(), EventSpec{w});
    if (with_sampler) engine.schedule_at(SimTime::zero(), EventSpec{s});
    engine.run();
    return engine.fingerprint();
  };
  const std::uint64_t base = run(false, false);
  EXPECT_EQ(run(true, false), base);
  EXPECT_EQ(run(true, true), base);
  EXPECT_EQ(run(false, true), base);
}

TEST(EngineTest, EnginesOnThreadsDoNotInterfere) {
  std::vector<ChurnRun> sequential;
  for (std::uint64_t seed = 1; seed <= 4; ++seed)
    sequential.push_back(run_churn(QueueKind::kHybrid, seed, 30'000));
  std::vector<ChurnRun> parallel(4);
  std::vector<std::thread> threads;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    threads.emplace_back(
        [&parallel, seed] { parallel[seed - 1] = run_churn(QueueKind::kHybrid, seed, 30'000); });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(parallel[i].fingerprint, sequential[i].fingerprint);
    EXPECT_EQ(parallel[i].trace, sequential[i].trace);
  }
}

}  // namespace
}  // namespace whsim
