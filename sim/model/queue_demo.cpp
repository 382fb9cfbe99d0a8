// The kernel demo's service station (see the header).
#include "whsim/model/queue_demo.hpp"

#include "whsim/core/error.hpp"

namespace whsim::model {

QueueDemoKpis QueueDemoKpis::declare(stats::KpiRegistry& registry) {
  using stats::KpiKind;
  QueueDemoKpis k;
  k.arrivals = registry.declare({"demo.arrivals", "customers", KpiKind::kCount,
                                 "Customers that arrived at the demo station during the measured period."});
  k.served = registry.declare({"demo.served", "customers", KpiKind::kCount,
                               "Customers whose service ended during the measured period.",
                               stats::KpiBetter::kHigher});
  k.wait_time = registry.declare({"demo.wait_time", "s", KpiKind::kTally,
                                  "Time from arrival to start of service, per customer that started service.",
                                  stats::KpiBetter::kLower});
  k.sojourn_time = registry.declare({"demo.sojourn_time", "s", KpiKind::kTally,
                                     "Time from arrival to end of service, per customer served.",
                                     stats::KpiBetter::kLower});
  k.queue_length = registry.declare({"demo.queue_length", "customers", KpiKind::kTimeWeighted,
                                     "Customers waiting for a server (not in service), time-weighted.",
                                     stats::KpiBetter::kLower});
  k.in_system =
      registry.declare({"demo.in_system", "customers", KpiKind::kTimeWeighted,
                        "Customers waiting or in service, time-weighted.", stats::KpiBetter::kLower});
  k.busy_servers =
      registry.declare({"demo.busy_servers", "servers", KpiKind::kTimeWeighted,
                        "Servers busy, time-weighted; divided by the server count it is utilisation."});
  k.waited_share =
      registry.declare({"demo.waited_share", "ratio", KpiKind::kRatio,
                        "Share of customers starting service who had to wait (Erlang C for M/M/c).",
                        stats::KpiBetter::kLower});
  return k;
}

QueueDemo::QueueDemo(Engine& engine, RandomStreams& streams, stats::Recorder& recorder,
                     const QueueDemoKpis& kpis, const QueueDemoSpec& spec)
    : spec_(spec),
      recorder_(recorder),
      kpis_(kpis),
      arrival_stream_(streams.stream("demo/arrivals")),
      service_stream_(streams.stream("demo/service")),
      interarrival_(spec.arrivals_per_hour / 3600.0),
      service_time_(1.0 / spec.mean_service.to_seconds()) {
  if (spec.servers < 1) throw ContractError("QueueDemo needs at least one server");
  ring_.resize(64);
  id_ = engine.add_component(*this, "demo/station");
  engine.schedule_after(Duration::from_seconds(interarrival_.sample(arrival_stream_)),
                        EventSpec{id_, kArrival});
}

void QueueDemo::push_waiting(Waiting w) {
  if (queue_size_ == ring_.size()) {  // grow: unroll the ring into a buffer twice the size
    std::vector<Waiting> bigger(ring_.size() * 2);
    for (std::size_t i = 0; i < queue_size_; ++i) bigger[i] = ring_[(head_ + i) % ring_.size()];
    ring_.swap(bigger);
    head_ = 0;
  }
  ring_[(head_ + queue_size_) % ring_.size()] = w;
  ++queue_size_;
}

QueueDemo::Waiting QueueDemo::pop_waiting() {
  const Waiting w = ring_[head_];
  head_ = (head_ + 1) % ring_.size();
  --queue_size_;
  return w;
}

void QueueDemo::record_levels(SimTime now) {
  recorder_.level(kpis_.queue_length, now, static_cast<double>(queue_size_));
  recorder_.level(kpis_.in_system, now, static_cast<double>(queue_size_) + busy_);
  recorder_.level(kpis_.busy_servers, now, busy_);
}

void QueueDemo::start_service(Engine& engine, std::uint64_t customer, SimTime arrived) {
  ++busy_;
  const Duration wait = engine.now() - arrived;
  recorder_.tally(kpis_.wait_time, wait.to_seconds());
  recorder_.ratio(kpis_.waited_share, wait > Duration::zero() ? 1 : 0, 1);
  // The service time belongs to the customer (a keyed draw): two scenarios that differ in
  // servers or arrival rate still give customer n the same service time (common random numbers).
  Duration service = spec_.mean_service;
  if (spec_.service == ServiceKind::kExponential) {
    Draw d = service_stream_.draw_for(customer);
    service = Duration::from_seconds(service_time_(d));
  }
  engine.schedule_after(service,
                        EventSpec{id_, kDeparture, customer, static_cast<std::uint64_t>(arrived.ticks())});
}

void QueueDemo::handle(Engine& engine, const Event& event) {
  const SimTime now = engine.now();
  if (event.kind == kArrival) {
    engine.schedule_after(Duration::from_seconds(interarrival_.sample(arrival_stream_)),
                          EventSpec{id_, kArrival});
    recorder_.count(kpis_.arrivals);
    const std::uint64_t customer = next_customer_++;
    if (busy_ < spec_.servers) {
      start_service(engine, customer, now);
    } else {
      push_waiting({customer, now});
    }
  } else {
    --busy_;
    ++served_;
    recorder_.count(kpis_.served);
    recorder_.tally(kpis_.sojourn_time,
                    (now - SimTime::from_ticks(static_cast<std::int64_t>(event.payload))).to_seconds());
    if (queue_size_ > 0) {
      const Waiting w = pop_waiting();
      start_service(engine, w.customer, w.arrived);
    }
  }
  record_levels(now);
}

}  // namespace whsim::model
