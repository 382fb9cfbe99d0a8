// Customer returns (docs/model.md, "Returns"): member functions of Warehouse::Impl that run only
// when returns are on. When an order ships (or, without outbound, when its last unit is picked)
// each of its lines comes back with its SKU class's rate, all its units, after a drawn delay (and
// at the next delivery time, when the scenario gives them). At the returns station workers
// inspect the lines first come first served, unit by unit; each unit is restocked as it is,
// refurbished and then restocked, or disposed of. Restocked units enter the receiving buffer and
// are stowed by the inbound stow flow like received cases. Every draw is keyed by the line or the
// return, and returned cases number their own draws, so switching returns on changes no keyed draw
// of the rest of the run (the stow trips that put returns away still change its events); at rate
// 0 no event changes.
#include <algorithm>

#include "whsim/core/error.hpp"

#include "warehouse_impl.hpp"

namespace whsim::model {

void Warehouse::Impl::build_returns() {
  const ReturnsConfig& r = cfg.returns;
  if (!inbound) throw ContractError("returns need the inbound stow flow");
  for (const double rate : r.rate) {
    if (!(rate >= 0) || rate > 1) throw ContractError("return rates must be shares");
  }
  if (!(r.restock >= 0) || !(r.refurbish >= 0) || r.restock + r.refurbish > 1 + 1e-9 || r.workers < 1 ||
      !std::is_sorted(r.arrival_times.begin(), r.arrival_times.end())) {
    throw ContractError("returns parameters out of range");
  }
  // Records are reused; reserve for the lines that may be in the returns flow at once: the line
  // table's reservation covers about two days of orders, a return stays for its delay, its wait
  // and its refurbishing (a day of slack for the wait), at most the run's horizon.
  const double most = *std::max_element(r.rate.begin(), r.rate.end());
  const double day = 86400.0;
  const double stay =
      std::min(r.delay.mean() + r.refurbish_time.mean() + day, cfg.horizon.to_seconds() + day);
  const double lines_per_second = static_cast<double>(lines.capacity()) / (2 * day);
  return_lines.reserve(static_cast<std::size_t>(std::min(lines_per_second * stay * most * 1.2, 5e7)) + 64);
  cases.reserve(cases.capacity() + 256);
  record_returns_levels();
}

void Warehouse::Impl::order_left(std::uint32_t o) {
  const Order& order = orders[o];
  const SimTime now = engine.now();
  for (std::uint32_t l = order.first_line; l < order.first_line + order.lines; ++l) {
    const Line& line = lines[l];
    const std::int32_t units = packed_units(l);  // what the customer received
    if (line.lost || units <= 0) continue;
    Draw d = return_stream.draw_for(l);
    if (!(d.uniform() < cfg.returns.rate[sku_class_of[line.sku]])) continue;
    const double delay = std::max(0.0, cfg.returns.delay(d));
    SimTime at = now + Duration::from_seconds(delay);
    if (!cfg.returns.arrival_times.empty()) at = clock_at_or_after(cfg.returns.arrival_times, at);
    const std::uint32_t r = new_return();
    ReturnLine& rl = return_lines[r];
    rl.sku = line.sku;
    rl.units = units;
    ret_decided += rl.units;
    ret_in_transit += rl.units;
    engine.schedule_at(at, EventSpec{id, kReturnArrival, r});
  }
  record_returns_levels();
}

std::uint32_t Warehouse::Impl::new_return() {
  // Records are reused once a return is restocked or disposed of.
  std::uint32_t r = free_return;
  if (r != kNone) {
    free_return = return_lines[r].next;
  } else {
    return_lines.emplace_back();
    r = static_cast<std::uint32_t>(return_lines.size() - 1);
  }
  return_lines[r] = ReturnLine{};
  return_lines[r].serial = return_serial++;
  return r;
}

void Warehouse::Impl::free_return_line(std::uint32_t r) {
  return_lines[r].next = free_return;
  free_return = r;
}

void Warehouse::Impl::return_arrival(std::uint32_t r) {
  ReturnLine& rl = return_lines[r];
  rl.arrived = engine.now();
  rl.next = kNone;
  ret_in_transit -= rl.units;
  ret_queued += rl.units;
  rec.count(kpis.returns_received, rl.units);
  if (ret_tail == kNone) {
    ret_head = r;
  } else {
    return_lines[ret_tail].next = r;
  }
  ret_tail = r;
  try_inspect_returns();
  record_returns_levels();
}

void Warehouse::Impl::try_inspect_returns() {
  while (ret_busy < ret_on_duty && ret_head != kNone) {
    const std::uint32_t r = ret_head;
    ret_head = return_lines[r].next;
    if (ret_head == kNone) ret_tail = kNone;
    const ReturnLine& rl = return_lines[r];
    ++ret_busy;
    ret_queued -= rl.units;
    ret_inspecting += rl.units;
    Draw d = return_inspect_stream.draw_for(rl.serial);
    double seconds = 0;
    for (std::int32_t u = 0; u < rl.units; ++u) seconds += std::max(0.0, cfg.returns.inspect_time(d));
    engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kReturnInspected, r});
  }
}

void Warehouse::Impl::return_inspected(std::uint32_t r) {
  ReturnLine& rl = return_lines[r];
  --ret_busy;
  ret_inspecting -= rl.units;
  rec.count(kpis.returns_inspected, rl.units);
  // Each unit's outcome: restock as it is, refurbish, or dispose of.
  Draw d = return_inspect_stream.draw_for(rl.serial, 1);
  std::int32_t restock = 0;
  std::int32_t refurbish = 0;
  for (std::int32_t u = 0; u < rl.units; ++u) {
    const double x = d.uniform();
    if (x < cfg.returns.restock) {
      ++restock;
    } else if (x < cfg.returns.restock + cfg.returns.refurbish) {
      ++refurbish;
    }
  }
  const std::int32_t dispose = rl.units - restock - refurbish;
  rec.ratio(kpis.returns_recovery, restock + refurbish, rl.units);
  if (dispose > 0) {
    ret_disposed += dispose;
    rec.count(kpis.returns_disposed, dispose);
  }
  if (restock > 0) {
    ret_restocked += restock;
    rec.count(kpis.returns_restocked, restock);
    restock_return(rl.sku, restock, rl.arrived);
  }
  if (refurbish > 0) {
    rl.units = refurbish;
    ret_refurbishing += refurbish;
    Draw t = refurbish_stream.draw_for(rl.serial);
    const double seconds = std::max(0.0, cfg.returns.refurbish_time(t));
    engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kRefurbished, r});
  } else {
    free_return_line(r);
  }
  try_inspect_returns();
  record_returns_levels();
}

void Warehouse::Impl::refurbished(std::uint32_t r) {
  const ReturnLine& rl = return_lines[r];
  ret_refurbishing -= rl.units;
  ret_refurbished += rl.units;
  rec.count(kpis.returns_refurbished, rl.units);
  restock_return(rl.sku, rl.units, rl.arrived);
  free_return_line(r);
  record_returns_levels();
}

void Warehouse::Impl::restock_return(std::uint32_t sku, std::int32_t units, SimTime arrived) {
  // The returned units join the receiving buffer (the returns station stands by it) in cases of at
  // most inbound.units_per_case units that fit an empty pod; the stow flow puts them away like
  // received cases. Their draws are numbered apart from received cases' (bit 63 of the serial).
  const auto fit = std::max<std::int64_t>(1, pod_capacity / std::max<std::int64_t>(1, sku_volume[sku]));
  const auto most = static_cast<std::int32_t>(std::min<std::int64_t>(cfg.inbound.units_per_case, fit));
  while (units > 0) {
    const std::int32_t n = std::min(units, std::max(1, most));
    units -= n;
    const std::uint32_t c = alloc_case(sku, n, (std::uint64_t{1} << 63U) | returned_cases++);
    Case& cs = cases[c];
    cs.here = true;
    cs.returned = true;
    cs.unloaded = arrived;
    units_returned_in += n;
    inflow_units += n;
    sku_pipeline[sku] += n;
    case_buffered(c);
  }
}

void Warehouse::Impl::record_returns_levels() {
  const SimTime now = engine.now();
  rec.level(kpis.returns_in_transit, now, static_cast<double>(ret_in_transit));
  rec.level(kpis.returns_backlog, now, static_cast<double>(ret_queued));
  rec.level(kpis.returns_workers_busy, now, static_cast<double>(ret_busy));
}

}  // namespace whsim::model
