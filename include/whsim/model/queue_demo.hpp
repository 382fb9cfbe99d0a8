// The kernel demo: one service station with c servers, Poisson arrivals, FIFO queue and
// exponential or deterministic service (M/M/c, M/D/c). It is what `whsim demo` runs until the
// warehouse model exists, and it is the model the queueing-theory validation drives: it uses
// only the public kernel API and records through the Recorder like every model.
#pragma once

#include <cstdint>
#include <vector>

#include "whsim/kernel/distributions.hpp"
#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/stats/kpi.hpp"
#include "whsim/stats/recorder.hpp"

namespace whsim::model {

enum class ServiceKind : std::uint8_t { kExponential, kDeterministic };

struct QueueDemoSpec {
  int servers = 1;
  double arrivals_per_hour = 50.0;
  Duration mean_service = Duration::seconds(60);
  ServiceKind service = ServiceKind::kExponential;
};

/// KPI handles of the demo, declared once (the catalogue in docs/kpis.md lists them).
struct QueueDemoKpis {
  stats::KpiHandle arrivals;
  stats::KpiHandle served;
  stats::KpiHandle wait_time;
  stats::KpiHandle sojourn_time;
  stats::KpiHandle queue_length;
  stats::KpiHandle in_system;
  stats::KpiHandle busy_servers;
  stats::KpiHandle waited_share;
  static QueueDemoKpis declare(stats::KpiRegistry& registry);
};

class QueueDemo final : public Component {
 public:
  enum Kind : EventKind { kArrival = 0, kDeparture = 1 };

  /// Registers itself with the engine and schedules the first arrival at time zero + gap.
  QueueDemo(Engine& engine, RandomStreams& streams, stats::Recorder& recorder, const QueueDemoKpis& kpis,
            const QueueDemoSpec& spec);
  void handle(Engine& engine, const Event& event) override;

  [[nodiscard]] std::uint64_t arrivals() const { return next_customer_; }
  [[nodiscard]] std::uint64_t served() const { return served_; }
  [[nodiscard]] std::size_t waiting() const { return queue_size_; }
  [[nodiscard]] int busy() const { return busy_; }

 private:
  struct Waiting {
    std::uint64_t customer;
    SimTime arrived;
  };
  void start_service(Engine& engine, std::uint64_t customer, SimTime arrived);
  void push_waiting(Waiting w);
  Waiting pop_waiting();
  void record_levels(SimTime now);

  QueueDemoSpec spec_;
  stats::Recorder& recorder_;
  QueueDemoKpis kpis_;
  ComponentId id_;
  RandomStream arrival_stream_;
  RandomStream service_stream_;
  Exponential interarrival_;  // in seconds
  Exponential service_time_;  // in seconds (exponential service)
  std::uint64_t next_customer_ = 0;
  std::uint64_t served_ = 0;
  int busy_ = 0;
  // FIFO ring buffer: grows only at a new maximum queue length, so steady state allocates nothing.
  std::vector<Waiting> ring_;
  std::size_t head_ = 0;
  std::size_t queue_size_ = 0;
};

}  // namespace whsim::model
