// The outbound flow (docs/model.md, "Outbound flow"): member functions of Warehouse::Impl that
// run only when outbound is on. A picked order rides to packing, waits for a packer, is packed
// into the smallest packaging that holds it, sorted to its carrier's lanes (a packer holds a
// package whose lanes are full), and loaded onto the carrier's truck, which docks before its
// cutoff and departs at it. With outbound off none of this is reached and no event or random
// draw of a run changes.
#include <algorithm>
#include <numeric>

#include "whsim/core/error.hpp"

#include "warehouse_impl.hpp"

namespace whsim::model {

// ------------------------------------------------------------------------------------------ build

void Warehouse::Impl::build_outbound(RandomStreams& streams) {
  const OutboundConfig& ob = cfg.outbound;
  if (ob.carriers.empty()) throw ContractError("outbound needs at least one carrier");
  if (ob.carriers.size() >= kNoBox || ob.packaging.size() >= kNoBox)
    throw ContractError("too many carriers or packaging types");
  // Cutoffs as times of day in [0, 24h), sorted and distinct (24:00 is 00:00).
  for (Carrier& c : cfg.outbound.carriers) {
    const std::int64_t day = Duration::days(1).ticks();
    for (Duration& t : c.cutoffs) t = Duration::from_ticks(((t.ticks() % day) + day) % day);
    std::sort(c.cutoffs.begin(), c.cutoffs.end());
    c.cutoffs.erase(std::unique(c.cutoffs.begin(), c.cutoffs.end()), c.cutoffs.end());
  }
  for (const Carrier& c : ob.carriers) {
    if (c.cutoffs.empty()) throw ContractError("every carrier needs a cutoff");
    if (c.dock_before <= Duration::zero())
      throw ContractError("a carrier's trucks must dock before their cutoff");
    if (c.lanes < 1 || c.lane_capacity < 1 || c.truck_packages < 1)
      throw ContractError("carrier lanes, lane capacity and truck capacity must be at least 1");
  }
  if (std::none_of(ob.carriers.begin(), ob.carriers.end(),
                   [](const Carrier& c) { return c.share > 0 && c.max_order_volume <= 0; })) {
    throw ContractError("at least one carrier with a share must take any order");
  }
  transfer_stream = streams.stream("outbound/transfer");
  carrier_stream = streams.stream("outbound/carrier");
  pack_stream = streams.stream("outbound/pack");
  sort_stream = streams.stream("outbound/sort");
  load_stream = streams.stream("outbound/load");
  if (sku_volume.empty()) {
    sku_volume.resize(sku_initial.size());
    for (std::size_t s = 0; s < sku_volume.size(); ++s)
      sku_volume[s] = cubic_cm(cfg.sku_volumes.empty() ? cfg.unit_volume : cfg.sku_volumes[s]);
  }
  carriers.resize(ob.carriers.size());
  for (std::size_t c = 0; c < carriers.size(); ++c) {
    carriers[c].capacity = ob.carriers[c].lanes * ob.carriers[c].lane_capacity;
    schedule_out_truck(static_cast<std::uint32_t>(c), engine.now());
  }
  out_door_truck.assign(static_cast<std::size_t>(ob.doors), kNone);
  box_count.assign(ob.packaging.size(), 0);
  parcels.reserve(orders.capacity());
  out_trucks.reserve(carriers.size() * 2 + 8);
  pack_util_since = engine.now();
  restaff_pack();
  record_outbound_levels();
}

// ------------------------------------------------------------------------------------ packing

void Warehouse::Impl::parcel_arrived(std::uint32_t o) {
  // The carrier is chosen when the order arrives (its promise is made then): by share among
  // the carriers that take an order of its goods' volume.
  const OutboundConfig& ob = cfg.outbound;
  std::int64_t volume = 0;
  for (std::uint32_t l = orders[o].first_line; l < orders[o].first_line + orders[o].lines; ++l)
    volume += sku_volume[lines[l].sku] * lines[l].quantity;
  double total = 0;
  std::uint32_t fallback = kNone;
  for (std::uint32_t c = 0; c < ob.carriers.size(); ++c) {
    const Carrier& cr = ob.carriers[c];
    if (cr.max_order_volume > 0 && volume > cubic_cm(cr.max_order_volume)) continue;
    total += cr.share;
    if (fallback == kNone && cr.share > 0) fallback = c;
  }
  Draw d = carrier_stream.draw_for(o);
  double u = d.uniform() * total;
  std::uint32_t chosen = fallback;
  for (std::uint32_t c = 0; c < ob.carriers.size(); ++c) {
    const Carrier& cr = ob.carriers[c];
    if (cr.share <= 0 || (cr.max_order_volume > 0 && volume > cubic_cm(cr.max_order_volume))) continue;
    if (u < cr.share) {
      chosen = c;
      break;
    }
    u -= cr.share;
  }
  Parcel p;
  p.carrier = static_cast<std::uint16_t>(chosen);
  p.promised = cutoff_at_or_after(ob.carriers[chosen], engine.now() + ob.promise_lead);
  parcels.push_back(p);
}

void Warehouse::Impl::order_picked(std::uint32_t o) {
  ++picked_orders;
  ++in_transfer;
  Draw d = transfer_stream.draw_for(o);
  const double seconds = std::max(0.0, cfg.outbound.transfer_time(d));
  engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kPackArrival, o});
}

void Warehouse::Impl::pack_arrival(std::uint32_t o) {
  --in_transfer;
  ++pack_waiting;
  parcels[o].next = kNone;
  if (pack_tail == kNone) {
    pack_head = o;
  } else {
    parcels[pack_tail].next = o;
  }
  pack_tail = o;
  try_pack();
  record_outbound_levels();
}

void Warehouse::Impl::try_pack() {
  const OutboundConfig& ob = cfg.outbound;
  while (pack_head != kNone && packing + pack_blocked < pack_staffed) {
    const std::uint32_t o = pack_head;
    pack_head = parcels[o].next;
    if (pack_head == kNone) pack_tail = kNone;
    --pack_waiting;
    account_packers();
    ++packing;
    // Pack time by the order's size: the first class whose max_units covers the units picked.
    std::int64_t units = 0;
    for (std::uint32_t l = orders[o].first_line; l < orders[o].first_line + orders[o].lines; ++l)
      units += lines[l].picked;
    const RandomQuantity* time = &ob.pack_time;
    for (const PackSizeClass& sc : ob.size_classes) {
      if (units <= sc.max_units) {
        time = &sc.time;
        break;
      }
    }
    Draw d = pack_stream.draw_for(o);
    const double seconds = std::max(0.0, (*time)(d));
    rec.tally(kpis.pack_time, seconds);
    engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kPackDone, o});
  }
}

void Warehouse::Impl::pack_done(std::uint32_t o) {
  const OutboundConfig& ob = cfg.outbound;
  account_packers();
  --packing;
  timelines[o].packed = engine.now();
  if (accuracy && cfg.accuracy.damage_pack > 0) pack_damage(o);  // disposed of: the order ships short
  // The smallest packaging that holds the goods picked (the largest when none does: the package
  // then takes the goods' volume); without packaging types the goods' own volume.
  std::int64_t goods = 0;
  for (std::uint32_t l = orders[o].first_line; l < orders[o].first_line + orders[o].lines; ++l)
    goods += sku_volume[lines[l].sku] * packed_units(l);
  Parcel& p = parcels[o];
  p.volume = goods;
  if (!ob.packaging.empty()) {
    std::size_t b = 0;
    while (b + 1 < ob.packaging.size() && cubic_cm(ob.packaging[b].volume) < goods) ++b;
    p.box = static_cast<std::uint16_t>(b);
    p.volume = std::max(goods, cubic_cm(ob.packaging[b].volume));
    ++box_count[b];
  }
  CarrierState& cs = carriers[p.carrier];
  if (cs.occupied < cs.capacity) {
    to_lane(o);
  } else {
    // The lanes are full: the packer holds the package at the bench until a place frees.
    ++pack_blocked;
    p.blocked_since = engine.now();
    p.next = kNone;
    if (cs.blocked_tail == kNone) {
      cs.blocked_head = o;
    } else {
      parcels[cs.blocked_tail].next = o;
    }
    cs.blocked_tail = o;
  }
  try_pack();
  record_outbound_levels();
}

void Warehouse::Impl::to_lane(std::uint32_t o) {
  ++carriers[parcels[o].carrier].occupied;
  ++sorting;
  Draw d = sort_stream.draw_for(o);
  const double seconds = std::max(0.0, cfg.outbound.sort_time(d));
  engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kSorted, o});
}

void Warehouse::Impl::unblock(std::uint32_t c) {
  CarrierState& cs = carriers[c];
  bool freed = false;
  while (cs.blocked_head != kNone && cs.occupied < cs.capacity) {
    const std::uint32_t o = cs.blocked_head;
    cs.blocked_head = parcels[o].next;
    if (cs.blocked_head == kNone) cs.blocked_tail = kNone;
    --pack_blocked;
    rec.tally(kpis.lane_block_time, (engine.now() - parcels[o].blocked_since).to_seconds());
    to_lane(o);
    freed = true;
  }
  if (freed) try_pack();
}

void Warehouse::Impl::sorted(std::uint32_t o) {
  --sorting;
  ++in_lanes;
  CarrierState& cs = carriers[parcels[o].carrier];
  ++cs.in_lane;
  parcels[o].next = kNone;
  if (cs.lane_tail == kNone) {
    cs.lane_head = o;
  } else {
    parcels[cs.lane_tail].next = o;
  }
  cs.lane_tail = o;
  if (cs.truck != kNone) try_load(cs.truck);
  record_outbound_levels();
}

void Warehouse::Impl::account_packers() {
  const SimTime now = engine.now();
  const std::int64_t dt = (now - pack_util_since).ticks();
  // A packer finishing the order in hand after going off duty works beyond the staffed benches:
  // that overtime is not in the ratio.
  if (dt > 0 && pack_staffed > 0)
    rec.ratio(kpis.packer_utilisation, std::min(packing, pack_staffed) * dt, pack_staffed * dt);
  pack_util_since = now;
}

void Warehouse::Impl::restaff_pack() {
  // One packer per bench; a packer going off duty finishes the order in hand.
  account_packers();
  pack_staffed = std::clamp<std::int64_t>(pack_on_duty, 0, cfg.outbound.pack_stations);
}

void Warehouse::Impl::record_outbound_levels() {
  const SimTime now = engine.now();
  rec.level(kpis.pack_queue, now, static_cast<double>(pack_waiting));
  rec.level(kpis.packers_busy, now, static_cast<double>(packing));
  rec.level(kpis.packers_blocked, now, static_cast<double>(pack_blocked));
  rec.level(kpis.lane_packages, now, static_cast<double>(in_lanes));
  rec.level(kpis.out_trucks_in_yard, now, static_cast<double>(out_yard_count));
  rec.level(kpis.out_doors_busy, now, static_cast<double>(out_doors_busy));
}

// ------------------------------------------------------------------------------------- trucks

SimTime Warehouse::Impl::clock_at_or_after(const std::vector<Duration>& times, SimTime t) const {
  // Clock times on the scenario's calendar (time zero is start_time_of_day), sorted.
  const std::int64_t day = Duration::days(1).ticks();
  const std::int64_t clock = t.ticks() + cfg.start_time_of_day.ticks();
  std::int64_t d = clock >= 0 ? clock / day : (clock - day + 1) / day;
  const std::int64_t within = clock - d * day;
  auto it = std::lower_bound(times.begin(), times.end(), Duration::from_ticks(within));
  if (it == times.end()) {
    ++d;
    it = times.begin();
  }
  return SimTime::from_ticks(d * day + it->ticks() - cfg.start_time_of_day.ticks());
}

SimTime Warehouse::Impl::cutoff_at_or_after(const Carrier& carrier, SimTime t) const {
  return clock_at_or_after(carrier.cutoffs, t);
}

void Warehouse::Impl::schedule_out_truck(std::uint32_t c, SimTime from) {
  // The carrier's next truck departs at its first cutoff after `from` and docks dock_before
  // earlier (not before `from`: one truck per carrier at a time).
  const Carrier& cr = cfg.outbound.carriers[c];
  CarrierState& cs = carriers[c];
  const SimTime cutoff = cutoff_at_or_after(cr, from + Duration::from_ticks(1));
  const SimTime end = SimTime::zero() + cfg.horizon;
  const SimTime at = std::max(from, cutoff - cr.dock_before);
  cs.pending_cutoff = cutoff;
  if (at < end) engine.schedule_at(at, EventSpec{id, kOutTruckArrival, c});
}

void Warehouse::Impl::out_truck_arrival(std::uint32_t c) {
  std::uint32_t truck = free_out_truck;
  if (truck != kNone) {
    free_out_truck = out_trucks[truck].next;
    out_trucks[truck] = OutTruck{};
  } else {
    truck = static_cast<std::uint32_t>(out_trucks.size());
    out_trucks.emplace_back();
  }
  OutTruck& t = out_trucks[truck];
  CarrierState& cs = carriers[c];
  t.carrier = c;
  t.cutoff = cs.pending_cutoff;
  t.arrived = engine.now();
  cs.truck = truck;
  engine.schedule_at(t.cutoff, EventSpec{id, kOutTruckDeparture, truck});
  const auto door = static_cast<std::uint32_t>(
      std::find(out_door_truck.begin(), out_door_truck.end(), kNone) - out_door_truck.begin());
  if (door < out_door_truck.size()) {
    dock_out_truck(door, truck);
  } else {
    t.next = kNone;
    if (out_yard_tail == kNone) {
      out_yard_head = truck;
    } else {
      out_trucks[out_yard_tail].next = truck;
    }
    out_yard_tail = truck;
    ++out_yard_count;
  }
  record_outbound_levels();
}

void Warehouse::Impl::dock_out_truck(std::uint32_t door, std::uint32_t truck) {
  OutTruck& t = out_trucks[truck];
  t.door = door;
  out_door_truck[door] = truck;
  ++out_doors_busy;
  rec.tally(kpis.out_dock_wait, (engine.now() - t.arrived).to_seconds());
  try_load(truck);
}

void Warehouse::Impl::try_load(std::uint32_t truck) {
  OutTruck& t = out_trucks[truck];
  if (t.door == kNone || t.loading != kNone || t.full) return;
  CarrierState& cs = carriers[t.carrier];
  const std::uint32_t o = cs.lane_head;
  if (o == kNone) return;
  const Carrier& cr = cfg.outbound.carriers[t.carrier];
  // An empty truck takes any package; otherwise the package must fit in count and volume.
  if (t.packages > 0 && (t.packages + 1 > cr.truck_packages ||
                         (cr.truck_volume > 0 && t.volume + parcels[o].volume > cubic_cm(cr.truck_volume)))) {
    t.full = true;
    return;
  }
  cs.lane_head = parcels[o].next;
  if (cs.lane_head == kNone) cs.lane_tail = kNone;
  --cs.in_lane;
  --in_lanes;
  ++on_trucks;
  t.loading = o;
  Draw d = load_stream.draw_for(o, static_cast<std::uint32_t>(trucks_departed));  // a retry draws anew
  const double seconds = std::max(0.0, cr.load_time(d));
  t.load = engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kLoadDone, truck});
}

void Warehouse::Impl::load_done(std::uint32_t truck) {
  OutTruck& t = out_trucks[truck];
  const std::uint32_t o = t.loading;
  t.loading = kNone;
  parcels[o].next = t.first;
  t.first = o;
  ++t.packages;
  t.volume += parcels[o].volume;
  const std::uint32_t c = t.carrier;
  --carriers[c].occupied;  // its place in the lane is free once it is on the truck
  try_load(truck);
  unblock(c);
  record_outbound_levels();
}

void Warehouse::Impl::out_truck_departure(std::uint32_t truck) {
  const SimTime now = engine.now();
  OutTruck& t = out_trucks[truck];
  const std::uint32_t c = t.carrier;
  CarrierState& cs = carriers[c];
  const Carrier& cr = cfg.outbound.carriers[c];
  // The truck leaves at its cutoff: a package still being loaded goes back to the lane's head.
  if (t.loading != kNone) {
    engine.cancel(t.load);
    const std::uint32_t o = t.loading;
    t.loading = kNone;
    parcels[o].next = cs.lane_head;
    cs.lane_head = o;
    if (cs.lane_tail == kNone) cs.lane_tail = o;
    ++cs.in_lane;
    ++in_lanes;
    --on_trucks;
  }
  if (t.door == kNone) {
    // Never got a door: it leaves from the yard, empty.
    std::uint32_t* link = &out_yard_head;
    std::uint32_t prev = kNone;
    while (*link != truck) {
      prev = *link;
      link = &out_trucks[*link].next;
    }
    *link = t.next;
    if (out_yard_tail == truck) out_yard_tail = prev;
    --out_yard_count;
    rec.tally(kpis.out_dock_wait, (now - t.arrived).to_seconds());
  } else {
    out_door_truck[t.door] = kNone;
    --out_doors_busy;
    if (out_yard_head != kNone) {
      const std::uint32_t next = out_yard_head;
      out_yard_head = out_trucks[next].next;
      if (out_yard_head == kNone) out_yard_tail = kNone;
      --out_yard_count;
      dock_out_truck(t.door, next);
    }
  }
  const auto serial = static_cast<std::uint32_t>(trucks_departed++);
  for (std::uint32_t o = t.first; o != kNone; o = parcels[o].next) {
    Parcel& p = parcels[o];
    p.departure = serial;
    timelines[o].shipped = now;
    --on_trucks;
    ++orders_shipped;
    const double click = (now - timelines[o].arrived).to_seconds();
    const bool on_time = now <= p.promised;
    rec.count(kpis.orders_shipped);
    rec.tally(kpis.click_to_ship, click);
    rec.ratio(kpis.shipped_on_time, on_time ? 1 : 0, 1);
    if (!on_time) rec.count(kpis.orders_shipped_late);
    ++(on_time ? cs.on_time : cs.late);
    cs.click_to_ship += click;
    if (returns) order_left(o);
  }
  const double fill = std::max(
      static_cast<double>(t.packages) / static_cast<double>(cr.truck_packages),
      cr.truck_volume > 0 ? static_cast<double>(t.volume) / static_cast<double>(cubic_cm(cr.truck_volume))
                          : 0.0);
  rec.count(kpis.out_trucks_departed);
  rec.tally(kpis.truck_fill, fill);
  rec.tally(kpis.packages_per_truck, static_cast<double>(t.packages));
  // Sorted packages left behind roll to the carrier's next truck.
  rec.count(kpis.packages_rolled, cs.in_lane);
  ++cs.trucks;
  cs.packages += t.packages;
  cs.rolled += cs.in_lane;
  cs.fill += fill;
  cs.truck = kNone;
  t.next = free_out_truck;
  free_out_truck = truck;
  schedule_out_truck(c, now);
  record_outbound_levels();
}

}  // namespace whsim::model
