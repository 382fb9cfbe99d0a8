// Kernel benchmarks: the classic hold model (pop the earliest event, push one at a random
// increment) at 10^3, 10^5 and 10^6 pending events for every future event set, through the raw
// queue and through the Engine; an M/M/1 queue through the public Engine API (events/s); and
// the cost of one variate of each distribution.
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "whsim/core/dmath.hpp"
#include "whsim/kernel/distributions.hpp"
#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/event_queue.hpp"
#include "whsim/kernel/random.hpp"

namespace {

using whsim::Duration;
using whsim::Engine;
using whsim::QueueEntry;

/// Exponential increments (mean 1 s in ticks), precomputed so the queue is what is measured.
const std::vector<std::int64_t>& increments() {
  static const std::vector<std::int64_t> table = [] {
    whsim::RandomStreams streams(1);
    auto s = streams.stream("bench/increments");
    std::vector<std::int64_t> v(1 << 16);
    for (auto& x : v)
      x = static_cast<std::int64_t>(-1e6 * whsim::dmath::log(s.next_draw().uniform_pos())) + 1;
    return v;
  }();
  return table;
}

template <class Q>
void BM_HoldQueue(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& inc = increments();
  const std::size_t mask = inc.size() - 1;
  Q q;
  q.reserve(n);
  std::uint64_t seq = 0;
  std::size_t r = 0;
  for (std::size_t i = 0; i < n; ++i) q.push(QueueEntry{inc[r++ & mask], ++seq, 0});
  // Warm up into the steady-state key distribution before timing.
  for (std::size_t i = 0; i < 2 * n; ++i) {
    const QueueEntry e = q.top();
    q.pop();
    q.push(QueueEntry{e.time + inc[r++ & mask], ++seq, 0});
  }
  for (auto _ : state) {
    const QueueEntry e = q.top();
    q.pop();
    q.push(QueueEntry{e.time + inc[r++ & mask], ++seq, 0});
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HoldQueue<whsim::QuaternaryHeap>)
    ->Name("hold/queue/heap4")
    ->Arg(1000)
    ->Arg(100000)
    ->Arg(1000000);
BENCHMARK(BM_HoldQueue<whsim::RadixHeap>)->Name("hold/queue/radix")->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldQueue<whsim::HybridQueue>)->Name("hold/queue/hybrid")->Arg(1000)->Arg(100000)->Arg(1000000);

/// Hold model through the Engine: each event reschedules itself at a random increment.
class HoldComponent final : public whsim::Component {
 public:
  void handle(Engine& engine, const whsim::Event& ev) override {
    engine.schedule_after(Duration::from_ticks(inc_[r_++ & mask_]),
                          whsim::EventSpec{ev.target, 0, ev.entity});
  }
  const std::vector<std::int64_t>& inc_ = increments();
  std::size_t mask_ = increments().size() - 1;
  std::size_t r_ = 0;
};

void BM_HoldEngine(benchmark::State& state, whsim::QueueKind kind) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Engine engine(whsim::EngineOptions{kind, n});
  HoldComponent hold;
  const auto id = engine.add_component(hold, "hold");
  for (std::size_t i = 0; i < n; ++i) {
    engine.schedule_after(Duration::from_ticks(increments()[i & 0xFFFF]), whsim::EventSpec{id, 0, i});
  }
  engine.run_events(2 * n);
  for (auto _ : state) engine.run_events(1);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_HoldEngine, heap4, whsim::QueueKind::kQuaternaryHeap)
    ->Arg(1000)
    ->Arg(100000)
    ->Arg(1000000);
BENCHMARK_CAPTURE(BM_HoldEngine, radix, whsim::QueueKind::kRadixHeap)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK_CAPTURE(BM_HoldEngine, hybrid, whsim::QueueKind::kHybrid)->Arg(1000)->Arg(100000)->Arg(1000000);

/// M/M/1 through the public API: arrival and departure events, exponential times drawn with
/// whsim::Exponential from named Philox streams, a count of customers in the system.
class MM1 final : public whsim::Component {
 public:
  enum Kind : whsim::EventKind { kArrival, kDeparture };
  MM1(Engine& engine, whsim::RandomStreams& streams)
      : arrivals_(streams.stream("mm1/arrivals")), services_(streams.stream("mm1/services")) {
    id_ = engine.add_component(*this, "mm1");
    engine.schedule_after(next(arrivals_, interarrival_), whsim::EventSpec{id_, kArrival});
  }
  void handle(Engine& engine, const whsim::Event& ev) override {
    if (ev.kind == kArrival) {
      engine.schedule_after(next(arrivals_, interarrival_), whsim::EventSpec{id_, kArrival});
      if (in_system_++ == 0)
        engine.schedule_after(next(services_, service_), whsim::EventSpec{id_, kDeparture});
    } else if (--in_system_ > 0) {
      engine.schedule_after(next(services_, service_), whsim::EventSpec{id_, kDeparture});
    }
  }

 private:
  static Duration next(whsim::RandomStream& s, const whsim::Exponential& dist) {
    return Duration::from_ticks(static_cast<std::int64_t>(dist.sample(s)));
  }
  whsim::Exponential interarrival_{0.9e-6};  // rates per tick: rho = 0.9
  whsim::Exponential service_{1e-6};
  whsim::RandomStream arrivals_;
  whsim::RandomStream services_;
  whsim::ComponentId id_;
  std::int64_t in_system_ = 0;
};

void BM_MM1(benchmark::State& state, whsim::QueueKind kind) {
  Engine engine(whsim::EngineOptions{kind, 64});
  whsim::RandomStreams streams(7);
  MM1 model(engine, streams);
  engine.run_events(10000);
  constexpr std::uint64_t kBatch = 100000;
  for (auto _ : state) engine.run_events(kBatch);
  state.SetItemsProcessed(state.iterations() * static_cast<benchmark::IterationCount>(kBatch));
  state.counters["fingerprint"] = static_cast<double>(engine.fingerprint() & 0xFFFF);
}
BENCHMARK_CAPTURE(BM_MM1, heap4, whsim::QueueKind::kQuaternaryHeap)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MM1, radix, whsim::QueueKind::kRadixHeap)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MM1, hybrid, whsim::QueueKind::kHybrid)->Unit(benchmark::kMillisecond);

/// ns per variate for each distribution (one sequential draw each, as a model takes them).
template <class Dist>
void BM_Variate(benchmark::State& state, Dist dist) {
  whsim::RandomStreams streams(3);
  whsim::RandomStream s = streams.stream("bench/variate");
  for (auto _ : state) benchmark::DoNotOptimize(dist.sample(s));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Variate, uniform, whsim::Uniform(0.0, 1.0));
BENCHMARK_CAPTURE(BM_Variate, exponential, whsim::Exponential(1.0));
BENCHMARK_CAPTURE(BM_Variate, normal, whsim::Normal(0.0, 1.0));
BENCHMARK_CAPTURE(BM_Variate, lognormal, whsim::LogNormal(0.0, 0.5));
BENCHMARK_CAPTURE(BM_Variate, gamma_2_5, whsim::Gamma(2.5, 1.0));
BENCHMARK_CAPTURE(BM_Variate, beta_2_5, whsim::Beta(2.0, 5.0));
BENCHMARK_CAPTURE(BM_Variate, triangular, whsim::Triangular(1.0, 2.0, 6.0));
BENCHMARK_CAPTURE(BM_Variate, binomial_1000_0_3, whsim::Binomial(1000, 0.3));
BENCHMARK_CAPTURE(BM_Variate, poisson_3_5, whsim::Poisson(3.5));
BENCHMARK_CAPTURE(BM_Variate, poisson_47, whsim::Poisson(47.3));
BENCHMARK_CAPTURE(BM_Variate, geometric, whsim::Geometric(0.2));
BENCHMARK_CAPTURE(BM_Variate, negative_binomial, whsim::NegativeBinomial(3.0, 0.4));
BENCHMARK_CAPTURE(BM_Variate, discrete_5, whsim::Discrete({1.0, 0.0, 3.0, 6.0, 0.5}));
BENCHMARK_CAPTURE(BM_Variate, zipf_1e7, whsim::Zipf(10'000'000, 1.0));

}  // namespace

BENCHMARK_MAIN();
