// Robot batteries, charging and energy (docs/model.md, "Batteries and charging"): member
// functions of Warehouse::Impl that run only when batteries are on. A robot's battery pays for
// every metre (empty or loaded), every lift and set-down, and an idle draw over time; after a
// trip, or idle, below charge_below it drives to a charger and is not dispatched until it has
// charged to charge_to. With batteries off none of this is reached and no event of a run changes.
#include <algorithm>
#include <limits>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"

#include "warehouse_impl.hpp"

namespace whsim::model {

void Warehouse::Impl::build_batteries() {
  const BatteryConfig& b = cfg.batteries;
  if (b.charger_cells.empty()) throw ContractError("batteries need at least one charger");
  if (!(b.capacity > 0) || b.bays < 1 || !(b.charge_power > 0) || !(b.charger_efficiency > 0) ||
      !(b.charge_to > b.charge_below) || !(b.charge_to > b.opportunity_below) || b.charge_to > 1 ||
      b.taper_from < 0 || b.taper_from > 1 || !(b.taper_floor > 0) || b.taper_floor > 1) {
    throw ContractError("battery parameters out of range");
  }
  for (const std::uint32_t cell : b.charger_cells) {
    Charger c;
    c.cell = cell;
    chargers.push_back(c);
  }
  record_battery_levels();
  rec.level(kpis.state_of_charge, engine.now(),
            fleet_charge / (b.capacity * static_cast<double>(robots.size())));
  // Robots that start below the threshold go to charge before any order can reach them.
  for (std::uint32_t r = 0; r < robots.size(); ++r) {
    if (robots[r].state == RobotState::kIdle && needs_charge(r)) {
      idle_remove(r);
      go_charge(r, choose_charger(r, false));
    }
  }
}

void Warehouse::Impl::settle_batteries() {
  // Books every robot's idle draw up to now (samples, the warm-up, the end of the run).
  for (std::uint32_t r = 0; r < robots.size(); ++r) book(r, 0);
  rec.level(kpis.state_of_charge, engine.now(),
            fleet_charge / (cfg.batteries.capacity * static_cast<double>(robots.size())));
}

// --------------------------------------------------------------------------------------- energy

void Warehouse::Impl::book(std::uint32_t r, double wh) {
  Robot& rb = robots[r];
  const SimTime now = engine.now();
  // On a charger the charger powers the robot; elsewhere the idle draw runs all the time.
  if (rb.state != RobotState::kCharging) {
    wh += cfg.batteries.idle_power * (now - rb.drained_to).to_seconds() / 3600.0;
  }
  rb.drained_to = now;
  if (wh <= 0) return;
  if (wh > rb.charge) {
    // Empty: the robot stops drawing (and the run counts it once; charge_below is too low).
    if (rb.charge > 0) rec.count(kpis.battery_depleted);
    wh = rb.charge;
  }
  rb.charge -= wh;
  rb.used += wh;
  fleet_charge -= wh;
  used_total += wh;
  const auto whole = static_cast<std::int64_t>(used_total);
  if (whole > used_counted) {
    rec.count(kpis.energy_used, whole - used_counted);
    used_counted = whole;
  }
  rec.level(kpis.state_of_charge, now,
            fleet_charge / (cfg.batteries.capacity * static_cast<double>(robots.size())));
}

void Warehouse::Impl::arm_low(std::uint32_t r) {
  // An idle robot reaches charge_below by its idle draw alone at a time known now.
  const BatteryConfig& b = cfg.batteries;
  Robot& rb = robots[r];
  if (b.idle_power <= 0) {
    if (rb.charge < b.charge_below * b.capacity) {
      rb.low = engine.schedule_after(Duration::zero(), EventSpec{id, kBatteryLow, r});
    }
    return;
  }
  book(r, 0);
  const double seconds = std::max(0.0, (rb.charge - b.charge_below * b.capacity) / b.idle_power * 3600.0);
  // Beyond the horizon (a tiny idle draw) it never fires within the run.
  if (seconds > (SimTime::zero() + cfg.horizon - engine.now()).to_seconds() + 86400.0) return;
  rb.low = engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kBatteryLow, r});
}

void Warehouse::Impl::battery_low(std::uint32_t r) {
  if (robots[r].state != RobotState::kIdle) return;  // it left on a trip at the same moment
  idle_remove(r);
  go_charge(r, choose_charger(r, false));
}

bool Warehouse::Impl::needs_charge(std::uint32_t r) const {
  const BatteryConfig& b = cfg.batteries;
  const Robot& rb = robots[r];
  const double idle = b.idle_power * (engine.now() - rb.drained_to).to_seconds() / 3600.0;
  return rb.charge - idle < b.charge_below * b.capacity;
}

bool Warehouse::Impl::try_opportunity(std::uint32_t r) {
  const BatteryConfig& b = cfg.batteries;
  if (b.opportunity_below <= 0) return false;
  book(r, 0);
  if (robots[r].charge >= b.opportunity_below * b.capacity) return false;
  const std::uint32_t c = choose_charger(r, true);
  if (c == kNone) return false;
  go_charge(r, c);
  return true;
}

// ------------------------------------------------------------------------------------- charging

std::uint32_t Warehouse::Impl::choose_charger(std::uint32_t r, bool free_bay_only) const {
  // The charger where it would wait least (robots ahead of it beyond the bays), then the nearest.
  const CellId from(robots[r].cell);
  std::uint32_t best = kNone;
  std::int64_t best_ahead = std::numeric_limits<std::int64_t>::max();
  Duration best_time = Duration::max();
  for (std::uint32_t c = 0; c < chargers.size(); ++c) {
    const Charger& ch = chargers[c];
    const std::int64_t ahead =
        std::max<std::int64_t>(0, ch.charging + ch.coming + ch.waiting - cfg.batteries.bays + 1);
    if (free_bay_only && ahead > 0) continue;
    if (ahead > best_ahead) continue;
    const Duration t = travel.empty(from, CellId(ch.cell)).time;
    if (ahead < best_ahead || t < best_time) {
      best = c;
      best_ahead = ahead;
      best_time = t;
    }
  }
  return best;
}

void Warehouse::Impl::go_charge(std::uint32_t r, std::uint32_t c) {
  Robot& rb = robots[r];
  Charger& ch = chargers[c];
  rb.charger = c;
  ++ch.coming;
  const Leg leg = movement->empty_leg(r, engine.now(), CellId(rb.cell), CellId(ch.cell));
  book(r, leg.metres * cfg.batteries.per_metre_empty);
  total_metres += leg.metres;
  rb.total_metres += leg.metres;
  set_state(r, RobotState::kToCharger);
  schedule_step(r, leg.time);
}

void Warehouse::Impl::at_charger(std::uint32_t r) {
  Robot& rb = robots[r];
  Charger& ch = chargers[rb.charger];
  rb.cell = ch.cell;
  ++cell_visits[rb.cell];
  --ch.coming;
  rb.waiting_since = engine.now();
  if (ch.charging < cfg.batteries.bays) {
    start_charge(r);
    return;
  }
  book(r, 0);
  set_state(r, RobotState::kWaitingCharger);
  rb.next_charge = kNone;
  if (ch.q_tail == kNone) {
    ch.q_head = r;
  } else {
    robots[ch.q_tail].next_charge = r;
  }
  ch.q_tail = r;
  ++ch.waiting;
}

double Warehouse::Impl::charge_seconds(double from, double to) const {
  // Constant power P up to taper_from; above it the power falls linearly to taper_floor x P at a
  // full battery: P(s) = P (1 - k (s - s0)), k = (1 - floor) / (1 - s0), so the time from a to b
  // above s0 is C / (P k) ln((1 - k (a - s0)) / (1 - k (b - s0))).
  const BatteryConfig& b = cfg.batteries;
  const double c = b.capacity;
  const double s0 = b.taper_from;
  const double a = from / c;
  const double e = to / c;
  double hours = 0;
  if (a < s0) hours += (std::min(e, s0) - a) * c / b.charge_power;
  if (e > s0) {
    const double lo = std::max(a, s0);
    const double k = s0 < 1 ? (1 - b.taper_floor) / (1 - s0) : 0.0;
    if (k <= 0) {
      hours += (e - lo) * c / b.charge_power;
    } else {
      hours += c / (b.charge_power * k) * dmath::log((1 - k * (lo - s0)) / (1 - k * (e - s0)));
    }
  }
  return std::max(0.0, hours) * 3600.0;
}

void Warehouse::Impl::start_charge(std::uint32_t r) {
  Robot& rb = robots[r];
  Charger& ch = chargers[rb.charger];
  book(r, 0);  // the idle draw up to the bay
  ++ch.charging;
  ++bays_busy;
  rec.tally(kpis.charger_wait, (engine.now() - rb.waiting_since).to_seconds());
  set_state(r, RobotState::kCharging);
  rb.goal = std::max(rb.charge, cfg.batteries.charge_to * cfg.batteries.capacity);
  const double seconds = charge_seconds(rb.charge, rb.goal);
  rb.waiting_since = engine.now();  // start of the charge, for its duration
  schedule_step(r, Duration::from_seconds(seconds));
  record_battery_levels();
}

void Warehouse::Impl::charge_done(std::uint32_t r) {
  const BatteryConfig& b = cfg.batteries;
  Robot& rb = robots[r];
  Charger& ch = chargers[rb.charger];
  const SimTime now = engine.now();
  const double seconds = (now - rb.waiting_since).to_seconds();
  const double added = rb.goal - rb.charge;
  rb.charged += added;
  rb.charge = rb.goal;
  rb.drained_to = now;
  ++rb.charges;
  fleet_charge += added;
  // From the grid: the energy stored and the robot's idle draw on the bay, over the efficiency.
  grid_total += (added + b.idle_power * seconds / 3600.0) / b.charger_efficiency;
  const auto whole = static_cast<std::int64_t>(grid_total);
  if (whole > grid_counted) {
    rec.count(kpis.energy_grid, whole - grid_counted);
    grid_counted = whole;
  }
  rec.count(kpis.charges);
  rec.tally(kpis.charge_time, seconds);
  rec.level(kpis.state_of_charge, now, fleet_charge / (b.capacity * static_cast<double>(robots.size())));
  --ch.charging;
  --bays_busy;
  rb.charger = kNone;
  const std::uint32_t next = ch.q_head;
  if (next != kNone) {
    ch.q_head = robots[next].next_charge;
    if (ch.q_head == kNone) ch.q_tail = kNone;
    --ch.waiting;
    start_charge(next);
  }
  record_battery_levels();
  robot_free(r);
}

void Warehouse::Impl::record_battery_levels() {
  rec.level(kpis.bays_busy, engine.now(), static_cast<double>(bays_busy));
}

void Warehouse::Impl::finish_batteries() {
  settle_batteries();  // the idle draw up to the end
  std::int64_t done = 0;
  std::int64_t picked = 0;
  for (std::size_t k = 0; k < n_pick; ++k) {  // stow stations count units stowed
    done += station_stats[k].orders;
    picked += station_stats[k].units;
  }
  const double used = used_total - used_at_reset;
  if (done > 0) {
    rec.tally(kpis.energy_per_order, used / static_cast<double>(done));
    rec.tally(kpis.co2_per_order, used / static_cast<double>(done) / 1000.0 /
                                      cfg.batteries.charger_efficiency * cfg.batteries.grid_intensity);
  }
  if (picked > 0) rec.tally(kpis.energy_per_unit, used / static_cast<double>(picked));
}

}  // namespace whsim::model
