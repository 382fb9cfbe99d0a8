// ScenarioSpec: a scenario as plain data, after reading and validation. Every value remembers
// where it came from (file, line, column), so later checks and the model builder can point at
// it. Values not given in the file hold the schema's default (given = false).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "whsim/core/error.hpp"
#include "whsim/core/time.hpp"
#include "whsim/core/units.hpp"
#include "whsim/scenario/distribution_spec.hpp"

namespace whsim::scenario {

template <class T>
struct Located {
  T value{};
  SourceLocation where;  ///< position of the value (or of the scenario file, for defaults)
  bool given = false;    ///< written in the scenario, not a default
};

struct SimulationSpec {
  Located<units::DateTime> start;
  Located<Duration> horizon;
  Located<Duration> warmup;
  Located<std::uint64_t> seed;
  Located<Duration> sample_interval;
};

struct FloorSpec {
  Located<double> cell_size;         ///< m
  Located<std::string> map;          ///< ASCII map; empty: parametric
  Located<std::string> map_file;     ///< MAPF grid map file
  Located<std::string> map_storage;  ///< shelves or beside_shelves
  Located<std::int64_t> block_columns, block_rows, block_width, block_depth;
  Located<std::int64_t> aisle_width, cross_aisle_width, margin, stations_per_side;
  Located<std::vector<std::string>> station_sides;
  SourceLocation section;  ///< where the floor section is (for floor-wide problems)
};

struct SkuSpec {
  Located<std::string> master_file;
  Located<std::int64_t> count;
  Located<std::string> popularity;
  Located<double> zipf_alpha;
  Located<std::vector<double>> abc_sku_shares, abc_demand_shares;
  Located<double> unit_volume;  ///< m^3
  Located<std::int64_t> pods_per_sku;
  Located<std::int64_t> variants;
};

struct PodSpec {
  Located<std::int64_t> count;  ///< given = false: 90% of the storage locations
  Located<std::int64_t> bins;
  Located<double> bin_volume;    ///< m^3
  Located<double> initial_fill;  ///< fraction
};

struct OrderSpec {
  Located<std::string> mode;
  Located<std::string> file;
  Located<double> rate;  ///< per second
  Located<std::vector<double>> hourly_profile, day_profile;
  Located<std::vector<double>> season_profile;  ///< multipliers per calendar day, the start date first
  Located<std::int64_t> backlog;
  Located<DistributionSpec> lines, units_per_line;
  Located<double> co_purchase;  ///< fraction
  Located<Duration> due_after;
  Located<std::string> stockout;  ///< backorder or lost
};

struct RobotSpec {
  Located<std::int64_t> count;
  Located<double> speed, acceleration, deceleration;  ///< m/s, m/s^2
  Located<Duration> turn_time, lift_time, set_down_time;
  Located<std::string> movement;
  // robots.traffic (traffic mode)
  Located<std::int64_t> traffic_node_limit;
  Located<Duration> traffic_retry, traffic_gridlock_after;
  Located<bool> traffic_check;
};

struct StationSpec {
  Located<std::int64_t> pickers, queue_capacity, put_wall_slots;
  Located<DistributionSpec> pick_time, presentation_time;  ///< seconds
  Located<std::vector<std::string>> pools;  ///< worker pools pickers come from; empty: every pool with "pick"
};

/// A break in a shift: starts at a clock time, lasts a duration.
struct BreakSpec {
  Duration start;  ///< since midnight
  Duration length;
};

/// A group of workers that share skills and a shift plan.
struct PoolSpec {
  Located<std::string> name;
  Located<std::vector<std::string>> skills;
  Located<std::int64_t> workers;
  Located<Duration> shift_start, shift_end;  ///< clock times (since midnight)
  Located<std::vector<std::string>> days;    ///< weekday names
  Located<std::vector<BreakSpec>> breaks;
  SourceLocation where;  ///< the item in the list
};

struct WorkforceSpec {
  std::vector<PoolSpec> pools;
};

struct PolicySpec {
  Located<std::string> order_assignment, pod_selection, robot_assignment, pod_storage, slotting;
  Located<bool> pile_on;
};

/// Trucks besides those of purchase orders (inbound.trucks).
struct TruckSpec {
  Located<std::string> mode;                ///< none, schedule or poisson
  Located<std::vector<Duration>> schedule;  ///< clock times (since midnight), every day
  Located<double> rate;                     ///< per second; given = false: none
  Located<DistributionSpec> lines, cases_per_line;
};

struct ReceivingSpec {
  Located<std::string> scan;  ///< case or unit
  Located<DistributionSpec> scan_time;
  Located<std::int64_t> workers;
  Located<std::vector<std::string>> pools;  ///< empty: every pool with "inspect"
};

struct InspectionSpec {
  Located<double> share;  ///< fraction
  Located<DistributionSpec> time;
  Located<std::vector<double>> defect_rate;  ///< classes A, B, C
};

struct StowSpec {
  Located<std::vector<std::int64_t>> stations;  ///< floor station indices; given = false: none
  Located<std::int64_t> workers;
  Located<std::vector<std::string>> pools;  ///< empty: every pool with "stow"
  Located<DistributionSpec> time;           ///< seconds per unit
  Located<std::string> policy, robot_priority;
};

/// Inbound docks, receiving and stowing. On when any inbound.* or replenishment.* key is given.
struct InboundSpec {
  bool enabled = false;
  SourceLocation where;  ///< the first inbound or replenishment section or key (for "missing" problems)
  Located<std::int64_t> doors;
  Located<std::string> door_side;
  Located<double> transfer_speed;  ///< m/s
  TruckSpec trucks;
  Located<std::int64_t> units_per_case;
  Located<DistributionSpec> unload_time;  ///< seconds per case
  ReceivingSpec receiving;
  InspectionSpec inspection;
  StowSpec stow;
};

/// One SKU class's replenishment (replenishment.a, .b, .c).
struct ReplenishmentClassSpec {
  Located<std::string> policy;  ///< none, s_q, s_s, r_s or forecast
  Located<std::int64_t> reorder_point;
  Located<std::int64_t> order_quantity, order_up_to;  ///< given = false: not set
  Located<Duration> review_period;
  Located<std::string> forecast;  ///< exponential_smoothing or holt_winters
  Located<double> alpha, beta, gamma;
  Located<std::int64_t> season_days;
  Located<double> service_level;  ///< fraction
  Located<Duration> cover;
  Located<DistributionSpec> lead_time;  ///< seconds
  Located<std::string> supplier;        ///< empty: the class letter
  Located<double> holding_cost;         ///< per unit and day
  Located<std::int64_t> initial_stock;  ///< given = false: the fill rule
};

struct ReplenishmentSpec {
  Located<std::string> consolidation;             ///< daily or none
  Located<Duration> order_cutoff;                 ///< clock time
  std::array<ReplenishmentClassSpec, 3> classes;  ///< A, B, C
};

/// A pack time class (an item of outbound.pack.size_classes).
struct PackSizeClassSpec {
  Located<std::int64_t> max_units;
  Located<DistributionSpec> time;  ///< seconds per order
  SourceLocation where;            ///< the item in the list
};

/// Packing (outbound.pack).
struct PackSpec {
  Located<std::int64_t> stations, workers;
  Located<std::vector<std::string>> pools;  ///< empty: every pool with "pack" that no other role took
  Located<DistributionSpec> time;           ///< seconds per order larger than every size class
  std::vector<PackSizeClassSpec> size_classes;
};

/// A packaging type (an item of outbound.packaging).
struct PackagingSpec {
  Located<std::string> name;
  Located<double> volume;  ///< m^3
  Located<double> cost;    ///< per package
  SourceLocation where;    ///< the item in the list
};

/// A carrier (an item of outbound.carriers).
struct CarrierSpec {
  Located<std::string> name;
  Located<double> share;
  Located<double> max_order_volume;        ///< m^3; given = false: takes any order
  Located<std::vector<Duration>> cutoffs;  ///< clock times (since midnight), every day
  Located<std::int64_t> truck_packages;
  Located<double> truck_volume;  ///< m^3; given = false: packages only
  Located<Duration> dock_before;
  Located<DistributionSpec> load_time;  ///< seconds per package
  Located<std::int64_t> lanes, lane_capacity;
  Located<double> truck_cost;        ///< per departure
  Located<double> truck_co2;         ///< kg CO2 per departure
  Located<double> route_km;          ///< km driven per departure (with truck_co2_per_km)
  Located<double> truck_co2_per_km;  ///< kg CO2 per km
  SourceLocation where;              ///< the item in the list
};

/// Packing, sortation, outbound docks and carriers. On when any outbound.* key is given.
struct OutboundSpec {
  bool enabled = false;
  SourceLocation where;  ///< the outbound section or its first key (for "missing" problems)
  Located<DistributionSpec> transfer_time;  ///< seconds, pick station to packing
  PackSpec pack;
  std::vector<PackagingSpec> packaging;
  Located<DistributionSpec> sort_time;  ///< seconds, packing to the lane
  Located<std::int64_t> doors;
  std::vector<CarrierSpec> carriers;
  Located<Duration> promise_lead;
};

/// Energy a robot uses (batteries.consumption).
struct ConsumptionSpec {
  Located<double> empty, loaded;  ///< Wh per metre driven without, with a pod
  Located<double> lift;           ///< Wh per lift and per set-down
  Located<double> idle;           ///< W, drawn except on a charger
};

/// When robots charge (batteries.charging); levels are fractions of the capacity.
struct ChargingSpec {
  Located<double> below, to, opportunity_below;
};

/// Chargers (batteries.chargers).
struct ChargerSpec {
  Located<std::int64_t> count;  ///< placed along `side` unless the floor map marks chargers
  Located<std::string> side;
  Located<std::int64_t> bays;
  Located<double> power;                                ///< W
  Located<double> taper_from, taper_floor, efficiency;  ///< fractions
};

/// Robot batteries, charging and energy. On when any batteries.* key is given.
struct BatterySpec {
  bool enabled = false;
  SourceLocation where;      ///< the batteries section or its first key (for problems of the whole section)
  Located<double> capacity;  ///< Wh
  Located<double> initial;   ///< fraction
  ConsumptionSpec consumption;
  ChargingSpec charging;
  ChargerSpec chargers;
  Located<double> grid_intensity;  ///< g CO2 per kWh
};

/// Customer returns (returns). On when any returns.* key is given.
struct ReturnsSpec {
  bool enabled = false;
  SourceLocation where;                          ///< the returns section or its first key
  Located<std::vector<double>> rate;             ///< fractions, classes A, B, C
  Located<DistributionSpec> delay;               ///< seconds
  Located<std::vector<Duration>> arrival_times;  ///< clock times; given = false: continuous
  Located<std::int64_t> workers;
  Located<std::vector<std::string>> pools;   ///< worker pools (by name); empty: by skill returns
  Located<DistributionSpec> inspect_time;    ///< seconds per unit
  Located<double> restock, refurbish;        ///< fractions of the units inspected
  Located<DistributionSpec> refurbish_time;  ///< seconds per line
};

/// Damage per handling step (damage) and the errors that move the stock record away from the
/// physical stock (record_errors). On when any damage.* or record_errors.* key is given.
struct AccuracySpec {
  bool enabled = false;
  SourceLocation where;  ///< the damage or record_errors section or its first key
  Located<double> damage_unload, damage_stow, damage_pick, damage_pack;  ///< fractions per unit
  Located<double> unrecorded_damage;   ///< fraction of the unload and stow damage
  Located<double> wrong_bin;           ///< fraction of the cases stowed
  Located<double> miscount;            ///< fraction of the cases received
  Located<std::int64_t> miscount_max;  ///< units
  Located<double> shrinkage;           ///< fraction of the units in storage per day
};

/// Cycle counting (audit). On when any audit.* key is given (it switches accuracy on too).
struct AuditSpec {
  bool enabled = false;
  SourceLocation where;  ///< the audit section or its first key
  Located<std::int64_t> workers;
  Located<std::vector<std::string>> pools;         ///< worker pools (by name); empty: by skill audit
  Located<DistributionSpec> count_time;            ///< seconds per stock record
  Located<std::vector<double>> abc_interval_days;  ///< classes A, B, C; 0: not by class
  Located<std::int64_t> bins_per_day;
  Located<bool> on_pick_exception, on_zero_record;
};

/// Cost accounting (costs). On when any costs.* key, outbound.packaging[i].cost or
/// outbound.carriers[i].truck_cost is given.
struct CostSpec {
  bool enabled = false;
  SourceLocation where;           ///< the costs section or the first key that switched it on
  Located<std::string> currency;  ///< a short label: EUR, USD, kCHF
  Located<double> labour_pick, labour_stow, labour_inspect, labour_pack, labour_returns,
      labour_audit;                         ///< per worker-hour
  Located<double> robot_price;              ///< purchase price per robot
  Located<double> robot_amortisation_days;  ///< days the price is spread over
  Located<double> robot_maintenance;        ///< per robot-hour
  Located<double> energy_price;             ///< per kWh from the grid
};

struct ScenarioSpec {
  std::string file;
  Located<std::string> name;
  Located<std::string> description;
  SimulationSpec simulation;
  FloorSpec floor;
  SkuSpec skus;
  PodSpec pods;
  OrderSpec orders;
  RobotSpec robots;
  StationSpec stations;
  WorkforceSpec workforce;
  PolicySpec policies;
  InboundSpec inbound;
  ReplenishmentSpec replenishment;
  OutboundSpec outbound;
  BatterySpec batteries;
  CostSpec costs;
  ReturnsSpec returns;
  AccuracySpec accuracy;
  AuditSpec audit;
};

}  // namespace whsim::scenario
