// Cycle counting (docs/model.md, "Cycle counting"): member functions of Warehouse::Impl that run
// only when audit is on.
//
// Counts are tasks on stock records. Scheduled ones join a queue at the start of every day (ABC:
// each record of a class once per its interval, round-robin through the class; and a number of
// records per day, round-robin through all of them); triggered ones (a pick found the record short,
// or brought it to zero) join a queue served first. Counters (always on duty) take the tasks in
// order and count in place: the pod must be in storage, and is locked while they count; a task
// whose pod is away waits on the pod until it is set down. A count sets the record to what is
// there: units in a wrong bin of the pod go back into the bin, damaged units are disposed of.
#include <algorithm>
#include <cstdlib>

#include "whsim/core/error.hpp"

#include "warehouse_impl.hpp"

namespace whsim::model {

void Warehouse::Impl::build_audit() {
  const AccuracyConfig::Audit& a = cfg.accuracy.audit;
  if ((a.pools.empty() && a.workers < 1) || a.bins_per_day < 0)
    throw ContractError("audit parameters out of range");
  for (const double d : a.abc_interval_days) {
    if (!(d >= 0)) throw ContractError("audit intervals must not be negative");
  }
  count_next.assign(slots.size(), kNone);
  count_state.assign(slots.size(), kNotQueued);
  pod_count_head.assign(pods.size(), kNone);
  if (sku_class_of.empty()) classify_skus(popularity_weights());
  for (std::uint32_t j = 0; j < slots.size(); ++j) class_records[sku_class_of[slots[j].sku]].push_back(j);
  engine.schedule_after(Duration::zero(), EventSpec{id, kAuditDay, 0});
  record_audit_levels();
}

void Warehouse::Impl::record_audit_levels() {
  const SimTime now = engine.now();
  rec.level(kpis.audit_backlog, now, static_cast<double>(counts_waiting));
  rec.level(kpis.audit_busy, now, static_cast<double>(counters_busy));
}

void Warehouse::Impl::audit_day() {
  const AccuracyConfig::Audit& a = cfg.accuracy.audit;
  for (std::size_t c = 0; c < 3; ++c) {
    const std::vector<std::uint32_t>& records = class_records[c];
    if (a.abc_interval_days[c] <= 0 || records.empty()) continue;
    // More than every record of the class a day counts nothing more (a record is queued once).
    class_credit[c] = std::min(class_credit[c] + static_cast<double>(records.size()) / a.abc_interval_days[c],
                               static_cast<double>(records.size()));
    for (; class_credit[c] >= 1; class_credit[c] -= 1) {
      enqueue_count(records[class_cursor[c]], false);
      class_cursor[c] = (class_cursor[c] + 1) % records.size();
    }
  }
  const auto per_day = std::min<std::int64_t>(a.bins_per_day, static_cast<std::int64_t>(slots.size()));
  for (std::int64_t i = 0; i < per_day; ++i) {
    enqueue_count(static_cast<std::uint32_t>(all_cursor), false);
    all_cursor = (all_cursor + 1) % slots.size();
  }
  engine.schedule_after(Duration::days(1), EventSpec{id, kAuditDay, 0});
}

void Warehouse::Impl::enqueue_count(std::uint32_t slot, bool due) {
  if (count_state[slot] != kNotQueued) return;  // already on its way to be counted
  count_state[slot] = kCountQueued;
  count_next[slot] = kNone;
  std::uint32_t& head = due ? due_head : sched_head;
  std::uint32_t& tail = due ? due_tail : sched_tail;
  if (tail == kNone) {
    head = slot;
  } else {
    count_next[tail] = slot;
  }
  tail = slot;
  ++counts_waiting;
  try_count();
}

void Warehouse::Impl::try_count() {
  while (counters_busy < count_on_duty && (due_head != kNone || sched_head != kNone)) {
    const bool due = due_head != kNone;
    std::uint32_t& head = due ? due_head : sched_head;
    const std::uint32_t s = head;
    head = count_next[s];
    if (head == kNone) (due ? due_tail : sched_tail) = kNone;
    const std::uint32_t p = slots[s].pod;
    if (pods[p].state != PodState::kStored) {
      // The pod is on a trip or being counted: the task waits on it.
      count_state[s] = kCountParked;
      count_next[s] = pod_count_head[p];
      pod_count_head[p] = s;
      continue;
    }
    count_state[s] = kCountRunning;
    pods[p].state = PodState::kCounting;
    --counts_waiting;
    ++counters_busy;
    Draw d = count_stream.draw_for(count_serial++);
    const double seconds = std::max(0.0, cfg.accuracy.audit.count_time(d));
    engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kCountDone, s});
  }
  record_audit_levels();
}

void Warehouse::Impl::unpark_counts(std::uint32_t pod) {
  // The pod's waiting counts go to the front of the triggered queue, in the order they came.
  std::uint32_t first = kNone;
  std::uint32_t last = kNone;
  for (std::uint32_t s = pod_count_head[pod]; s != kNone;) {
    const std::uint32_t next = count_next[s];
    count_state[s] = kCountQueued;
    count_next[s] = first;  // reverses the pod's list (newest first) into oldest first
    first = s;
    if (last == kNone) last = s;
    s = next;
  }
  pod_count_head[pod] = kNone;
  if (first == kNone) return;
  count_next[last] = due_head;
  due_head = first;
  if (due_tail == kNone) due_tail = last;
  try_count();
}

void Warehouse::Impl::count_done(std::uint32_t s) {
  --counters_busy;
  Slot& sl = slots[s];
  const std::uint32_t p = sl.pod;
  const std::uint32_t sku = sl.sku;
  if (sl.reserved != 0) throw ContractError("a counted stock record has units promised");
  const std::int32_t before = off_by(s);
  const std::int32_t record_before = sl.record;
  // Units stowed into another bin of the pod go back into this one.
  if (slot_stray[s] > 0) {
    sl.physical += slot_stray[s];
    stray_units -= slot_stray[s];
    slot_stray[s] = 0;
  }
  // Damaged units are disposed of.
  const std::int32_t damaged = slot_damaged[s];
  if (damaged > 0) {
    slot_damaged[s] = 0;
    dmg_in_bins -= damaged;
    dmg_counted += damaged;
    rec.count(kpis.audit_damaged_found, damaged);
    stock_removed(s, damaged);
  }
  sl.record = sl.physical;
  const std::int32_t delta = sl.record - record_before;
  sku_available[sku] += delta;
  ++counts_done;
  rec.count(kpis.audit_counts);
  if (delta != 0) {
    ++discrepancies;
    units_adjusted += std::abs(delta);
    rec.count(kpis.audit_discrepancies);
    rec.count(kpis.audit_units_adjusted, std::abs(delta));
    if (inventory_kpis) {
      stock_changed(sku, delta);
      check_reorder(sku);
    }
  }
  if (slot_flagged[s] != 0) {
    slot_flagged[s] = 0;
    --flagged;
  }
  record_off(s, before);
  count_state[s] = kNotQueued;
  pods[p].state = PodState::kStored;
  // Counts waiting for this pod first, then held orders and waiting lines the stock found serves,
  // then stowing into it; then the next count.
  if (pod_count_head[p] != kNone) unpark_counts(p);
  if (delta > 0) release_backorders(sku);
  if (pods[p].state == PodState::kStored) {
    if (inbound) pod_stored(p);
    pod_available(p);
  }
  try_count();
}

}  // namespace whsim::model
