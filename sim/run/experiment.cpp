// Experiments: run ids, ordering, shards, analysis mode and replications (see the header).
#include "whsim/run/experiment.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "whsim/core/error.hpp"
#include "whsim/core/time_format.hpp"
#include "whsim/core/units.hpp"
#include "whsim/stats/warmup.hpp"

namespace whsim::run {

std::string make_run_id(std::size_t point, std::uint64_t replication, std::string_view point_hash) {
  return fmt::format("p{:06}-r{:05}-{}", point, replication, point_hash);
}

std::vector<std::size_t> shard_positions(std::size_t count, std::size_t shard, std::size_t shards) {
  std::vector<std::size_t> out;
  if (shards == 0) return out;
  for (std::size_t k = shard; k < count; k += shards) out.push_back(k);
  return out;
}

bool parse_shard(std::string_view text, std::size_t& shard, std::size_t& shards) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  const auto number = [](std::string_view s, std::size_t& out) {
    if (s.empty() || s.size() > 9) return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  std::size_t i = 0;
  std::size_t n = 0;
  if (!number(text.substr(0, slash), i) || !number(text.substr(slash + 1), n)) return false;
  if (n < 1 || i < 1 || i > n) return false;
  shard = i - 1;
  shards = n;
  return true;
}

std::vector<std::size_t> longest_first(std::span<const std::size_t> indices, std::span<const double> cost) {
  std::vector<std::size_t> out(indices.begin(), indices.end());
  std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    if (cost[a] != cost[b]) return cost[a] > cost[b];
    return a < b;
  });
  return out;
}

double estimated_cost(const scenario::ScenarioSpec& spec) {
  const double horizon = spec.simulation.horizon.value.to_seconds();
  const double rate = std::max(spec.orders.rate.value, 0.0);
  const double robots = static_cast<double>(std::max<std::int64_t>(spec.robots.count.value, 0));
  return horizon * (rate + robots / 100.0 + 0.01);
}

std::uint64_t estimated_memory_bytes(const scenario::ScenarioSpec& spec) {
  // Measured (docs/experiments.md): about 20 MB for a small warehouse and 260 MB for one with
  // a million SKUs; stock records dominate.
  const auto skus = static_cast<std::uint64_t>(std::max<std::int64_t>(spec.skus.count.value, 0));
  const auto pods = static_cast<std::uint64_t>(std::max<std::int64_t>(spec.pods.count.value, 0));
  return (24ULL << 20U) + skus * 240U + pods * 512U;
}

std::string_view to_string(AnalysisMode mode) {
  return mode == AnalysisMode::kTerminating ? "terminating" : "steady-state";
}

std::string_view to_string(WarmupMethod method) {
  switch (method) {
    case WarmupMethod::kScenario:
      return "scenario";
    case WarmupMethod::kFixed:
      return "fixed";
    case WarmupMethod::kMser5:
      return "mser5";
  }
  return "scenario";
}

AnalysisChoice default_analysis(const scenario::ScenarioSpec& spec) {
  AnalysisChoice c;
  const Duration horizon = spec.simulation.horizon.value;
  if (horizon <= Duration::days(1)) {
    c.mode = AnalysisMode::kTerminating;
    c.reason = fmt::format("default: the horizon ({}) is at most one day, so each run is one day or shift",
                           format_human(horizon));
  } else {
    c.mode = AnalysisMode::kSteadyState;
    c.warmup =
        spec.simulation.warmup.value > Duration::zero() ? WarmupMethod::kScenario : WarmupMethod::kMser5;
    c.reason = fmt::format("default: the horizon ({}) is longer than one day", format_human(horizon));
  }
  return c;
}

AnalysisChoice choose_analysis(const scenario::ScenarioSpec& spec, std::string_view analysis,
                               std::string_view warmup) {
  AnalysisChoice c = default_analysis(spec);
  const SourceLocation cli{"command line", 0, 0};
  if (!analysis.empty()) {
    if (analysis == "terminating") {
      c.mode = AnalysisMode::kTerminating;
      c.warmup = WarmupMethod::kScenario;
    } else if (analysis == "steady-state") {
      c.mode = AnalysisMode::kSteadyState;
      c.warmup =
          spec.simulation.warmup.value > Duration::zero() ? WarmupMethod::kScenario : WarmupMethod::kMser5;
    } else {
      throw InputError(
          Diagnostic{cli, "--analysis",
                     fmt::format("unknown analysis '{}' (expected terminating or steady-state)", analysis)});
    }
    c.reason = fmt::format("--analysis {}", analysis);
  }
  if (!warmup.empty()) {
    if (warmup == "mser5") {
      c.warmup = WarmupMethod::kMser5;
    } else {
      const units::Parsed<Duration> d = units::parse_duration(warmup);
      if (!d.ok()) {
        throw InputError(Diagnostic{
            cli, "--warmup", fmt::format("{} (expected a duration such as 2h, or mser5)", d.message())});
      }
      if (d.value() < Duration::zero()) {
        throw InputError(
            Diagnostic{cli, "--warmup",
                       fmt::format("warm-up {} is negative (expected 0s or more, such as 2h, or mser5)",
                                   format_human(d.value()))});
      }
      if (d.value() >= spec.simulation.horizon.value) {
        throw InputError(Diagnostic{
            cli, "--warmup",
            fmt::format("warm-up {} is not shorter than the horizon {} (expected less than the horizon)",
                        format_human(d.value()), format_human(spec.simulation.horizon.value))});
      }
      c.warmup = WarmupMethod::kFixed;
      c.fixed_warmup = d.value();
    }
    if (c.mode == AnalysisMode::kTerminating && analysis.empty()) {
      c.mode = AnalysisMode::kSteadyState;
      c.reason = fmt::format("--warmup {} asks for steady-state analysis", warmup);
    } else if (c.mode == AnalysisMode::kTerminating) {
      throw InputError(Diagnostic{cli, "--warmup",
                                  "a warm-up to delete needs steady-state analysis (expected --analysis "
                                  "steady-state, or no --analysis)"});
    }
  }
  return c;
}

WarmupDecision mser5_warmup(std::span<const stats::RunResult* const> pilots) {
  WarmupDecision d;
  std::vector<double> mean;
  std::vector<std::int64_t> ticks;
  std::size_t n = 0;
  for (const stats::RunResult* r : pilots) {
    const stats::TimeSeries* s = r->find_series(kWarmupSeries);
    if (s == nullptr) continue;
    if (n == 0) {
      mean.assign(s->values.begin(), s->values.end());
      ticks = s->time_ticks;
    } else {
      const std::size_t common = std::min(mean.size(), s->values.size());
      mean.resize(common);
      ticks.resize(common);
      for (std::size_t i = 0; i < common; ++i) mean[i] += s->values[i];
    }
    ++n;
  }
  if (n == 0 || mean.empty()) {
    d.reliable = false;
    d.note = fmt::format("MSER-5: no {} series in the pilot runs; no warm-up deleted", kWarmupSeries);
    return d;
  }
  for (double& v : mean) v /= static_cast<double>(n);
  const stats::WarmupResult w = stats::mser5(mean);
  d.reliable = w.reliable;
  const std::size_t at = std::min(w.truncation, ticks.size() - 1);
  d.warmup = w.truncation == 0 ? Duration::zero() : Duration::from_ticks(ticks[at]);
  d.note = fmt::format("MSER-5 on the mean of {} over {} pilot run{} ({} samples): delete {} samples = {}{}",
                       kWarmupSeries, n, n == 1 ? "" : "s", mean.size(), w.truncation, format_human(d.warmup),
                       w.reliable ? "" : " (not reliable: the horizon is too short to reach steady state)");
  return d;
}

namespace {

/// Runs replications `reps` of `spec` and stores their outputs by replication index.
void run_batch(const scenario::ScenarioSpec& spec, std::span<const std::size_t> reps,
               const ReplicationsOptions& o, std::vector<std::optional<ReplicationOutput>>& out,
               std::size_t& done, std::size_t total) {
  std::mutex m;
  std::exception_ptr input_error;  // the first InputError (a model that cannot be built), rethrown
  const TaskFunction task = [&](std::size_t index) {
    ReplicationOptions ro = o.run;
    ro.replication = index;
    ro.progress = nullptr;
    ReplicationOutput r;
    try {
      r = run_replication(spec, ro);
    } catch (const InputError& e) {
      const std::lock_guard<std::mutex> lock(m);
      if (!input_error) input_error = std::current_exception();
      return TaskOutcome{TaskOutcome::State::kFailed, e.what(), 0.0};
    }
    if (!r.conservation.empty()) throw std::runtime_error("stock is not conserved: " + r.conservation);
    const std::lock_guard<std::mutex> lock(m);
    out[index] = std::move(r);
    return TaskOutcome{TaskOutcome::State::kDone, {}, 0.0};
  };
  ExecutorOptions eo;
  eo.jobs = o.jobs;
  eo.fail_fast = true;
  eo.stop = o.run.stop;
  eo.on_done = [&](std::size_t, const TaskOutcome&) {
    ++done;
    if (o.on_run_done) o.on_run_done(done, total);
  };
  const std::vector<TaskOutcome> outcomes = execute_local(out.size(), reps, task, eo);
  if (input_error) std::rethrow_exception(input_error);
  for (const TaskOutcome& t : outcomes) {
    if (t.state == TaskOutcome::State::kFailed) throw std::runtime_error(t.error);
  }
}

}  // namespace

ReplicationsOutput run_replications(const scenario::ScenarioSpec& spec, const ReplicationsOptions& options) {
  ReplicationsOutput result;
  const auto n = static_cast<std::size_t>(std::max(options.replications, 1));
  output::ExperimentInfo& info = result.info;
  info.present = true;
  info.kind = "replications";
  info.analysis = std::string(to_string(options.analysis.mode));
  info.confidence_level = options.level;
  scenario::ScenarioSpec run_spec = spec;
  std::vector<std::optional<ReplicationOutput>> outs(n);
  std::size_t done = 0;
  std::size_t total = n;
  const AnalysisChoice& a = options.analysis;
  if (a.mode == AnalysisMode::kTerminating) {
    info.warmup_method = spec.simulation.warmup.value > Duration::zero() ? "scenario" : "none";
    info.warmup_seconds = spec.simulation.warmup.value.to_seconds();
    info.warmup_note =
        spec.simulation.warmup.value > Duration::zero()
            ? fmt::format("measured from {} (simulation.warmup)", format_human(spec.simulation.warmup.value))
            : "measured from the start";
  } else if (a.warmup == WarmupMethod::kFixed || a.warmup == WarmupMethod::kScenario) {
    const Duration w = a.warmup == WarmupMethod::kFixed ? a.fixed_warmup : spec.simulation.warmup.value;
    if (w >= spec.simulation.horizon.value) {
      throw InputError(Diagnostic{
          SourceLocation{"command line", 0, 0}, "--warmup",
          fmt::format("warm-up {} is not shorter than the horizon {} (expected less than the horizon)",
                      format_human(w), format_human(spec.simulation.horizon.value))});
    }
    run_spec.simulation.warmup.value = w;
    info.warmup_method = std::string(to_string(a.warmup));
    info.warmup_seconds = w.to_seconds();
    info.warmup_note = fmt::format("fixed warm-up {} deleted ({})", format_human(w),
                                   a.warmup == WarmupMethod::kFixed ? "--warmup" : "simulation.warmup");
  } else {
    // MSER-5 pilot: the first replications without warm-up, with their time series.
    const std::size_t pilots = std::min<std::size_t>(n, 5);
    total = n + pilots;
    scenario::ScenarioSpec pilot_spec = spec;
    pilot_spec.simulation.warmup.value = Duration::zero();
    std::vector<std::optional<ReplicationOutput>> pilot_outs(pilots);
    std::vector<std::size_t> reps(pilots);
    for (std::size_t i = 0; i < pilots; ++i) reps[i] = i;
    ReplicationsOptions po = options;
    po.run.records = false;
    po.run.trace = false;
    run_batch(pilot_spec, reps, po, pilot_outs, done, total);
    std::vector<const stats::RunResult*> results;
    for (const auto& p : pilot_outs) {
      if (!p) {
        result.interrupted = true;
        return result;
      }
      if (!p->result.complete) result.interrupted = true;
      results.push_back(&p->result);
    }
    if (result.interrupted) return result;
    const WarmupDecision w = mser5_warmup(results);
    run_spec.simulation.warmup.value = w.warmup;
    info.warmup_method = "mser5";
    info.warmup_seconds = w.warmup.to_seconds();
    info.warmup_reliable = w.reliable;
    info.warmup_note = w.note;
  }
  std::vector<std::size_t> reps(n);
  for (std::size_t i = 0; i < n; ++i) reps[i] = i;
  run_batch(run_spec, reps, options, outs, done, total);
  for (auto& o : outs) {
    if (!o) {
      result.interrupted = true;
      continue;
    }
    if (o->interrupted) result.interrupted = true;
    result.build_seconds += o->build_seconds;
    result.runs.push_back(std::move(*o));
  }
  return result;
}

}  // namespace whsim::run
