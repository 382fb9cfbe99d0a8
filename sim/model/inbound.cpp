// Inbound docks, receiving, stowing, replenishment and stock accounting (docs/model.md, "Inbound
// flow", "Replenishment in a run" and "Stockouts"): member functions of Warehouse::Impl that run
// only when inbound is on, or, for the stock accounting, when lost sales are. With both off none
// of this is reached and no event or random draw of a run changes.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

#include <fmt/format.h>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"

#include "warehouse_impl.hpp"

namespace whsim::model {
namespace {

constexpr std::uint32_t kScanCases = 64;  // buffered cases looked at per stow plan
constexpr std::uint32_t kScanPods = 64;   // stock records of a SKU looked at per stow choice
constexpr double kDay = 86400.0;

}  // namespace

// ------------------------------------------------------------------------------------------ build

void Warehouse::Impl::classify_skus(const std::vector<double>& weights) {
  // A, B, C: the popularity classes with skus.popularity abc (classes after the third count as
  // C); otherwise by demand rank, the most popular 20% A, the next 30% B, the rest C.
  const std::size_t n = weights.size();
  sku_class_of.assign(n, 2);
  if (cfg.abc_popularity && cfg.sku_weights.empty()) {
    for (std::size_t c = 0; c + 1 < abc_begin.size(); ++c) {
      for (std::uint32_t s = abc_begin[c]; s < abc_begin[c + 1]; ++s)
        sku_class_of[s] = static_cast<std::uint8_t>(std::min<std::size_t>(c, 2));
    }
    return;
  }
  std::vector<std::uint32_t> rank(n);
  std::iota(rank.begin(), rank.end(), 0U);
  std::stable_sort(rank.begin(), rank.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return weights[a] > weights[b]; });
  for (std::size_t r = 0; r < n; ++r) {
    std::uint8_t c = 2;
    if (r * 5 < n) {
      c = 0;
    } else if (r * 2 < n) {
      c = 1;
    }
    sku_class_of[rank[r]] = c;
  }
}

void Warehouse::Impl::build_inbound(RandomStreams& /*streams*/) {
  const std::size_t n = sku_initial.size();
  const SimTime now = engine.now();
  // Volumes in whole cm^3 so that room is exact integer arithmetic.
  sku_volume.resize(n);
  for (std::size_t s = 0; s < n; ++s)
    sku_volume[s] = cubic_cm(cfg.sku_volumes.empty() ? cfg.unit_volume : cfg.sku_volumes[s]);
  pod_capacity = cubic_cm(cfg.bin_volume * static_cast<double>(cfg.bins_per_pod));
  pod_room.assign(pods.size(), pod_capacity);
  for (const Slot& sl : slots) {
    const std::int64_t v = sku_volume[sl.sku] * sl.physical;
    pod_room[sl.pod] -= v;
    volume_used += v;
    class_on_hand[sku_class_of[sl.sku]] += sl.physical;
  }
  sku_net = sku_initial;
  stockout_since.assign(n, SimTime::max());
  for (std::size_t s = 0; s < n; ++s) {
    if (sku_net[s] > 0) continue;
    stockout_since[s] = now;
    ++skus_out;
    rec.count(kpis.stockouts);
  }
  rec.level(kpis.skus_out_of_stock, now, static_cast<double>(skus_out));
  update_holding();
  if (!inbound) return;

  const InboundConfig& in = cfg.inbound;
  sku_pipeline.assign(n, 0);
  blocked_head.assign(n, kNone);
  blocked_tail.assign(n, kNone);
  // Doors: the receiving buffer sits at the stow stations; a case reaches it after the walk (or
  // conveyor) from its door to the nearest stow station, Manhattan distance at transfer_speed.
  door_truck.assign(in.door_cells.size(), kNone);
  for (const std::uint32_t d : in.door_cells) {
    const CellId dc(d);
    double best = std::numeric_limits<double>::infinity();
    for (std::uint32_t k = n_pick; k < stations.size(); ++k) {
      const CellId sc(stations[k].cell);
      const double cells = std::abs(floor.x(dc) - floor.x(sc)) + std::abs(floor.y(dc) - floor.y(sc));
      best = std::min(best, cells * floor.cell_size());
    }
    door_transfer.push_back(Duration::from_seconds(best / in.transfer_speed));
  }
  if (in.trucks != InboundConfig::Trucks::kNone) truck_skus.emplace(popularity_weights());
  trucks.reserve(256);
  cases.reserve(4096);
  released.reserve(64);  // SKUs of one stow trip
  const bool scheduled = in.trucks == InboundConfig::Trucks::kSchedule && !in.truck_times.empty();
  const bool random = in.trucks == InboundConfig::Trucks::kPoisson && in.truck_rate > 0;
  if (scheduled || random) schedule_random_truck(now);

  // Replenishment: suppliers (sorted names), class member lists, forecasts.
  const ReplenishmentConfig& rp = cfg.replenishment;
  static constexpr std::array<const char*, 3> kLetters{"A", "B", "C"};
  for (std::size_t c = 0; c < 3; ++c) {
    if (!rp.classes[c].enabled) continue;
    suppliers.push_back(rp.classes[c].supplier.empty() ? kLetters[c] : rp.classes[c].supplier);
  }
  std::sort(suppliers.begin(), suppliers.end());
  suppliers.erase(std::unique(suppliers.begin(), suppliers.end()), suppliers.end());
  for (std::size_t c = 0; c < 3; ++c) {
    if (!rp.classes[c].enabled) continue;
    const std::string name = rp.classes[c].supplier.empty() ? kLetters[c] : rp.classes[c].supplier;
    class_supplier[c] = static_cast<std::uint32_t>(
        std::lower_bound(suppliers.begin(), suppliers.end(), name) - suppliers.begin());
  }
  supplier_pos.resize(suppliers.size());
  for (std::size_t s = 0; s < n; ++s) class_skus[sku_class_of[s]].push_back(static_cast<std::uint32_t>(s));

  bool forecasting = false;
  for (const ReplenishmentClass& rc : rp.classes)
    forecasting = forecasting || (rc.enabled && rc.rule == ReplenishmentRule::kForecast);
  if (forecasting) {
    // Initial level: the SKU's expected demand per day from its popularity and the order rate
    // (profiles left out); initial sigma: its square root (Poisson-like).
    const std::vector<double> w = popularity_weights();
    const double w_total = std::accumulate(w.begin(), w.end(), 0.0);
    const double units_per_day =
        cfg.order_rate * kDay * std::max(1.0, cfg.lines.mean()) * std::max(1.0, cfg.units_per_line.mean());
    sku_fc.assign(n, kNone);
    sku_day_demand.assign(n, 0);
    for (std::size_t s = 0; s < n; ++s) {
      const ReplenishmentClass& rc = rp.classes[sku_class_of[s]];
      if (!rc.enabled || rc.rule != ReplenishmentRule::kForecast) continue;
      const double level = w_total > 0 ? units_per_day * w[s] / w_total : 0.0;
      const double sigma = dmath::sqrt(level);
      if (rc.holt_winters) {
        sku_fc[s] = static_cast<std::uint32_t>(hw.size());
        hw.emplace_back(rc.alpha, rc.beta, rc.gamma, level, 0.0,
                        std::vector<double>(static_cast<std::size_t>(rc.season_days), 0.0), sigma);
      } else {
        sku_fc[s] = static_cast<std::uint32_t>(ses.size());
        ses.emplace_back(rc.alpha, level, sigma);
      }
      sku_levels.emplace_back();
      update_forecast_levels(static_cast<std::uint32_t>(s));
    }
    // Days end at midnight on the scenario's calendar.
    const std::int64_t day = Duration::days(1).ticks();
    const std::int64_t first = day - cfg.start_time_of_day.ticks() % day;
    engine.schedule_at(SimTime::from_ticks(first), EventSpec{id, kDayEnd});
  }
  if (rp.enabled && rp.consolidate_daily) {
    const std::int64_t day = Duration::days(1).ticks();
    std::int64_t first = rp.order_cutoff.ticks() - cfg.start_time_of_day.ticks();
    while (first < 0) first += day;
    engine.schedule_at(SimTime::from_ticks(first), EventSpec{id, kOrderCutoff});
  }
  for (std::uint32_t c = 0; c < 3; ++c) {
    if (rp.classes[c].enabled && rp.classes[c].rule == ReplenishmentRule::kRS)
      engine.schedule_at(now, EventSpec{id, kReview, c});
  }
  // Continuous review sees the starting positions at once.
  for (std::uint32_t s = 0; s < n; ++s) check_reorder(s);
  record_inbound_levels();
  rec.level(kpis.pod_fill, now,
            static_cast<double>(volume_used) /
                static_cast<double>(pod_capacity * static_cast<std::int64_t>(pods.size())));
}

// ----------------------------------------------------------------------------- stock accounting

void Warehouse::Impl::update_holding() {
  double rate = 0;
  for (std::size_t c = 0; c < 3; ++c)
    rate += static_cast<double>(class_on_hand[c]) * cfg.replenishment.classes[c].holding_cost;
  rec.level(kpis.holding_cost, engine.now(), rate);
  holding_rate.set(engine.now(), rate);
}

void Warehouse::Impl::stock_changed(std::uint32_t sku, std::int64_t delta_net) {
  const std::int64_t before = sku_net[sku];
  sku_net[sku] += delta_net;
  const std::int64_t after = sku_net[sku];
  const SimTime now = engine.now();
  if (before > 0 && after <= 0) {
    stockout_since[sku] = now;
    ++skus_out;
    rec.count(kpis.stockouts);
    rec.level(kpis.skus_out_of_stock, now, static_cast<double>(skus_out));
  } else if (before <= 0 && after > 0) {
    rec.tally(kpis.stockout_duration, (now - stockout_since[sku]).to_seconds());
    stockout_since[sku] = SimTime::max();
    --skus_out;
    rec.level(kpis.skus_out_of_stock, now, static_cast<double>(skus_out));
  }
}

void Warehouse::Impl::demand_arrived(std::uint32_t sku, std::int32_t units) {
  stock_changed(sku, -units);
  if (!sku_day_demand.empty()) sku_day_demand[sku] += units;
  check_reorder(sku);
}

void Warehouse::Impl::stock_picked(std::uint32_t pod, std::uint32_t sku, std::int32_t units) {
  const std::int64_t v = sku_volume[sku] * units;
  pod_room[pod] += v;
  volume_used -= v;
  class_on_hand[sku_class_of[sku]] -= units;
  const SimTime now = engine.now();
  rec.level(kpis.pod_fill, now,
            static_cast<double>(volume_used) /
                static_cast<double>(pod_capacity * static_cast<std::int64_t>(pods.size())));
  update_holding();
}

// ------------------------------------------------------------------------------------------- docks

std::uint32_t Warehouse::Impl::new_truck() {
  // Records are reused once a truck is unloaded (its cases keep their door).
  std::uint32_t t = free_truck;
  if (t != kNone) {
    free_truck = trucks[t].next;
    trucks[t] = Truck{};
    return t;
  }
  trucks.emplace_back();
  return static_cast<std::uint32_t>(trucks.size() - 1);
}

std::uint32_t Warehouse::Impl::alloc_case(std::uint32_t sku, std::int32_t units, std::uint64_t serial) {
  // Records are reused once a case is stowed or rejected.
  std::uint32_t c = free_case;
  if (c != kNone) {
    free_case = cases[c].next;
  } else {
    cases.emplace_back();
    c = static_cast<std::uint32_t>(cases.size() - 1);
  }
  Case& cs = cases[c];
  cs = Case{};
  cs.sku = sku;
  cs.units = units;
  cs.serial = serial;
  cs.live = true;
  cs.volume = sku_volume[sku] * units;
  return c;
}

std::uint32_t Warehouse::Impl::new_case(std::uint32_t truck, std::uint32_t sku, std::int32_t units) {
  const std::uint32_t c = alloc_case(sku, units, case_serial++);
  Case& cs = cases[c];
  Truck& t = trucks[truck];
  cs.next = t.first_case;
  t.first_case = c;
  ++t.cases;
  return c;
}

void Warehouse::Impl::schedule_random_truck(SimTime from) {
  const InboundConfig& in = cfg.inbound;
  if (in.trucks == InboundConfig::Trucks::kPoisson) {
    const double e = -dmath::log(truck_stream.next_draw().uniform_pos()) / in.truck_rate;
    const SimTime at = from + Duration::from_seconds(e);
    if (at < SimTime::zero() + cfg.horizon) engine.schedule_at(at, EventSpec{id, kTruckArrival, kNone});
    return;
  }
  // Schedule: the clock times of every day, in order, from the start of the run.
  const std::int64_t day = Duration::days(1).ticks();
  for (;;) {
    const std::int64_t at =
        truck_day * day + in.truck_times[scheduled_truck].ticks() - cfg.start_time_of_day.ticks();
    if (++scheduled_truck == in.truck_times.size()) {
      scheduled_truck = 0;
      ++truck_day;
    }
    if (at < from.ticks()) continue;
    if (at < (SimTime::zero() + cfg.horizon).ticks())
      engine.schedule_at(SimTime::from_ticks(at), EventSpec{id, kTruckArrival, kNone});
    return;
  }
}

void Warehouse::Impl::truck_arrival(std::uint32_t truck) {
  const SimTime now = engine.now();
  const InboundConfig& in = cfg.inbound;
  if (truck == kNone) {  // a scheduled or random truck: its purchase-order lines are drawn now
    truck = new_truck();
    const std::uint64_t serial = random_trucks++;  // truck records are reused: draws key on this
    Draw d = truck_stream.draw_for(serial, 0);
    const auto n_lines = static_cast<std::uint32_t>(std::clamp(in.truck_lines(d) + 0.5, 1.0, 1e4));
    for (std::uint32_t i = 0; i < n_lines; ++i) {
      Draw sd = truck_stream.draw_for(serial, 1 + 2 * i);
      const auto sku = static_cast<std::uint32_t>((*truck_skus)(sd));
      Draw cd = truck_stream.draw_for(serial, 2 + 2 * i);
      const auto n_cases = static_cast<std::int64_t>(std::clamp(in.cases_per_line(cd) + 0.5, 1.0, 1e4));
      for (std::int64_t j = 0; j < n_cases; ++j) {
        new_case(truck, sku, static_cast<std::int32_t>(in.units_per_case));
        sku_pipeline[sku] += in.units_per_case;
      }
    }
    schedule_random_truck(now);
  }
  Truck& t = trucks[truck];
  t.arrived = now;
  ++trucks_here;
  std::int64_t units = 0;
  for (std::uint32_t c = t.first_case; c != kNone; c = cases[c].next) {
    units += cases[c].units;
    cases[c].here = true;
  }
  units_arrived += units;
  inflow_units += units;
  rec.count(kpis.trucks_arrived);
  rec.count(kpis.units_arrived, units);
  const auto door =
      static_cast<std::uint32_t>(std::find(door_truck.begin(), door_truck.end(), kNone) - door_truck.begin());
  if (door < door_truck.size()) {
    start_unloading(door, truck);
  } else {
    t.next = kNone;
    if (yard_tail == kNone) {
      yard_head = truck;
    } else {
      trucks[yard_tail].next = truck;
    }
    yard_tail = truck;
    ++yard_count;
  }
  record_inbound_levels();
}

void Warehouse::Impl::start_unloading(std::uint32_t door, std::uint32_t truck) {
  Truck& t = trucks[truck];
  t.door = door;
  door_truck[door] = truck;
  ++doors_busy;
  rec.tally(kpis.yard_time, (engine.now() - t.arrived).to_seconds());
  double seconds = 0;
  for (std::uint32_t c = t.first_case; c != kNone; c = cases[c].next) {
    Draw d = unload_stream.draw_for(cases[c].serial);
    seconds += std::max(0.0, cfg.inbound.unload_time(d));
  }
  engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kUnloadDone, truck});
}

void Warehouse::Impl::unload_done(std::uint32_t truck) {
  const SimTime now = engine.now();
  Truck& t = trucks[truck];
  // Cases go to receiving last loaded, first unloaded.
  for (std::uint32_t c = t.first_case; c != kNone;) {
    const std::uint32_t next = cases[c].next;
    cases[c].unloaded = now;
    cases[c].door = t.door;
    cases[c].next = kNone;
    if (recv_tail == kNone) {
      recv_head = c;
    } else {
      cases[recv_tail].next = c;
    }
    recv_tail = c;
    ++recv_waiting;
    c = next;
  }
  t.first_case = kNone;
  const std::uint32_t door = t.door;
  t.next = free_truck;
  free_truck = truck;
  door_truck[door] = kNone;
  --doors_busy;
  if (yard_head != kNone) {
    const std::uint32_t next = yard_head;
    yard_head = trucks[next].next;
    if (yard_head == kNone) yard_tail = kNone;
    --yard_count;
    start_unloading(door, next);
  }
  try_receive();
  record_inbound_levels();
}

// --------------------------------------------------------------------------------------- receiving

void Warehouse::Impl::try_receive() {
  const InboundConfig& in = cfg.inbound;
  while (static_cast<std::int64_t>(receivers_busy) < receive_on_duty && recv_head != kNone) {
    const std::uint32_t c = recv_head;
    recv_head = cases[c].next;
    if (recv_head == kNone) recv_tail = kNone;
    --recv_waiting;
    ++receivers_busy;
    Case& cs = cases[c];
    double seconds = 0;
    const std::int32_t scans = in.scan_per_unit ? cs.units : 1;
    for (std::int32_t i = 0; i < scans; ++i) {
      Draw d = receive_stream.draw_for(cs.serial, static_cast<std::uint32_t>(i));
      seconds += std::max(0.0, in.scan_time(d));
    }
    Draw pick = inspect_stream.draw_for(cs.serial, 0);
    cs.inspected = pick.uniform() < in.inspection_share;
    if (cs.inspected) {
      Draw d = inspect_stream.draw_for(cs.serial, 1);
      seconds += std::max(0.0, in.inspection_time(d));
    }
    engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kReceiveDone, c});
  }
  rec.level(kpis.receiving_queue, engine.now(), static_cast<double>(recv_waiting));
  rec.level(kpis.receivers_busy, engine.now(), static_cast<double>(receivers_busy));
}

void Warehouse::Impl::receive_done(std::uint32_t c) {
  --receivers_busy;
  Case& cs = cases[c];
  rec.count(kpis.cases_received);
  if (cs.inspected) {
    rec.count(kpis.units_inspected, cs.units);
    // Each unit of an inspected case is defective with its class's rate; defects go back.
    const double p = cfg.inbound.defect_rate[sku_class_of[cs.sku]];
    std::int32_t bad = 0;
    if (p > 0) {
      Draw d = inspect_stream.draw_for(cs.serial, 2);
      for (std::int32_t u = 0; u < cs.units; ++u) bad += d.uniform() < p ? 1 : 0;
    }
    if (bad > 0) {
      cs.units -= bad;
      cs.volume = sku_volume[cs.sku] * cs.units;
      units_rejected += bad;
      inflow_units -= bad;
      sku_pipeline[cs.sku] -= bad;
      rec.count(kpis.units_rejected, bad);
      check_reorder(cs.sku);
    }
  }
  if (accuracy) receive_errors(c);  // unload damage found or missed, miscounts
  if (cases[c].units == 0) {
    cases[c].live = false;
    cases[c].next = free_case;
    free_case = c;
  } else {
    const Duration transfer = door_transfer[cases[c].door];
    if (transfer > Duration::zero()) {
      engine.schedule_after(transfer, EventSpec{id, kCaseBuffered, c});
    } else {
      case_buffered(c);
    }
  }
  try_receive();
}

void Warehouse::Impl::case_buffered(std::uint32_t c) {
  buffer_link(c);
  buffer_units += cases[c].units;
  rec.level(kpis.buffer_units, engine.now(), static_cast<double>(buffer_units));
  try_stow();
}

void Warehouse::Impl::buffer_link(std::uint32_t c) {
  Case& cs = cases[c];
  cs.next = kNone;
  cs.prev = buf_tail;
  if (buf_tail == kNone) {
    buf_head = c;
  } else {
    cases[buf_tail].next = c;
  }
  buf_tail = c;
}

void Warehouse::Impl::block_case(std::uint32_t c) {
  // No pod of its SKU is in storage with room now: the case waits (still in the buffer, by the
  // units count) on its SKU's list until one of those pods is stored again.
  buffer_unlink(c);
  const std::uint32_t s = cases[c].sku;
  if (blocked_tail[s] == kNone) {
    blocked_head[s] = c;
  } else {
    cases[blocked_tail[s]].next = c;
  }
  blocked_tail[s] = c;
  ++blocked_cases;
}

void Warehouse::Impl::pod_stored(std::uint32_t p) {
  // The cases waiting for a pod of any SKU this pod holds a record of go back to the head of the
  // buffer (they are older than the cases there), so the stow stations look at them first.
  if (blocked_cases > 0) {
    for (std::uint32_t j = pods[p].slot_begin; j < pods[p].slot_end; ++j) {
      const std::uint32_t s = slots[j].sku;
      if (blocked_head[s] == kNone) continue;
      // Split the list: cases that fit the pod's room now go to the head (in their order), the
      // others keep waiting.
      std::uint32_t go_head = kNone, go_tail = kNone, stay_tail = kNone;
      const std::uint32_t first = blocked_head[s];
      blocked_head[s] = kNone;
      for (std::uint32_t c = first; c != kNone;) {
        const std::uint32_t next = cases[c].next;
        cases[c].next = kNone;
        if (cases[c].volume <= pod_room[p]) {
          cases[c].prev = go_tail;
          if (go_tail == kNone) {
            go_head = c;
          } else {
            cases[go_tail].next = c;
          }
          go_tail = c;
          --blocked_cases;
        } else {
          if (stay_tail == kNone) {
            blocked_head[s] = c;
          } else {
            cases[stay_tail].next = c;
          }
          stay_tail = c;
        }
        c = next;
      }
      blocked_tail[s] = stay_tail;
      if (go_head == kNone) continue;
      cases[go_tail].next = buf_head;
      if (buf_head == kNone) {
        buf_tail = go_tail;
      } else {
        cases[buf_head].prev = go_tail;
      }
      buf_head = go_head;
    }
  }
  if (buf_head != kNone) try_stow();
}

void Warehouse::Impl::buffer_unlink(std::uint32_t c) {
  Case& cs = cases[c];
  if (cs.prev == kNone) {
    buf_head = cs.next;
  } else {
    cases[cs.prev].next = cs.next;
  }
  if (cs.next == kNone) {
    buf_tail = cs.prev;
  } else {
    cases[cs.next].prev = cs.prev;
  }
  cs.next = cs.prev = kNone;
}

// ---------------------------------------------------------------------------------------- stowing

std::uint32_t Warehouse::Impl::record_slot(std::uint32_t pod, std::uint32_t sku) const {
  const std::uint32_t i = first_record(pod, sku);
  return i < pods[pod].slot_end && slots[pod_sku_slots[i]].sku == sku ? pod_sku_slots[i] : kNone;
}

std::uint32_t Warehouse::Impl::stow_slot(std::uint32_t c, std::uint32_t k) const {
  // Among the SKU's stock records (a bounded number), in pods that are stored and have room.
  const Case& cs = cases[c];
  const std::uint32_t begin = sku_slot_begin[cs.sku];
  const std::uint32_t n = std::min(sku_slot_begin[cs.sku + 1] - begin, kScanPods);
  std::uint32_t best = kNone;
  std::int64_t best_score = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t slot = sku_slots[begin + i];
    const std::uint32_t p = slots[slot].pod;
    if (pods[p].state != PodState::kStored || pod_room[p] < cs.volume) continue;
    std::int64_t score = 0;  // lower is better
    switch (cfg.inbound.stow_policy) {
      case StowPolicy::kNearest:
        score = travel.to_station(pods[p].location, stations[k].floor).time.ticks();
        break;
      case StowPolicy::kEmptiest:
        score = -pod_room[p];
        break;
      case StowPolicy::kLeastStock:
        score = slots[slot].record;  // what the system knows
        break;
    }
    if (best == kNone || score < best_score) {
      best = slot;
      best_score = score;
    }
  }
  return best;
}

void Warehouse::Impl::try_stow() {
  for (std::uint32_t k = n_pick; k < stations.size(); ++k) {
    while (plan_stow(k)) {
    }
  }
}

bool Warehouse::Impl::plan_stow(std::uint32_t k) {
  // Stow trips planned per station: at most its queue capacity (a pull system: pods are fetched
  // for stowing only as fast as the station can take them).
  const auto cap = static_cast<std::uint32_t>(std::max(1, cfg.queue_capacity));
  if (stations[k].outstanding >= cap || buf_head == kNone || staffed[k] == 0) return false;
  std::uint32_t scanned = 0;
  for (std::uint32_t c = buf_head; c != kNone && scanned < kScanCases; ++scanned) {
    const std::uint32_t slot = stow_slot(c, k);
    if (slot == kNone) {
      const std::uint32_t next = cases[c].next;
      block_case(c);
      c = next;
      continue;
    }
    const std::uint32_t pod = slots[slot].pod;
    const std::uint32_t trip = new_trip(pod, k);
    trips[trip].stow = true;
    attach_case(c, slot, trip);
    // Other buffered cases whose SKU this pod holds a record of ride along while there is room.
    std::uint32_t looked = 0;
    for (std::uint32_t o = buf_head; o != kNone && looked < kScanCases; ++looked) {
      const std::uint32_t next = cases[o].next;
      if (pod_room[pod] >= cases[o].volume) {
        const std::uint32_t s2 = record_slot(pod, cases[o].sku);
        if (s2 != kNone) attach_case(o, s2, trip);
      }
      o = next;
    }
    ++stations[k].outstanding;
    rec.level(kpis.buffer_units, engine.now(), static_cast<double>(buffer_units));
    dispatch(trip);
    return true;
  }
  return false;
}

void Warehouse::Impl::attach_case(std::uint32_t c, std::uint32_t slot, std::uint32_t trip) {
  buffer_unlink(c);
  buffer_units -= cases[c].units;
  pod_room[slots[slot].pod] -= cases[c].volume;
  const std::uint32_t p = new_pick();
  picks[p] = Pick{c, slot, cases[c].units, trips[trip].pick_head};
  trips[trip].pick_head = p;
  trips[trip].units += cases[c].units;
  ++trips[trip].lines;
}

void Warehouse::Impl::stow_present(std::uint32_t k) {
  Station& st = stations[k];
  const SimTime now = engine.now();
  while (st.busy < staffed[k] && st.q_head != kNone) {
    if (traffic_on && !trips[st.q_head].at_station) break;  // not on the station cell yet
    const std::uint32_t trip = st.q_head;
    st.q_head = trips[trip].next;
    if (st.q_head == kNone) st.q_tail = kNone;
    --st.queued;
    ++st.busy;
    account_stowers();
    ++stowers_busy;
    station_stats[k].busy_pickers.add(now, 1);
    station_trip_remove(trip);
    Trip& t = trips[trip];
    t.state = TripState::kPresenting;
    rec.tally(kpis.stow_queue_wait, (now - t.arrived).to_seconds());
    Draw pd = stow_stream.draw_for(stow_visits++, 0x80000000U);
    double seconds = std::max(0.0, cfg.presentation_time(pd));
    for (std::uint32_t p = t.pick_head; p != kNone; p = picks[p].next) {
      const Case& cs = cases[picks[p].line];
      for (std::int32_t u = 0; u < picks[p].units; ++u) {
        Draw d = stow_stream.draw_for(cs.serial, static_cast<std::uint32_t>(u));
        seconds += std::max(0.0, cfg.inbound.stow_time(d));
      }
    }
    engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kPickDone, trip});
  }
}

void Warehouse::Impl::stow_done(std::uint32_t trip) {
  const SimTime now = engine.now();
  const std::uint32_t k = trips[trip].station;
  std::int64_t units = 0;
  for (std::uint32_t p = trips[trip].pick_head; p != kNone;) {
    Pick& pk = picks[p];
    Slot& sl = slots[pk.slot];
    const std::uint32_t c = pk.line;
    const std::uint32_t sku = sl.sku;
    std::int32_t in = pk.units;        // into storage
    std::int32_t recorded = pk.units;  // onto the record
    if (accuracy) {
      in = stow_with_errors(c, pk.slot, recorded);  // stow damage, wrong bins, miscounts
    } else {
      sl.physical += pk.units;
      sl.record += pk.units;
    }
    sku_available[sku] += recorded;
    sku_received[sku] += in;
    units_received += in;
    units_stowed += in;
    inflow_units -= pk.units;
    sku_pipeline[sku] -= pk.units;
    volume_used += cases[c].volume;  // its room was taken when the trip was planned
    if (in != pk.units) {            // units disposed of at stowing leave their room free
      const std::int64_t v = sku_volume[sku] * (pk.units - in);
      volume_used -= v;
      pod_room[sl.pod] += v;
    }
    class_on_hand[sku_class_of[sku]] += in;
    units += in;
    rec.tally(cases[c].returned ? kpis.returns_time_to_restock : kpis.dock_to_stock,
              (now - cases[c].unloaded).to_seconds());
    cases[c].live = false;
    cases[c].next = free_case;
    free_case = c;
    stock_changed(sku, recorded);
    const std::uint32_t next = pk.next;
    pk.next = free_pick;
    free_pick = p;
    p = next;
    // Orders held for the SKU go back to their stations (the pod itself serves them once stored).
    if (std::find(released.begin(), released.end(), sku) == released.end()) released.push_back(sku);
  }
  // Orders held for the SKUs go back to their stations once all of the trip's stock is in (the
  // pod itself serves them once stored). This may plan trips: no reference is held across it.
  for (const std::uint32_t sku : released) release_backorders(sku);
  released.clear();
  Trip& t = trips[trip];
  t.pick_head = kNone;
  on_hand += units;
  rec.count(kpis.units_stowed, units);
  rec.count(kpis.stow_trips);
  rec.level(kpis.stock_on_hand, now, static_cast<double>(on_hand));
  rec.level(kpis.pod_fill, now,
            static_cast<double>(volume_used) /
                static_cast<double>(pod_capacity * static_cast<std::int64_t>(pods.size())));
  update_holding();
  StationStats& ss = station_stats[k];
  ++ss.visits;
  ss.units += units;
  ss.visit_time.add((now - t.arrived).to_seconds());
  ss.robots_present.add(now, -1);
  ss.busy_pickers.add(now, -1);
  --stations[k].busy;
  --stations[k].outstanding;
  account_stowers();
  --stowers_busy;
  send_back(trip);
  stow_present(k);
  try_stow();
}

void Warehouse::Impl::account_stowers() {
  const SimTime now = engine.now();
  const std::int64_t dt = (now - stow_util_since).ticks();
  if (dt > 0 && stowers_staffed > 0)
    rec.ratio(kpis.stow_utilisation, stowers_busy * dt, stowers_staffed * dt);
  stow_util_since = now;
}

void Warehouse::Impl::restaff_stow() {
  // Stowers on duty fill stow positions evenly (at most inbound.stow.workers per station).
  account_stowers();
  const auto n = static_cast<std::int64_t>(stations.size() - n_pick);
  if (n == 0) return;
  const std::int64_t d = std::max<std::int64_t>(0, stow_on_duty);
  stowers_staffed = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t w = std::min<std::int64_t>(cfg.inbound.stowers, d / n + (i < d % n ? 1 : 0));
    const auto k = static_cast<std::size_t>(n_pick + i);
    staffed[k] = static_cast<std::int32_t>(w);
    station_stats[k].staffed.set(engine.now(), static_cast<double>(w));
    stowers_staffed += w;
  }
}

void Warehouse::Impl::record_inbound_levels() {
  const SimTime now = engine.now();
  rec.level(kpis.trucks_in_yard, now, static_cast<double>(yard_count));
  rec.level(kpis.doors_busy, now, static_cast<double>(doors_busy));
  rec.level(kpis.receiving_queue, now, static_cast<double>(recv_waiting));
  rec.level(kpis.receivers_busy, now, static_cast<double>(receivers_busy));
  rec.level(kpis.buffer_units, now, static_cast<double>(buffer_units));
}

// ---------------------------------------------------------------------------------- replenishment

void Warehouse::Impl::check_reorder(std::uint32_t sku) {
  if (!inbound) return;
  const ReplenishmentClass& rc = cfg.replenishment.classes[sku_class_of[sku]];
  if (!rc.enabled) return;
  const std::int64_t position = sku_net[sku] + sku_pipeline[sku];
  std::int64_t q = 0;
  switch (rc.rule) {
    case ReplenishmentRule::kSQ:
    case ReplenishmentRule::kSS:
      q = order_quantity(rc.rule, position, rc.reorder_point, rc.order_quantity, rc.order_up_to);
      break;
    case ReplenishmentRule::kRS:
      return;  // periodic: review() orders
    case ReplenishmentRule::kForecast:
      q = forecast_order_quantity(sku_levels[sku_fc[sku]], position);
      break;
  }
  if (q > 0) raise_po(sku, q);
}

void Warehouse::Impl::raise_po(std::uint32_t sku, std::int64_t units) {
  sku_pipeline[sku] += units;
  ++po_count;
  rec.count(kpis.purchase_orders);
  rec.count(kpis.units_ordered, units);
  const std::uint32_t supplier = class_supplier[sku_class_of[sku]];
  if (cfg.replenishment.consolidate_daily) {
    supplier_pos[supplier].push_back(PoLine{sku, units});
    return;
  }
  const PoLine line{sku, units};
  ship(supplier, std::span<const PoLine>(&line, 1));
}

void Warehouse::Impl::ship(std::uint32_t supplier, std::span<const PoLine> po_lines) {
  // One truck; the lead time is that of the first class (A, B, C) that names the supplier.
  const std::uint32_t truck = new_truck();
  const auto upc = static_cast<std::int32_t>(cfg.inbound.units_per_case);
  for (const PoLine& l : po_lines) {
    for (std::int64_t left = l.units; left > 0; left -= upc)
      new_case(truck, l.sku, static_cast<std::int32_t>(std::min<std::int64_t>(left, upc)));
  }
  std::size_t cls = 0;
  while (cls < 2 && !(cfg.replenishment.classes[cls].enabled && class_supplier[cls] == supplier)) ++cls;
  Draw d = lead_stream.draw_for(shipments++);
  const double lead = std::max(0.0, cfg.replenishment.classes[cls].lead_time(d));
  rec.count(kpis.shipments);
  engine.schedule_after(Duration::from_seconds(lead), EventSpec{id, kTruckArrival, truck});
}

void Warehouse::Impl::order_cutoff() {
  for (std::uint32_t i = 0; i < supplier_pos.size(); ++i) {
    if (supplier_pos[i].empty()) continue;
    ship(i, supplier_pos[i]);
    supplier_pos[i].clear();
  }
  engine.schedule_after(Duration::days(1), EventSpec{id, kOrderCutoff});
}

void Warehouse::Impl::update_forecast_levels(std::uint32_t sku) {
  const ReplenishmentClass& rc = cfg.replenishment.classes[sku_class_of[sku]];
  // Lead time in days: the mean supplier lead time, plus half a day of waiting for the daily
  // consolidation when purchase orders are consolidated.
  const double lead = rc.lead_time.mean() / kDay + (cfg.replenishment.consolidate_daily ? 0.5 : 0.0);
  const double z = safety_factor(rc.service_level);
  const std::uint32_t f = sku_fc[sku];
  if (rc.holt_winters) {
    const HoltWinters& m = hw[f];
    sku_levels[f] =
        forecast_levels(m.forecast_over(lead), m.forecast_over(lead + rc.cover_days) - m.forecast_over(lead),
                        m.sigma(), lead, z);
  } else {
    const ExponentialSmoothing& m = ses[f];
    sku_levels[f] =
        forecast_levels(m.forecast_over(lead), m.forecast_over(rc.cover_days), m.sigma(), lead, z);
  }
}

void Warehouse::Impl::day_end() {
  // Each forecast SKU observes the day's demand, gets new levels and is reviewed against them.
  for (std::uint32_t s = 0; s < sku_fc.size(); ++s) {
    const std::uint32_t f = sku_fc[s];
    if (f == kNone) continue;
    const auto demand = static_cast<double>(sku_day_demand[s]);
    sku_day_demand[s] = 0;
    if (cfg.replenishment.classes[sku_class_of[s]].holt_winters) {
      hw[f].observe(demand);
    } else {
      ses[f].observe(demand);
    }
    update_forecast_levels(s);
    check_reorder(s);
  }
  engine.schedule_after(Duration::days(1), EventSpec{id, kDayEnd});
}

void Warehouse::Impl::review(std::uint32_t cls) {
  const ReplenishmentClass& rc = cfg.replenishment.classes[cls];
  for (const std::uint32_t s : class_skus[cls]) {
    const std::int64_t q =
        order_quantity(ReplenishmentRule::kRS, sku_net[s] + sku_pipeline[s], 0, 1, rc.order_up_to);
    if (q > 0) raise_po(s, q);
  }
  engine.schedule_after(rc.review_period, EventSpec{id, kReview, cls});
}

}  // namespace whsim::model
