// Cost accounting and the CO2 of outbound trucks (docs/model.md, "Costs and CO2"): member
// functions of Warehouse::Impl. Costs are booked over the measured period only (after the
// warm-up): labour from the workers on duty, robots from the fleet size and the period's length,
// energy from the battery energy used, packaging and trucks from what was packed and departed,
// holding from the stock on hand. Nothing here draws a random number or schedules an event, so
// switching costs on changes no event of a run.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "warehouse_impl.hpp"

namespace whsim::model {

namespace {

constexpr double kSecondsPerDay = 86400.0;
constexpr double kSecondsPerHour = 3600.0;
constexpr std::array<std::string_view, 6> kRoleNames{"pick", "stow", "inspect", "pack", "returns", "audit"};

}  // namespace

double Warehouse::Impl::paid_level(int role) const {
  switch (role) {
    case 0:  // without pools every pick position is always staffed
      return cfg.pick_pools.empty() ? static_cast<double>(n_pick) * cfg.pickers
                                    : static_cast<double>(std::max<std::int64_t>(0, on_duty));
    case 1:
      return inbound ? static_cast<double>(std::max<std::int64_t>(0, stow_on_duty)) : 0.0;
    case 2:
      return inbound ? static_cast<double>(std::max<std::int64_t>(0, receive_on_duty)) : 0.0;
    case 3:
      return outbound ? static_cast<double>(std::max<std::int64_t>(0, pack_on_duty)) : 0.0;
    case 4:
      return returns ? static_cast<double>(std::max<std::int64_t>(0, ret_on_duty)) : 0.0;
    default:
      return audit ? static_cast<double>(std::max<std::int64_t>(0, count_on_duty)) : 0.0;
  }
}

void Warehouse::Impl::init_costs() {
  for (std::size_t r = 0; r < paid.size(); ++r) {
    paid[r] = stats::TimeWeighted(engine.now(), paid_level(static_cast<int>(r)));
  }
}

Warehouse::Impl::CostBreakdown Warehouse::Impl::cost_breakdown(SimTime end) const {
  const CostConfig& c = cfg.costs;
  CostBreakdown b;
  b.seconds = (end - stats_since).to_seconds();
  for (std::size_t r = 0; r < paid.size(); ++r) {
    b.paid_hours[r] = paid[r].integral(end) / kSecondsPerHour;
    b.labour[r] = b.paid_hours[r] * c.labour_per_hour[r];
  }
  const auto fleet = static_cast<double>(robots.size());
  b.robot_purchase = fleet * c.robot_price / c.robot_life_days * (b.seconds / kSecondsPerDay);
  b.robot_maintenance = fleet * c.robot_maintenance_per_hour * (b.seconds / kSecondsPerHour);
  if (batteries) {
    b.grid_kwh = (used_total - used_at_reset) / cfg.batteries.charger_efficiency / 1000.0;
    b.energy = b.grid_kwh * c.energy_price;
    b.grid_co2_kg = b.grid_kwh * cfg.batteries.grid_intensity / 1000.0;
  }
  if (outbound) {
    for (std::size_t t = 0; t < box_count.size(); ++t)
      b.packaging += static_cast<double>(box_count[t]) * cfg.outbound.packaging[t].cost;
    for (std::size_t k = 0; k < carriers.size(); ++k) {
      b.trucks += static_cast<double>(carriers[k].trucks) * cfg.outbound.carriers[k].truck_cost;
      b.truck_co2_kg += static_cast<double>(carriers[k].trucks) * cfg.outbound.carriers[k].truck_co2;
    }
  }
  if (inventory_kpis) b.holding = holding_rate.integral(end) / kSecondsPerDay;
  for (std::size_t k = 0; k < n_pick; ++k) {
    b.orders += station_stats[k].orders;
    b.units += station_stats[k].units;
  }
  return b;
}

void Warehouse::Impl::record_costs(SimTime end) {
  const CostBreakdown b = cost_breakdown(end);
  const double days = b.seconds / kSecondsPerDay;
  const auto done = static_cast<double>(b.orders);
  if (cfg.outbound.truck_co2 && outbound) {
    if (days > 0) rec.tally(kpis.truck_co2_per_day, b.truck_co2_kg / days);
    if (b.orders > 0) {
      rec.tally(kpis.truck_co2_per_order, b.truck_co2_kg * 1000.0 / done);
      rec.tally(kpis.co2_total_per_order, (b.truck_co2_kg + b.grid_co2_kg) * 1000.0 / done);
    }
  }
  if (!cfg.costs.enabled) return;
  const double total = b.total();
  if (days > 0) {
    rec.tally(kpis.cost_per_day, total / days);
    rec.tally(kpis.labour_cost, b.labour_total() / days);
    rec.tally(kpis.robot_cost, (b.robot_purchase + b.robot_maintenance) / days);
    rec.tally(kpis.energy_cost, b.energy / days);
    rec.tally(kpis.packaging_cost, b.packaging / days);
    rec.tally(kpis.truck_cost, b.trucks / days);
    rec.tally(kpis.holding_cost_total, b.holding / days);
  }
  if (b.orders > 0) rec.tally(kpis.cost_per_order, total / done);
  if (b.units > 0) rec.tally(kpis.cost_per_unit, total / static_cast<double>(b.units));
}

stats::Table Warehouse::Impl::cost_table(SimTime end) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const CostBreakdown b = cost_breakdown(end);
  const std::string& cur = cfg.costs.currency;
  stats::Table t;
  t.name = "costs";
  t.description = fmt::format(
      "What the measured period cost, by component, in {}: labour by skill (worker-hours on duty x the "
      "hourly rate), the robot fleet, grid energy, packaging, truck departures and holding stock.",
      cur);
  t.label = "component";
  t.columns = {"amount", "per_day", "per_order", "per_unit", "share", "worker_hours"};
  t.units = {cur, cur + "/day", cur + "/order", cur + "/unit", "ratio", "h"};
  const double days = b.seconds / kSecondsPerDay;
  const double total = b.total();
  const auto add = [&](std::string label, double amount, double hours) {
    t.row_labels.push_back(std::move(label));
    t.rows.push_back(
        {amount, days > 0 ? amount / days : nan, b.orders > 0 ? amount / static_cast<double>(b.orders) : nan,
         b.units > 0 ? amount / static_cast<double>(b.units) : nan, total > 0 ? amount / total : nan, hours});
  };
  // Rows of the parts a run has: stowing and receiving with inbound, packing and trucks with
  // outbound, energy with batteries, holding with stock accounting.
  const std::array<bool, 6> role_on{true, inbound, inbound, outbound, returns, audit};
  for (std::size_t r = 0; r < role_on.size(); ++r) {
    if (role_on[r]) add(fmt::format("labour: {}", kRoleNames[r]), b.labour[r], b.paid_hours[r]);
  }
  add("robots: purchase", b.robot_purchase, nan);
  add("robots: maintenance", b.robot_maintenance, nan);
  if (batteries) add("energy", b.energy, nan);
  if (outbound) {
    add("packaging", b.packaging, nan);
    add("trucks", b.trucks, nan);
  }
  if (inventory_kpis) add("holding", b.holding, nan);
  add("total", total, b.hours_total());
  return t;
}

}  // namespace whsim::model
