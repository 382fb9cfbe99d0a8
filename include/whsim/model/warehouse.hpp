// The goods-to-person warehouse (DESIGN.md §4): SKUs stocked in pods on a floor, orders arriving
// and assigned to pick stations, robots fetching pods to stations and storing them again, pickers
// picking units into put-wall slots. One Component; entity state lives in flat vectors indexed by
// integer ids, every question the hot path asks has an index kept current incrementally
// (DESIGN.md §4a), and the steady state allocates nothing per event.
//
// Measurements go through the KPI registry (WarehouseKpis); per-station statistics for Little's
// law checks and per-order timelines are kept here as well. What happens, in which order and why
// is written down in docs/model.md.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/kernel/random_quantity.hpp"
#include "whsim/model/movement.hpp"
#include "whsim/model/policies.hpp"
#include "whsim/model/replenishment.hpp"
#include "whsim/model/travel_times.hpp"
#include "whsim/stats/accumulators.hpp"
#include "whsim/stats/kpi.hpp"
#include "whsim/stats/recorder.hpp"
#include "whsim/stats/run_result.hpp"

namespace whsim::model {

/// A pool of pickers on one shift plan: on duty from `start` to `end` (clock times; an end at
/// or before the start ends the next day) on the weekdays in `days` (bit 0 = Monday), minus
/// breaks (clock time, length) that the whole pool takes together.
struct ShiftPool {
  std::string name;
  std::int64_t workers = 0;
  Duration start;
  Duration end = Duration::hours(24);
  std::uint8_t days = 0x7F;
  std::vector<std::pair<Duration, Duration>> breaks;
};

/// Which pod a case is stowed into (among the pods holding a stock record of its SKU, stored,
/// with room for the case): the nearest to the stow station, the one with the most free volume,
/// or the one holding the fewest units of the SKU (spreads stock over pods).
enum class StowPolicy : std::uint8_t { kNearest, kEmptiest, kLeastStock };
/// Which waiting trip a robot that becomes free takes: the oldest (fifo), pick trips before stow
/// trips, or stow trips before pick trips (docs/model.md, "Robots shared by picking and stowing").
enum class RobotPriority : std::uint8_t { kFifo, kPickFirst, kStowFirst };

/// Inbound docks, receiving and stowing (docs/model.md, "Inbound"). Off unless `enabled`.
struct InboundConfig {
  bool enabled = false;
  // Docks
  std::vector<std::uint32_t> door_cells;  ///< one floor cell per dock door
  double transfer_speed = 1.0;            ///< m/s, door to the stow stations (receiving buffer)
  enum class Trucks : std::uint8_t { kNone, kSchedule, kPoisson };
  Trucks trucks = Trucks::kNone;                                ///< trucks besides those of purchase orders
  std::vector<Duration> truck_times;                            ///< kSchedule: clock times, every day
  double truck_rate = 0;                                        ///< kPoisson: per second
  RandomQuantity truck_lines = RandomQuantity::constant(10);    ///< PO lines per truck
  RandomQuantity cases_per_line = RandomQuantity::constant(4);  ///< cases per PO line
  std::int64_t units_per_case = 12;
  RandomQuantity unload_time = RandomQuantity::constant(20);  ///< seconds per case
  // Receiving
  bool scan_per_unit = false;                              ///< false: one scan per case
  RandomQuantity scan_time = RandomQuantity::constant(4);  ///< seconds per scan (and label)
  std::int64_t receivers = 2;                              ///< when receive_pools is empty
  std::vector<ShiftPool> receive_pools;
  double inspection_share = 0.1;                                  ///< share of cases inspected
  RandomQuantity inspection_time = RandomQuantity::constant(60);  ///< seconds per inspected case
  std::array<double, 3>
      defect_rate{};  ///< per class A, B, C: chance a unit of an inspected case is defective
  // Stowing
  std::vector<std::uint32_t> stow_stations;  ///< floor station indices that stow instead of pick
  std::int64_t stowers = 1;                  ///< per stow station when stow_pools is empty
  std::vector<ShiftPool> stow_pools;
  RandomQuantity stow_time = RandomQuantity::constant(6);  ///< seconds per unit
  StowPolicy stow_policy = StowPolicy::kNearest;
  RobotPriority robot_priority = RobotPriority::kPickFirst;
};

/// One replenishment class's policy (docs/model.md, "Replenishment"). Levels are per SKU, in units.
struct ReplenishmentClass {
  bool enabled = false;  ///< false: the class is never reordered
  ReplenishmentRule rule = ReplenishmentRule::kSQ;
  std::int64_t reorder_point = 0;              ///< s
  std::int64_t order_quantity = 1;             ///< Q
  std::int64_t order_up_to = 0;                ///< S
  Duration review_period = Duration::days(1);  ///< R (kRS)
  bool holt_winters = false;                   ///< kForecast: false = simple exponential smoothing
  double alpha = 0.2, beta = 0.1, gamma = 0.1;
  std::int64_t season_days = 7;  ///< Holt-Winters season length (periods of one day)
  double service_level = 0.95;   ///< cycle service level, z = Phi^-1
  double cover_days = 7;         ///< kForecast: days of forecast demand one order buys
  RandomQuantity lead_time = RandomQuantity::constant(2 * 86400.0);  ///< seconds
  std::string supplier;             ///< consolidation key; empty: the class letter
  double holding_cost = 0;          ///< per unit and day on hand
  std::int64_t initial_stock = -1;  ///< units per SKU at the start; < 0: the fill rule
};

struct ReplenishmentConfig {
  bool enabled = false;                       ///< any class enabled
  std::array<ReplenishmentClass, 3> classes;  ///< A, B, C
  /// true: purchase orders raised during a day ship together per supplier at the order cutoff;
  /// false: every purchase order ships at once as its own truck.
  bool consolidate_daily = true;
  Duration order_cutoff = Duration::hours(16);  ///< clock time of the daily consolidation
};

/// One carrier's outbound service (docs/model.md, "Outbound flow"): its trucks depart at the
/// cutoffs every day, dock `dock_before` earlier and are loaded from the carrier's sorter lanes.
struct Carrier {
  std::string name;
  double share = 1;                                        ///< weight among the carriers an order may use
  double max_order_volume = 0;                             ///< m^3 of goods; 0: takes any order
  std::vector<Duration> cutoffs;                           ///< clock times, sorted, distinct
  std::int64_t truck_packages = 400;                       ///< truck capacity in packages
  double truck_volume = 0;                                 ///< m^3 of packages; 0: packages only
  Duration dock_before = Duration::hours(2);               ///< a truck docks this long before its cutoff
  RandomQuantity load_time = RandomQuantity::constant(6);  ///< seconds per package
  std::int64_t lanes = 1;                                  ///< sorter lanes
  std::int64_t lane_capacity = 60;                         ///< packages per lane
  double truck_cost = 0;                                   ///< per departure (cost accounting)
  double truck_co2 = 0;                                    ///< kg CO2 per departure
};

/// Pack time of the orders of up to `max_units` units (classes ascending by max_units).
struct PackSizeClass {
  std::int64_t max_units = 1;
  RandomQuantity time = RandomQuantity::constant(60);  ///< seconds per order
};

/// A packaging type: the smallest type whose volume holds an order's goods is used.
struct PackagingType {
  std::string name;
  double volume = 0;  ///< m^3 (the package's volume on the truck)
  double cost = 0;    ///< per package (cost accounting)
};

/// Packing, sortation, outbound docks and carrier trucks (docs/model.md, "Outbound flow"). Off
/// unless `enabled`; while off, an order's journey ends when its last unit is picked.
struct OutboundConfig {
  bool enabled = false;
  RandomQuantity transfer_time = RandomQuantity::constant(60);  ///< seconds, pick station to packing
  std::int64_t pack_stations = 4;                               ///< benches, one packer each
  std::int64_t packers = 4;                                     ///< on duty when pack_pools is empty
  std::vector<ShiftPool> pack_pools;
  RandomQuantity pack_time = RandomQuantity::constant(60);  ///< seconds per order larger than every class
  std::vector<PackSizeClass> size_classes;                  ///< ascending max_units
  std::vector<PackagingType> packaging;                     ///< ascending volume; empty: package = goods
  RandomQuantity sort_time = RandomQuantity::constant(15);  ///< seconds, packing to the lane
  std::int64_t doors = 4;
  /// An order is promised its carrier's first cutoff at least this long after its arrival.
  Duration promise_lead = Duration::hours(2);
  std::vector<Carrier> carriers;
  bool truck_co2 = false;  ///< some carrier's trucks have a CO2 figure (the co2.* KPIs are declared)
};

/// Traffic mode (docs/model.md, "Traffic"): robots hold cells, legs are planned around each
/// other's reservations, station queues are lanes of cells. Off: travel-time mode.
struct TrafficConfig {
  bool enabled = false;
  std::uint32_t node_limit = 20000;                 ///< states a plan may expand
  Duration retry = Duration::seconds(1);            ///< a failed plan is tried again after this
  Duration gridlock_after = Duration::minutes(10);  ///< a robot without a plan this long: error
  bool check = false;                               ///< keep every reservation and verify at the end
};

/// Robot batteries and charging (docs/model.md, "Batteries and charging"). Off unless `enabled`;
/// energies in Wh, powers in W, levels as shares of the capacity.
struct BatteryConfig {
  bool enabled = false;
  double capacity = 400;                     ///< Wh per robot
  double initial = 1.0;                      ///< state of charge at the start
  double per_metre_empty = 0.08;             ///< Wh per metre driven without a pod
  double per_metre_loaded = 0.12;            ///< Wh per metre carrying a pod
  double per_lift = 0.3;                     ///< Wh per lift and per set-down
  double idle_power = 5;                     ///< W drawn while not on a charger
  double charge_below = 0.25;                ///< after a trip, or idle, below this a robot goes to charge
  double charge_to = 0.9;                    ///< it charges up to this
  double opportunity_below = 0;              ///< an idle robot below this takes a free bay (0: off)
  std::vector<std::uint32_t> charger_cells;  ///< one floor cell per charger
  std::int64_t bays = 2;                     ///< robots charging at once per charger
  double charge_power = 200;                 ///< W into the battery up to taper_from
  double taper_from = 0.8;                   ///< above this state of charge the power falls linearly ...
  double taper_floor = 0.2;                  ///< ... to this share of charge_power at a full battery
  double charger_efficiency = 0.9;           ///< battery energy / grid energy
  double grid_intensity = 0;                 ///< g CO2 per kWh from the grid
};

/// Customer returns (docs/model.md, "Returns"). Off unless `enabled`; needs the inbound flow
/// (restocked units are stowed by it).
struct ReturnsConfig {
  bool enabled = false;
  std::array<double, 3> rate{};  ///< share of the lines shipped that come back, by SKU class A, B, C
  RandomQuantity delay = RandomQuantity::constant(5 * 86400.0);  ///< seconds, shipped to sent back
  /// Clock times at which returns are delivered (the returns whose delay has passed arrive
  /// together at the next one); empty: each return arrives when its delay has passed.
  std::vector<Duration> arrival_times;
  std::int64_t workers = 2;      ///< at the returns station, always on duty, when `pools` is empty
  std::vector<ShiftPool> pools;  ///< worker pools on shift plans that staff the returns station
  RandomQuantity inspect_time = RandomQuantity::constant(60);  ///< seconds per unit
  double restock = 0.7;    ///< share of inspected units restocked as they are
  double refurbish = 0.2;  ///< share refurbished, then restocked; the rest is disposed of
  RandomQuantity refurbish_time = RandomQuantity::constant(86400.0);  ///< seconds per line refurbished
};

/// Damage at each handling step and the errors that move the stock record away from the physical
/// stock (docs/model.md, "Damage and record accuracy"). Off unless `enabled`. Rates are per unit
/// handled unless said otherwise.
struct AccuracyConfig {
  bool enabled = false;
  double damage_unload = 0;  ///< unloading a truck: found at receiving and disposed of
  double damage_stow = 0;    ///< stowing: found by the stower and disposed of
  double damage_pick = 0;    ///< picking: disposed of, the picker takes another unit
  double damage_pack = 0;    ///< packing: disposed of, the order ships without it
  /// Share of the unload and stow damage nobody notices: the unit goes into the bin, the record
  /// counts it, and it is found at a pick (a pick exception when the bin runs short) or a count.
  double unrecorded_damage = 0;
  double wrong_bin = 0;           ///< per case stowed: its units go into another bin of the pod
  double miscount = 0;            ///< per case received: the recorded count is off
  std::int64_t miscount_max = 1;  ///< by 1 to this many units, up or down (never below 0)
  double shrinkage = 0;           ///< per unit in storage and day: the unit disappears unrecorded
  /// Cycle counting (docs/model.md, "Cycle counting"): workers count stock records in place and
  /// set the record to what they find. Off unless `enabled` (which needs `enabled` above too).
  struct Audit {
    bool enabled = false;
    std::int64_t workers = 1;      ///< counters, always on duty, when `pools` is empty
    std::vector<ShiftPool> pools;  ///< worker pools on shift plans that count
    RandomQuantity count_time = RandomQuantity::constant(60);  ///< seconds per stock record counted
    /// Every record of class A, B, C is counted once per this many days (0: not by class).
    std::array<double, 3> abc_interval_days{};
    std::int64_t bins_per_day = 0;   ///< records counted per day, round-robin over all of them
    bool on_pick_exception = false;  ///< count a record a pick found short
    bool on_zero_record = false;     ///< count a record a pick brought to zero
  } audit;
  [[nodiscard]] bool record_errors() const {
    return unrecorded_damage > 0 || wrong_bin > 0 || miscount > 0 || shrinkage > 0;
  }
};

/// Cost accounting (docs/model.md, "Costs"). Off unless `enabled`; amounts in `currency`. Packaging
/// and truck costs are on the packaging types and carriers, holding costs on the replenishment classes.
struct CostConfig {
  bool enabled = false;
  std::string currency = "EUR";
  /// Per worker-hour on duty, by role: 0 pick, 1 stow, 2 receive (the inspect skill), 3 pack,
  /// 4 returns, 5 audit (cycle counting).
  std::array<double, 6> labour_per_hour{};
  double robot_price = 0;                 ///< purchase price per robot
  double robot_life_days = 1826;          ///< the price is amortised evenly over this many days
  double robot_maintenance_per_hour = 0;  ///< per robot and hour of the run
  double energy_price = 0;                ///< per kWh drawn from the grid (batteries on)
};

/// Everything the warehouse needs besides the floor, in model units (seconds, m, m^3).
struct WarehouseConfig {  // NOLINT(clang-analyzer-optin.performance.Padding): grouped by meaning
  // SKUs
  std::int64_t sku_count = 1000;
  bool abc_popularity = false;  ///< false: Zipf
  double zipf_alpha = 1.0;
  std::vector<double> abc_sku_shares, abc_demand_shares;
  double unit_volume = 0.001;
  std::int64_t pods_per_sku = 3;
  /// SKUs per product (variants: sizes, colours); product g holds SKUs g*variants ... .
  std::int64_t variants = 1;
  /// Chance that each further line of a generated order is another variant of the first line's
  /// product (co-purchase structure); 0: lines independent.
  double co_purchase = 0;
  /// From a SKU master (each empty or one entry per SKU): unit volume per SKU (m^3), initial
  /// stock per SKU (units; replaces the fill rule), and demand weight per SKU (replaces the
  /// Zipf/ABC ranges).
  std::vector<double> sku_volumes;
  std::vector<std::int64_t> sku_initial_stock;
  std::vector<double> sku_weights;
  // Pods
  std::int64_t pod_count = 100;
  std::int64_t bins_per_pod = 8;
  double bin_volume = 0.04;
  double initial_fill = 0.8;
  // Orders
  bool backlog_mode = false;
  double order_rate = 600.0 / 3600.0;  ///< per second, before profiles
  std::vector<double> hourly_profile;  ///< 24 weights or empty (flat)
  std::vector<double> day_profile;     ///< 7 weights, Monday first, or empty (flat)
  /// Multipliers of the rate per calendar day of the run, the start date first (days after the
  /// list: 1), or empty (none).
  std::vector<double> season_profile;
  std::int64_t backlog = 200;
  /// Replayed orders (orders.mode: file): each order's time and its lines, in time order.
  struct ReplayLine {
    std::uint32_t sku = 0;
    std::int32_t quantity = 1;
  };
  struct ReplayOrder {
    Duration time;
    std::uint32_t first_line = 0;
    std::uint32_t lines = 0;
  };
  std::vector<ReplayOrder> replay_orders;
  std::vector<ReplayLine> replay_lines;
  RandomQuantity lines = RandomQuantity::constant(1);
  RandomQuantity units_per_line = RandomQuantity::constant(1);
  Duration due_after = Duration::hours(4);
  // Robots
  std::int64_t robot_count = 10;
  Duration lift_time = Duration::seconds(2);
  Duration set_down_time = Duration::seconds(2);
  TrafficConfig traffic;  ///< robots.movement: traffic (off: travel-time mode)
  // Stations
  int pickers = 1;
  int queue_capacity = 6;
  int put_wall_slots = 16;
  RandomQuantity pick_time = RandomQuantity::constant(5);          ///< seconds per unit
  RandomQuantity presentation_time = RandomQuantity::constant(2);  ///< seconds per pod visit
  // Policies
  std::string order_assignment = "least_loaded";
  std::string pod_selection = "most_lines";
  std::string robot_assignment = "nearest_idle";
  std::string pod_storage = "return_home";
  std::string slotting = "random";
  bool pile_on = true;
  /// Pools that staff the pick stations; empty: every pick position is always staffed.
  std::vector<ShiftPool> pick_pools;
  /// The run's horizon (the shift calendar is laid out up to it).
  Duration horizon = Duration::days(1);
  // Calendar at time zero (for the hourly and day profiles)
  Duration start_time_of_day;
  int start_weekday = 0;  ///< 0 = Monday
  /// Days since 1970-01-01 of the start date (labels of the hourly table).
  std::int64_t start_day = 0;
  /// Order lines that find no unpromised stock when their order is due to open: false (default)
  /// holds the order until stock arrives (backorder); true drops the short lines (lost sales).
  bool lost_sales = false;
  InboundConfig inbound;
  ReplenishmentConfig replenishment;
  OutboundConfig outbound;
  BatteryConfig batteries;
  CostConfig costs;
  ReturnsConfig returns;
  AccuracyConfig accuracy;
};

/// Robot states (docs/model.md has the diagram).
enum class RobotState : std::uint8_t {
  kIdle,
  kToPod,
  kLifting,
  kToStation,
  kAtStation,
  kReturning,
  kSettingDown,
  kInterrupted,     ///< its task is on hold (a failure, priority work); see interrupt_robot()
  kToCharger,       ///< batteries: driving to a charger
  kWaitingCharger,  ///< batteries: at a charger, every bay taken
  kCharging         ///< batteries: on a charging bay
};
/// States every run declares a KPI for (the battery states only with batteries on).
inline constexpr int kRobotStateCount = 8;
inline constexpr int kRobotStateCountAll = 11;
[[nodiscard]] std::string_view to_string(RobotState s);

/// The optional KPI groups a run declares (runs without a part list, and fingerprint, exactly
/// what they did before it existed).
struct WarehouseKpiParts {
  bool inventory = false;             ///< stock, stockout KPIs: inbound on or lost sales
  bool inbound = false;               ///< inbound and replenishment
  bool outbound = false;              ///< packing, sortation and outbound trucks
  bool batteries = false;             ///< charging and energy
  bool truck_co2 = false;             ///< CO2 of outbound trucks (co2.*)
  bool costs = false;                 ///< cost accounting (costs.*)
  bool returns = false;               ///< customer returns (returns.*)
  bool accuracy = false;              ///< damage, record errors, pick exceptions (damage.*, accuracy.*)
  bool audit = false;                 ///< cycle counting (audit.*)
  bool traffic = false;               ///< traffic mode (traffic.*)
  std::string currency = "currency";  ///< the unit of the cost KPIs
  /// The parts a run of `cfg` declares.
  [[nodiscard]] static WarehouseKpiParts of(const WarehouseConfig& cfg);
  /// Every part (the KPI catalogue).
  [[nodiscard]] static WarehouseKpiParts all();
};

/// KPI handles of the warehouse, declared once (docs/kpis.md lists them).
struct WarehouseKpis {
  stats::KpiHandle orders_arrived, orders_completed, lines_completed, units_picked, units_demanded;
  stats::KpiHandle lines_backordered, orders_held, orders_late;
  stats::KpiHandle pick_cycle_time, put_wall_wait;
  stats::KpiHandle orders_open, lines_waiting, trips_waiting_for_robot;
  stats::KpiHandle station_queue_wait, station_visit_time, station_robots_present, station_queue_length,
      station_queue_overflow;
  stats::KpiHandle picker_utilisation, pod_visits, units_per_visit, lines_per_visit;
  stats::KpiHandle robot_utilisation, trip_distance, robots_by_state[kRobotStateCountAll];
  stats::KpiHandle stock_on_hand, pickers_staffed;
  // Stock and stockouts (declared with `inventory`: inbound on or lost sales).
  stats::KpiHandle fill_rate, lines_lost, units_lost, orders_lost, stockouts, stockout_duration,
      skus_out_of_stock, backorder_age, pod_fill, holding_cost;
  // Inbound and replenishment (declared with `inventory` when inbound is on).
  stats::KpiHandle trucks_arrived, yard_time, trucks_in_yard, doors_busy, cases_received, units_arrived,
      units_inspected, units_rejected, units_stowed, dock_to_stock, receiving_queue, receivers_busy,
      buffer_units, stow_trips, stow_queue_wait, stow_utilisation, purchase_orders, units_ordered, shipments;
  // Outbound (declared with `outbound`).
  stats::KpiHandle orders_shipped, click_to_ship, shipped_on_time, orders_shipped_late, pack_queue,
      packers_busy, packer_utilisation, pack_time, packers_blocked, lane_block_time, lane_packages,
      out_trucks_departed, truck_fill, packages_per_truck, packages_rolled, out_trucks_in_yard,
      out_doors_busy, out_dock_wait;
  // Batteries and energy (declared with `batteries`).
  stats::KpiHandle state_of_charge, charges, charge_time, charger_wait, bays_busy, battery_depleted,
      energy_used, energy_grid, energy_per_order, energy_per_unit, co2_per_order;
  // CO2 of outbound trucks (declared with `truck_co2`).
  stats::KpiHandle truck_co2_per_day, truck_co2_per_order, co2_total_per_order;
  // Cost accounting (declared with `costs`).
  stats::KpiHandle cost_per_order, cost_per_unit, cost_per_day, labour_cost, robot_cost, energy_cost,
      packaging_cost, truck_cost, holding_cost_total;
  // Customer returns (declared with `returns`).
  stats::KpiHandle returns_received, returns_inspected, returns_restocked, returns_refurbished,
      returns_disposed, returns_recovery, returns_backlog, returns_in_transit, returns_workers_busy,
      returns_time_to_restock;
  // Damage, record accuracy and pick exceptions (declared with `accuracy`).
  stats::KpiHandle ira, units_off, pick_exceptions, exceptions_per_1000, units_short, exceptions_resourced,
      exceptions_waiting, damage_unload, damage_stow, damage_pick, damage_pack, damage_found, orders_short,
      wrong_bin_cases, miscounted_cases, shrinkage_units;
  // Cycle counting (declared with `audit`).
  stats::KpiHandle audit_counts, audit_discrepancies, audit_units_adjusted, audit_backlog, audit_busy,
      audit_labour_hours, audit_damaged_found;
  // Traffic mode (traffic.*)
  stats::KpiHandle traffic_plans, traffic_failed, traffic_replans, traffic_evasions, traffic_wait,
      traffic_delayed, traffic_expanded, traffic_room_wait, traffic_deadlocks;
  /// Declares the KPIs (docs/kpis.md): the core ones and the optional `parts`.
  static WarehouseKpis declare(stats::KpiRegistry& registry, const WarehouseKpiParts& parts = {});

 private:
  static void declare_inventory(stats::KpiRegistry& registry, WarehouseKpis& k, bool inbound);
  static void declare_outbound(stats::KpiRegistry& registry, WarehouseKpis& k);
  static void declare_batteries(stats::KpiRegistry& registry, WarehouseKpis& k);
  static void declare_costs(stats::KpiRegistry& registry, WarehouseKpis& k, const WarehouseKpiParts& parts);
  static void declare_accuracy(stats::KpiRegistry& registry, WarehouseKpis& k);
  static void declare_audit(stats::KpiRegistry& registry, WarehouseKpis& k);
  static void declare_traffic(stats::KpiRegistry& registry, WarehouseKpis& k);
  static void declare_returns(stats::KpiRegistry& registry, WarehouseKpis& k);
};

/// One order's timeline (SimTime::max() for stages not reached).
struct OrderTimeline {
  SimTime arrived = SimTime::max();
  SimTime opened = SimTime::max();      ///< got a put-wall slot
  SimTime first_pick = SimTime::max();  ///< first unit picked
  SimTime completed = SimTime::max();   ///< last unit picked
  SimTime due = SimTime::max();
  SimTime packed = SimTime::max();   ///< outbound: packing finished
  SimTime shipped = SimTime::max();  ///< outbound: its truck departed
  std::uint32_t station = 0;
  std::uint32_t lines = 0;
  std::uint32_t units = 0;
};

/// Per-station statistics kept beside the KPIs (Little's law checks, per-station tables).
struct StationStats {
  stats::TimeWeighted robots_present;  ///< in queue or presenting
  stats::TimeWeighted busy_pickers;
  stats::TimeWeighted staffed;  ///< pick positions staffed
  stats::Tally visit_time;      ///< seconds from arrival to leaving, per visit
  std::int64_t visits = 0;
  std::int64_t units = 0;
  std::int64_t orders = 0;
};

class Warehouse final : public Component {
 public:
  enum Kind : EventKind {
    kOrderArrival = 0,
    kRobotStep = 1,
    kPickDone = 2,  ///< also the end of a stow presentation
    kShiftChange = 3,
    kTruckArrival = 4,
    kUnloadDone = 5,
    kReceiveDone = 6,
    kCaseBuffered = 7,
    kOrderCutoff = 8,
    kDayEnd = 9,
    kReview = 10,
    kPackArrival = 11,
    kPackDone = 12,
    kSorted = 13,
    kOutTruckArrival = 14,
    kLoadDone = 15,
    kOutTruckDeparture = 16,
    kBatteryLow = 17,
    kReturnArrival = 18,
    kReturnInspected = 19,
    kRefurbished = 20,
    kShrinkage = 21,
    kCountDone = 22,
    kAuditDay = 23
  };

  /// Builds inventory, robots and stations and schedules the first arrivals. `travel` (and its
  /// floor) must outlive the warehouse.
  Warehouse(Engine& engine, RandomStreams& streams, stats::Recorder& recorder, const WarehouseKpis& kpis,
            WarehouseConfig config, const TravelTimes& travel);
  ~Warehouse() override;
  void handle(Engine& engine, const Event& event) override;

  /// Restarts the per-station statistics at `now` (warm-up deletion; the KPIs are reset by the
  /// recorder's owner, after this call: what the model books up to `now` here is not measured).
  void reset_statistics(SimTime now);
  /// Brings levels that change continuously up to `now` before the time series are sampled (the
  /// batteries' idle draw); nothing without batteries.
  void before_sample(SimTime now);
  /// Ends the measured period at `end` before the results are taken: books the intervals of
  /// utilisation ratios still open (packers) and, with batteries, the energy per order and unit.
  void finish(SimTime end);

  [[nodiscard]] std::size_t sku_count() const;
  [[nodiscard]] std::size_t pod_count() const;
  [[nodiscard]] std::size_t robot_count() const;
  [[nodiscard]] std::size_t station_count() const;
  /// (pod, bin, SKU) stock records.
  [[nodiscard]] std::size_t slot_count() const;

  /// Units of a SKU at the start, picked so far, and now on hand: physical (every unit in storage,
  /// in a wrong bin or damaged too) and by the record.
  [[nodiscard]] std::int64_t initial_stock(std::size_t sku) const;
  [[nodiscard]] std::int64_t picked(std::size_t sku) const;
  [[nodiscard]] std::int64_t physical_stock(std::size_t sku) const;
  [[nodiscard]] std::int64_t record_stock(std::size_t sku) const;
  /// The first conservation problem found by a full scan (for tests and the end of a run): per SKU
  /// initial - picked == physical == record, reservations within stock, every pod somewhere.
  /// Empty when everything holds.
  [[nodiscard]] std::string check_conservation() const;

  [[nodiscard]] std::int64_t units_demanded() const;
  [[nodiscard]] std::int64_t units_picked() const;
  [[nodiscard]] std::int64_t units_initial() const;
  [[nodiscard]] const std::vector<OrderTimeline>& orders() const;
  [[nodiscard]] const StationStats& station_stats(std::size_t k) const;
  /// Robot and distance totals since the start (not reset by warm-up).
  [[nodiscard]] double total_distance() const;
  /// Interrupts robot r's task (the hook for charging, failures and priority work): its pending
  /// step is cancelled and the time it still needed is kept; the robot holds its pod and its
  /// place in the task. In travel-time mode the robot counts as being where its current leg
  /// started. Returns false (and does nothing) when the robot is idle, at a station, or already
  /// interrupted.
  bool interrupt_robot(std::size_t r);
  /// Resumes an interrupted robot: the rest of the interrupted step takes the time it still
  /// needed, from now. Returns false when the robot is not interrupted.
  bool resume_robot(std::size_t r);
  /// Gives the trip of an interrupted robot that has not lifted its pod yet to another robot
  /// (the nearest idle one, or the queue of trips waiting for a robot); the interrupted robot
  /// stays interrupted, without a task, until resume_robot() makes it idle. Returns false when
  /// the robot is not interrupted or already carries its pod.
  bool reassign_trip(std::size_t r);
  [[nodiscard]] RobotState robot_state(std::size_t r) const;

  /// A robot's battery (batteries on; else zeros): Wh in the battery now (idle draw booked up to
  /// now), Wh drawn and Wh charged since the start, and times it charged.
  struct BatteryState {
    double charge = 0;
    double used = 0;
    double charged = 0;
    std::int64_t charges = 0;
  };
  [[nodiscard]] BatteryState battery(std::size_t r) const;

  /// Stows `units` of `sku` into the pod's existing stock record for that SKU (the primitive the
  /// inbound and replenishment flows use): physical and record stock rise, orders held for the
  /// SKU are released to their stations, and waiting lines may use the pod. Returns false (and
  /// changes nothing) when the pod holds no record of the SKU or the arguments are out of range,
  /// and when inbound or lost sales are on (their stock accounting goes through the inbound flow).
  bool receive_stock(std::size_t pod, std::size_t sku, std::int32_t units);
  /// Pods that hold a stock record of the SKU (ascending).
  [[nodiscard]] std::vector<std::size_t> pods_holding(std::size_t sku) const;
  /// Orders held out of the put wall for want of stock, now.
  [[nodiscard]] std::size_t orders_held() const;

  /// Inbound totals since the start (zero while inbound is off).
  struct InboundTotals {
    std::int64_t units_arrived = 0;   ///< on trucks that arrived
    std::int64_t units_rejected = 0;  ///< defective, back to the vendor
    std::int64_t units_stowed = 0;    ///< into pods
    std::int64_t units_in_flow =
        0;  ///< arrived, not yet stowed or rejected (yard, docks, receiving, buffer, stow trips)
    std::int64_t units_on_order = 0;  ///< ordered or in the flow, not yet stowed (all SKUs)
    std::int64_t trucks = 0;          ///< arrived
    std::int64_t purchase_orders = 0;
    std::int64_t units_lost = 0;  ///< on order lines dropped for want of stock
    /// Customer returns sent to the stow flow (returns on): arrived + returned in = rejected +
    /// stowed + in flow; in flow and on order count them too.
    std::int64_t units_returned_in = 0;
  };
  [[nodiscard]] InboundTotals inbound_totals() const;
  /// The SKU's net stock: on hand less open demand (lines arrived, not lost, not yet picked);
  /// inbound or lost sales on only (else 0).
  [[nodiscard]] std::int64_t net_stock(std::size_t sku) const;
  /// The SKU's inventory position: on hand - open demand + on order (inbound on only; else 0).
  [[nodiscard]] std::int64_t inventory_position(std::size_t sku) const;
  /// Where the orders are (outbound on; else zero): every order that arrived is in exactly one
  /// of not yet picked (orders.open), lost, or one of the outbound stages below.
  struct OutboundTotals {
    std::int64_t picked = 0;       ///< orders whose last unit was picked (entered the outbound flow)
    std::int64_t in_transfer = 0;  ///< on the way to packing
    std::int64_t pack_queue = 0;   ///< waiting for a packer
    std::int64_t packing = 0;
    std::int64_t blocked = 0;  ///< packed, held at the bench: the carrier's lanes are full
    std::int64_t sorting = 0;  ///< on the way to a lane
    std::int64_t in_lanes = 0;
    std::int64_t on_trucks = 0;  ///< loading or loaded, truck not yet departed
    std::int64_t shipped = 0;
    std::int64_t trucks_departed = 0;
    std::int64_t open = 0;  ///< arrived, not yet picked
    std::int64_t lost = 0;  ///< every line lost (lost sales)
  };
  [[nodiscard]] OutboundTotals outbound_totals() const;
  /// Units of customer returns by where they are (returns on; docs/model.md, "Returns").
  struct ReturnsTotals {
    std::int64_t sent_back = 0;  ///< units customers decided to return
    std::int64_t in_transit = 0, queued = 0, inspecting = 0, refurbishing = 0;
    std::int64_t restocked = 0, refurbished = 0, disposed = 0;  ///< outcomes (restocked: as they are)
    std::int64_t workers_busy = 0;
  };
  [[nodiscard]] ReturnsTotals returns_totals() const;
  /// Damage, record errors and pick exceptions since the start (accuracy on; docs/model.md,
  /// "Damage and record accuracy"). A stock record is one SKU in one bin of one pod.
  struct AccuracyTotals {
    std::int64_t records = 0, records_matching = 0;  ///< stock records; those whose record = physical
    std::int64_t units_off = 0;                      ///< sum over records of |record - physical|
    std::int64_t damaged_unload = 0, damaged_stow = 0, damaged_pick = 0, damaged_pack = 0;  ///< disposed of
    std::int64_t unrecorded_damage = 0;  ///< damaged units put into bins unnoticed
    std::int64_t damaged_found = 0;      ///< of those, found at a pick and disposed of
    std::int64_t damaged_counted = 0;    ///< of those, found by a cycle count and disposed of
    std::int64_t damaged_in_bins = 0;    ///< now in bins, counted by the record as good
    std::int64_t stray_units = 0;        ///< now in a wrong bin of their pod (wrong-bin stows)
    std::int64_t shrunk = 0;             ///< disappeared from storage (shrinkage)
    std::int64_t wrong_bin_cases = 0, miscounted_cases = 0;
    std::int64_t miscount_net = 0;  ///< units recorded minus units received, over the miscounted cases
    std::int64_t pick_exceptions = 0, units_short = 0;
    std::int64_t resourced = 0;     ///< exceptions whose shortfall went at once onto another pod's trip
    std::int64_t waiting = 0;       ///< exceptions whose line waits (for a pod with the SKU, or stock)
    std::int64_t flagged = 0;       ///< stock records flagged by a pick exception, not yet counted
    std::int64_t orders_short = 0;  ///< shipped without a unit damaged at packing
    // Cycle counting (audit on)
    std::int64_t counts = 0;          ///< stock records counted
    std::int64_t discrepancies = 0;   ///< counts that found the record wrong
    std::int64_t units_adjusted = 0;  ///< sum of |record change| over the counts
    std::int64_t counts_waiting = 0;  ///< queued or waiting for their pod
    std::int64_t counting = 0;        ///< counters at work now
  };
  [[nodiscard]] AccuracyTotals accuracy_totals() const;
  /// One stock record (slot < slot_count()): the record and what is physically there.
  struct StockRecord {
    std::size_t pod = 0, sku = 0, bin = 0;
    std::int64_t record = 0, physical = 0;  ///< physical: good units in the bin
    std::int64_t stray = 0, damaged = 0;    ///< in a wrong bin of the pod; damaged in the bin (accuracy on)
    bool flagged = false;                   ///< a pick found it short and no count has been done since
  };
  [[nodiscard]] StockRecord stock_record(std::size_t slot) const;
  /// The truck an order left on (per departed truck a serial number from 0), or -1.
  [[nodiscard]] std::int64_t shipped_on(std::size_t order) const;
  /// The SKU's class for replenishment and holding cost: 0 A, 1 B, 2 C (inbound or lost sales on).
  [[nodiscard]] int sku_class(std::size_t sku) const;

  /// Appends the model's tables to a result: "stations" and "robots" (since the last statistics
  /// reset) and "hourly" (orders, lines and units completed in each calendar hour of the run).
  void append_tables(stats::RunResult& result, SimTime end) const;
  /// Appends the per-order records ("orders": timeline, station, size of every order so far).
  void append_records(stats::RunResult& result) const;
  /// Appends the floor heatmaps since the statistics reset: "robot_visits" (legs ending at each
  /// cell) and "pod_lifts" (pods lifted from each storage location).
  void append_grids(stats::RunResult& result) const;
  /// Names of the event kinds ("order_arrival", "robot_step", "pick_done", "shift_change", and the
  /// inbound ones: "truck_arrival", "unload_done", "receive_done", "case_buffered", "order_cutoff",
  /// "day_end", "review").
  [[nodiscard]] std::string_view event_name(EventKind kind) const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace whsim::model
