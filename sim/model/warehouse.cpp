// The goods-to-person warehouse (see the header and docs/model.md).
#include "whsim/model/warehouse.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"
#include "whsim/kernel/distributions.hpp"

#include "warehouse_impl.hpp"

namespace whsim::model {

std::string_view to_string(RobotState s) {
  static constexpr std::array<std::string_view, kRobotStateCountAll> kNames{
      "idle",         "to_pod",      "lifting",    "to_station",          "at_station", "returning",
      "setting_down", "interrupted", "to_charger", "waiting_for_charger", "charging"};
  return kNames[static_cast<std::size_t>(s)];
}

WarehouseKpiParts WarehouseKpiParts::of(const WarehouseConfig& cfg) {
  WarehouseKpiParts p;
  p.inventory = cfg.inbound.enabled || cfg.lost_sales;
  p.inbound = cfg.inbound.enabled;
  p.outbound = cfg.outbound.enabled;
  p.batteries = cfg.batteries.enabled;
  p.truck_co2 = cfg.outbound.enabled && cfg.outbound.truck_co2;
  p.costs = cfg.costs.enabled;
  p.currency = cfg.costs.currency;
  p.returns = cfg.returns.enabled;
  p.accuracy = cfg.accuracy.enabled;
  p.audit = cfg.accuracy.enabled && cfg.accuracy.audit.enabled;
  p.traffic = cfg.traffic.enabled;
  return p;
}

WarehouseKpiParts WarehouseKpiParts::all() {
  WarehouseKpiParts p;
  p.inventory = p.inbound = p.outbound = p.batteries = p.truck_co2 = p.costs = p.returns = p.accuracy =
      p.audit = p.traffic = true;
  return p;
}

WarehouseKpis WarehouseKpis::declare(stats::KpiRegistry& r, const WarehouseKpiParts& parts) {
  using stats::KpiKind;
  WarehouseKpis k;
  k.orders_arrived = r.declare({"orders.arrived", "orders", KpiKind::kCount, "Orders that arrived."});
  k.orders_completed =
      r.declare({"orders.completed", "orders", KpiKind::kCount,
                 "Orders whose last unit was picked (pick complete).", stats::KpiBetter::kHigher});
  k.lines_completed = r.declare({"lines.completed", "lines", KpiKind::kCount,
                                 "Order lines whose last unit was picked.", stats::KpiBetter::kHigher});
  k.units_picked = r.declare({"units.picked", "units", KpiKind::kCount, "Units picked at pick stations.",
                              stats::KpiBetter::kHigher});
  k.units_demanded = r.declare(
      {"units.demanded", "units", KpiKind::kCount, "Units on the lines of the orders that arrived."});
  k.lines_backordered = r.declare(
      {"lines.backordered", "lines", KpiKind::kCount,
       "Lines whose SKU had too little unpromised stock when their order was due to open (stockout).",
       stats::KpiBetter::kLower});
  k.orders_held = r.declare({"orders.held_for_stock", "orders", KpiKind::kCount,
                             "Orders held out of the put wall because stock could not cover every line.",
                             stats::KpiBetter::kLower});
  k.orders_late = r.declare({"orders.picked_on_time", "ratio", KpiKind::kRatio,
                             "Share of completed orders whose last unit was picked by the order's due time.",
                             stats::KpiBetter::kHigher});
  k.pick_cycle_time = r.declare({"orders.pick_cycle_time", "s", KpiKind::kTally,
                                 "Time from an order's arrival to its last unit picked, per completed order.",
                                 stats::KpiBetter::kLower});
  k.put_wall_wait = r.declare({"orders.put_wall_wait", "s", KpiKind::kTally,
                               "Time from an order's arrival to getting a put-wall slot at its station.",
                               stats::KpiBetter::kLower});
  k.orders_open =
      r.declare({"orders.open", "orders", KpiKind::kTimeWeighted,
                 "Orders arrived and not yet completed (waiting or at a put wall), time-weighted.",
                 stats::KpiBetter::kLower});
  k.lines_waiting =
      r.declare({"lines.waiting_for_pod", "lines", KpiKind::kTimeWeighted,
                 "Open lines not yet assigned to a pod trip (busy pods or no stock), time-weighted.",
                 stats::KpiBetter::kLower});
  k.trips_waiting_for_robot =
      r.declare({"trips.waiting_for_robot", "trips", KpiKind::kTimeWeighted,
                 "Planned pod trips waiting for an idle robot, time-weighted.", stats::KpiBetter::kLower});
  k.station_queue_wait = r.declare({"stations.queue_wait", "s", KpiKind::kTally,
                                    "Time from a robot's arrival at a station to its pod being presented.",
                                    stats::KpiBetter::kLower});
  k.station_visit_time =
      r.declare({"stations.visit_time", "s", KpiKind::kTally,
                 "Time from a robot's arrival at a station to its leaving (queue and picking).",
                 stats::KpiBetter::kLower});
  k.station_robots_present = r.declare({"stations.robots_present", "robots", KpiKind::kTimeWeighted,
                                        "Robots at all stations, queueing or presenting, time-weighted."});
  k.station_queue_length = r.declare({"stations.queue_length", "robots", KpiKind::kTimeWeighted,
                                      "Robots waiting at all stations (not yet presenting), time-weighted.",
                                      stats::KpiBetter::kLower});
  k.station_queue_overflow =
      r.declare({"stations.queue_overflow", "robots", KpiKind::kTimeWeighted,
                 "Robots waiting in place because their station's queue (stations.queue_capacity) is full, "
                 "time-weighted.",
                 stats::KpiBetter::kLower});
  k.picker_utilisation =
      r.declare({"stations.picker_utilisation", "ratio", KpiKind::kRatio,
                 "Time pickers spent working on presented pods over the time pick positions "
                 "were staffed (busy picker-seconds / staffed picker-seconds)."});
  k.pickers_staffed =
      r.declare({"stations.pickers_staffed", "pickers", KpiKind::kTimeWeighted,
                 "Pick positions staffed by a picker on duty (all stations), time-weighted."});
  k.pod_visits = r.declare({"pods.visits", "visits", KpiKind::kCount, "Pod presentations at pick stations."});
  k.units_per_visit =
      r.declare({"pods.units_per_visit", "units", KpiKind::kTally,
                 "Units picked from a pod in one station visit (pile-on).", stats::KpiBetter::kHigher});
  k.lines_per_visit =
      r.declare({"pods.lines_per_visit", "lines", KpiKind::kTally,
                 "Order lines served by a pod in one station visit.", stats::KpiBetter::kHigher});
  k.robot_utilisation =
      r.declare({"robots.utilisation", "ratio", KpiKind::kTimeWeighted,
                 "Share of robots not idle (driving, lifting, at a station), time-weighted."});
  k.trip_distance =
      r.declare({"robots.trip_distance", "m", KpiKind::kTally,
                 "Distance driven per pod trip: empty to the pod, to the station, back to storage.",
                 stats::KpiBetter::kLower});
  for (int s = 0; s < kRobotStateCount; ++s) {
    const auto name = to_string(static_cast<RobotState>(s));
    k.robots_by_state[s] = r.declare({fmt::format("robots.state.{}", name), "robots", KpiKind::kTimeWeighted,
                                      fmt::format("Robots in state {}, time-weighted.", name)});
  }
  k.stock_on_hand = r.declare({"stock.on_hand", "units", KpiKind::kTimeWeighted,
                               "Units physically in storage (all pods), time-weighted."});
  if (parts.inventory) declare_inventory(r, k, parts.inbound);
  if (parts.outbound) declare_outbound(r, k);
  if (parts.batteries) declare_batteries(r, k);
  if (parts.truck_co2 || parts.costs) declare_costs(r, k, parts);
  if (parts.returns) declare_returns(r, k);
  if (parts.accuracy) declare_accuracy(r, k);
  if (parts.audit) declare_audit(r, k);
  if (parts.traffic) declare_traffic(r, k);
  return k;
}

void WarehouseKpis::declare_batteries(stats::KpiRegistry& r, WarehouseKpis& k) {
  using stats::KpiKind;
  const auto lower = stats::KpiBetter::kLower;
  for (int s = kRobotStateCount; s < kRobotStateCountAll; ++s) {
    const auto name = to_string(static_cast<RobotState>(s));
    k.robots_by_state[s] = r.declare({fmt::format("robots.state.{}", name), "robots", KpiKind::kTimeWeighted,
                                      fmt::format("Robots in state {}, time-weighted.", name), lower});
  }
  k.state_of_charge = r.declare({"batteries.state_of_charge", "ratio", KpiKind::kTimeWeighted,
                                 "Energy in all batteries over their capacity (the fleet's mean state of "
                                 "charge), time-weighted."});
  k.charges = r.declare({"batteries.charges", "charges", KpiKind::kCount, "Charging sessions completed."});
  k.charge_time =
      r.declare({"batteries.charge_time", "s", KpiKind::kTally, "Length of each charging session."});
  k.charger_wait =
      r.declare({"batteries.charger_wait", "s", KpiKind::kTally,
                 "Time a robot waited at a charger for a free bay, per charging session.", lower});
  k.bays_busy = r.declare({"batteries.bays_busy", "bays", KpiKind::kTimeWeighted,
                           "Charging bays with a robot charging, time-weighted."});
  k.battery_depleted = r.declare({"batteries.depleted", "events", KpiKind::kCount,
                                  "Times a robot's battery ran empty (it then stops drawing; raise "
                                  "batteries.charge_below).",
                                  lower});
  k.energy_used = r.declare({"energy.used", "Wh", KpiKind::kCount,
                             "Energy drawn from the robots' batteries: driving, lifting and the idle draw "
                             "(whole Wh).",
                             lower});
  k.energy_grid = r.declare({"energy.grid", "Wh", KpiKind::kCount,
                             "Energy the chargers drew from the grid for completed charging sessions "
                             "(stored energy and the robots' draw on the bay, over the charger efficiency).",
                             lower});
  k.energy_per_order =
      r.declare({"energy.per_order", "Wh", KpiKind::kTally,
                 "Battery energy used over the measured period per order completed (one value "
                 "per run).",
                 lower});
  k.energy_per_unit =
      r.declare({"energy.per_unit", "Wh", KpiKind::kTally,
                 "Battery energy used over the measured period per unit picked (one value per "
                 "run).",
                 lower});
  k.co2_per_order = r.declare({"energy.co2_per_order", "g", KpiKind::kTally,
                               "CO2 of the grid energy that replaces the battery energy used per order "
                               "(energy.per_order / charger efficiency x batteries.grid_intensity; one value "
                               "per run).",
                               lower});
}

void WarehouseKpis::declare_returns(stats::KpiRegistry& r, WarehouseKpis& k) {
  using stats::KpiKind;
  const auto lower = stats::KpiBetter::kLower;
  k.returns_received = r.declare({"returns.units_received", "units", KpiKind::kCount,
                                  "Returned units that arrived at the returns station."});
  k.returns_inspected =
      r.declare({"returns.units_processed", "units", KpiKind::kCount,
                 "Returned units inspected at the returns station.", stats::KpiBetter::kHigher});
  k.returns_restocked =
      r.declare({"returns.units_restocked", "units", KpiKind::kCount,
                 "Inspected returned units sent back to stock as they are (through the stow "
                 "flow)."});
  k.returns_refurbished = r.declare({"returns.units_refurbished", "units", KpiKind::kCount,
                                     "Returned units refurbished and then sent back to stock."});
  k.returns_disposed = r.declare(
      {"returns.units_disposed", "units", KpiKind::kCount, "Inspected returned units disposed of.", lower});
  k.returns_recovery =
      r.declare({"returns.recovery_rate", "ratio", KpiKind::kRatio,
                 "Share of the inspected returned units that go back to stock (restocked or refurbished).",
                 stats::KpiBetter::kHigher});
  k.returns_backlog =
      r.declare({"returns.backlog", "units", KpiKind::kTimeWeighted,
                 "Returned units at the returns station waiting for inspection, time-weighted.", lower});
  k.returns_in_transit =
      r.declare({"returns.in_transit", "units", KpiKind::kTimeWeighted,
                 "Units customers have sent back that have not yet arrived, time-weighted."});
  k.returns_workers_busy = r.declare({"returns.workers_busy", "workers", KpiKind::kTimeWeighted,
                                      "Returns workers inspecting, time-weighted."});
  k.returns_time_to_restock =
      r.declare({"returns.time_to_restock", "s", KpiKind::kTally,
                 "Time from a return's arrival at the returns station to its units being available to pick "
                 "(per restocked part of a line: as it is, or after refurbishing).",
                 lower});
}

void WarehouseKpis::declare_accuracy(stats::KpiRegistry& r, WarehouseKpis& k) {
  using stats::KpiKind;
  const auto lower = stats::KpiBetter::kLower;
  k.ira = r.declare({"accuracy.ira", "ratio", KpiKind::kTimeWeighted,
                     "Inventory record accuracy: share of the stock records (a SKU in a bin of a pod) whose "
                     "record equals the units physically there, time-weighted.",
                     stats::KpiBetter::kHigher});
  k.units_off = r.declare({"accuracy.units_off", "units", KpiKind::kTimeWeighted,
                           "Sum over the stock records of |record - physical units|, time-weighted.", lower});
  k.pick_exceptions =
      r.declare({"accuracy.pick_exceptions", "exceptions", KpiKind::kCount,
                 "Picks that found their bin short (fewer good units than promised): the units not found are "
                 "written off the record, the bin is flagged, the line is served again.",
                 lower});
  k.exceptions_per_1000 =
      r.declare({"accuracy.pick_exceptions_per_1000_lines", "per 1000 lines", KpiKind::kTally,
                 "Pick exceptions per 1,000 order lines completed, over the measured period.", lower});
  k.units_short = r.declare({"accuracy.units_short", "units", KpiKind::kCount,
                             "Units promised by the record and not found at pick.", lower});
  k.exceptions_resourced =
      r.declare({"accuracy.exceptions_resourced", "exceptions", KpiKind::kCount,
                 "Pick exceptions whose missing units went at once onto another pod's trip."});
  k.exceptions_waiting =
      r.declare({"accuracy.exceptions_waiting", "exceptions", KpiKind::kCount,
                 "Pick exceptions whose line got no other pod's trip at once and waits (for a pod in storage "
                 "that has the SKU by the record, or for stock).",
                 lower});
  k.damage_unload = r.declare({"damage.units_unload", "units", KpiKind::kCount,
                               "Units damaged at unloading, found at receiving and disposed of.", lower});
  k.damage_stow = r.declare(
      {"damage.units_stow", "units", KpiKind::kCount, "Units damaged at stowing and disposed of.", lower});
  k.damage_pick = r.declare({"damage.units_pick", "units", KpiKind::kCount,
                             "Units damaged in the picker's hands and disposed of.", lower});
  k.damage_pack = r.declare({"damage.units_pack", "units", KpiKind::kCount,
                             "Units damaged at packing and disposed of (their orders ship short).", lower});
  k.damage_found =
      r.declare({"damage.units_found_at_pick", "units", KpiKind::kCount,
                 "Damaged units stowed unnoticed, found in their bin at a pick and disposed of.", lower});
  k.orders_short = r.declare({"damage.orders_short", "orders", KpiKind::kCount,
                              "Orders that ship without a unit damaged at packing.", lower});
  k.wrong_bin_cases = r.declare({"accuracy.wrong_bin_stows", "cases", KpiKind::kCount,
                                 "Cases stowed into the wrong bin of their pod.", lower});
  k.miscounted_cases = r.declare({"accuracy.miscounted_cases", "cases", KpiKind::kCount,
                                  "Cases whose count was recorded wrong at receiving.", lower});
  k.shrinkage_units = r.declare({"accuracy.shrinkage_units", "units", KpiKind::kCount,
                                 "Units that disappeared from storage without a record (shrinkage).", lower});
}

void WarehouseKpis::declare_audit(stats::KpiRegistry& r, WarehouseKpis& k) {
  using stats::KpiKind;
  const auto lower = stats::KpiBetter::kLower;
  k.audit_counts =
      r.declare({"audit.counts", "records", KpiKind::kCount, "Stock records counted (cycle counts)."});
  k.audit_discrepancies = r.declare({"audit.discrepancies", "records", KpiKind::kCount,
                                     "Counts that found the record wrong (the record was then corrected)."});
  k.audit_units_adjusted =
      r.declare({"audit.units_adjusted", "units", KpiKind::kCount,
                 "Sum over the counts of |record after - record before| (units in a wrong bin put back, "
                 "missing units written off, units found added)."});
  k.audit_backlog = r.declare({"audit.backlog", "records", KpiKind::kTimeWeighted,
                               "Stock records waiting to be counted (queued or waiting for their pod), "
                               "time-weighted.",
                               lower});
  k.audit_busy = r.declare(
      {"audit.counters_busy", "workers", KpiKind::kTimeWeighted, "Counters counting, time-weighted."});
  k.audit_labour_hours = r.declare(
      {"audit.labour_hours", "h", KpiKind::kTally,
       "Counter-hours on duty in the measured period (on their shift plans, or audit.workers x its length).",
       lower});
  k.audit_damaged_found = r.declare({"audit.damaged_found", "units", KpiKind::kCount,
                                     "Damaged units a count found in their bin and disposed of."});
}

void WarehouseKpis::declare_costs(stats::KpiRegistry& r, WarehouseKpis& k, const WarehouseKpiParts& parts) {
  using stats::KpiKind;
  const auto lower = stats::KpiBetter::kLower;
  if (parts.truck_co2) {
    k.truck_co2_per_day =
        r.declare({"co2.trucks_per_day", "kg/day", KpiKind::kTally,
                   "CO2 of the outbound trucks that departed in the measured period "
                   "(per departure: the carrier's truck_co2 + route_km x truck_co2_per_km), per day "
                   "(one value per run).",
                   lower});
    k.truck_co2_per_order =
        r.declare({"co2.trucks_per_order", "g", KpiKind::kTally,
                   "CO2 of the outbound trucks that departed in the measured period per order completed (one "
                   "value per run).",
                   lower});
    k.co2_total_per_order =
        r.declare({"co2.per_order", "g", KpiKind::kTally,
                   "CO2 per order completed: the outbound trucks plus, with batteries, the grid energy that "
                   "replaces the battery energy used (energy.co2_per_order; one value per run).",
                   lower});
  }
  if (!parts.costs) return;
  const std::string& cur = parts.currency;
  const std::string per_day = cur + "/day";
  k.cost_per_order =
      r.declare({"costs.per_order", cur, KpiKind::kTally,
                 "Cost of the measured period (labour, robots, energy, packaging, trucks, holding) per order "
                 "completed (one value per run; the costs table has the parts).",
                 lower});
  k.cost_per_unit = r.declare({"costs.per_unit", cur, KpiKind::kTally,
                               "Cost of the measured period per unit picked (one value per run).", lower});
  k.cost_per_day =
      r.declare({"costs.per_day", per_day, KpiKind::kTally,
                 "Cost of the measured period per day: every component (one value per run).", lower});
  k.labour_cost =
      r.declare({"costs.labour_per_day", per_day, KpiKind::kTally,
                 "Labour: worker-hours on duty (on shift, busy or not) x the hourly rate of their "
                 "skill (costs.labour), per day (one value per run).",
                 lower});
  k.robot_cost =
      r.declare({"costs.robots_per_day", per_day, KpiKind::kTally,
                 "Robot fleet: the purchase price amortised per day plus maintenance per robot-hour "
                 "(one value per run).",
                 lower});
  k.energy_cost =
      r.declare({"costs.energy_per_day", per_day, KpiKind::kTally,
                 "Grid energy that replaces the battery energy used (energy used / charger "
                 "efficiency) x costs.energy_price, per day; 0 without batteries (one value per run).",
                 lower});
  k.packaging_cost = r.declare({"costs.packaging_per_day", per_day, KpiKind::kTally,
                                "Packages packed x their packaging type's cost, per day; 0 without outbound "
                                "(one value per run).",
                                lower});
  k.truck_cost = r.declare({"costs.trucks_per_day", per_day, KpiKind::kTally,
                            "Outbound truck departures x their carrier's truck_cost, per day; 0 without "
                            "outbound (one value per run).",
                            lower});
  k.holding_cost_total =
      r.declare({"costs.holding_per_day", per_day, KpiKind::kTally,
                 "Holding cost of the stock on hand (stock.holding_cost_per_day) over the "
                 "measured period, per day; 0 without stock accounting (one value per run).",
                 lower});
}

void WarehouseKpis::declare_inventory(stats::KpiRegistry& r, WarehouseKpis& k, bool inbound) {
  using stats::KpiKind;
  const auto lower = stats::KpiBetter::kLower;
  const auto higher = stats::KpiBetter::kHigher;
  k.fill_rate = r.declare({"stock.fill_rate", "ratio", KpiKind::kRatio,
                           "Share of order lines whose stock covered them when their order was first due to "
                           "open (line fill rate).",
                           higher});
  k.lines_lost = r.declare({"stock.lines_lost", "lines", KpiKind::kCount,
                            "Order lines dropped for want of stock (orders.stockout: lost).", lower});
  k.units_lost = r.declare({"stock.units_lost", "units", KpiKind::kCount,
                            "Units on the order lines dropped for want of stock (lost sales).", lower});
  k.orders_lost =
      r.declare({"stock.orders_lost", "orders", KpiKind::kCount,
                 "Orders all of whose lines were dropped for want of stock (lost sales).", lower});
  k.stockouts =
      r.declare({"stock.stockouts", "events", KpiKind::kCount,
                 "Times a SKU's free stock (on hand less open demand) fell to zero or below.", lower});
  k.stockout_duration = r.declare(
      {"stock.stockout_duration", "s", KpiKind::kTally,
       "Length of each ended stockout: from the SKU's free stock reaching zero to a receipt lifting "
       "it above zero.",
       lower});
  k.skus_out_of_stock = r.declare({"stock.skus_out_of_stock", "SKUs", KpiKind::kTimeWeighted,
                                   "SKUs whose free stock is zero or below, time-weighted.", lower});
  k.backorder_age = r.declare({"stock.backorder_age", "s", KpiKind::kTally,
                               "Time a held order waited for stock: from being held to being released, per "
                               "release.",
                               lower});
  k.pod_fill = r.declare({"stock.pod_fill", "ratio", KpiKind::kTimeWeighted,
                          "Volume of the units in pods over the pods' volume, time-weighted."});
  k.holding_cost = r.declare({"stock.holding_cost_per_day", "cost/day", KpiKind::kTimeWeighted,
                              "Holding cost per day of the stock on hand (units x the class's holding cost), "
                              "time-weighted: its mean times the days run is the holding cost.",
                              lower});
  if (!inbound) return;
  k.trucks_arrived = r.declare({"inbound.trucks", "trucks", KpiKind::kCount, "Inbound trucks that arrived."});
  k.yard_time = r.declare({"inbound.yard_time", "s", KpiKind::kTally,
                           "Time a truck waited in the yard for a free dock door.", lower});
  k.trucks_in_yard = r.declare({"inbound.trucks_in_yard", "trucks", KpiKind::kTimeWeighted,
                                "Trucks waiting for a dock door, time-weighted.", lower});
  k.doors_busy = r.declare({"inbound.doors_busy", "doors", KpiKind::kTimeWeighted,
                            "Dock doors with a truck unloading, time-weighted."});
  k.cases_received = r.declare({"inbound.cases_received", "cases", KpiKind::kCount,
                                "Cases scanned (and inspected where sampled) at receiving.", higher});
  k.units_arrived =
      r.declare({"inbound.units_arrived", "units", KpiKind::kCount, "Units on arriving trucks."});
  k.units_inspected = r.declare({"inbound.units_inspected", "units", KpiKind::kCount,
                                 "Units in the cases sampled for quality inspection."});
  k.units_rejected = r.declare({"inbound.units_rejected", "units", KpiKind::kCount,
                                "Defective units found at inspection and returned to the vendor.", lower});
  k.units_stowed = r.declare({"inbound.units_stowed", "units", KpiKind::kCount,
                              "Units stowed into pods (available to pick).", higher});
  k.dock_to_stock = r.declare({"inbound.dock_to_stock", "s", KpiKind::kTally,
                               "Time from a case's truck finishing unloading to its units being stowed "
                               "(available to pick), per case.",
                               lower});
  k.receiving_queue = r.declare({"inbound.receiving_queue", "cases", KpiKind::kTimeWeighted,
                                 "Unloaded cases waiting for a receiver, time-weighted.", lower});
  k.receivers_busy = r.declare({"inbound.receivers_busy", "workers", KpiKind::kTimeWeighted,
                                "Receivers scanning or inspecting, time-weighted."});
  k.buffer_units =
      r.declare({"inbound.buffer_units", "units", KpiKind::kTimeWeighted,
                 "Received units waiting in the receiving buffer for a stow trip, time-weighted.", lower});
  k.stow_trips = r.declare({"stow.trips", "trips", KpiKind::kCount, "Pod visits at stow stations."});
  k.stow_queue_wait =
      r.declare({"stow.queue_wait", "s", KpiKind::kTally,
                 "Time from a robot's arrival at a stow station to its pod being presented.", lower});
  k.stow_utilisation = r.declare({"stow.utilisation", "ratio", KpiKind::kRatio,
                                  "Busy stower-seconds over staffed stower-seconds at stow stations."});
  k.purchase_orders = r.declare({"replenishment.purchase_orders", "lines", KpiKind::kCount,
                                 "Purchase-order lines raised by the replenishment policies."});
  k.units_ordered =
      r.declare({"replenishment.units_ordered", "units", KpiKind::kCount, "Units ordered from suppliers."});
  k.shipments = r.declare({"replenishment.shipments", "trucks", KpiKind::kCount,
                           "Supplier shipments (inbound trucks) made of purchase orders."});
}

void WarehouseKpis::declare_outbound(stats::KpiRegistry& r, WarehouseKpis& k) {
  using stats::KpiKind;
  const auto lower = stats::KpiBetter::kLower;
  const auto higher = stats::KpiBetter::kHigher;
  k.orders_shipped = r.declare({"outbound.orders_shipped", "orders", KpiKind::kCount,
                                "Orders that left on a departed carrier truck.", higher});
  k.click_to_ship =
      r.declare({"outbound.click_to_ship", "s", KpiKind::kTally,
                 "Time from an order's arrival to its truck's departure, per shipped order.", lower});
  k.shipped_on_time = r.declare({"outbound.shipped_on_time", "ratio", KpiKind::kRatio,
                                 "Share of shipped orders that left on their promised truck or earlier (the "
                                 "carrier's first cutoff at least outbound.promise_lead after arrival).",
                                 higher});
  k.orders_shipped_late = r.declare({"outbound.orders_late", "orders", KpiKind::kCount,
                                     "Shipped orders that left after their promised cutoff.", lower});
  k.pack_queue = r.declare({"outbound.pack_queue", "orders", KpiKind::kTimeWeighted,
                            "Picked orders waiting for a packer, time-weighted.", lower});
  k.packers_busy = r.declare({"outbound.packers_busy", "packers", KpiKind::kTimeWeighted,
                              "Packers packing an order, time-weighted."});
  k.packer_utilisation = r.declare({"outbound.packer_utilisation", "ratio", KpiKind::kRatio,
                                    "Packing packer-seconds over staffed bench-seconds (packers on duty, at "
                                    "most one per pack station)."});
  k.pack_time = r.declare({"outbound.pack_time", "s", KpiKind::kTally, "Packing time per order."});
  k.packers_blocked = r.declare({"outbound.packers_blocked", "packers", KpiKind::kTimeWeighted,
                                 "Packers holding a packed order because its carrier's lanes are full, "
                                 "time-weighted.",
                                 lower});
  k.lane_block_time =
      r.declare({"outbound.lane_block_time", "s", KpiKind::kTally,
                 "Time a packed order waited at its bench for a lane place, per blocked order.", lower});
  k.lane_packages = r.declare({"outbound.lane_packages", "packages", KpiKind::kTimeWeighted,
                               "Packages sorted to carrier lanes and not yet loaded, time-weighted."});
  k.out_trucks_departed = r.declare(
      {"outbound.trucks", "trucks", KpiKind::kCount, "Carrier trucks that departed at their cutoff."});
  k.truck_fill = r.declare({"outbound.truck_fill", "ratio", KpiKind::kTally,
                            "Fill of each departing truck: packages over its capacity, or volume over its "
                            "volume capacity when that is larger.",
                            higher});
  k.packages_per_truck = r.declare({"outbound.packages_per_truck", "packages", KpiKind::kTally,
                                    "Packages on each departing truck.", higher});
  k.packages_rolled = r.declare({"outbound.packages_rolled", "packages", KpiKind::kCount,
                                 "Packages left in the lanes when their carrier's truck departed (they roll "
                                 "to the next truck).",
                                 lower});
  k.out_trucks_in_yard = r.declare({"outbound.trucks_in_yard", "trucks", KpiKind::kTimeWeighted,
                                    "Carrier trucks waiting for an outbound door, time-weighted.", lower});
  k.out_doors_busy = r.declare({"outbound.doors_busy", "doors", KpiKind::kTimeWeighted,
                                "Outbound doors with a truck docked, time-weighted."});
  k.out_dock_wait = r.declare({"outbound.dock_wait", "s", KpiKind::kTally,
                               "Time a carrier truck waited in the yard for an outbound door.", lower});
}

// ------------------------------------------------------------------------------------------ build

Warehouse::Impl::Impl(Component& owner, Engine& e, RandomStreams& streams, stats::Recorder& recorder,
                      const WarehouseKpis& k, WarehouseConfig config, const TravelTimes& t)
    : engine(e),
      rec(recorder),
      kpis(k),
      cfg(std::move(config)),
      travel(t),
      movement(std::make_unique<TravelTimeMovement>(t)),
      floor(t.floor()),
      order_policy(make_order_assignment(cfg.order_assignment)),
      pod_policy(make_pod_selection(cfg.pod_selection)),
      robot_choice(make_robot_assignment(cfg.robot_assignment)->choice()),
      storage_choice(make_pod_storage(cfg.pod_storage)->choice()),
      arrivals(streams.stream("orders/arrivals")),
      lines_stream(streams.stream("orders/lines")),
      sku_stream(streams.stream("orders/skus")),
      units_stream(streams.stream("orders/units")),
      pick_stream(streams.stream("stations/pick_time")),
      presentation_stream(streams.stream("stations/presentation")),
      truck_stream(streams.stream("inbound/trucks")),
      unload_stream(streams.stream("inbound/unload")),
      receive_stream(streams.stream("inbound/receive")),
      inspect_stream(streams.stream("inbound/inspect")),
      stow_stream(streams.stream("inbound/stow")),
      lead_stream(streams.stream("replenishment/lead_time")) {
  const std::size_t storage = floor.storage_cells().size();
  if (cfg.pod_count < 1 || static_cast<std::size_t>(cfg.pod_count) > storage) {
    throw ContractError("pod count must be between 1 and the number of storage locations");
  }
  if (floor.station_cells().empty()) throw ContractError("the floor has no station");
  if (cfg.robot_count < 1 || cfg.sku_count < 1) throw ContractError("need at least one robot and one SKU");
  id = engine.add_component(owner, "warehouse");

  // Demand over SKUs: SKU 0 is the most popular (Zipf rank 1, or the first SKU of class A).
  const auto n = static_cast<std::size_t>(cfg.sku_count);
  if (cfg.abc_popularity) {
    const double total = std::accumulate(cfg.abc_sku_shares.begin(), cfg.abc_sku_shares.end(), 0.0);
    abc_begin.push_back(0);
    double cumulative = 0;
    for (std::size_t c = 0; c < cfg.abc_sku_shares.size(); ++c) {
      cumulative += cfg.abc_sku_shares[c];
      auto end = c + 1 == cfg.abc_sku_shares.size()
                     ? n
                     // NOLINTNEXTLINE(bugprone-incorrect-roundings): non-negative, so this rounds
                     : static_cast<std::size_t>(static_cast<double>(n) * cumulative / total + 0.5);
      end = std::clamp(end, static_cast<std::size_t>(abc_begin.back()), n);
      abc_begin.push_back(static_cast<std::uint32_t>(end));
    }
    std::vector<double> class_weights = cfg.abc_demand_shares;
    for (std::size_t c = 0; c < class_weights.size(); ++c) {
      if (abc_begin[c + 1] == abc_begin[c]) class_weights[c] = 0;  // a class without SKUs has no demand
    }
    abc_class.emplace(class_weights);
  } else if (cfg.zipf_alpha > 0) {
    zipf.emplace(cfg.sku_count, cfg.zipf_alpha);
  }
  if (!cfg.sku_weights.empty()) {
    if (cfg.sku_weights.size() != n) throw ContractError("one demand weight per SKU");
    sku_discrete.emplace(cfg.sku_weights);
  }

  // Pick stations first, then stow stations, each in floor order (identity without inbound).
  inbound = cfg.inbound.enabled;
  outbound = cfg.outbound.enabled;
  batteries = cfg.batteries.enabled;
  returns = cfg.returns.enabled;
  accuracy = cfg.accuracy.enabled;
  audit = accuracy && cfg.accuracy.audit.enabled;
  inventory_kpis = inbound || cfg.lost_sales;
  traffic_on = cfg.traffic.enabled;
  if (traffic_on && batteries) throw ContractError("traffic mode does not support batteries yet");
  if (traffic_on && static_cast<std::size_t>(cfg.robot_count) >= floor.storage_cells().size()) {
    throw ContractError("traffic mode needs more storage locations than robots");
  }
  {
    const std::size_t floor_n = floor.station_cells().size();
    std::vector<bool> stows(floor_n, false);
    if (inbound) {
      for (const std::uint32_t stow_k : cfg.inbound.stow_stations) {
        if (stow_k >= floor_n || stows[stow_k])
          throw ContractError("stow stations must be distinct floor stations");
        stows[stow_k] = true;
      }
    }
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i = 0; i < floor_n; ++i) {
        if (stows[i] != (pass == 1)) continue;
        Station st;
        st.cell = floor.station_cells()[i].value();
        st.floor = static_cast<std::uint32_t>(i);
        st.stow = pass == 1;
        stations.push_back(st);
      }
      if (pass == 0) n_pick = static_cast<std::uint32_t>(stations.size());
    }
    if (n_pick == 0) throw ContractError("every station stows: at least one must pick");
  }
  station_stats.resize(stations.size());
  load.assign(stations.size(), 0);

  stock_pods(streams);
  place_robots();
  if (traffic_on) build_traffic();
  if (storage_choice != StorageChoice::kHome) build_free_index();
  pod_visits.assign(pods.size(), 0);
  cell_visits.assign(floor.cell_count(), 0);
  location_lifts.assign(floor.storage_cells().size(), 0);

  wait_head.assign(n, kNone);
  sku_waiting.assign((n + 63) / 64, 0);
  wait_tail.assign(n, kNone);
  // Tables grow to the largest number in use at once and are then reused: reserve what a run is
  // likely to need so the steady state does not reallocate.
  const double horizon_guess = 86400.0 * 2;
  const auto expected_orders =
      !cfg.replay_orders.empty()
          ? cfg.replay_orders.size()
          : static_cast<std::size_t>(std::min(5e7, cfg.backlog_mode ? static_cast<double>(cfg.backlog) * 64
                                                                    : cfg.order_rate * horizon_guess));
  orders.reserve(expected_orders);
  timelines.reserve(expected_orders);
  lines.reserve(
      static_cast<std::size_t>(static_cast<double>(expected_orders) * std::max(1.0, cfg.lines.mean()) * 1.2));
  trips.reserve(robots.size() * 2 + 64);
  picks.reserve(robots.size() * 8 + 256);
  candidates.reserve(64);

  for (int s = 0; s < (batteries ? kRobotStateCountAll : kRobotStateCount); ++s) {
    rec.level(kpis.robots_by_state[s], engine.now(),
              static_cast<double>(in_state[static_cast<std::size_t>(s)]));
  }
  rec.level(kpis.robot_utilisation, engine.now(), 0.0);
  rec.level(kpis.stock_on_hand, engine.now(), static_cast<double>(on_hand));
  staffed.assign(stations.size(), cfg.pickers);
  staffed_total = static_cast<std::int64_t>(n_pick) * cfg.pickers;
  for (StationStats& ss : station_stats) ss.staffed = stats::TimeWeighted(engine.now(), cfg.pickers);
  if (inbound) {
    stow_on_duty = cfg.inbound.stow_pools.empty()
                       ? cfg.inbound.stowers * static_cast<std::int64_t>(stations.size() - n_pick)
                       : 0;
    receive_on_duty = cfg.inbound.receive_pools.empty() ? cfg.inbound.receivers : 0;
    restaff_stow();
  }
  if (outbound) pack_on_duty = cfg.outbound.pack_pools.empty() ? cfg.outbound.packers : 0;
  if (returns) ret_on_duty = cfg.returns.pools.empty() ? cfg.returns.workers : 0;
  if (audit) count_on_duty = cfg.accuracy.audit.pools.empty() ? cfg.accuracy.audit.workers : 0;
  if (!cfg.pick_pools.empty() ||
      (inbound && (!cfg.inbound.stow_pools.empty() || !cfg.inbound.receive_pools.empty())) ||
      (outbound && !cfg.outbound.pack_pools.empty()) || (returns && !cfg.returns.pools.empty()) ||
      (audit && !cfg.accuracy.audit.pools.empty()))
    build_shift_plan();
  init_costs();
  const auto hours = static_cast<std::size_t>(cfg.horizon.ticks() / Duration::hours(1).ticks()) + 2;
  hour_orders.reserve(hours);
  hour_lines.reserve(hours);
  hour_units.reserve(hours);
  rec.level(kpis.pickers_staffed, engine.now(), static_cast<double>(staffed_total));
  if (inventory_kpis) build_inbound(streams);
  if (outbound) build_outbound(streams);
  if (batteries) build_batteries();
  if (returns) {
    return_stream = streams.stream("returns/decide");
    return_inspect_stream = streams.stream("returns/inspect");
    refurbish_stream = streams.stream("returns/refurbish");
    build_returns();
  }
  if (accuracy) {
    unload_damage_stream = streams.stream("accuracy/unload_damage");
    stow_damage_stream = streams.stream("accuracy/stow_damage");
    pick_damage_stream = streams.stream("accuracy/pick_damage");
    pack_damage_stream = streams.stream("accuracy/pack_damage");
    miscount_stream = streams.stream("accuracy/miscount");
    wrong_bin_stream = streams.stream("accuracy/wrong_bin");
    shrink_stream = streams.stream("accuracy/shrinkage");
    build_accuracy();
  }
  if (audit) {
    count_stream = streams.stream("audit/count");
    build_audit();
  }

  if (!cfg.replay_orders.empty()) {
    engine.schedule_at(SimTime::zero() + cfg.replay_orders[0].time, EventSpec{id, kOrderArrival});
  } else if (cfg.backlog_mode) {
    for (std::int64_t i = 0; i < cfg.backlog; ++i) new_order();
  } else {
    schedule_next_arrival(engine.now());
  }
}

std::vector<double> Warehouse::Impl::popularity_weights() const {
  if (!cfg.sku_weights.empty()) return cfg.sku_weights;
  const auto n = static_cast<std::size_t>(cfg.sku_count);
  std::vector<double> w(n, 1.0);
  if (cfg.abc_popularity) {
    for (std::size_t c = 0; c + 1 < abc_begin.size(); ++c) {
      const std::size_t count = abc_begin[c + 1] - abc_begin[c];
      for (std::size_t s = abc_begin[c]; s < abc_begin[c + 1]; ++s) {
        w[s] = abc_class->probability(static_cast<std::int64_t>(c)) / static_cast<double>(count);
      }
    }
  } else if (cfg.zipf_alpha > 0) {
    for (std::size_t s = 0; s < n; ++s) w[s] = dmath::pow(static_cast<double>(s + 1), -cfg.zipf_alpha);
  }
  return w;
}

void Warehouse::Impl::stock_pods(RandomStreams& streams) {
  const std::size_t storage = floor.storage_cells().size();
  const auto pod_n = static_cast<std::size_t>(cfg.pod_count);
  const auto sku_n = static_cast<std::size_t>(cfg.sku_count);
  pods.resize(pod_n);
  occupant.assign(storage, kNone);
  // Pod homes spread evenly over the storage locations (storage order is row-major).
  for (std::size_t p = 0; p < pod_n; ++p) {
    const auto loc = static_cast<std::uint32_t>(p * storage / pod_n);
    pods[p].home = pods[p].location = loc;
    occupant[loc] = static_cast<std::uint32_t>(p);
  }

  // Target stock per SKU: its share of demand times the units the pods hold at the initial fill.
  const std::vector<double> w = popularity_weights();
  const double w_total = std::accumulate(w.begin(), w.end(), 0.0);
  if (inventory_kpis) classify_skus(w);
  const auto volume_of = [&](std::size_t s) {
    return cfg.sku_volumes.empty() ? cfg.unit_volume : cfg.sku_volumes[s];
  };
  const auto units_per_bin = [&](std::size_t s) {
    return static_cast<std::int64_t>(cfg.bin_volume / volume_of(s) + 1e-9);
  };
  const auto bin_units = units_per_bin(0);
  if (cfg.sku_volumes.empty() && bin_units < 1) throw ContractError("a unit does not fit into a bin");
  const auto pod_units = bin_units * cfg.bins_per_pod;
  const double total_units = static_cast<double>(pod_units) * static_cast<double>(pod_n) * cfg.initial_fill;

  // Free space per pod, filled bin by bin.
  std::vector<std::uint32_t> next_bin(pod_n, 0);
  std::vector<double> bin_free(pod_n, cfg.bin_volume);  // m^3 left in the pod's current bin
  std::vector<Slot> placed;
  placed.reserve(sku_n * 2);
  const auto pod_full = [&](std::size_t p) {
    return next_bin[p] >= static_cast<std::uint32_t>(cfg.bins_per_pod);
  };
  // Puts up to `units` of `sku` into pod p; returns the units placed.
  const auto put = [&](std::size_t p, std::uint32_t sku, std::int64_t units) {
    std::int64_t done = 0;
    const double volume = volume_of(sku);
    while (done < units && !pod_full(p)) {
      const auto fits = static_cast<std::int64_t>(bin_free[p] / volume + 1e-9);
      if (fits < 1) {  // the rest of this bin is too small for a unit: next bin
        ++next_bin[p];
        bin_free[p] = cfg.bin_volume;
        continue;
      }
      const std::int64_t u = std::min(units - done, fits);
      if (!placed.empty() && placed.back().pod == p && placed.back().sku == sku &&
          placed.back().bin == next_bin[p]) {
        placed.back().physical += static_cast<std::int32_t>(u);
      } else {
        placed.push_back(
            Slot{static_cast<std::uint32_t>(p), sku, static_cast<std::int32_t>(u), 0, 0, next_bin[p]});
      }
      done += u;
      bin_free[p] -= static_cast<double>(u) * volume;
      if (bin_free[p] < volume * (1 - 1e-9)) {
        ++next_bin[p];
        bin_free[p] = cfg.bin_volume;
      }
    }
    return done;
  };

  const bool class_based = cfg.slotting == "class_based";
  const bool affinity = cfg.slotting == "affinity";
  std::vector<std::uint32_t> product_pods;  // affinity: the pods of the current product's variants
  std::vector<std::uint32_t> order(pod_n);  // class-based: pods nearest the stations first
  std::iota(order.begin(), order.end(), 0U);
  if (class_based) {
    std::vector<std::int64_t> best(pod_n, std::numeric_limits<std::int64_t>::max());
    for (std::size_t p = 0; p < pod_n; ++p) {
      for (std::size_t k = 0; k < n_pick; ++k) {
        best[p] = std::min(best[p], travel.to_station(pods[p].home, stations[k].floor).time.ticks());
      }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return best[a] < best[b]; });
  }
  RandomStream slotting = streams.stream("inventory/slotting");
  std::vector<std::uint32_t> open_pods(order);  // random: pods with free space
  std::vector<std::uint32_t> open_pos(pod_n);   // where each pod is in open_pods
  for (std::size_t i = 0; i < pod_n; ++i) open_pos[open_pods[i]] = static_cast<std::uint32_t>(i);
  const auto close_pod = [&](std::uint32_t p) {  // O(1) swap-remove of a full pod
    const std::uint32_t at = open_pos[p];
    open_pods[at] = open_pods.back();
    open_pos[open_pods[at]] = at;
    open_pods.pop_back();
  };
  std::size_t cursor = 0;  // class-based: first pod with free space

  // Inbound: a SKU without initial stock still gets (empty) stock records in pods_per_sku random
  // pods, so that it can be stowed.
  const auto assign_empty = [&](std::uint32_t sku) {
    const auto want =
        static_cast<std::size_t>(std::min<std::int64_t>(cfg.pods_per_sku, static_cast<std::int64_t>(pod_n)));
    std::vector<std::uint32_t> chosen;
    for (std::size_t tries = 0; chosen.size() < want && tries < want * 8; ++tries) {
      const auto p = static_cast<std::uint32_t>(slotting.next_draw().below(pod_n));
      if (std::find(chosen.begin(), chosen.end(), p) != chosen.end()) continue;
      chosen.push_back(p);
      const auto bin = std::min<std::uint32_t>(next_bin[p], static_cast<std::uint32_t>(cfg.bins_per_pod - 1));
      placed.push_back(Slot{p, sku, 0, 0, 0, bin});
    }
  };
  for (std::size_t s = 0; s < sku_n; ++s) {
    if (affinity && s % static_cast<std::size_t>(cfg.variants) == 0) product_pods.clear();
    auto target = cfg.sku_initial_stock.empty()
                      ? std::max<std::int64_t>(1, static_cast<std::int64_t>(w[s] / w_total * total_units))
                      : cfg.sku_initial_stock[s];
    if (inbound && cfg.replenishment.classes[sku_class_of[s]].initial_stock >= 0)
      target = cfg.replenishment.classes[sku_class_of[s]].initial_stock;
    const std::size_t placed_before = placed.size();
    if (target == 0) {
      if (inbound) assign_empty(static_cast<std::uint32_t>(s));
      continue;
    }
    const std::int64_t sku_bin_units = std::max<std::int64_t>(1, units_per_bin(s));
    // At least pods_per_sku parts (dispersion), and no part larger than a bin: fast movers are
    // spread over as many pods as their stock needs bins.
    const std::int64_t parts = std::max(std::min<std::int64_t>(cfg.pods_per_sku, target),
                                        (target + sku_bin_units - 1) / sku_bin_units);
    std::int64_t left = target;
    for (std::int64_t j = 0; j < parts && left > 0; ++j) {
      std::int64_t part = target / parts + (j < target % parts ? 1 : 0);
      part = std::min(part, left);
      if (class_based) {
        std::size_t i = cursor + static_cast<std::size_t>(j) % std::max<std::size_t>(1, pod_n - cursor);
        while (part > 0 && i < pod_n) {
          if (!pod_full(order[i])) {
            const std::int64_t got = put(order[i], static_cast<std::uint32_t>(s), part);
            part -= got;
            left -= got;
          }
          if (part > 0) ++i;
        }
      } else {
        // Affinity: part j of every variant goes to the product's j-th pod while it has room.
        if (affinity && part > 0 && !open_pods.empty()) {
          const auto slot_j = static_cast<std::size_t>(j);
          if (product_pods.size() <= slot_j) {
            product_pods.push_back(
                open_pods[static_cast<std::size_t>(slotting.next_draw().below(open_pods.size()))]);
          }
          const std::uint32_t p = product_pods[slot_j];
          if (!pod_full(p)) {
            const std::int64_t got = put(p, static_cast<std::uint32_t>(s), part);
            part -= got;
            left -= got;
            if (pod_full(p)) close_pod(p);
          }
        }
        while (part > 0 && !open_pods.empty()) {
          const auto idx = static_cast<std::size_t>(slotting.next_draw().below(open_pods.size()));
          const std::uint32_t p = open_pods[idx];
          const std::int64_t got = put(p, static_cast<std::uint32_t>(s), part);
          part -= got;
          left -= got;
          if (pod_full(p)) close_pod(p);
        }
      }
    }
    while (cursor < pod_n && pod_full(order[cursor])) ++cursor;
    if (inbound && placed.size() == placed_before) assign_empty(static_cast<std::uint32_t>(s));
  }

  // Slots grouped by pod (then bin, then SKU); pods and SKUs index into them.
  std::stable_sort(placed.begin(), placed.end(), [](const Slot& a, const Slot& b) {
    return a.pod != b.pod ? a.pod < b.pod : (a.bin != b.bin ? a.bin < b.bin : a.sku < b.sku);
  });
  slots = std::move(placed);
  sku_initial.assign(sku_n, 0);
  sku_picked.assign(sku_n, 0);
  sku_available.assign(sku_n, 0);
  sku_promised.assign(sku_n, 0);
  sku_received.assign(sku_n, 0);
  backorder_head.assign(sku_n, kNone);
  backorder_tail.assign(sku_n, kNone);
  sku_slot_begin.assign(sku_n + 1, 0);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    Slot& sl = slots[i];
    sl.record = sl.physical;
    sku_initial[sl.sku] += sl.physical;
    sku_available[sl.sku] += sl.physical;
    ++sku_slot_begin[sl.sku + 1];
    Pod& pod = pods[sl.pod];
    if (pod.slot_end == 0) pod.slot_begin = static_cast<std::uint32_t>(i);
    pod.slot_end = static_cast<std::uint32_t>(i + 1);
  }
  for (std::size_t s = 0; s < sku_n; ++s) sku_slot_begin[s + 1] += sku_slot_begin[s];
  sku_slots.resize(slots.size());
  std::vector<std::uint32_t> fill(sku_slot_begin.begin(), sku_slot_begin.end() - 1);
  for (std::size_t i = 0; i < slots.size(); ++i)
    sku_slots[fill[slots[i].sku]++] = static_cast<std::uint32_t>(i);
  pod_sku_slots.resize(slots.size());
  std::iota(pod_sku_slots.begin(), pod_sku_slots.end(), 0U);
  for (const Pod& pod : pods) {
    std::sort(pod_sku_slots.begin() + pod.slot_begin, pod_sku_slots.begin() + pod.slot_end,
              [&](std::uint32_t a, std::uint32_t b) {
                return slots[a].sku != slots[b].sku ? slots[a].sku < slots[b].sku : a < b;
              });
  }
  sku_cursor.assign(sku_n, 0);
  units_initial = std::accumulate(sku_initial.begin(), sku_initial.end(), std::int64_t{0});
  on_hand = units_initial;
}

void Warehouse::Impl::place_robots() {
  const std::size_t storage = floor.storage_cells().size();
  const auto n = static_cast<std::size_t>(cfg.robot_count);
  robots.resize(n);
  buckets_x = (floor.width() + kBucket - 1) / kBucket;
  buckets_y = (floor.height() + kBucket - 1) / kBucket;
  bucket_head.assign(static_cast<std::size_t>(buckets_x) * static_cast<std::size_t>(buckets_y), kNone);
  // Robots start idle, spread evenly over the storage locations (under pods or on free spots).
  for (std::size_t r = 0; r < n; ++r) {
    robots[r].cell = floor.storage_cells()[(r * storage / n + storage / (2 * n)) % storage].value();
    if (batteries) {
      robots[r].charge = cfg.batteries.initial * cfg.batteries.capacity;
      fleet_charge += robots[r].charge;
    }
    in_state[0] += 1;
    idle_insert(static_cast<std::uint32_t>(r));
  }
}

void Warehouse::Impl::build_free_index() {
  const std::size_t storage = floor.storage_cells().size();
  free_by_station.resize(stations.size());
  rank_of.resize(stations.size());
  by_rank.resize(stations.size());
  for (std::size_t k = 0; k < stations.size(); ++k) {
    auto& ranks = by_rank[k];
    ranks.resize(storage);
    std::iota(ranks.begin(), ranks.end(), 0U);
    std::vector<std::int64_t> t(storage);
    for (std::size_t i = 0; i < storage; ++i) t[i] = travel.from_station(stations[k].floor, i).time.ticks();
    std::stable_sort(ranks.begin(), ranks.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return t[a] < t[b]; });
    rank_of[k].resize(storage);
    for (std::size_t r = 0; r < storage; ++r) rank_of[k][ranks[r]] = static_cast<std::uint32_t>(r);
    free_by_station[k] = std::make_unique<RankSet>(storage);
    for (std::size_t i = 0; i < storage; ++i) {
      if (occupant[i] == kNone) free_by_station[k]->set(rank_of[k][i]);
    }
  }
}

void Warehouse::Impl::location_freed(std::uint32_t loc) {
  occupant[loc] = kNone;
  for (std::size_t k = 0; k < free_by_station.size(); ++k) free_by_station[k]->set(rank_of[k][loc]);
}

void Warehouse::Impl::location_taken(std::uint32_t loc) {
  for (std::size_t k = 0; k < free_by_station.size(); ++k) free_by_station[k]->clear(rank_of[k][loc]);
}

// ----------------------------------------------------------------------------------------- orders

SimTime Warehouse::Impl::next_arrival_time(SimTime from, double e) {
  const bool flat = cfg.hourly_profile.empty() && cfg.day_profile.empty() && cfg.season_profile.empty();
  if (flat) return from + Duration::from_seconds(e / cfg.order_rate);
  const auto mean_of = [](const std::vector<double>& v) {
    return v.empty() ? 1.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  };
  const double hour_mean = mean_of(cfg.hourly_profile);
  const double day_mean = mean_of(cfg.day_profile);
  const std::int64_t hour = Duration::hours(1).ticks();
  const std::int64_t week = hour * 24 * 7;
  const std::int64_t start_of_day = cfg.start_time_of_day.ticks();
  // Piecewise-constant rate by hour of day, weekday and calendar day: invert the integrated
  // rate exactly, hour by hour. After the season profile the rate repeats every week: once a
  // whole week (from an hour boundary) has passed there without an arrival, skip all but one of
  // the whole weeks the remaining draw spans, so rare arrivals cost no more than two weeks of
  // steps; a week with no rate at all ends the arrivals.
  const auto season_end = static_cast<std::int64_t>(cfg.season_profile.size()) * 24 * hour - start_of_day;
  const std::int64_t latest = SimTime::max().ticks() / 2;
  std::int64_t t = from.ticks();
  std::int64_t week_from = -1;  // start of the periodic stretch being integrated
  double week_mass = 0;
  for (;;) {
    const std::int64_t clock = start_of_day + t;
    const auto hour_index = static_cast<std::size_t>((clock / hour) % 24);
    const auto day_index = static_cast<std::size_t>((cfg.start_weekday + clock / (24 * hour)) % 7);
    double rate = cfg.order_rate;
    if (!cfg.hourly_profile.empty()) rate *= cfg.hourly_profile[hour_index] / hour_mean;
    if (!cfg.day_profile.empty()) rate *= cfg.day_profile[day_index] / day_mean;
    if (const auto day_of_run = static_cast<std::size_t>(clock / (24 * hour));
        day_of_run < cfg.season_profile.size()) {
      rate *= cfg.season_profile[day_of_run];
    }
    const std::int64_t hour_end = (clock / hour + 1) * hour - start_of_day;
    const double span = static_cast<double>(hour_end - t) / 1e6;
    if (rate * span >= e) return SimTime::from_ticks(t) + Duration::from_seconds(e / rate);
    e -= rate * span;
    if (week_from >= 0) week_mass += rate * span;
    std::int64_t next = hour_end;
    if (week_from >= 0 && next - week_from >= week) {
      if (!(week_mass > 0)) return SimTime::max();
      const double whole = std::floor(e / week_mass);
      if (whole >= 2) {
        const double skip = whole - 1;
        const std::int64_t weeks_left = (latest - next) / week;
        if (skip >= static_cast<double>(weeks_left)) return SimTime::max();
        next += static_cast<std::int64_t>(skip) * week;
        e -= skip * week_mass;
      }
      week_from = next;
      week_mass = 0;
    } else if (week_from < 0 && next >= season_end) {
      week_from = next;  // an hour boundary in the periodic part
    }
    if (next >= latest) return SimTime::max();
    t = next;
  }
}

void Warehouse::Impl::schedule_next_arrival(SimTime from) {
  const double e = -dmath::log(arrivals.next_draw().uniform_pos());
  const SimTime at = next_arrival_time(from, e);
  if (at != SimTime::max()) engine.schedule_at(at, EventSpec{id, kOrderArrival});
}

void Warehouse::Impl::new_order() {
  const SimTime now = engine.now();
  const auto o = static_cast<std::uint32_t>(orders.size());
  const bool replay = !cfg.replay_orders.empty();
  const WarehouseConfig::ReplayOrder* replayed = replay ? &cfg.replay_orders[next_replay++] : nullptr;
  std::uint32_t n_lines = 0;
  if (replayed != nullptr) {
    n_lines = replayed->lines;
  } else {
    Draw ld = lines_stream.draw_for(o);
    n_lines = static_cast<std::uint32_t>(std::clamp<double>(cfg.lines(ld) + 0.5, 1.0, 1000.0));
  }
  Order order;
  order.first_line = static_cast<std::uint32_t>(lines.size());
  order.lines = order.lines_left = n_lines;
  OrderTimeline tl;
  tl.arrived = now;
  tl.due = now + cfg.due_after;
  tl.lines = n_lines;
  for (std::uint32_t i = 0; i < n_lines; ++i) {
    if (replayed != nullptr) {
      const WarehouseConfig::ReplayLine& rl = cfg.replay_lines[replayed->first_line + i];
      lines.push_back(Line{o, rl.sku, rl.quantity, rl.quantity, 0, kNone, kNone});
      tl.units += static_cast<std::uint32_t>(rl.quantity);
      units_demanded += rl.quantity;
      rec.count(kpis.units_demanded, rl.quantity);
      continue;
    }
    std::uint32_t sku = 0;
    // Co-purchase: a further line may be another variant of the first line's product.
    bool variant = false;
    if (i > 0 && cfg.co_purchase > 0 && cfg.variants > 1) {
      Draw c = sku_stream.draw_for(o, 0x10000 + i);
      variant = c.uniform() < cfg.co_purchase;
    }
    // Distinct SKUs per order: redraw a repeat a few times (then accept it).
    for (std::uint32_t attempt = 0; attempt < 8; ++attempt) {
      Draw d = sku_stream.draw_for(o, i * 8 + attempt);
      if (variant) {
        const auto v = static_cast<std::uint64_t>(cfg.variants);
        const std::uint64_t first = lines[order.first_line].sku / v * v;
        const std::uint64_t count =
            std::min<std::uint64_t>(v, static_cast<std::uint64_t>(cfg.sku_count) - first);
        sku = static_cast<std::uint32_t>(first + d.below(count));
      } else if (sku_discrete) {
        sku = static_cast<std::uint32_t>((*sku_discrete)(d));
      } else if (abc_class) {
        const auto c = static_cast<std::size_t>((*abc_class)(d));
        sku = abc_begin[c] + static_cast<std::uint32_t>(d.below(abc_begin[c + 1] - abc_begin[c]));
      } else if (zipf) {
        sku = static_cast<std::uint32_t>((*zipf)(d)-1);
      } else {
        sku = static_cast<std::uint32_t>(d.below(static_cast<std::uint64_t>(cfg.sku_count)));
      }
      bool repeat = false;
      for (std::uint32_t j = order.first_line; j < lines.size(); ++j) repeat = repeat || lines[j].sku == sku;
      if (!repeat) break;
    }
    Draw ud = units_stream.draw_for(o, i);
    const auto qty = static_cast<std::int32_t>(std::clamp<double>(cfg.units_per_line(ud) + 0.5, 1.0, 1e6));
    lines.push_back(Line{o, sku, qty, qty, 0, kNone, kNone});
    tl.units += static_cast<std::uint32_t>(qty);
    units_demanded += qty;
    rec.count(kpis.units_demanded, qty);
  }
  // With lost sales the demand enters the stock accounting when the order first tries to open
  // (only the lines it keeps); with backorders at once.
  if (inventory_kpis && !cfg.lost_sales) {
    for (std::uint32_t l = order.first_line; l < order.first_line + order.lines; ++l)
      demand_arrived(lines[l].sku, lines[l].quantity);
  }
  const std::uint32_t k = order_policy->station_for(std::span<const std::uint32_t>(load).first(n_pick),
                                                    std::span<const std::int32_t>(staffed).first(n_pick));
  order.station = k;
  tl.station = k;
  ++load[k];
  orders.push_back(order);
  timelines.push_back(tl);
  if (outbound) parcel_arrived(o);
  rec.count(kpis.orders_arrived);
  ++open_orders;
  rec.level(kpis.orders_open, now, static_cast<double>(open_orders));
  Station& st = stations[k];
  if (st.pending_tail == kNone) {
    st.pending_head = o;
  } else {
    orders[st.pending_tail].next_pending = o;
  }
  st.pending_tail = o;
  ++st.pending;
  try_open(k);
}

void Warehouse::Impl::try_open(std::uint32_t k) {
  Station& st = stations[k];
  while (st.open < static_cast<std::uint32_t>(cfg.put_wall_slots) && st.pending_head != kNone) {
    const std::uint32_t o = st.pending_head;
    st.pending_head = orders[o].next_pending;
    if (st.pending_head == kNone) st.pending_tail = kNone;
    --st.pending;
    // Ship complete: an order whose lines the unpromised stock cannot cover is held out of the
    // put wall (it would block a slot indefinitely) until stock arrives.
    std::uint32_t short_lines = 0;
    for (std::uint32_t l = orders[o].first_line; l < orders[o].first_line + orders[o].lines; ++l) {
      const std::uint32_t sku = lines[l].sku;
      if (sku_available[sku] - sku_promised[sku] < lines[l].quantity) ++short_lines;
    }
    if (inventory_kpis && !orders[o].tried) {
      orders[o].tried = true;
      rec.ratio(kpis.fill_rate, orders[o].lines - short_lines, orders[o].lines);
    }
    if (short_lines > 0 && cfg.lost_sales) {
      // Lost sales: the short lines are dropped, the rest of the order goes ahead.
      Order& order = orders[o];
      for (std::uint32_t l = order.first_line; l < order.first_line + order.lines; ++l) {
        const std::uint32_t sku = lines[l].sku;
        if (sku_available[sku] - sku_promised[sku] >= lines[l].quantity) continue;
        lines[l].lost = true;
        --order.lines_left;
        rec.count(kpis.lines_lost);
        rec.count(kpis.units_lost, lines[l].quantity);
        units_lost += lines[l].quantity;
      }
      if (order.lines_left == 0) {
        order.lost = true;
        rec.count(kpis.orders_lost);
        --open_orders;
        rec.level(kpis.orders_open, engine.now(), static_cast<double>(open_orders));
        --load[k];
        continue;
      }
      short_lines = 0;
    }
    if (cfg.lost_sales) {
      for (std::uint32_t l = orders[o].first_line; l < orders[o].first_line + orders[o].lines; ++l) {
        if (!lines[l].lost) demand_arrived(lines[l].sku, lines[l].quantity);
      }
    }
    if (short_lines > 0) {
      Order& order = orders[o];
      if (!order.counted) {
        rec.count(kpis.lines_backordered, short_lines);
        rec.count(kpis.orders_held);
        order.counted = true;
      }
      order.held = true;
      order.held_since = engine.now();
      ++held_orders;
      --load[k];
      // Each short line waits in its SKU's backorder queue; stock arriving releases the order.
      for (std::uint32_t l = order.first_line; l < order.first_line + order.lines; ++l) {
        const std::uint32_t sku = lines[l].sku;
        if (sku_available[sku] - sku_promised[sku] >= lines[l].quantity) continue;
        if (lines[l].backordered) continue;  // still queued from an earlier hold
        lines[l].backordered = true;
        lines[l].next_backorder = kNone;
        lines[l].held_since = engine.now();
        if (backorder_tail[sku] == kNone) {
          backorder_head[sku] = l;
        } else {
          lines[backorder_tail[sku]].next_backorder = l;
        }
        backorder_tail[sku] = l;
      }
      continue;
    }
    ++st.open;
    timelines[o].opened = engine.now();
    rec.tally(kpis.put_wall_wait, (engine.now() - timelines[o].arrived).to_seconds());
    for (std::uint32_t l = orders[o].first_line; l < orders[o].first_line + orders[o].lines; ++l) {
      if (!lines[l].lost) open_line(l);
    }
  }
}

void Warehouse::Impl::push_wait(std::uint32_t l) {
  const std::uint32_t s = lines[l].sku;
  lines[l].next_wait = kNone;
  lines[l].in_wait = true;
  if (wait_tail[s] == kNone) {
    wait_head[s] = l;
  } else {
    lines[wait_tail[s]].next_wait = l;
  }
  wait_tail[s] = l;
  sku_waiting[s / 64] |= std::uint64_t{1} << (s % 64);
}

std::uint32_t Warehouse::Impl::first_record(std::uint32_t pod, std::uint32_t sku) const {
  const auto first = pod_sku_slots.begin() + pods[pod].slot_begin;
  const auto last = pod_sku_slots.begin() + pods[pod].slot_end;
  return static_cast<std::uint32_t>(
      std::lower_bound(first, last, sku,
                       [&](std::uint32_t slot, std::uint32_t s) { return slots[slot].sku < s; }) -
      pod_sku_slots.begin());
}

std::uint32_t Warehouse::Impl::find_slot(std::uint32_t pod, std::uint32_t sku) const {
  for (std::uint32_t i = first_record(pod, sku); i < pods[pod].slot_end && slots[pod_sku_slots[i]].sku == sku;
       ++i) {
    if (slots[pod_sku_slots[i]].available() > 0) return pod_sku_slots[i];
  }
  return kNone;
}

void Warehouse::Impl::station_line_remove(std::uint32_t l) {
  Line& line = lines[l];
  if (line.st_prev == kNone) {
    stations[line.station].waiting_lines = line.st_next;
  } else {
    lines[line.st_prev].st_next = line.st_next;
  }
  if (line.st_next != kNone) lines[line.st_next].st_prev = line.st_prev;
  line.st_prev = line.st_next = kNone;
}

void Warehouse::Impl::station_trip_remove(std::uint32_t trip) {
  Trip& t = trips[trip];
  if (t.st_prev == kNone) {
    stations[t.station].open_trips = t.st_next;
  } else {
    trips[t.st_prev].st_next = t.st_next;
  }
  if (t.st_next != kNone) trips[t.st_next].st_prev = t.st_prev;
  t.st_prev = t.st_next = kNone;
}

void Warehouse::Impl::release_backorders(std::uint32_t sku) {
  // Detach the queue first (into a scratch list: holding an order again re-queues its short
  // lines, which rewrites their links): orders that are still short are held again onto fresh
  // queues.
  release_scratch.clear();
  for (std::uint32_t q = backorder_head[sku]; q != kNone; q = lines[q].next_backorder) {
    release_scratch.push_back(q);
    lines[q].backordered = false;
  }
  backorder_head[sku] = backorder_tail[sku] = kNone;
  for (std::size_t i = 0; i < release_scratch.size(); ++i) {
    const std::uint32_t l = release_scratch[i];
    Order& order = orders[lines[l].order];
    if (order.held) {
      order.held = false;
      --held_orders;
      if (inventory_kpis) rec.tally(kpis.backorder_age, (engine.now() - order.held_since).to_seconds());
      const std::uint32_t k = order.station;
      ++load[k];
      Station& st = stations[k];
      const std::uint32_t o = lines[l].order;
      order.next_pending = kNone;
      if (st.pending_tail == kNone) {
        st.pending_head = o;
      } else {
        orders[st.pending_tail].next_pending = o;
      }
      st.pending_tail = o;
      ++st.pending;
      try_open(k);
    }
  }
}

void Warehouse::Impl::open_line(std::uint32_t l) {
  Line& line = lines[l];
  line.station = orders[line.order].station;
  sku_promised[line.sku] += line.quantity;
  ++lines_waiting;
  rec.level(kpis.lines_waiting, engine.now(), static_cast<double>(lines_waiting));
  push_wait(l);
  Station& st = stations[line.station];
  line.st_prev = kNone;
  line.st_next = st.waiting_lines;
  if (st.waiting_lines != kNone) lines[st.waiting_lines].st_prev = l;
  st.waiting_lines = l;
  serve_line(l);
}

void Warehouse::Impl::order_done(std::uint32_t o) {
  const SimTime now = engine.now();
  OrderTimeline& tl = timelines[o];
  tl.completed = now;
  rec.count(kpis.orders_completed);
  count_hour(hour_orders, 1);
  rec.tally(kpis.pick_cycle_time, (now - tl.arrived).to_seconds());
  rec.ratio(kpis.orders_late, now <= tl.due ? 1 : 0, 1);
  --open_orders;
  rec.level(kpis.orders_open, now, static_cast<double>(open_orders));
  const std::uint32_t k = orders[o].station;
  --stations[k].open;
  --load[k];
  ++station_stats[k].orders;
  if (outbound) order_picked(o);
  if (returns && !outbound) order_left(o);
  if (cfg.backlog_mode) new_order();
  try_open(k);
}

// --------------------------------------------------------------------------------- pods and trips

std::uint32_t Warehouse::Impl::new_pick() {
  if (free_pick != kNone) {
    const std::uint32_t p = free_pick;
    free_pick = picks[p].next;
    return p;
  }
  picks.emplace_back();
  return static_cast<std::uint32_t>(picks.size() - 1);
}

void Warehouse::Impl::attach(std::uint32_t l, std::uint32_t slot, std::uint32_t trip) {
  Line& line = lines[l];
  Slot& sl = slots[slot];
  const std::int32_t u = std::min(line.unassigned, sl.available());
  if (u <= 0) return;
  sl.reserved += u;
  sku_available[sl.sku] -= u;
  sku_promised[sl.sku] -= u;
  line.unassigned -= u;
  const std::uint32_t p = new_pick();
  picks[p] = Pick{l, slot, u, trips[trip].pick_head};
  trips[trip].pick_head = p;
  trips[trip].units += u;
  ++trips[trip].lines;
  if (line.unassigned == 0) {
    station_line_remove(l);
    --lines_waiting;
    rec.level(kpis.lines_waiting, engine.now(), static_cast<double>(lines_waiting));
  }
}

bool Warehouse::Impl::try_pile_on(std::uint32_t l) {
  // Trips planned for this station and not yet presented (a few at a time).
  for (std::uint32_t t = stations[lines[l].station].open_trips; t != kNone && lines[l].unassigned > 0;) {
    const std::uint32_t next = trips[t].st_next;
    const std::uint32_t slot = find_slot(trips[t].pod, lines[l].sku);
    if (slot != kNone) attach(l, slot, t);
    t = next;
  }
  return lines[l].unassigned == 0;
}

std::uint32_t Warehouse::Impl::new_trip(std::uint32_t pod, std::uint32_t station) {
  std::uint32_t t = free_trip;
  if (t != kNone) {
    free_trip = trips[t].next;
  } else {
    trips.emplace_back();
    t = static_cast<std::uint32_t>(trips.size() - 1);
  }
  trips[t] = Trip{};
  trips[t].pod = pod;
  trips[t].station = station;
  trips[t].state = TripState::kWaitingRobot;
  Station& st = stations[station];
  trips[t].st_next = st.open_trips;
  if (st.open_trips != kNone) trips[st.open_trips].st_prev = t;
  st.open_trips = t;
  pods[pod].trip = t;
  pods[pod].state = PodState::kClaimed;
  return t;
}

void Warehouse::Impl::serve_line(std::uint32_t l) {
  if (lines[l].unassigned == 0) return;
  if (cfg.pile_on && try_pile_on(l)) return;
  while (lines[l].unassigned > 0) {
    const Line& line = lines[l];
    const std::uint32_t k = line.station;
    candidates.clear();
    candidate_slots.clear();
    // Bounded search (DESIGN.md §4a): a fast mover may sit in thousands of pods, so look at up to
    // kMaxCandidates available ones, starting where the last search for this SKU stopped.
    const std::uint32_t begin = sku_slot_begin[line.sku];
    const std::uint32_t n = sku_slot_begin[line.sku + 1] - begin;
    std::uint32_t scanned = 0;
    for (; scanned < n && scanned < kMaxScan && candidates.size() < kMaxCandidates; ++scanned) {
      const std::uint32_t slot = sku_slots[begin + (sku_cursor[line.sku] + scanned) % n];
      const Pod& pod = pods[slots[slot].pod];
      if (pod.state != PodState::kStored || slots[slot].available() <= 0) continue;
      PodCandidate c;
      c.pod = slots[slot].pod;
      c.travel = travel.to_station(pod.location, stations[k].floor).time;
      // Counting matters only when the station has other waiting lines besides this one.
      if (pod_policy->needs_line_counts() && lines[stations[k].waiting_lines].st_next != kNone) {
        std::uint32_t looked = 0;
        for (std::uint32_t w = stations[k].waiting_lines; w != kNone && looked < kMaxScan;
             w = lines[w].st_next, ++looked) {
          if (find_slot(c.pod, lines[w].sku) != kNone) ++c.lines_served;
        }
      }
      candidates.push_back(c);
      candidate_slots.push_back(slot);
    }
    if (n > 0) sku_cursor[line.sku] = (sku_cursor[line.sku] + scanned) % n;
    if (candidates.empty()) return;  // waits for a pod to come back or for stock
    const std::size_t pick = pod_policy->choose(candidates);
    const std::uint32_t trip = new_trip(candidates[pick].pod, k);
    attach(l, candidate_slots[pick], trip);
    if (cfg.pile_on) pile_on_waiting(trip);
    dispatch(trip);
  }
}

void Warehouse::Impl::pile_on_waiting(std::uint32_t trip) {
  // The station's other waiting lines that this pod has stock for.
  const std::uint32_t pod = trips[trip].pod;
  for (std::uint32_t w = stations[trips[trip].station].waiting_lines; w != kNone;) {
    const std::uint32_t next = lines[w].st_next;  // attach may unlink w
    const std::uint32_t slot = find_slot(pod, lines[w].sku);
    if (slot != kNone) attach(w, slot, trip);
    w = next;
  }
}

void Warehouse::Impl::pod_available(std::uint32_t p) {
  // Lines that wait for a SKU this pod holds, oldest first, bin by bin; the first one claims the
  // pod for its station, and the station's other waiting lines pile on.
  for (std::uint32_t j = pods[p].slot_begin; j < pods[p].slot_end && pods[p].state == PodState::kStored;
       ++j) {
    const std::uint32_t s = slots[j].sku;
    // The bit set filters first: it fits in cache, the list heads of a million SKUs do not.
    if ((sku_waiting[s / 64] & (std::uint64_t{1} << (s % 64))) == 0) continue;
    while (wait_head[s] != kNone && lines[wait_head[s]].unassigned == 0) {  // drop served lines
      lines[wait_head[s]].in_wait = false;
      wait_head[s] = lines[wait_head[s]].next_wait;
      if (wait_head[s] == kNone) wait_tail[s] = kNone;
    }
    if (wait_head[s] == kNone) sku_waiting[s / 64] &= ~(std::uint64_t{1} << (s % 64));
    if (wait_head[s] == kNone || slots[j].available() <= 0) continue;
    const std::uint32_t l = wait_head[s];
    const std::uint32_t trip = new_trip(p, lines[l].station);
    attach(l, j, trip);
    if (cfg.pile_on) pile_on_waiting(trip);
    dispatch(trip);
  }
}

void Warehouse::Impl::dispatch(std::uint32_t trip) {
  if (idle_count > 0) {
    const std::uint32_t cell = floor.storage_cells()[pods[trips[trip].pod].location].value();
    const std::uint32_t r = robot_choice == RobotChoice::kNearest ? nearest_idle(cell) : idle_head;
    start_trip(r, trip);
    return;
  }
  trips[trip].next = kNone;
  trips[trip].queued_seq = trip_seq++;
  // Two queues: pick trips and stow trips; robot_free() chooses between their heads.
  std::uint32_t& head = trips[trip].stow ? stow_wait_head : robot_wait_head;
  std::uint32_t& tail = trips[trip].stow ? stow_wait_tail : robot_wait_tail;
  if (tail == kNone) {
    head = trip;
  } else {
    trips[tail].next = trip;
  }
  tail = trip;
  ++robot_wait_count;
  rec.level(kpis.trips_waiting_for_robot, engine.now(), robot_wait_count);
}

// ----------------------------------------------------------------------------------------- robots

void Warehouse::Impl::set_state(std::uint32_t r, RobotState s) {
  const SimTime now = engine.now();
  const auto from = static_cast<std::size_t>(robots[r].state);
  const auto to = static_cast<std::size_t>(s);
  const RobotState was = robots[r].state;
  robots[r].state = s;
  if (from == to) return;
  // Working: on a trip (idle robots and robots charging are not).
  const bool was_working = working(was);
  const bool is_working = working(s);
  if (!was_working && is_working) robots[r].busy_since = now;
  if (was_working && !is_working)
    robots[r].busy_ticks += (now - std::max(robots[r].busy_since, stats_since)).ticks();
  --in_state[from];
  ++in_state[to];
  rec.level(kpis.robots_by_state[from], now, static_cast<double>(in_state[from]));
  rec.level(kpis.robots_by_state[to], now, static_cast<double>(in_state[to]));
  if (!was_working || !is_working) {
    const std::int64_t off = in_state[0] + in_state[8] + in_state[9] + in_state[10];
    rec.level(kpis.robot_utilisation, now,
              1.0 - static_cast<double>(off) / static_cast<double>(robots.size()));
  }
}

void Warehouse::Impl::idle_insert(std::uint32_t r) {
  Robot& rb = robots[r];
  const int bx = floor.x(CellId(rb.cell)) / kBucket;
  const int by = floor.y(CellId(rb.cell)) / kBucket;
  rb.bucket = static_cast<std::uint32_t>(by * buckets_x + bx);
  rb.b_prev = kNone;
  rb.b_next = bucket_head[rb.bucket];
  if (rb.b_next != kNone) robots[rb.b_next].b_prev = r;
  bucket_head[rb.bucket] = r;
  rb.f_next = kNone;
  rb.f_prev = idle_tail;
  if (idle_tail == kNone) {
    idle_head = r;
  } else {
    robots[idle_tail].f_next = r;
  }
  idle_tail = r;
  ++idle_count;
  if (batteries) arm_low(r);
}

void Warehouse::Impl::idle_remove(std::uint32_t r) {
  Robot& rb = robots[r];
  if (rb.b_prev == kNone) {
    bucket_head[rb.bucket] = rb.b_next;
  } else {
    robots[rb.b_prev].b_next = rb.b_next;
  }
  if (rb.b_next != kNone) robots[rb.b_next].b_prev = rb.b_prev;
  if (rb.f_prev == kNone) {
    idle_head = rb.f_next;
  } else {
    robots[rb.f_prev].f_next = rb.f_next;
  }
  if (rb.f_next == kNone) {
    idle_tail = rb.f_prev;
  } else {
    robots[rb.f_next].f_prev = rb.f_prev;
  }
  rb.bucket = kNone;
  --idle_count;
  if (batteries) engine.cancel(rb.low);
}

std::uint32_t Warehouse::Impl::nearest_idle(std::uint32_t cell) const {
  const int tx = floor.x(CellId(cell));
  const int ty = floor.y(CellId(cell));
  const int bx = tx / kBucket;
  const int by = ty / kBucket;
  std::uint32_t best = kNone;
  int best_d = std::numeric_limits<int>::max();
  const auto visit = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= buckets_x || y >= buckets_y) return;
    for (std::uint32_t r = bucket_head[static_cast<std::size_t>(y) * static_cast<std::size_t>(buckets_x) +
                                       static_cast<std::size_t>(x)];
         r != kNone; r = robots[r].b_next) {
      const int d =
          std::abs(floor.x(CellId(robots[r].cell)) - tx) + std::abs(floor.y(CellId(robots[r].cell)) - ty);
      if (d < best_d || (d == best_d && r < best)) {
        best_d = d;
        best = r;
      }
    }
  };
  const int max_ring = std::max(buckets_x, buckets_y);
  for (int ring = 0; ring <= max_ring; ++ring) {
    // Robots in ring `ring` are at least (ring - 1) * kBucket + 1 cells away.
    if (best != kNone && (ring - 1) * kBucket + 1 > best_d) break;
    if (ring == 0) {
      visit(bx, by);
      continue;
    }
    for (int x = bx - ring; x <= bx + ring; ++x) {
      visit(x, by - ring);
      visit(x, by + ring);
    }
    for (int y = by - ring + 1; y <= by + ring - 1; ++y) {
      visit(bx - ring, y);
      visit(bx + ring, y);
    }
  }
  return best;
}

void Warehouse::Impl::start_trip(std::uint32_t r, std::uint32_t trip) {
  idle_remove(r);
  Robot& rb = robots[r];
  Trip& t = trips[trip];
  t.robot = r;
  t.state = TripState::kRobotToPod;
  rb.trip = trip;
  const CellId pod_cell = floor.storage_cells()[pods[t.pod].location];
  if (traffic_on) {
    rb.metres = 0;
    rb.trip_wait = 0;
    set_state(r, RobotState::kToPod);
    traffic_leg(r, pod_cell, false);
    return;
  }
  const Leg leg = movement->empty_leg(r, engine.now(), CellId(rb.cell), pod_cell);
  rb.metres = leg.metres;
  if (batteries) book(r, leg.metres * cfg.batteries.per_metre_empty);
  set_state(r, RobotState::kToPod);
  schedule_step(r, leg.time);
}

void Warehouse::Impl::robot_free(std::uint32_t r) {
  robots[r].trip = kNone;
  // A robot that must charge is not dispatched: it drives to a charger first.
  if (batteries && needs_charge(r)) {
    go_charge(r, choose_charger(r, false));
    return;
  }
  // Which queue: only pick trips wait unless inbound is on (docs/model.md, robot priority).
  bool stow = false;
  if (stow_wait_head != kNone) {
    switch (cfg.inbound.robot_priority) {
      case RobotPriority::kPickFirst:
        stow = robot_wait_head == kNone;
        break;
      case RobotPriority::kStowFirst:
        stow = true;
        break;
      case RobotPriority::kFifo:
        stow =
            robot_wait_head == kNone || trips[stow_wait_head].queued_seq < trips[robot_wait_head].queued_seq;
        break;
    }
  }
  std::uint32_t& head = stow ? stow_wait_head : robot_wait_head;
  std::uint32_t& tail = stow ? stow_wait_tail : robot_wait_tail;
  if (head != kNone) {
    const std::uint32_t trip = head;
    head = trips[trip].next;
    if (head == kNone) tail = kNone;
    --robot_wait_count;
    rec.level(kpis.trips_waiting_for_robot, engine.now(), robot_wait_count);
    set_state(r, RobotState::kIdle);
    idle_insert(r);
    start_trip(r, trip);
    return;
  }
  if (batteries && try_opportunity(r)) return;
  set_state(r, RobotState::kIdle);
  idle_insert(r);
}

void Warehouse::Impl::robot_step(std::uint32_t r) {
  Robot& rb = robots[r];
  if (rb.state == RobotState::kToCharger) return at_charger(r);
  if (rb.state == RobotState::kCharging) return charge_done(r);
  if (traffic_on) {
    if (rb.replan) return traffic_go(r);
    rb.moving = false;
    if (rb.state == RobotState::kAtStation) return traffic_arrived(r);  // moved up in the lane
  }
  Trip& t = trips[rb.trip];
  Pod& pod = pods[t.pod];
  switch (rb.state) {
    case RobotState::kToPod:
      rb.cell = floor.storage_cells()[pod.location].value();
      ++cell_visits[rb.cell];
      ++location_lifts[pod.location];
      t.state = TripState::kLifting;
      if (batteries) book(r, cfg.batteries.per_lift);
      set_state(r, RobotState::kLifting);
      schedule_step(r, cfg.lift_time);
      break;
    case RobotState::kLifting: {
      if (traffic_on) {
        // Its location is freed when it leaves (traffic_go): it may wait here for room at the
        // station first.
        if (storage_choice != StorageChoice::kHome) {
          rb.release = pod.location;
          occupant[pod.location] = kNone;
        } else {
          occupant[pod.location] = kNone;
        }
        pod.location = kNone;
        pod.state = PodState::kMoving;
        t.state = TripState::kToStation;
        set_state(r, RobotState::kToStation);
        traffic_lifted(r);
        break;
      }
      const Leg leg = movement->to_station(r, engine.now(), pod.location, stations[t.station].floor);
      rb.metres += leg.metres;
      if (batteries) book(r, leg.metres * cfg.batteries.per_metre_loaded);
      if (storage_choice != StorageChoice::kHome) {
        location_freed(pod.location);
      } else {
        occupant[pod.location] = kNone;  // stays the pod's home
      }
      pod.location = kNone;
      pod.state = PodState::kMoving;
      t.state = TripState::kToStation;
      set_state(r, RobotState::kToStation);
      schedule_step(r, leg.time);
      break;
    }
    case RobotState::kToStation:
      if (traffic_on) {
        traffic_arrived(r);
        break;
      }
      rb.cell = stations[t.station].cell;
      ++cell_visits[rb.cell];
      set_state(r, RobotState::kAtStation);
      arrive_at_station(rb.trip);
      break;
    case RobotState::kReturning:
      rb.cell = floor.storage_cells()[rb.dest].value();
      ++cell_visits[rb.cell];
      if (batteries) book(r, cfg.batteries.per_lift);
      set_state(r, RobotState::kSettingDown);
      schedule_step(r, cfg.set_down_time);
      break;
    case RobotState::kSettingDown: {
      const std::uint32_t p = t.pod;
      pod.location = rb.dest;
      occupant[rb.dest] = p;
      pod.state = PodState::kStored;
      pod.trip = kNone;
      rb.dest = kNone;
      t.state = TripState::kDone;
      t.next = free_trip;
      free_trip = rb.trip;
      rec.tally(kpis.trip_distance, rb.metres);
      if (traffic_on) {
        rec.tally(kpis.traffic_wait, rb.trip_wait);
        rec.ratio(kpis.traffic_delayed, rb.trip_wait > 0 ? 1 : 0, 1);
      }
      total_metres += rb.metres;
      rb.total_metres += rb.metres;
      ++rb.trips;
      robot_free(r);
      // Counts waiting for this pod come first (audit), then cases waiting for its room (docs/
      // model.md, "Stowing"), then lines.
      if (audit && pod_count_head[p] != kNone) unpark_counts(p);
      if (pods[p].state == PodState::kStored) {
        if (inbound) pod_stored(p);
        pod_available(p);
      }
      break;
    }
    case RobotState::kIdle:
    case RobotState::kAtStation:
    case RobotState::kInterrupted:
    case RobotState::kToCharger:
    case RobotState::kWaitingCharger:
    case RobotState::kCharging:
      throw ContractError(fmt::format("robot {} got a step event in state {}", r, to_string(rb.state)));
  }
}

// --------------------------------------------------------------------------------------- stations

void Warehouse::Impl::record_levels_station() {
  const SimTime now = engine.now();
  rec.level(kpis.station_robots_present, now, static_cast<double>(robots_present));
  rec.level(kpis.station_queue_length, now, static_cast<double>(queue_length));
  rec.level(kpis.station_queue_overflow, now, static_cast<double>(queue_overflow));
}

void Warehouse::Impl::account_pickers() {
  // Exact ratio of integrals: busy and staffed picker-microseconds since the last change.
  const SimTime now = engine.now();
  const std::int64_t dt = (now - util_since).ticks();
  if (dt > 0 && staffed_total > 0) rec.ratio(kpis.picker_utilisation, busy_pickers * dt, staffed_total * dt);
  util_since = now;
}

void Warehouse::Impl::build_shift_plan() {
  // Every shift, break and shift end of every pool, as changes in pickers on duty, laid out on
  // the calendar from the day before the start to the end of the horizon.
  const std::int64_t day = Duration::days(1).ticks();
  const std::int64_t t0 = cfg.start_time_of_day.ticks();
  const std::int64_t days = cfg.horizon.ticks() / day + 2;
  const auto add_pools = [&](const std::vector<ShiftPool>& pools, std::uint8_t role) {
    for (const ShiftPool& pool : pools) {
      for (std::int64_t d = -1; d <= days; ++d) {
        const auto weekday = static_cast<int>(((cfg.start_weekday + d) % 7 + 7) % 7);
        if ((pool.days & (1U << weekday)) == 0) continue;
        const std::int64_t base = d * day - t0;
        const std::int64_t start = base + pool.start.ticks();
        std::int64_t end = base + pool.end.ticks();
        if (end <= start) end += day;
        shift_plan.push_back({start, role, pool.workers});
        shift_plan.push_back({end, role, -pool.workers});
        for (const auto& [at, length] : pool.breaks) {
          std::int64_t b = base + at.ticks();
          if (b < start) b += day;
          shift_plan.push_back({b, role, -pool.workers});
          shift_plan.push_back({b + length.ticks(), role, pool.workers});
        }
      }
    }
  };
  add_pools(cfg.pick_pools, 0);
  if (inbound) {
    add_pools(cfg.inbound.stow_pools, 1);
    add_pools(cfg.inbound.receive_pools, 2);
  }
  if (outbound) add_pools(cfg.outbound.pack_pools, 3);
  if (returns) add_pools(cfg.returns.pools, 4);
  if (audit) add_pools(cfg.accuracy.audit.pools, 5);
  std::stable_sort(shift_plan.begin(), shift_plan.end(),
                   [](const ShiftStep& a, const ShiftStep& b) { return a.ticks < b.ticks; });
  // Changes before time zero set the starting staff.
  if (!cfg.pick_pools.empty()) on_duty = 0;
  while (next_shift < shift_plan.size() && shift_plan[next_shift].ticks <= 0)
    apply_shift_step(shift_plan[next_shift++]);
  if (!cfg.pick_pools.empty()) restaff();
  if (inbound) restaff_stow();
  if (outbound) restaff_pack();
  if (next_shift < shift_plan.size()) {
    engine.schedule_at(SimTime::from_ticks(shift_plan[next_shift].ticks), EventSpec{id, kShiftChange});
  }
}

void Warehouse::Impl::apply_shift_step(const ShiftStep& step) {
  switch (step.role) {
    case 0:
      on_duty += step.delta;
      break;
    case 1:
      stow_on_duty += step.delta;
      break;
    case 2:
      receive_on_duty += step.delta;
      break;
    case 3:
      pack_on_duty += step.delta;
      break;
    case 4:
      ret_on_duty += step.delta;
      break;
    default:
      count_on_duty += step.delta;
      break;
  }
  const int role = std::min<int>(step.role, 5);
  paid[static_cast<std::size_t>(role)].set(engine.now(), paid_level(role));
}

void Warehouse::Impl::restaff() {
  // Pickers on duty fill pick positions evenly, lowest station first with the remainder.
  account_pickers();
  const auto k = static_cast<std::int64_t>(n_pick);
  const std::int64_t d = std::max<std::int64_t>(0, on_duty);
  staffed_total = 0;
  for (std::int64_t i = 0; i < k; ++i) {
    const std::int64_t n = std::min<std::int64_t>(cfg.pickers, d / k + (i < d % k ? 1 : 0));
    staffed[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(n);
    station_stats[static_cast<std::size_t>(i)].staffed.set(engine.now(), static_cast<double>(n));
    staffed_total += n;
  }
  rec.level(kpis.pickers_staffed, engine.now(), static_cast<double>(staffed_total));
}

void Warehouse::Impl::shift_change() {
  const std::int64_t now = engine.now().ticks();
  while (next_shift < shift_plan.size() && shift_plan[next_shift].ticks <= now)
    apply_shift_step(shift_plan[next_shift++]);
  if (!cfg.pick_pools.empty()) restaff();
  if (inbound) {
    restaff_stow();
    try_receive();
    try_stow();
  }
  if (outbound) {
    restaff_pack();
    try_pack();
    record_outbound_levels();
  }
  if (returns) {
    try_inspect_returns();
    record_returns_levels();
  }
  if (audit) try_count();
  // A picker going off duty finishes the pod in hand (busy may exceed staffed until then).
  for (std::uint32_t k = 0; k < stations.size(); ++k) try_present(k);
  record_levels_station();
  if (next_shift < shift_plan.size()) {
    engine.schedule_at(SimTime::from_ticks(shift_plan[next_shift].ticks), EventSpec{id, kShiftChange});
  }
}

void Warehouse::Impl::arrive_at_station(std::uint32_t trip) {
  Trip& t = trips[trip];
  Station& st = stations[t.station];
  t.arrived = engine.now();
  t.state = TripState::kQueued;
  t.next = kNone;
  if (st.q_tail == kNone) {
    st.q_head = trip;
    st.q_tail = trip;
  } else if (traffic_on && trips[st.q_head].lane_seq > t.lane_seq) {
    // Traffic mode: the queue keeps lane order (robots may reach their slots out of order).
    t.next = st.q_head;
    st.q_head = trip;
  } else if (traffic_on && trips[st.q_tail].lane_seq > t.lane_seq) {
    std::uint32_t before = st.q_head;
    while (trips[trips[before].next].lane_seq < t.lane_seq) before = trips[before].next;
    t.next = trips[before].next;
    trips[before].next = trip;
  } else {
    trips[st.q_tail].next = trip;
    st.q_tail = trip;
  }
  ++st.queued;
  if (st.stow) {  // stow stations keep out of the pick-station KPIs
    station_stats[t.station].robots_present.add(engine.now(), 1);
    stow_present(t.station);
    return;
  }
  if (st.queued > static_cast<std::uint32_t>(cfg.queue_capacity)) ++queue_overflow;
  ++robots_present;
  ++queue_length;
  station_stats[t.station].robots_present.add(engine.now(), 1);
  try_present(t.station);
  record_levels_station();
}

void Warehouse::Impl::try_present(std::uint32_t k) {
  if (stations[k].stow) {
    stow_present(k);
    return;
  }
  Station& st = stations[k];
  const SimTime now = engine.now();
  while (st.busy < staffed[k] && st.q_head != kNone) {
    if (traffic_on && !trips[st.q_head].at_station) break;  // not on the station cell yet
    const std::uint32_t trip = st.q_head;
    st.q_head = trips[trip].next;
    if (st.q_head == kNone) st.q_tail = kNone;
    if (st.queued > static_cast<std::uint32_t>(cfg.queue_capacity)) --queue_overflow;
    --st.queued;
    --queue_length;
    ++st.busy;
    account_pickers();
    ++busy_pickers;
    station_stats[k].busy_pickers.add(now, 1);
    station_trip_remove(trip);
    Trip& t = trips[trip];
    t.state = TripState::kPresenting;
    rec.tally(kpis.station_queue_wait, (now - t.arrived).to_seconds());
    // Pick times belong to the line and the unit (common random numbers across scenarios).
    Draw pd = presentation_stream.draw_for(static_cast<std::uint64_t>(visit_counter++));
    double seconds = std::max(0.0, cfg.presentation_time(pd));
    for (std::uint32_t p = t.pick_head; p != kNone; p = picks[p].next) {
      const Line& line = lines[picks[p].line];
      for (std::int32_t u = 0; u < picks[p].units; ++u) {
        Draw d = pick_stream.draw_for(picks[p].line, static_cast<std::uint32_t>(line.picked + u));
        seconds += std::max(0.0, cfg.pick_time(d));
      }
    }
    engine.schedule_after(Duration::from_seconds(seconds), EventSpec{id, kPickDone, trip});
  }
}

std::uint32_t Warehouse::Impl::storage_destination(std::uint32_t pod, std::uint32_t k) {
  if (storage_choice == StorageChoice::kHome) return pods[pod].home;
  // Class-based by turnover: a pod visited less often than the average pod is slow and goes to
  // the nearest free location outside the third of locations nearest the station (if any).
  std::size_t rank = kNone;
  ++pod_visits[pod];
  ++total_visits;
  if (storage_choice == StorageChoice::kByTurnover &&
      static_cast<double>(pod_visits[pod]) * static_cast<double>(pods.size()) <
          static_cast<double>(total_visits)) {
    rank = free_by_station[k]->first_from(by_rank[k].size() / 3);
  }
  if (rank == kNone) rank = free_by_station[k]->first();
  if (rank == kNone) throw ContractError("no free storage location for a returning pod");
  const std::uint32_t loc = by_rank[k][rank];
  location_taken(loc);
  return loc;
}

void Warehouse::Impl::pick_done(std::uint32_t trip) {
  if (trips[trip].stow) {
    stow_done(trip);
    return;
  }
  const SimTime now = engine.now();
  const std::uint32_t k = trips[trip].station;
  std::int64_t units = 0;
  for (std::uint32_t p = trips[trip].pick_head; p != kNone;) {
    Pick& pk = picks[p];
    Slot& sl = slots[pk.slot];
    Line& line = lines[pk.line];
    std::int32_t got = pk.units;
    if (accuracy) {
      got = pick_with_errors(pk);  // damage, a bin found short: a pick exception
    } else {
      sl.physical -= pk.units;
      sl.record -= pk.units;
      sl.reserved -= pk.units;
    }
    sku_picked[sl.sku] += got;
    units += got;
    if (inventory_kpis && got > 0) stock_picked(sl.pod, sl.sku, got);
    const bool first = line.picked == 0 && got > 0;
    line.picked += got;
    OrderTimeline& tl = timelines[line.order];
    if (first && tl.first_pick == SimTime::max()) tl.first_pick = now;
    if (got > 0 && line.picked == line.quantity) {
      rec.count(kpis.lines_completed);
      if (accuracy) ++lines_measured;
      count_hour(hour_lines, 1);
      // order_done may open orders and plan trips: trips, picks and lines may grow, so the
      // references above are not used after it.
      if (--orders[line.order].lines_left == 0) order_done(line.order);
    }
    const std::uint32_t next = picks[p].next;
    picks[p].next = free_pick;
    free_pick = p;
    p = next;
  }
  Trip& t = trips[trip];
  t.pick_head = kNone;
  units_picked += units;
  on_hand -= units;
  rec.count(kpis.units_picked, units);
  count_hour(hour_units, units);
  rec.level(kpis.stock_on_hand, now, static_cast<double>(on_hand));
  rec.count(kpis.pod_visits);
  rec.tally(kpis.units_per_visit, static_cast<double>(units));
  rec.tally(kpis.lines_per_visit, static_cast<double>(t.lines));
  StationStats& ss = station_stats[k];
  ++ss.visits;
  ss.units += units;
  ss.visit_time.add((now - t.arrived).to_seconds());
  ss.robots_present.add(now, -1);
  ss.busy_pickers.add(now, -1);
  rec.tally(kpis.station_visit_time, (now - t.arrived).to_seconds());
  --stations[k].busy;
  account_pickers();
  --busy_pickers;
  --robots_present;

  send_back(trip);
  if (!exception_lines.empty()) reopen_exception_lines();
  try_present(k);
  record_levels_station();
}

void Warehouse::Impl::send_back(std::uint32_t trip) {
  // The robot takes the pod back to storage.
  Trip& t = trips[trip];
  const std::uint32_t r = t.robot;
  Robot& rb = robots[r];
  rb.dest = storage_destination(t.pod, t.station);
  if (traffic_on) {
    t.state = TripState::kDone;
    set_state(r, RobotState::kReturning);
    traffic_leg(r, floor.storage_cells()[rb.dest], true);
    return;
  }
  const Leg leg = movement->from_station(r, engine.now(), stations[t.station].floor, rb.dest);
  rb.metres += leg.metres;
  if (batteries) book(r, leg.metres * cfg.batteries.per_metre_loaded);
  t.state = TripState::kDone;
  set_state(r, RobotState::kReturning);
  schedule_step(r, leg.time);
}

// -------------------------------------------------------------------------------------- Warehouse

Warehouse::Warehouse(Engine& engine, RandomStreams& streams, stats::Recorder& recorder,
                     const WarehouseKpis& kpis, WarehouseConfig config, const TravelTimes& travel)
    : impl_(std::make_unique<Impl>(*this, engine, streams, recorder, kpis, std::move(config), travel)) {}

Warehouse::~Warehouse() = default;

void Warehouse::handle(Engine& engine, const Event& event) {
  switch (event.kind) {
    case kOrderArrival:
      if (impl_->cfg.replay_orders.empty()) {
        impl_->schedule_next_arrival(engine.now());
        impl_->new_order();
      } else {
        impl_->new_order();
        const std::uint32_t next = impl_->next_replay;
        if (next < impl_->cfg.replay_orders.size()) {
          engine.schedule_at(SimTime::zero() + impl_->cfg.replay_orders[next].time,
                             EventSpec{impl_->id, kOrderArrival});
        }
      }
      break;
    case kRobotStep:
      impl_->robot_step(static_cast<std::uint32_t>(event.entity));
      break;
    case kPickDone:
      impl_->pick_done(static_cast<std::uint32_t>(event.entity));
      break;
    case kShiftChange:
      impl_->shift_change();
      break;
    case kTruckArrival:
      impl_->truck_arrival(static_cast<std::uint32_t>(event.entity));
      break;
    case kUnloadDone:
      impl_->unload_done(static_cast<std::uint32_t>(event.entity));
      break;
    case kReceiveDone:
      impl_->receive_done(static_cast<std::uint32_t>(event.entity));
      break;
    case kCaseBuffered:
      impl_->case_buffered(static_cast<std::uint32_t>(event.entity));
      break;
    case kOrderCutoff:
      impl_->order_cutoff();
      break;
    case kDayEnd:
      impl_->day_end();
      break;
    case kReview:
      impl_->review(static_cast<std::uint32_t>(event.entity));
      break;
    case kPackArrival:
      impl_->pack_arrival(static_cast<std::uint32_t>(event.entity));
      break;
    case kPackDone:
      impl_->pack_done(static_cast<std::uint32_t>(event.entity));
      break;
    case kSorted:
      impl_->sorted(static_cast<std::uint32_t>(event.entity));
      break;
    case kOutTruckArrival:
      impl_->out_truck_arrival(static_cast<std::uint32_t>(event.entity));
      break;
    case kLoadDone:
      impl_->load_done(static_cast<std::uint32_t>(event.entity));
      break;
    case kOutTruckDeparture:
      impl_->out_truck_departure(static_cast<std::uint32_t>(event.entity));
      break;
    case kBatteryLow:
      impl_->battery_low(static_cast<std::uint32_t>(event.entity));
      break;
    case kReturnArrival:
      impl_->return_arrival(static_cast<std::uint32_t>(event.entity));
      break;
    case kReturnInspected:
      impl_->return_inspected(static_cast<std::uint32_t>(event.entity));
      break;
    case kRefurbished:
      impl_->refurbished(static_cast<std::uint32_t>(event.entity));
      break;
    case kShrinkage:
      impl_->shrinkage();
      break;
    case kCountDone:
      impl_->count_done(static_cast<std::uint32_t>(event.entity));
      break;
    case kAuditDay:
      impl_->audit_day();
      break;
    default:
      throw ContractError(fmt::format("warehouse: unknown event kind {}", event.kind));
  }
}

void Warehouse::reset_statistics(SimTime now) {
  impl_->stats_since = now;
  for (Robot& r : impl_->robots) {
    r.total_metres = 0;
    r.trips = 0;
    r.busy_ticks = 0;
  }
  for (StationStats& s : impl_->station_stats) {
    s.robots_present.reset(now);
    s.busy_pickers.reset(now);
    s.staffed.reset(now);
    impl_->util_since = now;
    impl_->stow_util_since = now;
    s.visit_time = stats::Tally();
    s.visits = s.units = s.orders = 0;
  }
  std::fill(impl_->cell_visits.begin(), impl_->cell_visits.end(), 0U);
  std::fill(impl_->location_lifts.begin(), impl_->location_lifts.end(), 0U);
  if (impl_->traffic) impl_->traffic->reset_cell_stats(now);
  if (impl_->batteries) impl_->settle_batteries();  // the idle draw before `now` is not measured
  impl_->used_at_reset = impl_->used_total;
  for (stats::TimeWeighted& p : impl_->paid) p.reset(now);
  impl_->holding_rate.reset(now);
  impl_->exc_measured = impl_->lines_measured = 0;
  if (impl_->outbound) {
    impl_->pack_util_since = now;
    for (CarrierState& cs : impl_->carriers) {
      cs.trucks = cs.packages = cs.on_time = cs.late = cs.rolled = 0;
      cs.fill = cs.click_to_ship = 0;
    }
    std::fill(impl_->box_count.begin(), impl_->box_count.end(), 0);
  }
}

void Warehouse::finish(SimTime end) {
  Impl& m = *impl_;
  if (m.outbound) m.account_packers();
  if (m.batteries) m.finish_batteries();
  if (m.cfg.costs.enabled || (m.outbound && m.cfg.outbound.truck_co2)) m.record_costs(end);
  if (m.accuracy) {
    m.rec.tally(m.kpis.exceptions_per_1000,
                m.lines_measured > 0
                    ? 1000.0 * static_cast<double>(m.exc_measured) / static_cast<double>(m.lines_measured)
                    : 0.0);
  }
  if (m.audit) {
    m.rec.tally(m.kpis.audit_labour_hours, m.paid[5].integral(end) / 3600.0);
  }
  if (m.traffic_on) m.traffic_finish(end);
}

Warehouse::StockRecord Warehouse::stock_record(std::size_t slot) const {
  const Impl& m = *impl_;
  const Slot& sl = m.slots.at(slot);
  StockRecord r{sl.pod, sl.sku, sl.bin, sl.record, sl.physical};
  if (m.accuracy) {
    r.stray = m.slot_stray[slot];
    r.damaged = m.slot_damaged[slot];
    r.flagged = m.slot_flagged[slot] != 0;
  }
  return r;
}

Warehouse::AccuracyTotals Warehouse::accuracy_totals() const {
  const Impl& m = *impl_;
  AccuracyTotals t;
  if (!m.accuracy) return t;
  t.records = static_cast<std::int64_t>(m.slots.size());
  t.records_matching = m.records_matching;
  t.units_off = m.units_off;
  t.damaged_unload = m.dmg_unload;
  t.damaged_stow = m.dmg_stow;
  t.damaged_pick = m.dmg_pick;
  t.damaged_pack = m.dmg_pack;
  t.unrecorded_damage = m.dmg_unrecorded;
  t.damaged_found = m.dmg_found;
  t.damaged_in_bins = m.dmg_in_bins;
  t.stray_units = m.stray_units;
  t.shrunk = m.shrunk;
  t.wrong_bin_cases = m.wrong_bin_cases;
  t.miscounted_cases = m.miscounted_cases;
  t.miscount_net = m.miscount_net;
  t.pick_exceptions = m.exceptions;
  t.units_short = m.units_short;
  t.resourced = m.exc_resourced;
  t.waiting = m.exc_waiting;
  t.flagged = m.flagged;
  t.orders_short = m.orders_short;
  t.damaged_counted = m.dmg_counted;
  t.counts = m.counts_done;
  t.discrepancies = m.discrepancies;
  t.units_adjusted = m.units_adjusted;
  t.counts_waiting = m.counts_waiting;
  t.counting = m.counters_busy;
  return t;
}

Warehouse::ReturnsTotals Warehouse::returns_totals() const {
  const Impl& m = *impl_;
  return {m.ret_decided,   m.ret_in_transit,  m.ret_queued,   m.ret_inspecting, m.ret_refurbishing,
          m.ret_restocked, m.ret_refurbished, m.ret_disposed, m.ret_busy};
}

Warehouse::BatteryState Warehouse::battery(std::size_t r) const {
  const Impl& m = *impl_;
  if (!m.batteries) return {};
  const Robot& rb = m.robots.at(r);
  // The idle draw since it was last booked, as book() would take it.
  double pending = 0;
  if (rb.state != RobotState::kCharging) {
    pending = std::min(rb.charge,
                       m.cfg.batteries.idle_power * (m.engine.now() - rb.drained_to).to_seconds() / 3600.0);
  }
  return {rb.charge - pending, rb.used + pending, rb.charged, rb.charges};
}

void Warehouse::before_sample(SimTime /*now*/) {
  if (impl_->batteries) impl_->settle_batteries();
}

std::string_view Warehouse::event_name(EventKind kind) const {
  switch (kind) {
    case kOrderArrival:
      return "order_arrival";
    case kRobotStep:
      return "robot_step";
    case kPickDone:
      return "pick_done";
    case kShiftChange:
      return "shift_change";
    case kTruckArrival:
      return "truck_arrival";
    case kUnloadDone:
      return "unload_done";
    case kReceiveDone:
      return "receive_done";
    case kCaseBuffered:
      return "case_buffered";
    case kOrderCutoff:
      return "order_cutoff";
    case kDayEnd:
      return "day_end";
    case kReview:
      return "review";
    case kPackArrival:
      return "pack_arrival";
    case kPackDone:
      return "pack_done";
    case kSorted:
      return "sorted";
    case kOutTruckArrival:
      return "outbound_truck_arrival";
    case kLoadDone:
      return "load_done";
    case kOutTruckDeparture:
      return "outbound_truck_departure";
    case kBatteryLow:
      return "battery_low";
    case kReturnArrival:
      return "return_arrival";
    case kReturnInspected:
      return "return_inspected";
    case kRefurbished:
      return "refurbished";
    case kShrinkage:
      return "shrinkage";
    case kCountDone:
      return "count_done";
    case kAuditDay:
      return "audit_day";
    default:
      return {};
  }
}

bool Warehouse::interrupt_robot(std::size_t r) {
  Impl& m = *impl_;
  Robot& rb = m.robots.at(r);
  if (m.traffic_on) return false;  // traffic mode: a robot's reservations cannot be put on hold
  if (rb.state == RobotState::kIdle || rb.state == RobotState::kAtStation ||
      rb.state == RobotState::kInterrupted || !Impl::working(rb.state)) {
    return false;
  }
  m.engine.cancel(rb.step);
  rb.remaining = rb.step_due - m.engine.now();
  rb.held = rb.state;
  m.set_state(static_cast<std::uint32_t>(r), RobotState::kInterrupted);
  return true;
}

bool Warehouse::resume_robot(std::size_t r) {
  Impl& m = *impl_;
  Robot& rb = m.robots.at(r);
  if (rb.state != RobotState::kInterrupted) return false;
  const auto id = static_cast<std::uint32_t>(r);
  if (rb.trip == kNone) {  // its trip went to another robot: idle where it stopped
    m.robot_free(id);
    return true;
  }
  m.set_state(id, rb.held);
  m.schedule_step(id, rb.remaining);
  return true;
}

bool Warehouse::reassign_trip(std::size_t r) {
  Impl& m = *impl_;
  Robot& rb = m.robots.at(r);
  if (rb.state != RobotState::kInterrupted || rb.trip == kNone || rb.held != RobotState::kToPod) return false;
  const std::uint32_t trip = rb.trip;
  rb.trip = kNone;
  m.trips[trip].robot = kNone;
  m.trips[trip].state = TripState::kWaitingRobot;
  m.dispatch(trip);
  return true;
}

bool Warehouse::receive_stock(std::size_t pod, std::size_t sku, std::int32_t units) {
  Impl& m = *impl_;
  if (pod >= m.pods.size() || sku >= m.sku_initial.size() || units <= 0 || m.inventory_kpis) return false;
  const Pod& p = m.pods[pod];
  std::uint32_t slot = kNone;
  for (std::uint32_t j = p.slot_begin; j < p.slot_end; ++j) {
    if (m.slots[j].sku == sku) {
      slot = j;
      break;
    }
  }
  if (slot == kNone) return false;
  Slot& sl = m.slots[slot];
  sl.physical += units;
  sl.record += units;
  m.sku_available[sku] += units;
  m.sku_received[sku] += units;
  m.units_received += units;
  m.on_hand += units;
  m.rec.level(m.kpis.stock_on_hand, m.engine.now(), static_cast<double>(m.on_hand));
  const auto s = static_cast<std::uint32_t>(sku);
  m.release_backorders(s);
  // Lines already open and waiting for this SKU can use the pod if it is in storage.
  if (p.state == PodState::kStored) m.pod_available(static_cast<std::uint32_t>(pod));
  return true;
}

std::vector<std::size_t> Warehouse::pods_holding(std::size_t sku) const {
  const Impl& m = *impl_;
  std::vector<std::size_t> out;
  for (std::uint32_t i = m.sku_slot_begin[sku]; i < m.sku_slot_begin[sku + 1]; ++i) {
    out.push_back(m.slots[m.sku_slots[i]].pod);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Warehouse::InboundTotals Warehouse::inbound_totals() const {
  const Impl& m = *impl_;
  InboundTotals t;
  t.units_arrived = m.units_arrived;
  t.units_rejected = m.units_rejected;
  t.units_stowed = m.units_stowed;
  t.units_in_flow = m.inflow_units;
  t.units_on_order = std::accumulate(m.sku_pipeline.begin(), m.sku_pipeline.end(), std::int64_t{0});
  t.trucks = m.trucks_here;
  t.purchase_orders = static_cast<std::int64_t>(m.po_count);
  t.units_lost = m.units_lost;
  t.units_returned_in = m.units_returned_in;
  return t;
}

Warehouse::OutboundTotals Warehouse::outbound_totals() const {
  const Impl& m = *impl_;
  OutboundTotals t;
  if (!m.outbound) return t;
  t.picked = m.picked_orders;
  t.in_transfer = m.in_transfer;
  t.pack_queue = m.pack_waiting;
  t.packing = m.packing;
  t.blocked = m.pack_blocked;
  t.sorting = m.sorting;
  t.in_lanes = m.in_lanes;
  t.on_trucks = m.on_trucks;
  t.shipped = m.orders_shipped;
  t.trucks_departed = m.trucks_departed;
  t.open = m.open_orders;
  for (const Order& o : m.orders) t.lost += o.lost ? 1 : 0;
  return t;
}

std::int64_t Warehouse::shipped_on(std::size_t order) const {
  const Impl& m = *impl_;
  if (!m.outbound || order >= m.parcels.size() || m.parcels[order].departure == kNone) return -1;
  return m.parcels[order].departure;
}

std::int64_t Warehouse::inventory_position(std::size_t sku) const {
  const Impl& m = *impl_;
  if (!m.inbound) return 0;
  return m.sku_net.at(sku) + m.sku_pipeline.at(sku);
}

std::int64_t Warehouse::net_stock(std::size_t sku) const {
  const Impl& m = *impl_;
  return m.inventory_kpis ? m.sku_net.at(sku) : 0;
}

int Warehouse::sku_class(std::size_t sku) const {
  return impl_->sku_class_of.at(sku);
}

std::size_t Warehouse::orders_held() const {
  return static_cast<std::size_t>(impl_->held_orders);
}

RobotState Warehouse::robot_state(std::size_t r) const {
  return impl_->robots.at(r).state;
}

std::size_t Warehouse::sku_count() const {
  return impl_->sku_initial.size();
}
std::size_t Warehouse::pod_count() const {
  return impl_->pods.size();
}
std::size_t Warehouse::robot_count() const {
  return impl_->robots.size();
}
std::size_t Warehouse::station_count() const {
  return impl_->stations.size();
}
std::size_t Warehouse::slot_count() const {
  return impl_->slots.size();
}
std::int64_t Warehouse::initial_stock(std::size_t sku) const {
  return impl_->sku_initial[sku];
}
std::int64_t Warehouse::picked(std::size_t sku) const {
  return impl_->sku_picked[sku];
}
std::int64_t Warehouse::physical_stock(std::size_t sku) const {
  const Impl& m = *impl_;
  std::int64_t n = 0;
  for (std::uint32_t i = m.sku_slot_begin[sku]; i < m.sku_slot_begin[sku + 1]; ++i) {
    const std::uint32_t j = m.sku_slots[i];
    n += m.slots[j].physical;
    if (m.accuracy) n += m.slot_stray[j] + m.slot_damaged[j];
  }
  return n;
}
std::int64_t Warehouse::record_stock(std::size_t sku) const {
  std::int64_t n = 0;
  for (std::uint32_t i = impl_->sku_slot_begin[sku]; i < impl_->sku_slot_begin[sku + 1]; ++i) {
    n += impl_->slots[impl_->sku_slots[i]].record;
  }
  return n;
}
std::int64_t Warehouse::units_demanded() const {
  return impl_->units_demanded;
}
std::int64_t Warehouse::units_picked() const {
  return impl_->units_picked;
}
std::int64_t Warehouse::units_initial() const {
  return impl_->units_initial;
}
const std::vector<OrderTimeline>& Warehouse::orders() const {
  return impl_->timelines;
}
const StationStats& Warehouse::station_stats(std::size_t k) const {
  return impl_->station_stats[k];
}
namespace {

/// "YYYY-MM-DD HH:MM" of a day number (days since 1970-01-01) and a minute of that day.
std::string calendar_label(std::int64_t day, std::int64_t minute) {
  // Civil date from a day count (proleptic Gregorian; era-based, exact for any day).
  const std::int64_t z = day + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", y, m, d, minute / 60, minute % 60);
}

}  // namespace

void Warehouse::append_tables(stats::RunResult& result, SimTime end) const {
  const Impl& m = *impl_;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  stats::Table st;
  st.name = "stations";
  st.description = "Per pick station, over the measured period.";
  st.label = "station";
  st.columns = {"x",
                "y",
                "visits",
                "units",
                "orders",
                "mean_visit_time",
                "robots_present",
                "busy_pickers",
                "pickers_staffed",
                "picker_utilisation"};
  st.units = {"cell", "cell", "visits", "units", "orders", "s", "robots", "pickers", "pickers", "ratio"};
  for (std::size_t k = 0; k < m.n_pick; ++k) {
    const StationStats& s = m.station_stats[k];
    const CellId cell(m.stations[k].cell);
    const double staffed = s.staffed.integral(end);
    st.row_labels.push_back(fmt::format("S{}", m.stations[k].floor));
    st.rows.push_back({static_cast<double>(m.floor.x(cell)), static_cast<double>(m.floor.y(cell)),
                       static_cast<double>(s.visits), static_cast<double>(s.units),
                       static_cast<double>(s.orders), s.visit_time.count() > 0 ? s.visit_time.mean() : nan,
                       s.robots_present.mean(end), s.busy_pickers.mean(end), s.staffed.mean(end),
                       staffed > 0 ? s.busy_pickers.integral(end) / staffed : nan});
  }
  result.tables.push_back(std::move(st));
  if (m.inbound) {
    stats::Table sw;
    sw.name = "stow_stations";
    sw.description = "Per stow station, over the measured period.";
    sw.label = "station";
    sw.columns = {"x",
                  "y",
                  "visits",
                  "units",
                  "mean_visit_time",
                  "busy_stowers",
                  "stowers_staffed",
                  "stower_utilisation"};
    sw.units = {"cell", "cell", "visits", "units", "s", "stowers", "stowers", "ratio"};
    for (std::size_t k = m.n_pick; k < m.stations.size(); ++k) {
      const StationStats& s = m.station_stats[k];
      const CellId cell(m.stations[k].cell);
      const double staffed = s.staffed.integral(end);
      sw.row_labels.push_back(fmt::format("S{}", m.stations[k].floor));
      sw.rows.push_back({static_cast<double>(m.floor.x(cell)), static_cast<double>(m.floor.y(cell)),
                         static_cast<double>(s.visits), static_cast<double>(s.units),
                         s.visit_time.count() > 0 ? s.visit_time.mean() : nan, s.busy_pickers.mean(end),
                         s.staffed.mean(end), staffed > 0 ? s.busy_pickers.integral(end) / staffed : nan});
    }
    result.tables.push_back(std::move(sw));
  }

  if (m.outbound) {
    stats::Table ct;
    ct.name = "carriers";
    ct.description = "Per carrier, over the measured period: departed trucks and the orders they shipped.";
    ct.label = "carrier";
    ct.columns = {"trucks",      "packages",        "mean_truck_fill",   "shipped_on_time",
                  "orders_late", "packages_rolled", "mean_click_to_ship"};
    ct.units = {"trucks", "packages", "ratio", "ratio", "orders", "packages", "s"};
    for (std::size_t c = 0; c < m.carriers.size(); ++c) {
      const CarrierState& cs = m.carriers[c];
      const auto shipped = static_cast<double>(cs.on_time + cs.late);
      ct.row_labels.push_back(m.cfg.outbound.carriers[c].name);
      ct.rows.push_back({static_cast<double>(cs.trucks), static_cast<double>(cs.packages),
                         cs.trucks > 0 ? cs.fill / static_cast<double>(cs.trucks) : nan,
                         shipped > 0 ? static_cast<double>(cs.on_time) / shipped : nan,
                         static_cast<double>(cs.late), static_cast<double>(cs.rolled),
                         shipped > 0 ? cs.click_to_ship / shipped : nan});
    }
    result.tables.push_back(std::move(ct));
    if (!m.cfg.outbound.packaging.empty()) {
      stats::Table pt;
      pt.name = "packaging";
      pt.description = "Orders packed per packaging type, over the measured period.";
      pt.label = "packaging";
      pt.columns = {"volume", "orders", "share"};
      pt.units = {"m^3", "orders", "ratio"};
      const auto total =
          static_cast<double>(std::accumulate(m.box_count.begin(), m.box_count.end(), std::int64_t{0}));
      for (std::size_t b = 0; b < m.box_count.size(); ++b) {
        pt.row_labels.push_back(m.cfg.outbound.packaging[b].name);
        pt.rows.push_back({m.cfg.outbound.packaging[b].volume, static_cast<double>(m.box_count[b]),
                           total > 0 ? static_cast<double>(m.box_count[b]) / total : nan});
      }
      result.tables.push_back(std::move(pt));
    }
  }

  stats::Table rt;
  rt.name = "robots";
  rt.description = "Per robot, over the measured period.";
  rt.label = "robot";
  rt.columns = {"trips", "distance", "utilisation"};
  rt.units = {"trips", "m", "ratio"};
  const double span = (end - m.stats_since).to_seconds();
  for (std::size_t r = 0; r < m.robots.size(); ++r) {
    const Robot& rb = m.robots[r];
    std::int64_t busy = rb.busy_ticks;
    if (Impl::working(rb.state)) busy += (end - std::max(rb.busy_since, m.stats_since)).ticks();
    rt.row_labels.push_back(std::to_string(r));
    rt.rows.push_back({static_cast<double>(rb.trips), rb.total_metres,
                       span > 0 ? static_cast<double>(busy) / 1e6 / span : nan});
    if (m.batteries) {
      const BatteryState b = battery(r);
      rt.rows.back().insert(rt.rows.back().end(), {b.used, b.charged, static_cast<double>(b.charges),
                                                   b.charge / m.cfg.batteries.capacity});
    }
  }
  if (m.batteries) {
    rt.description =
        "Per robot: trips, distance and utilisation over the measured period; energy since the start.";
    rt.columns.insert(rt.columns.end(), {"energy_used", "energy_charged", "charges", "state_of_charge"});
    rt.units.insert(rt.units.end(), {"Wh", "Wh", "charges", "ratio"});
  }
  result.tables.push_back(std::move(rt));
  if (m.cfg.costs.enabled) result.tables.push_back(m.cost_table(end));

  stats::Table ht;
  ht.name = "hourly";
  ht.description = "Completions in each calendar hour of the whole run (warm-up included).";
  ht.label = "hour starting";
  ht.columns = {"orders", "lines", "units"};
  ht.units = {"orders", "lines", "units"};
  const std::int64_t hour = Duration::hours(1).ticks();
  const std::int64_t hours = (end.ticks() + hour - 1) / hour;
  const std::int64_t first = m.cfg.start_time_of_day.ticks() / Duration::minutes(1).ticks();  // minute of day
  const auto at = [](const std::vector<std::int64_t>& v, std::int64_t h) {
    return static_cast<std::size_t>(h) < v.size() ? static_cast<double>(v[static_cast<std::size_t>(h)]) : 0.0;
  };
  for (std::int64_t h = 0; h < hours; ++h) {
    const std::int64_t minute = first + h * 60;
    ht.row_labels.push_back(calendar_label(m.cfg.start_day + minute / 1440, minute % 1440));
    ht.rows.push_back({at(m.hour_orders, h), at(m.hour_lines, h), at(m.hour_units, h)});
  }
  // Calendar days: the hourly rows summed by the date in their label.
  stats::Table dt;
  dt.name = "daily";
  dt.description = "Completions on each calendar day of the whole run (warm-up included).";
  dt.label = "day";
  dt.columns = ht.columns;
  dt.units = ht.units;
  for (std::size_t i = 0; i < ht.rows.size(); ++i) {
    const std::string day = ht.row_labels[i].substr(0, 10);
    if (dt.row_labels.empty() || dt.row_labels.back() != day) {
      dt.row_labels.push_back(day);
      dt.rows.emplace_back(ht.columns.size(), 0.0);
    }
    for (std::size_t c = 0; c < ht.columns.size(); ++c) dt.rows.back()[c] += ht.rows[i][c];
  }
  result.tables.push_back(std::move(ht));
  result.tables.push_back(std::move(dt));
  if (m.traffic) m.append_congestion(result, end);
}

void Warehouse::append_records(stats::RunResult& result) const {
  const Impl& m = *impl_;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto seconds = [nan](SimTime t) { return t == SimTime::max() ? nan : t.to_seconds(); };
  stats::RecordTable orders;
  orders.name = "orders";
  orders.description =
      "One record per order that arrived during the run (warm-up included): its timeline in seconds since "
      "the start (empty where a stage was not reached), station and size.";
  orders.columns = {"id",    "arrived_s", "opened_s", "first_pick_s", "completed_s",
                    "due_s", "station",   "lines",    "units"};
  orders.units = {"order", "s", "s", "s", "s", "s", "station", "lines", "units"};
  orders.values.assign(orders.columns.size(), std::vector<double>(m.timelines.size()));
  for (std::size_t o = 0; o < m.timelines.size(); ++o) {
    const OrderTimeline& tl = m.timelines[o];
    const bool assigned = tl.opened != SimTime::max() || tl.first_pick != SimTime::max();
    const double row[] = {static_cast<double>(o),
                          seconds(tl.arrived),
                          seconds(tl.opened),
                          seconds(tl.first_pick),
                          seconds(tl.completed),
                          seconds(tl.due),
                          assigned ? static_cast<double>(tl.station) : nan,
                          static_cast<double>(tl.lines),
                          static_cast<double>(tl.units)};
    for (std::size_t c = 0; c < orders.columns.size(); ++c) orders.values[c][o] = row[c];
  }
  if (m.outbound) {
    // Outbound columns: when packed and shipped, the promised cutoff, the carrier (index into
    // the scenario's outbound.carriers) and the departure it left on.
    const std::size_t n = m.timelines.size();
    for (const char* col : {"packed_s", "shipped_s", "promised_s", "carrier", "departure"}) {
      orders.columns.emplace_back(col);
      orders.values.emplace_back(n);
    }
    orders.units.insert(orders.units.end(), {"s", "s", "s", "carrier", "truck"});
    const std::size_t first = orders.columns.size() - 5;
    for (std::size_t o = 0; o < n; ++o) {
      const Parcel& p = m.parcels[o];
      orders.values[first][o] = seconds(m.timelines[o].packed);
      orders.values[first + 1][o] = seconds(m.timelines[o].shipped);
      orders.values[first + 2][o] = seconds(p.promised);
      orders.values[first + 3][o] = static_cast<double>(p.carrier);
      orders.values[first + 4][o] = p.departure == kNone ? nan : static_cast<double>(p.departure);
    }
  }
  result.records.push_back(std::move(orders));
}

void Warehouse::append_grids(stats::RunResult& result) const {
  const Impl& m = *impl_;
  stats::Grid visits;
  visits.name = "robot_visits";
  visits.description =
      "Robot legs that ended at each cell over the measured period: pod pick-ups and set-downs at storage "
      "locations, arrivals at stations (travel-time mode does not track the cells passed on the way).";
  visits.unit = "visits";
  visits.width = m.floor.width();
  visits.height = m.floor.height();
  visits.values.assign(m.cell_visits.begin(), m.cell_visits.end());
  stats::Grid lifts;
  lifts.name = "pod_lifts";
  lifts.description =
      "Pods lifted from each storage location over the measured period (where the busy pods are).";
  lifts.unit = "lifts";
  lifts.width = visits.width;
  lifts.height = visits.height;
  lifts.values.assign(m.floor.cell_count(), 0.0);
  for (std::size_t i = 0; i < m.location_lifts.size(); ++i) {
    lifts.values[m.floor.storage_cells()[i].index()] = m.location_lifts[i];
  }
  result.grids.push_back(std::move(visits));
  result.grids.push_back(std::move(lifts));
  if (m.traffic) m.append_traffic_grids(result, m.engine.now());
}

double Warehouse::total_distance() const {
  return impl_->total_metres;
}

std::string Warehouse::check_conservation() const {
  const Impl& m = *impl_;
  for (std::size_t s = 0; s < m.sku_initial.size(); ++s) {
    const std::int64_t physical = physical_stock(s);
    const std::int64_t record = record_stock(s);
    const std::int64_t removed = m.accuracy ? m.sku_removed[s] : 0;
    // Records and physical stock part only through record errors.
    const bool apart = m.accuracy && m.cfg.accuracy.record_errors();
    if (m.sku_initial[s] + m.sku_received[s] - m.sku_picked[s] - removed != physical ||
        (!apart && physical != record)) {
      return fmt::format(
          "sku {}: initial {} + received {} - picked {} - disposed or lost {} != physical {} (record {})", s,
          m.sku_initial[s], m.sku_received[s], m.sku_picked[s], removed, physical, record);
    }
  }
  std::int64_t reserved = 0;
  std::int64_t matching = 0;
  std::int64_t off = 0;
  for (std::size_t j = 0; j < m.slots.size(); ++j) {
    const Slot& sl = m.slots[j];
    if (sl.reserved < 0 || sl.reserved > sl.record || sl.physical < 0 || sl.record < 0) {
      return fmt::format("pod {} bin {} sku {}: physical {} record {} reserved {}", sl.pod, sl.bin, sl.sku,
                         sl.physical, sl.record, sl.reserved);
    }
    if (m.accuracy && (m.slot_stray[j] < 0 || m.slot_damaged[j] < 0))
      return fmt::format("pod {} bin {} sku {}: negative stray or damaged units", sl.pod, sl.bin, sl.sku);
    reserved += sl.reserved;
    matching += sl.record == sl.physical ? 1 : 0;
    off += std::abs(sl.record - sl.physical);
  }
  if (m.audit) {
    // Every count waiting is in exactly one queue or pod list, and its state says so.
    std::int64_t waiting = 0;
    for (const std::uint32_t head : {m.due_head, m.sched_head}) {
      for (std::uint32_t s = head; s != kNone; s = m.count_next[s]) {
        if (m.count_state[s] != Impl::kCountQueued)
          return fmt::format("stock record {}: queued to count twice", s);
        ++waiting;
      }
    }
    for (std::size_t p = 0; p < m.pods.size(); ++p) {
      for (std::uint32_t s = m.pod_count_head[p]; s != kNone; s = m.count_next[s]) {
        if (m.count_state[s] != Impl::kCountParked || m.slots[s].pod != p)
          return fmt::format("stock record {}: waits on pod {} in the wrong state", s, p);
        ++waiting;
      }
    }
    const auto running = std::count(m.count_state.begin(), m.count_state.end(), Impl::kCountRunning);
    if (waiting != m.counts_waiting || running != m.counters_busy) {
      return fmt::format("counts: {} waiting and {} running, tracked {} and {}", waiting, running,
                         m.counts_waiting, m.counters_busy);
    }
  }
  if (m.accuracy && (matching != m.records_matching || off != m.units_off)) {
    return fmt::format("stock records: {} match and {} units off, tracked {} and {}", matching, off,
                       m.records_matching, m.units_off);
  }
  // Reserved units are exactly the units promised to trips not yet picked.
  std::int64_t promised = 0;
  for (const Trip& t : m.trips) {
    if (t.state != TripState::kDone && !t.stow) promised += t.units;
  }
  if (promised != reserved) {
    return fmt::format("{} units reserved in stock records, {} promised to trips", reserved, promised);
  }
  // Every unit of a line is picked, on a trip, or still to be assigned (a line found short at a
  // pick gets its missing units back to assign).
  std::vector<std::int64_t> on_trips(m.lines.size(), 0);
  for (const Trip& t : m.trips) {
    if (t.state == TripState::kDone || t.stow) continue;
    for (std::uint32_t p = t.pick_head; p != kNone; p = m.picks[p].next)
      on_trips[m.picks[p].line] += m.picks[p].units;
  }
  for (std::size_t l = 0; l < m.lines.size(); ++l) {
    const Line& line = m.lines[l];
    if (line.lost) continue;
    if (line.unassigned < 0 || line.quantity - line.picked - line.unassigned != on_trips[l]) {
      return fmt::format("line {}: {} units != picked {} + unassigned {} + on trips {}", l, line.quantity,
                         line.picked, line.unassigned, on_trips[l]);
    }
  }
  for (std::size_t p = 0; p < m.pods.size(); ++p) {
    const Pod& pod = m.pods[p];
    if (pod.location != kNone) {
      if (m.occupant[pod.location] != p) return fmt::format("pod {} is not at its storage location", p);
    } else if (pod.trip == kNone) {
      return fmt::format("pod {} is neither stored nor on a trip", p);
    }
  }
  if (m.units_initial + m.units_received - m.units_picked - (m.accuracy ? m.units_removed : 0) != m.on_hand)
    return "units on hand do not add up";
  if (m.inbound) {
    // Every unit that arrived is stowed, rejected, or somewhere in the inbound flow.
    std::int64_t in_flow = 0;
    for (const Case& c : m.cases) {
      if (c.live && c.here) in_flow += c.units;
    }
    const std::int64_t damaged = m.dmg_unload + m.dmg_stow;  // disposed of before storage (accuracy on)
    if (in_flow != m.inflow_units || m.units_arrived + m.units_returned_in !=
                                         m.units_rejected + damaged + m.units_stowed + m.inflow_units) {
      return fmt::format(
          "inbound: arrived {} + returns restocked {} != rejected {} + damaged {} + stowed {} + in flow {} "
          "(cases hold {})",
          m.units_arrived, m.units_returned_in, m.units_rejected, damaged, m.units_stowed, m.inflow_units,
          in_flow);
    }
    // Every unit a customer sends back is on its way, at the returns station, being refurbished,
    // sent to the stow flow, or disposed of.
    if (m.ret_decided != m.ret_in_transit + m.ret_queued + m.ret_inspecting + m.ret_refurbishing +
                             m.ret_restocked + m.ret_refurbished + m.ret_disposed ||
        m.units_returned_in != m.ret_restocked + m.ret_refurbished) {
      return fmt::format(
          "returns: {} units sent back != {} in transit + {} queued + {} inspecting + {} "
          "refurbishing + {} restocked + {} refurbished + {} disposed",
          m.ret_decided, m.ret_in_transit, m.ret_queued, m.ret_inspecting, m.ret_refurbishing,
          m.ret_restocked, m.ret_refurbished, m.ret_disposed);
    }
    if (m.units_stowed != m.units_received) return "units stowed and received differ";
    // Net stock is on hand less the open demand (lines arrived, not lost, not yet picked).
    std::vector<std::int64_t> open(m.sku_net.size(), 0);
    for (const Line& l : m.lines) {
      if (!l.lost && (!m.cfg.lost_sales || m.orders[l.order].tried)) open[l.sku] += l.quantity - l.picked;
    }
    for (std::size_t s = 0; s < m.sku_net.size(); ++s) {
      if (m.sku_pipeline[s] < 0) return fmt::format("sku {}: negative pipeline {}", s, m.sku_pipeline[s]);
      if (m.sku_net[s] != record_stock(s) - open[s]) {
        return fmt::format("sku {}: net stock {} != on hand by the record {} - open demand {}", s,
                           m.sku_net[s], record_stock(s), open[s]);
      }
    }
    std::int64_t used = 0;
    std::vector<std::int64_t> room(m.pods.size(), m.pod_capacity);
    for (std::size_t j = 0; j < m.slots.size(); ++j) {
      const Slot& sl = m.slots[j];
      const std::int64_t units = sl.physical + (m.accuracy ? m.slot_stray[j] + m.slot_damaged[j] : 0);
      used += m.sku_volume[sl.sku] * units;
      room[sl.pod] -= m.sku_volume[sl.sku] * units;
    }
    if (used != m.volume_used) return "pod volume in use does not add up";
    for (const Trip& t : m.trips) {
      if (t.state == TripState::kDone || !t.stow) continue;
      for (std::uint32_t p = t.pick_head; p != kNone; p = m.picks[p].next)
        room[t.pod] -= m.cases[m.picks[p].line].volume;
    }
    for (std::size_t p = 0; p < m.pods.size(); ++p) {
      if (room[p] != m.pod_room[p])
        return fmt::format("pod {}: room {} != tracked {}", p, room[p], m.pod_room[p]);
    }
  }
  if (m.outbound) {
    // Every order that arrived is not yet picked, lost, or in exactly one outbound stage.
    const OutboundTotals t = outbound_totals();
    const std::int64_t stages = t.in_transfer + t.pack_queue + t.packing + t.blocked + t.sorting +
                                t.in_lanes + t.on_trucks + t.shipped;
    if (t.picked != stages || static_cast<std::int64_t>(m.orders.size()) != t.open + t.lost + t.picked) {
      return fmt::format("outbound: arrived {} != open {} + lost {} + picked {}; picked != {} in its stages",
                         m.orders.size(), t.open, t.lost, t.picked, stages);
    }
    std::int64_t in_lanes = 0;
    std::int64_t blocked = 0;
    for (const CarrierState& cs : m.carriers) {
      std::int64_t lane = 0;
      for (std::uint32_t o = cs.lane_head; o != kNone; o = m.parcels[o].next) ++lane;
      for (std::uint32_t o = cs.blocked_head; o != kNone; o = m.parcels[o].next) ++blocked;
      if (lane != cs.in_lane || cs.occupied > cs.capacity || cs.occupied < cs.in_lane)
        return "outbound: a carrier's lane count does not add up";
      in_lanes += lane;
    }
    if (in_lanes != t.in_lanes || blocked != t.blocked)
      return "outbound: lanes or blocked packers do not add up";
  }
  return {};
}

}  // namespace whsim::model
