// `whsim demo`: the built-in kernel demo. Runs one service station (M/M/c or M/D/c) on the
// public kernel API, then prints the simulated KPIs beside queueing theory, the event rate and
// the run fingerprint.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/core/error.hpp"
#include "whsim/core/time_format.hpp"
#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/model/queue_demo.hpp"
#include "whsim/model/queueing_theory.hpp"
#include "whsim/stats/stats_recorder.hpp"

#include "commands.hpp"

namespace po = boost::program_options;

namespace whsim::cli {
namespace {

struct DemoOptions {
  int servers = 3;
  double arrivals_per_hour = 150.0;
  double mean_service_s = 60.0;
  std::string service = "exp";
  double horizon_hours = 10000.0;
  double warmup_hours = 100.0;
  std::uint64_t seed = 1;
  std::string queue = "hybrid";
  bool fingerprint_only = false;
  bool no_timing = false;
};

Diagnostic flag_error(const std::string& flag, const std::string& message) {
  return Diagnostic{SourceLocation{"command line", 0, 0}, flag, message};
}

QueueKind parse_queue(const std::string& s) {
  if (s == "hybrid") return QueueKind::kHybrid;
  if (s == "heap4") return QueueKind::kQuaternaryHeap;
  return QueueKind::kRadixHeap;
}

void validate(const DemoOptions& o) {
  std::vector<Diagnostic> errors;
  if (o.servers < 1 || o.servers > 100000) {
    errors.push_back(
        flag_error("--servers", fmt::format("{} is out of range (expected 1 to 100000)", o.servers)));
  }
  if (!(o.arrivals_per_hour > 0.0 && std::isfinite(o.arrivals_per_hour))) {
    errors.push_back(flag_error(
        "--arrivals-per-hour",
        fmt::format("{} is not a positive rate (expected a finite number > 0)", o.arrivals_per_hour)));
  }
  if (!(o.mean_service_s >= 1e-6 && o.mean_service_s <= 1e9)) {
    errors.push_back(
        flag_error("--mean-service",
                   fmt::format("{} s is out of range (expected 0.000001 to 1e9 seconds)", o.mean_service_s)));
  }
  if (o.service != "exp" && o.service != "det") {
    errors.push_back(flag_error(
        "--service", fmt::format("'{}' is not a service distribution (expected exp or det)", o.service)));
  }
  if (!(o.horizon_hours > 0.0 && o.horizon_hours <= 1e6)) {
    errors.push_back(flag_error(
        "--horizon-hours",
        fmt::format("{} is out of range (expected more than 0 and at most 1000000 hours)", o.horizon_hours)));
  }
  if (!(o.warmup_hours >= 0.0 && o.warmup_hours < o.horizon_hours)) {
    errors.push_back(flag_error(
        "--warmup-hours",
        fmt::format("{} is out of range (expected at least 0 and less than the horizon)", o.warmup_hours)));
  }
  if (o.queue != "hybrid" && o.queue != "heap4" && o.queue != "radix") {
    errors.push_back(flag_error(
        "--queue", fmt::format("'{}' is not a future event set (expected hybrid, heap4 or radix)", o.queue)));
  }
  if (!errors.empty()) throw InputError(std::move(errors));
}

std::string num(double v, int decimals = 3) {
  if (std::isnan(v)) return "-";
  return fmt::format("{:.{}f}", v, decimals);
}

std::string versus(double simulated, double theory) {
  if (std::isnan(theory) || std::isnan(simulated) || theory == 0.0) return "";
  return fmt::format("{:+.2f}%", 100.0 * (simulated - theory) / theory);
}

}  // namespace

int run_demo(const std::vector<std::string>& args) {
  DemoOptions o;
  po::options_description opts(
      "whsim demo: run the built-in kernel demo, one service station with Poisson arrivals and a FIFO\n"
      "queue (M/M/c or M/D/c), and compare the simulated KPIs with queueing theory\n\nOptions");
  opts.add_options()("help,h", "show this help")("servers", po::value(&o.servers)->default_value(o.servers),
                                                 "servers at the station (c)")(
      "arrivals-per-hour", po::value(&o.arrivals_per_hour)->default_value(o.arrivals_per_hour),
      "Poisson arrival rate (lambda), per hour")(
      "mean-service", po::value(&o.mean_service_s)->default_value(o.mean_service_s),
      "mean service time, seconds (1/mu)")(
      "service", po::value(&o.service)->default_value(o.service),
      "service time distribution: exp (exponential) or det (deterministic)")(
      "horizon-hours", po::value(&o.horizon_hours)->default_value(o.horizon_hours),
      "simulated time, hours (warm-up included)")("warmup-hours",
                                                  po::value(&o.warmup_hours)->default_value(o.warmup_hours),
                                                  "warm-up deleted before measuring, hours")(
      "seed", po::value(&o.seed)->default_value(o.seed), "master seed of the random streams")(
      "queue", po::value(&o.queue)->default_value(o.queue),
      "future event set: hybrid, heap4 or radix (results are identical)")(
      "fingerprint", po::bool_switch(&o.fingerprint_only), "print only the run fingerprint (16 hex digits)")(
      "no-timing", po::bool_switch(&o.no_timing),
      "leave out wall-clock figures, so the output is reproducible");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  if (vm.count("help") != 0U) {
    std::cout << opts << "\n";
    return 0;
  }
  po::notify(vm);
  validate(o);

  model::QueueDemoSpec spec;
  spec.servers = o.servers;
  spec.arrivals_per_hour = o.arrivals_per_hour;
  spec.mean_service = Duration::from_seconds(o.mean_service_s);
  spec.service = o.service == "det" ? model::ServiceKind::kDeterministic : model::ServiceKind::kExponential;
  const SimTime warmup = SimTime::zero() + Duration::from_seconds(o.warmup_hours * 3600.0);
  const SimTime horizon = SimTime::zero() + Duration::from_seconds(o.horizon_hours * 3600.0);

  stats::KpiRegistry registry;
  const auto kpis = model::QueueDemoKpis::declare(registry);
  stats::StatsRecorder recorder(registry);
  Engine engine(EngineOptions{parse_queue(o.queue), 1024});
  RandomStreams streams(o.seed);
  model::QueueDemo station(engine, streams, recorder, kpis, spec);

  const auto t0 = std::chrono::steady_clock::now();
  engine.run_until(warmup);
  recorder.reset(engine.now());
  engine.run_until(horizon);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stats::RunResult result = recorder.result(engine.now());
  result.fingerprint = engine.fingerprint();
  result.events = engine.events_executed();
  result.seed = o.seed;

  if (o.fingerprint_only) {
    fmt::print("{:016x}\n", result.fingerprint);
    return 0;
  }

  // Theory (per second).
  const double lambda = o.arrivals_per_hour / 3600.0;
  const double mu = 1.0 / spec.mean_service.to_seconds();
  const double rho = lambda / (o.servers * mu);
  const double nan = std::nan("");
  double wq = nan;
  double p_wait = nan;
  if (rho < 1.0 && spec.service == model::ServiceKind::kExponential) {
    wq = model::mmc_mean_wait(lambda, mu, o.servers);
    p_wait = model::erlang_c(o.servers, lambda / mu);
  } else if (rho < 1.0 && o.servers == 1) {
    wq = model::md1_mean_wait(lambda, mu);
    p_wait = rho;
  }
  const double measured_s = (horizon - warmup).to_seconds();
  const double w = wq + 1.0 / mu;
  const bool stable = rho < 1.0;

  const char* kind = spec.service == model::ServiceKind::kExponential ? "M/M" : "M/D";
  fmt::print("whsim {} kernel demo: {}/{} station (Poisson arrivals, {} service, FIFO)\n", WHSIM_VERSION,
             kind, o.servers,
             spec.service == model::ServiceKind::kExponential ? "exponential" : "deterministic");
  fmt::print("  arrivals {}/h, mean service {}, {} server{}, utilisation rho = {:.3f}{}\n",
             o.arrivals_per_hour, spec.mean_service, o.servers, o.servers == 1 ? "" : "s", rho,
             stable ? "" : "  (unstable: rho >= 1, the queue grows without bound; no theory)");
  fmt::print("  horizon {} h ({}), first {} h deleted as warm-up, seed {}, future event set {}\n\n",
             o.horizon_hours, horizon, o.warmup_hours, o.seed, o.queue);
  fmt::print("  {:<20} {:>12} {:>10} {:>12} {:>10}  {}\n", "KPI", "simulated", "p95", "theory", "vs theory",
             "unit");
  const auto row = [&](const char* name, const char* label, double theory) {
    const stats::KpiValue* k = result.find(name);
    if (k == nullptr) return;
    const int decimals = k->kind == stats::KpiKind::kCount ? 0 : 3;
    fmt::print("  {:<20} {:>12} {:>10} {:>12} {:>10}  {}\n", label, num(k->value, decimals),
               std::isnan(k->p95) ? "" : num(k->p95, decimals), num(theory, decimals),
               versus(k->value, theory), k->unit);
  };
  row("demo.wait_time", "wait in queue (Wq)", stable ? wq : nan);
  row("demo.sojourn_time", "time in system (W)", stable ? w : nan);
  row("demo.queue_length", "queue length (Lq)", stable ? lambda * wq : nan);
  row("demo.in_system", "in system (L)", stable ? lambda * w : nan);
  row("demo.busy_servers", "busy servers", stable ? lambda / mu : nan);
  row("demo.waited_share", "share who waited", stable ? p_wait : nan);
  row("demo.arrivals", "arrivals", lambda * measured_s);
  row("demo.served", "served", stable ? lambda * measured_s : nan);

  // Little's law from independent measurements: L (time-weighted) against lambda * W (tallies).
  const stats::KpiValue* lq = result.find("demo.queue_length");
  const stats::KpiValue* wait = result.find("demo.wait_time");
  const stats::KpiValue* arrivals = result.find("demo.arrivals");
  if (lq != nullptr && wait != nullptr && arrivals != nullptr && measured_s > 0) {
    const double lambda_hat = arrivals->value / measured_s;
    fmt::print("\n  Little's law: Lq = {:.4f} (time-weighted) vs lambda*Wq = {:.4f} (from waits), {}\n",
               lq->value, lambda_hat * wait->value, versus(lq->value, lambda_hat * wait->value));
  }
  fmt::print("\n  {} events", result.events);
  if (!o.no_timing) {
    fmt::print(" in {:.3f} s wall ({:.1f} M events/s)", wall,
               wall > 0 ? static_cast<double>(result.events) / wall / 1e6 : 0.0);
  }
  fmt::print("; fingerprint {:016x}\n", result.fingerprint);
  return 0;
}

}  // namespace whsim::cli
