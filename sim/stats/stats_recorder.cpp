// StatsRecorder (see the header). The recording calls are on the model's hot path: one bounds
// check, one kind check, one accumulator update. Strings are touched only when building the
// result or reporting a contract violation.
#include "whsim/stats/stats_recorder.hpp"

#include <limits>
#include <string>

#include "whsim/core/error.hpp"

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

StatsRecorder::StatsRecorder(const KpiRegistry& registry, double quantile_relative_error)
    : defs_(registry.defs()) {
  slots_.reserve(defs_.size());
  for (std::size_t i = 0; i < defs_.size(); ++i) {
    const KpiKind kind = defs_[i].kind;
    std::size_t index = 0;
    switch (kind) {
      case KpiKind::kCount:
        index = counts_.size();
        counts_.emplace_back();
        series_kpis_.push_back(i);
        break;
      case KpiKind::kTally:
        index = tallies_.size();
        tallies_.push_back(TallyState{Tally(), QuantileSketch(quantile_relative_error)});
        break;
      case KpiKind::kTimeWeighted:
        index = levels_.size();
        levels_.emplace_back(SimTime::zero(), 0.0);
        series_kpis_.push_back(i);
        break;
      case KpiKind::kRatio:
        index = ratios_.size();
        ratios_.emplace_back();
        break;
    }
    slots_.push_back(Slot{kind, static_cast<std::uint32_t>(index)});
  }
  series_values_.resize(series_kpis_.size());
}

void StatsRecorder::throw_mismatch(KpiHandle kpi, KpiKind expected) const {
  if (!kpi.valid() || kpi.index() >= slots_.size()) {
    throw ContractError("KPI handle " + std::to_string(kpi.value()) +
                        " was not issued by this recorder's registry");
  }
  const KpiDef& def = defs_[kpi.index()];
  throw ContractError("KPI '" + def.name + "' is declared as " + std::string(to_string(def.kind)) +
                      " but was recorded as " + std::string(to_string(expected)));
}

std::uint32_t StatsRecorder::index_of(KpiHandle kpi, KpiKind expected) const {
  const std::size_t i = kpi.index();
  if (i >= slots_.size() || slots_[i].kind != expected) throw_mismatch(kpi, expected);
  return slots_[i].index;
}

void StatsRecorder::count(KpiHandle kpi, std::int64_t n) {
  CountState& state = counts_[index_of(kpi, KpiKind::kCount)];
  state.measured += n;
  state.cumulative += n;
}

void StatsRecorder::tally(KpiHandle kpi, double value) {
  TallyState& state = tallies_[index_of(kpi, KpiKind::kTally)];
  state.sketch.add(value);  // first: it rejects non-finite values before the tally sees them
  state.tally.add(value);
}

void StatsRecorder::level(KpiHandle kpi, SimTime now, double value) {
  levels_[index_of(kpi, KpiKind::kTimeWeighted)].set(now, value);
}

void StatsRecorder::ratio(KpiHandle kpi, std::int64_t successes, std::int64_t trials) {
  RatioState& state = ratios_[index_of(kpi, KpiKind::kRatio)];
  if (successes < 0 || successes > trials) {
    throw ContractError("KPI '" + defs_[kpi.index()].name + "': ratio needs 0 <= successes <= trials");
  }
  state.successes += successes;
  state.trials += trials;
}

void StatsRecorder::reserve_tally_range(double lo, double hi) {
  for (TallyState& t : tallies_) t.sketch.reserve(lo, hi);
}

void StatsRecorder::reset(SimTime now) {
  if (now < measured_from_) throw ContractError("statistics reset at a time before the previous reset");
  for (const TimeWeighted& level : levels_) {
    if (now < level.last_change())
      throw ContractError("statistics reset at a time before a level's last change");
  }
  for (CountState& state : counts_) state.measured = 0;
  for (TallyState& state : tallies_) {
    state.tally.reset();
    state.sketch.reset();
  }
  for (TimeWeighted& level : levels_) level.reset(now);
  for (RatioState& state : ratios_) state = RatioState{};
  measured_from_ = now;
}

void StatsRecorder::sample_series(SimTime now) {
  if (!series_times_.empty() && now.ticks() < series_times_.back()) {
    throw ContractError("time series sampled at a time before the previous sample");
  }
  series_times_.push_back(now.ticks());
  for (std::size_t s = 0; s < series_kpis_.size(); ++s) {
    const Slot& slot = slots_[series_kpis_[s]];
    const double value = slot.kind == KpiKind::kCount ? static_cast<double>(counts_[slot.index].cumulative)
                                                      : levels_[slot.index].current();
    series_values_[s].push_back(value);
  }
}

RunResult StatsRecorder::result(SimTime end) const {
  if (end < measured_from_)
    throw ContractError("run result requested for a time before the measurement window");
  RunResult result;
  result.measured_from = measured_from_;
  result.end = end;
  result.kpis.reserve(defs_.size());
  for (std::size_t i = 0; i < defs_.size(); ++i) {
    const KpiDef& def = defs_[i];
    const Slot& slot = slots_[i];
    KpiValue v;
    v.name = def.name;
    v.unit = def.unit;
    v.definition = def.definition;
    v.kind = def.kind;
    switch (slot.kind) {
      case KpiKind::kCount: {
        const std::int64_t total = counts_[slot.index].measured;
        v.value = static_cast<double>(total);
        v.count = total;
        break;
      }
      case KpiKind::kTally: {
        const TallyState& state = tallies_[slot.index];
        v.value = state.tally.mean();
        v.count = state.tally.count();
        v.stddev = state.tally.stddev();
        v.min = state.tally.min();
        v.max = state.tally.max();
        v.p50 = state.sketch.quantile(0.50);
        v.p90 = state.sketch.quantile(0.90);
        v.p95 = state.sketch.quantile(0.95);
        v.p99 = state.sketch.quantile(0.99);
        break;
      }
      case KpiKind::kTimeWeighted: {
        const TimeWeighted& level = levels_[slot.index];
        v.value = level.mean(end);
        v.count = 0;
        v.min = level.min();
        v.max = level.max();
        break;
      }
      case KpiKind::kRatio: {
        const RatioState& state = ratios_[slot.index];
        v.value = state.trials == 0
                      ? kNaN
                      : static_cast<double>(state.successes) / static_cast<double>(state.trials);
        v.count = state.trials;
        break;
      }
    }
    result.kpis.push_back(std::move(v));
  }
  result.series.reserve(series_kpis_.size());
  for (std::size_t s = 0; s < series_kpis_.size(); ++s) {
    const KpiDef& def = defs_[series_kpis_[s]];
    result.series.push_back(TimeSeries{def.name, def.unit, series_times_, series_values_[s]});
  }
  return result;
}

}  // namespace whsim::stats
