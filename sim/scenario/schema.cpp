// The scenario schema (see the header). Add a key here and the loader, the reference page and
// `whsim schema` know it.
#include "whsim/scenario/schema.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "whsim/model/policies.hpp"

namespace whsim::scenario {
namespace {

constexpr double kTenYears = 10.0 * 365.0 * 86400.0;
/// The largest amount of money a cost key takes.
constexpr double kMaxCost = 1e9;

using Q = units::Quantity;

struct Keys {
  std::vector<KeySpec>& k;
  void section(std::string path, std::string description) const {
    k.push_back({std::move(path), ValueType::kSection, "", {}, {}, "", std::move(description)});
  }
  void integer(std::string path, std::string def, double min, double max, std::string range,
               std::string description) const {
    k.push_back({std::move(path), ValueType::kInteger, std::move(def), min, max, std::move(range),
                 std::move(description)});
  }
  void optional_integer(std::string path, double min, double max, std::string range,
                        std::string description) const {
    integer(std::move(path), "", min, max, std::move(range), std::move(description));
  }
  void number(std::string path, std::string def, double min, double max, std::string range,
              std::string description) const {
    k.push_back({std::move(path), ValueType::kNumber, std::move(def), min, max, std::move(range),
                 std::move(description)});
  }
  void boolean(std::string path, std::string def, std::string description) const {
    k.push_back({std::move(path), ValueType::kBoolean, std::move(def), {}, {}, "", std::move(description)});
  }
  void text(std::string path, std::string description) const {
    k.push_back({std::move(path), ValueType::kText, "", {}, {}, "", std::move(description)});
  }
  /// Text with a default and a documented form (the loader checks the form).
  void text(std::string path, std::string def, std::string range, std::string description) const {
    k.push_back({std::move(path),
                 ValueType::kText,
                 std::move(def),
                 {},
                 {},
                 std::move(range),
                 std::move(description)});
  }
  void duration(std::string path, std::string def, double min, double max, std::string range,
                std::string description) const {
    k.push_back({std::move(path), ValueType::kDuration, std::move(def), min, max, std::move(range),
                 std::move(description)});
  }
  void quantity(std::string path, Q q, std::string def, double min, double max, std::string range,
                std::string description) const {
    KeySpec key{std::move(path),  ValueType::kQuantity,  std::move(def), min, max,
                std::move(range), std::move(description)};
    key.quantity = q;
    k.push_back(std::move(key));
  }
  void distribution(std::string path, DistDomain domain, std::string def, std::string range,
                    std::string description) const {
    KeySpec key{std::move(path),  ValueType::kDistribution, std::move(def), {}, {},
                std::move(range), std::move(description)};
    key.domain = domain;
    k.push_back(std::move(key));
  }
  void choice(std::string path, std::vector<std::string> choices, std::string def,
              std::string description) const {
    KeySpec key{std::move(path), ValueType::kChoice, std::move(def), {}, {}, "", std::move(description)};
    key.choices = std::move(choices);
    k.push_back(std::move(key));
  }
  void choice_list(std::string path, std::vector<std::string> choices, std::string def,
                   std::string description) const {
    KeySpec key{std::move(path), ValueType::kChoiceList, std::move(def), {}, {}, "", std::move(description)};
    key.choices = std::move(choices);
    k.push_back(std::move(key));
  }
  void section_list(std::string path, std::string description) const {
    k.push_back({std::move(path), ValueType::kSectionList, "", {}, {}, "", std::move(description)});
  }
  void item_text(std::string path, std::string description) const {
    KeySpec key{std::move(path), ValueType::kText, "", {}, {}, "required", std::move(description)};
    key.required = true;
    k.push_back(std::move(key));
  }
  /// Marks the key declared last as one that every item of its list of sections must give.
  void required() const { k.back().required = true; }
  void clock_time(std::string path, std::string def, std::string description) const {
    k.push_back({std::move(path),
                 ValueType::kClockTime,
                 std::move(def),
                 {},
                 {},
                 "00:00 to 24:00",
                 std::move(description)});
  }
  void break_list(std::string path, std::string description) const {
    k.push_back({std::move(path), ValueType::kBreakList, "", {}, {}, "", std::move(description)});
  }
  void name_list(std::string path, std::string description) const {
    k.push_back({std::move(path),
                 ValueType::kChoiceList,
                 "",
                 {},
                 {},
                 "names of workforce.pools",
                 std::move(description)});
  }
  void number_list(std::string path, std::size_t length, std::string range, std::string description) const {
    KeySpec key{std::move(path),  ValueType::kNumberList, "", 0.0, {},
                std::move(range), std::move(description)};
    key.list_length = length;
    k.push_back(std::move(key));
  }
  /// A list of `length` numbers each from min to max (not weights: all 0 is fine).
  void bounded_number_list(std::string path, std::size_t length, std::string def, double min, double max,
                           std::string range, std::string description) const {
    KeySpec key{std::move(path),  ValueType::kNumberList, std::move(def), min, max,
                std::move(range), std::move(description)};
    key.list_length = length;
    key.weights = false;
    k.push_back(std::move(key));
  }
  /// A list of `length` fractions from 0 to 1, each a number or a percentage ("8%").
  void fraction_list(std::string path, std::size_t length, std::string def, std::string range,
                     std::string description) const {
    bounded_number_list(std::move(path), length, std::move(def), 0.0, 1.0, std::move(range),
                        std::move(description));
    k.back().percentages = true;
  }
  void integer_list(std::string path, double min, double max, std::string range,
                    std::string description) const {
    k.push_back(
        {std::move(path), ValueType::kIntegerList, "", min, max, std::move(range), std::move(description)});
  }
  void clock_time_list(std::string path, std::string description) const {
    k.push_back({std::move(path),
                 ValueType::kClockTimeList,
                 "",
                 {},
                 {},
                 "distinct times, 00:00 to 24:00",
                 std::move(description)});
  }
};

/// Inbound docks, receiving, inspection and stowing (docs/model.md, "Inbound").
void add_inbound_keys(const Keys& k) {
  k.section("inbound",
            "Inbound docks, receiving, inspection and stowing; inbound is on when any inbound or "
            "replenishment key is given (then inbound.stow.stations is required).");
  k.integer("inbound.doors", "2", 1, 1000, "1 to 1,000",
            "Dock doors where trucks unload, spread evenly along the outermost row or column of "
            "inbound.door_side.");
  k.choice("inbound.door_side", {"north", "east", "south", "west"}, "north",
           "Side of the floor with the dock doors: door i of n sits at cell floor((i + 0.5) m / n) of the "
           "m cells of that edge (west to east on north and south, north to south on east and west).");
  k.quantity("inbound.transfer_speed", Q::kSpeed, "1 m/s", 0.01, 20.0, "0.01 to 20 m/s",
             "Speed at which received cases travel from their door to a stow station (conveyor or cart).");
  k.section("inbound.trucks",
            "Trucks besides those that replenishment's purchase orders send: none, a daily timetable or "
            "random arrivals.");
  k.choice("inbound.trucks.mode", {"none", "schedule", "poisson"}, "none",
           "none: only purchase-order trucks arrive; schedule: a truck at each time of "
           "inbound.trucks.schedule every day; poisson: trucks arrive at random at inbound.trucks.rate.");
  k.clock_time_list("inbound.trucks.schedule",
                    "Schedule mode: the times of day a truck arrives, every day (e.g. [\"06:00\", "
                    "\"14:00\"]); required with mode schedule.");
  k.quantity("inbound.trucks.rate", Q::kRate, "", 1e-9, 1.0, "> 0, at most 1/s",
             "Poisson mode: mean truck arrival rate (e.g. 2/h); required with mode poisson.");
  k.distribution("inbound.trucks.lines", DistDomain::kNumber, "10", "draws rounded, at least 1",
                 "Lines (distinct SKUs) a schedule or poisson truck brings.");
  k.distribution("inbound.trucks.cases_per_line", DistDomain::kNumber, "4", "draws rounded, at least 1",
                 "Cases of the line's SKU on each line of a schedule or poisson truck.");
  k.integer("inbound.units_per_case", "12", 1, 1e6, "1 to 10^6",
            "Units of one SKU in a case, the package that is unloaded, scanned, inspected and moved.");
  k.distribution("inbound.unload_time", DistDomain::kDuration, "20s", "durations",
                 "Time to unload one case from a truck at its door.");
  k.section("inbound.receiving", "Receiving at the doors: receivers scan and label the unloaded cases.");
  k.choice("inbound.receiving.scan", {"case", "unit"}, "case",
           "What receivers scan: each case once (case) or every unit of it (unit).");
  k.distribution("inbound.receiving.scan_time", DistDomain::kDuration, "4s", "durations",
                 "Time of one scan, labelling included.");
  k.integer("inbound.receiving.workers", "2", 1, 1e6, "1 to 10^6",
            "Receivers, always on duty, when no worker pool receives (no inbound.receiving.pools and no "
            "pool with the inspect skill).");
  k.name_list(
      "inbound.receiving.pools",
      "Worker pools (by name) that receive and inspect; default: every pool with the inspect skill that "
      "neither picks nor stows.");
  k.section("inbound.inspection", "Quality inspection of a share of the received cases.");
  k.quantity("inbound.inspection.share", Q::kPercentage, "10%", 0.0, 1.0, "0% to 100%",
             "Share of the received cases that a receiver inspects.");
  k.distribution("inbound.inspection.time", DistDomain::kDuration, "60s", "durations",
                 "Time to inspect one case.");
  k.bounded_number_list("inbound.inspection.defect_rate", 3, "[0, 0, 0]", 0.0, 1.0, "3 numbers from 0 to 1",
                        "Chance that a unit of an inspected case is defective, for SKU classes A, B and C.");
  k.section("inbound.stow",
            "Stowing: stations that put received units into pods the robots bring, instead of picking.");
  k.integer_list("inbound.stow.stations", 0, 1e6, "distinct station indices, at least one left to pick",
                 "Stations (0-based indices in the floor's station order) that stow instead of pick; "
                 "required when inbound is on, and at least one station must stay a pick station.");
  k.integer("inbound.stow.workers", "1", 1, 1000, "1 to 1,000",
            "Stowers at each stow station, always on duty, when no worker pool stows (no "
            "inbound.stow.pools and no pool with the stow skill); with pools, the most stowers one stow "
            "station takes (the pools' stowers on duty spread evenly over the stow stations).");
  k.name_list(
      "inbound.stow.pools",
      "Worker pools (by name) that staff the stow stations; default: every pool with the stow skill that "
      "does not pick.");
  k.distribution("inbound.stow.time", DistDomain::kDuration, "6s", "durations",
                 "Time to stow one unit into a pod's bin.");
  k.choice("inbound.stow.policy", {"nearest", "emptiest", "least_stock"}, "nearest",
           "Which pod a case is stowed into, among the stored pods with a record of its SKU and room for "
           "it: the nearest to the stow station, the one with the most free volume, or the one holding "
           "the fewest units of the SKU.");
  k.choice("inbound.stow.robot_priority", {"pick_first", "fifo", "stow_first"}, "pick_first",
           "Which waiting trip a robot that becomes free takes: pick trips before stow trips, the oldest "
           "trip, or stow trips before pick trips.");
}

/// Purchase orders per SKU class (docs/model.md, "Replenishment").
void add_replenishment_keys(const Keys& k) {
  k.section("replenishment",
            "Purchase orders that refill the stock of each SKU class (A, B, C) from suppliers; turns "
            "inbound on.");
  k.choice("replenishment.consolidation", {"daily", "none"}, "daily",
           "daily: the purchase orders raised during a day ship together per supplier at "
           "replenishment.order_cutoff, one truck each; none: every purchase order ships at once as its "
           "own truck.");
  k.clock_time("replenishment.order_cutoff", "16:00",
               "Time of day at which the day's purchase orders are consolidated (daily consolidation).");
  constexpr double kMaxUnits = 1e9;
  for (const char* c : {"a", "b", "c"}) {
    const std::string at = fmt::format("replenishment.{}.", c);
    const std::string letter(1, static_cast<char>(c[0] - 'a' + 'A'));
    k.section(fmt::format("replenishment.{}", c),
              fmt::format("Replenishment of the class {} SKUs; levels are per SKU, in units.", letter));
    k.choice(at + "policy", {"none", "s_q", "s_s", "r_s", "forecast"}, "none",
             "none: never reordered; s_q: at or below the reorder point, order order_quantity (or a "
             "multiple); s_s: at or below the reorder point, order up to order_up_to; r_s: every "
             "review_period, order up to order_up_to; forecast: reorder point and order-up-to level from a "
             "demand forecast, the service level, the lead time and the cover.");
    k.integer(at + "reorder_point", "0", 0, kMaxUnits, "0 to 10^9",
              "s: inventory position (on hand + on order - backordered) at or below which a purchase "
              "order is raised (s_q, s_s).");
    k.optional_integer(at + "order_quantity", 1, kMaxUnits, "1 to 10^9, required for s_q",
                       "Q: units one purchase order buys (s_q; the smallest multiple that lifts the "
                       "position above the reorder point).");
    k.optional_integer(at + "order_up_to", 1, kMaxUnits, "1 to 10^9, required for s_s and r_s",
                       "S: inventory position a purchase order restores (s_s, r_s); above the reorder "
                       "point for s_s.");
    k.duration(at + "review_period", "1d", 1e-6, kTenYears, "> 0, at most 10 years",
               "R: time between two reviews (r_s).");
    k.choice(at + "forecast", {"exponential_smoothing", "holt_winters"}, "exponential_smoothing",
             "Forecast of the daily demand (forecast policy): simple exponential smoothing, or additive "
             "Holt-Winters (level, trend and season).");
    k.number(at + "alpha", "0.2", 1e-9, 1.0, "more than 0, at most 1",
             "Smoothing factor of the level (forecast policy).");
    k.number(at + "beta", "0.1", 1e-9, 1.0, "more than 0, at most 1",
             "Smoothing factor of the trend (holt_winters).");
    k.number(at + "gamma", "0.1", 0.0, 1.0, "0 to 1",
             "Smoothing factor of the seasonal offsets (holt_winters; 0 keeps them as estimated).");
    k.integer(at + "season_days", "7", 1, 366, "1 to 366", "Season length in days (holt_winters).");
    k.quantity(at + "service_level", Q::kPercentage, "95%", 1e-9, 1.0 - 1e-9, "more than 0%, less than 100%",
               "Cycle service level: the chance that stock lasts until the purchase order arrives; sets "
               "the safety stock (forecast policy).");
    k.duration(at + "cover", "7d", 1e-6, kTenYears, "> 0, at most 10 years",
               "Days of forecast demand one purchase order buys on top of the reorder point (forecast "
               "policy).");
    k.distribution(at + "lead_time", DistDomain::kDuration, "2d", "durations",
                   "Supplier lead time: from a purchase order's shipping to its truck at a door.");
    k.text(at + "supplier",
           fmt::format("Supplier of the class; classes with the same supplier share consolidated trucks; "
                       "default: \"{}\".",
                       letter));
    k.number(at + "holding_cost", "0", 0.0, 1e9, ">= 0", "Holding cost per unit on hand and day.");
    k.optional_integer(at + "initial_stock", 0, kMaxUnits, "0 to 10^9",
                       "Units of each SKU of the class at the start; default: the initial fill "
                       "(pods.initial_fill).");
  }
}

/// Packing, sortation, outbound docks and carrier trucks (docs/model.md, "Outbound flow").
void add_outbound_keys(const Keys& k) {
  k.section("outbound",
            "Outbound: packing, sortation to carrier lanes, outbound dock doors and carrier trucks departing "
            "at cutoffs; on when any outbound key is given (then outbound.carriers is required).");
  k.distribution("outbound.transfer_time", DistDomain::kDuration, "60s", "durations",
                 "Conveyor time of an order from its pick station to packing.");
  k.section("outbound.pack", "Packing: benches where packers pack each order into a package.");
  k.integer("outbound.pack.stations", "4", 1, 10000, "1 to 10,000", "Pack benches, one packer each.");
  k.integer("outbound.pack.workers", "4", 1, 1e6, "1 to 10^6",
            "Packers, always on duty, when no worker pool packs (no outbound.pack.pools and no pool with "
            "the pack skill).");
  k.name_list("outbound.pack.pools",
              "Worker pools (by name) that pack; default: every pool with the pack skill that neither picks, "
              "stows nor receives.");
  k.distribution("outbound.pack.time", DistDomain::kDuration, "60s", "durations",
                 "Time to pack an order larger than every size class.");
  k.section_list("outbound.pack.size_classes",
                 "Pack times by order size (a list of sections): an order uses the class with the smallest "
                 "max_units that holds its units.");
  k.integer("outbound.pack.size_classes.max_units", "", 1, 1e6, "1 to 10^6",
            "Orders of up to this many units use this class; distinct among the classes.");
  k.required();
  k.distribution("outbound.pack.size_classes.time", DistDomain::kDuration, "", "durations",
                 "Time to pack one order of this class.");
  k.required();
  k.section_list("outbound.packaging",
                 "Packaging types (a list of sections): the smallest type that holds an order's goods is "
                 "used; default none (the package is the goods).");
  k.item_text("outbound.packaging.name", "Name of the packaging type, unique.");
  k.quantity("outbound.packaging.volume", Q::kVolume, "", 1e-9, 100.0, "> 0, at most 100 m^3",
             "Volume of the package (what it takes on a truck, and the goods it holds).");
  k.required();
  k.number("outbound.packaging.cost", "0", 0.0, kMaxCost, "0 to 10^9",
           "Cost of one package of this type, in costs.currency; giving it turns cost accounting on.");
  k.distribution("outbound.sort_time", DistDomain::kDuration, "15s", "durations",
                 "Time from packing to the package's carrier lane on the sorter.");
  k.integer("outbound.doors", "4", 1, 1000, "1 to 1,000",
            "Outbound dock doors; a truck waits in the yard for a free one.");
  k.section_list("outbound.carriers",
                 "Carriers (a list of sections): each order ships with one of them, by share among those "
                 "that take its volume; required when outbound is on.");
  k.item_text("outbound.carriers.name", "Name of the carrier, unique.");
  k.number("outbound.carriers.share", "1", 0.0, 1e9, ">= 0; at least one carrier above 0",
           "Weight of the carrier among the carriers that take an order.");
  k.quantity("outbound.carriers.max_order_volume", Q::kVolume, "", 1e-9, 1000.0, "> 0, at most 1,000 m^3",
             "Largest order (volume of its goods) the carrier takes; default: any order. At least one "
             "carrier with a share above 0 must take any order.");
  k.clock_time_list("outbound.carriers.cutoffs",
                    "Times of day the carrier's trucks depart, every day (e.g. [\"12:00\", \"18:00\"]).");
  k.required();
  k.integer("outbound.carriers.truck_packages", "400", 1, 1e6, "1 to 10^6", "Packages one truck takes.");
  k.quantity("outbound.carriers.truck_volume", Q::kVolume, "", 1e-9, 1000.0, "> 0, at most 1,000 m^3",
             "Volume of packages one truck takes; default: only truck_packages limits a truck.");
  k.duration("outbound.carriers.dock_before", "2h", 60.0, 86400.0,
             "1 min to 24h, at most the shortest gap between two cutoffs",
             "A truck docks this long before its cutoff (one truck per carrier docks at a time).");
  k.distribution("outbound.carriers.load_time", DistDomain::kDuration, "6s", "durations",
                 "Time to load one package onto the truck.");
  k.integer("outbound.carriers.lanes", "1", 1, 1000, "1 to 1,000", "Sorter lanes of the carrier.");
  k.integer("outbound.carriers.lane_capacity", "60", 1, 1e6, "1 to 10^6", "Packages one lane holds.");
  k.number("outbound.carriers.truck_cost", "0", 0.0, kMaxCost, "0 to 10^9",
           "Cost of one truck departure, in costs.currency; giving it turns cost accounting on.");
  k.number("outbound.carriers.truck_co2", "0", 0.0, 1e6, "0 to 10^6",
           "CO2 in kg emitted per truck departure (on top of route_km x truck_co2_per_km); giving it "
           "declares the co2.* KPIs.");
  k.number("outbound.carriers.route_km", "", 0.0, 1e5, "0 to 10^5, with truck_co2_per_km",
           "Kilometres a truck drives per departure; given together with truck_co2_per_km, it adds "
           "route_km x truck_co2_per_km to the truck's CO2 per departure.");
  k.number("outbound.carriers.truck_co2_per_km", "", 0.0, 1e3, "0 to 1,000, with route_km",
           "CO2 in kg a truck emits per kilometre; given together with route_km.");
  k.duration("outbound.promise_lead", "2h", 0.0, 7.0 * 86400.0, "0 to 7 days",
             "An order is promised its carrier's first cutoff at least this long after it arrives "
             "(on-time shipping is measured against it).");
}

/// Robot batteries, chargers and energy (docs/model.md, "Batteries and charging").
void add_battery_keys(const Keys& k) {
  k.section("batteries", "Robot batteries, charging and energy; on when any batteries key is given.");
  k.quantity("batteries.capacity", Q::kEnergy, "400 Wh", 1e-9, 1e5, "> 0, at most 100 kWh",
             "Energy a robot's full battery holds.");
  k.quantity("batteries.initial", Q::kPercentage, "100%", 0.0, 1.0, "0% to 100%",
             "State of charge of every robot at the start.");
  k.section("batteries.consumption", "Energy a robot uses driving, lifting and standing.");
  k.quantity("batteries.consumption.empty", Q::kEnergy, "0.08 Wh", 0.0, 100.0, "0 to 100 Wh",
             "Energy per metre driven without a pod.");
  k.quantity("batteries.consumption.loaded", Q::kEnergy, "0.12 Wh", 0.0, 100.0, "0 to 100 Wh",
             "Energy per metre driven carrying a pod.");
  k.quantity("batteries.consumption.lift", Q::kEnergy, "0.3 Wh", 0.0, 1000.0, "0 to 1 kWh",
             "Energy per lift and per set-down of a pod.");
  k.quantity("batteries.consumption.idle", Q::kPower, "5 W", 0.0, 1e4, "0 to 10 kW",
             "Power drawn all the time (driving, lifting and waiting too) except on a charger.");
  k.section("batteries.charging", "When robots go to charge, and how far they charge.");
  k.quantity("batteries.charging.below", Q::kPercentage, "25%", 0.0, 1.0, "0% to 100%",
             "After a trip, or while idle, a robot whose state of charge is below this goes to charge.");
  k.quantity("batteries.charging.to", Q::kPercentage, "90%", 1e-9, 1.0, "more than 0%, at most 100%",
             "A charging robot charges up to this state of charge; above batteries.charging.below and "
             "batteries.charging.opportunity_below.");
  k.quantity("batteries.charging.opportunity_below", Q::kPercentage, "0%", 0.0, 1.0, "0% (off) to 100%",
             "An idle robot below this state of charge takes a free charging bay (opportunity charging); "
             "0% turns it off.");
  k.section("batteries.chargers",
            "Chargers: the floor map's c cells, or batteries.chargers.count of them placed along a side.");
  k.integer("batteries.chargers.count", "4", 1, 1000, "1 to 1,000",
            "Chargers spread evenly along the outermost row or column of batteries.chargers.side (each on "
            "an aisle cell); not used when floor.map marks chargers (c).");
  k.choice("batteries.chargers.side", {"north", "east", "south", "west"}, "south",
           "Side of the floor with the chargers: charger i of n sits at cell floor((i + 0.5) m / n) of the m "
           "cells of that edge (west to east on north and south, north to south on east and west); not "
           "used when floor.map marks chargers (c).");
  k.integer("batteries.chargers.bays", "2", 1, 100, "1 to 100", "Robots that charge at once at one charger.");
  k.quantity("batteries.chargers.power", Q::kPower, "200 W", 1.0, 1e5, "1 W to 100 kW",
             "Power into the battery of a charging robot, up to batteries.chargers.taper_from.");
  k.quantity("batteries.chargers.taper_from", Q::kPercentage, "80%", 0.0, 1.0, "0% to 100%",
             "Above this state of charge the charging power falls linearly, down to "
             "batteries.chargers.taper_floor of it at a full battery.");
  k.quantity("batteries.chargers.taper_floor", Q::kPercentage, "20%", 0.01, 1.0, "1% to 100%",
             "Share of batteries.chargers.power still delivered at a full battery (the end of the "
             "taper).");
  k.quantity("batteries.chargers.efficiency", Q::kPercentage, "90%", 0.01, 1.0, "1% to 100%",
             "Energy into the battery per energy drawn from the grid.");
  k.quantity("batteries.grid_intensity", Q::kEmissionIntensity, "0 g/kWh", 0.0, 5000.0, "0 to 5,000 g/kWh",
             "CO2 emitted per kWh drawn from the grid (for the CO2 per order).");
}

/// Cost accounting (docs/model.md, "Costs").
void add_cost_keys(const Keys& k) {
  k.section(
      "costs",
      "Cost accounting over the measured period: labour, robots, energy, packaging, trucks and holding "
      "(replenishment.<class>.holding_cost), in costs.currency; on when any costs key, "
      "outbound.packaging cost or outbound.carriers truck_cost is given (docs/model.md, \"Costs and CO2\").");
  k.text("costs.currency", "EUR", "1 to 8 letters, digits or currency signs",
         "Short label of the currency the costs are in (e.g. EUR, USD, kCHF); it names the unit of the "
         "cost KPIs.");
  k.section("costs.labour",
            "Cost per worker-hour on duty, by role: a worker on shift is paid whether busy or not; roles "
            "whose flow is off (no inbound, no outbound) cost nothing.");
  k.number("costs.labour.pick", "0", 0.0, kMaxCost, "0 to 10^9",
           "Per worker-hour of the pickers on duty at the pick stations.");
  k.number("costs.labour.stow", "0", 0.0, kMaxCost, "0 to 10^9",
           "Per worker-hour of the stowers on duty at the stow stations (inbound on).");
  k.number("costs.labour.inspect", "0", 0.0, kMaxCost, "0 to 10^9",
           "Per worker-hour of the receivers on duty: receiving and inspection at the inbound docks, the "
           "pools with the inspect skill (inbound on).");
  k.number("costs.labour.pack", "0", 0.0, kMaxCost, "0 to 10^9",
           "Per worker-hour of the packers on duty at the pack benches (outbound on).");
  k.number("costs.labour.returns", "0", 0.0, kMaxCost, "0 to 10^9",
           "Per worker-hour of the returns workers on duty at the returns station (returns on).");
  k.number("costs.labour.audit", "0", 0.0, kMaxCost, "0 to 10^9",
           "Per worker-hour of the counters on duty (cycle counting on).");
  k.section("costs.robots",
            "Cost of the robot fleet: the purchase price, spread over the amortisation days, and "
            "maintenance.");
  k.number("costs.robots.purchase_price", "0", 0.0, kMaxCost, "0 to 10^9", "Purchase price of one robot.");
  k.number("costs.robots.amortisation_days", "1826", 1e-9, 36525.0, "> 0, at most 36,525",
           "Days over which the purchase price is spread evenly (the default is five years); a run is "
           "charged its share of them.");
  k.number("costs.robots.maintenance_per_hour", "0", 0.0, kMaxCost, "0 to 10^9",
           "Maintenance cost per robot and hour of the measured period (after the warm-up).");
  k.number("costs.energy_price", "0", 0.0, kMaxCost, "0 to 10^9",
           "Price of one kWh drawn from the grid; counts only with batteries on.");
}

/// Customer returns (docs/model.md, "Returns").
void add_returns_keys(const Keys& k) {
  k.section("returns",
            "Customer returns: a share of the shipped order lines comes back, is inspected at the returns "
            "station, and its units are restocked, refurbished then restocked, or disposed of; on when "
            "any returns key is given (then inbound must be on: its stow stations restock the units).");
  k.fraction_list("returns.rate", 3, "[5%, 5%, 5%]", "3 fractions, 0 to 1 or 0% to 100%",
                  "Share of the order lines shipped (without outbound: picked complete) that customers send "
                  "back, for SKU classes A, B and C; a returned line comes back with all its units.");
  k.distribution("returns.delay", DistDomain::kDuration, "5d", "durations",
                 "Time from an order's shipping (without outbound: its last unit picked) to its returned "
                 "lines reaching the warehouse, before returns.arrival_times batches them.");
  k.clock_time_list("returns.arrival_times",
                    "Times of day returns are delivered, every day (e.g. [\"10:00\", \"15:00\"]): a "
                    "return arrives at the first of them after its delay has passed, together with the "
                    "others waiting; default: each return arrives as soon as its delay has passed.");
  k.integer("returns.workers", "2", 1, 1e6, "1 to 10^6",
            "Workers at the returns station, always on duty, when no worker pool inspects returns (no "
            "returns.pools and no pool with the returns skill); each inspects one returned line at a time.");
  k.name_list("returns.pools",
              "Worker pools (by name) that inspect returns at the returns station, on their shift plans; "
              "default: every pool with the returns skill that no earlier role (picking, stowing, receiving, "
              "packing) takes. With pools, returns.workers is not used.");
  k.distribution("returns.inspect_time", DistDomain::kDuration, "60s", "durations",
                 "Time to inspect one returned unit (a line takes this for each of its units).");
  k.section("returns.outcomes",
            "What becomes of the inspected units: restocked as they are, refurbished then restocked, or "
            "disposed of (the rest).");
  k.quantity("returns.outcomes.restock", Q::kPercentage, "70%", 0.0, 1.0,
             "0% to 100%, with refurbish at most 100%",
             "Share of the inspected units restocked as they are: stowed back into pods by the inbound stow "
             "flow.");
  k.quantity("returns.outcomes.refurbish", Q::kPercentage, "20%", 0.0, 1.0,
             "0% to 100%, with restock at most 100%",
             "Share of the inspected units refurbished, then restocked by the inbound stow flow; the units "
             "neither restocked nor refurbished are disposed of.");
  k.distribution("returns.refurbish_time", DistDomain::kDuration, "1d", "durations",
                 "Time to refurbish the refurbished units of one returned line (per line, whatever its "
                 "units), after which they are restocked.");
}

/// Damage and record accuracy (docs/model.md, "Damage and record accuracy").
void add_accuracy_keys(const Keys& k) {
  k.section("damage",
            "Damage per handling step: each unit handled is damaged with this probability (docs/model.md, "
            "\"Damage and record accuracy\"); any damage or record_errors key turns damage and record "
            "errors on.");
  k.quantity("damage.unload", Q::kPercentage, "0%", 0.0, 1.0, "0% to 100%",
             "Per unit unloaded from an inbound truck: found at receiving and disposed of (or, with "
             "record_errors.unrecorded_damage, missed and stowed); needs inbound.");
  k.quantity("damage.stow", Q::kPercentage, "0%", 0.0, 1.0, "0% to 100%",
             "Per unit stowed: the stower disposes of it (or misses it, see "
             "record_errors.unrecorded_damage); needs inbound.");
  k.quantity("damage.pick", Q::kPercentage, "0%", 0.0, 1.0, "0% to 100%",
             "Per unit picked: disposed of, the picker takes another unit from the bin (a pick exception "
             "when the bin has none left).");
  k.quantity("damage.pack", Q::kPercentage, "0%", 0.0, 1.0, "0% to 100%",
             "Per unit packed: disposed of, the order ships without it; needs outbound.");
  k.section("record_errors",
            "Errors that move the stock record (what the system believes is in each bin) away from the "
            "physical stock. Picking works from the record: a bin found short raises a pick exception.");
  k.quantity("record_errors.unrecorded_damage", Q::kPercentage, "0%", 0.0, 1.0, "0% to 100%",
             "Share of the unload and stow damage nobody notices: the unit goes into the bin, the record "
             "counts it; needs damage.unload or damage.stow above 0.");
  k.quantity("record_errors.wrong_bin", Q::kPercentage, "0%", 0.0, 1.0, "0% to 100%",
             "Per case stowed: its units go into another bin of the same pod (the record says the planned "
             "bin); needs inbound.");
  k.quantity("record_errors.miscount", Q::kPercentage, "0%", 0.0, 1.0, "0% to 100%",
             "Per case received: the recorded count is off by 1 to record_errors.miscount_max units, up or "
             "down; needs inbound.");
  k.integer("record_errors.miscount_max", "1", 1, 1000, "1 to 1,000",
            "Largest error of a miscounted case, in units (a count is never recorded below 0); only with "
            "record_errors.miscount above 0.");
  k.quantity("record_errors.shrinkage", Q::kPercentage, "0%", 0.0, 1.0, "0% to 100%",
             "Per unit in storage and day (e.g. 0.01%): the unit disappears without a record (theft, "
             "loss).");
}

/// Cycle counting (docs/model.md, "Cycle counting").
void add_audit_keys(const Keys& k) {
  k.section("audit",
            "Cycle counting (docs/model.md, \"Cycle counting\"): workers count stock records (a SKU in a "
            "bin of a pod) in place, the pod locked while they count, and set the record to what they find "
            "(units in a wrong bin of the pod go back, damaged units are disposed of). Any audit key turns "
            "cycle counting on, and with it the record accuracy KPIs (damage and record errors may be off: "
            "then counts find nothing to correct).");
  k.integer("audit.workers", "1", 1, 1e6, "1 to 10^6",
            "Counters, always on duty, when no worker pool counts (no audit.pools and no pool with the audit "
            "skill); each counts one stock record at a time.");
  k.name_list("audit.pools",
              "Worker pools (by name) that count, on their shift plans; default: every pool with the audit "
              "skill that no earlier role takes. With pools, audit.workers is not used.");
  k.distribution("audit.count_time", DistDomain::kDuration, "60s", "durations",
                 "Time to count one stock record, walking to the pod included.");
  k.bounded_number_list("audit.abc_interval_days", 3, "[0, 0, 0]", 0.0, 3650.0, "3 numbers from 0 to 3,650",
                        "ABC cycle counting: every stock record of a SKU of class A, B and C is counted once "
                        "per this many days (0: that class is not counted by schedule). Classes are those "
                        "of the replenishment (skus.popularity abc, else by demand rank: top 20% A, next "
                        "30% B).");
  k.integer("audit.bins_per_day", "0", 0, 1e9, "0 to 10^9",
            "Stock records counted per day on top of the ABC schedule, round-robin over all of them.");
  k.boolean("audit.on_pick_exception", "false",
            "Count a stock record as soon as a pick finds it short (a pick exception).");
  k.boolean("audit.on_zero_record", "false",
            "Count a stock record when a pick brings its record to zero (a zero-stock check).");
}

void add_model_keys(std::vector<KeySpec>& list) {
  const Keys k{list};
  constexpr double kMaxCount = 1e9;
  k.section("floor",
            "The floor grid: a parametric layout (blocks of storage locations between aisles, stations on "
            "chosen sides) or an ASCII map.");
  k.quantity("floor.cell_size", Q::kDistance, "1 m", 0.01, 100.0, "0.01 m to 100 m",
             "Side of one square grid cell (a storage location holds one pod).");
  k.text("floor.map",
         "ASCII map, one text line per row: . aisle, # wall, s storage location, P pick station, b buffer, "
         "c charger; when given, the parametric keys must not be.");
  k.text("floor.map_file",
         "Grid map file in the MAPF benchmark format (type octile, height, width, map; . G S free, @ O T W "
         "blocked), relative to this scenario; storage by floor.map_storage, stations by "
         "floor.stations_per_side "
         "and floor.station_sides on the outermost free column or row.");
  k.choice("floor.map_storage", {"shelves", "beside_shelves"}, "shelves",
           "Map files: shelves makes blocked cells beside a free cell storage locations (robots drive under "
           "them); beside_shelves makes the free cells beside blocked ones storage locations.");
  k.integer("floor.block_columns", "8", 1, 10000, "1 to 10,000",
            "Parametric: storage blocks across (west to east).");
  k.integer("floor.block_rows", "8", 1, 10000, "1 to 10,000",
            "Parametric: storage blocks down (north to south).");
  k.integer("floor.block_width", "5", 1, 1000, "1 to 1,000",
            "Parametric: storage locations per block, west to east.");
  k.integer("floor.block_depth", "2", 1, 1000, "1 to 1,000",
            "Parametric: storage locations per block, north to south (more than 2 leaves inner locations "
            "without an aisle: the floor check rejects it).");
  k.integer("floor.aisle_width", "1", 1, 100, "1 to 100",
            "Parametric: cells between two blocks side by side.");
  k.integer("floor.cross_aisle_width", "1", 1, 100, "1 to 100",
            "Parametric: cells between two rows of blocks.");
  k.integer(
      "floor.margin", "2", 1, 100, "1 to 100",
      "Parametric: width in cells of the highway around the storage area (stations sit on its outer edge).");
  k.integer("floor.stations_per_side", "3", 1, 10000, "1 to 10,000",
            "Parametric: pick stations on each station side.");
  k.choice_list("floor.station_sides", {"north", "east", "south", "west"}, "[west, east]",
                "Parametric: the sides of the floor that have pick stations.");

  k.section("skus", "The SKU catalog: how many, how popular, how big.");
  k.text("skus.master_file",
         "SKU master CSV (columns id, class, volume, initial_stock; relative to this scenario): one SKU per "
         "row, "
         "most popular first for zipf; replaces skus.count, skus.unit_volume and the initial fill.");
  k.integer("skus.count", "5000", 1, 1e7, "1 to 10^7", "Number of SKUs (sellable variants).");
  k.choice(
      "skus.popularity", {"zipf", "abc"}, "zipf",
      "How demand spreads over SKUs: zipf (SKU of rank r has weight r^-alpha) or abc (classes with shares).");
  k.number("skus.zipf_alpha", "1.0", 0.0, 10.0, "0 to 10",
           "Zipf exponent; 0 makes every SKU equally popular.");
  k.number_list("skus.abc_sku_shares", 0, "weights >= 0",
                "ABC: share of the SKUs in each class, most popular class first (e.g. [20, 30, 50]).");
  k.number_list("skus.abc_demand_shares", 0, "weights >= 0, as many as skus.abc_sku_shares",
                "ABC: share of the demand of each class (e.g. [80, 15, 5]); uniform within a class.");
  k.quantity("skus.unit_volume", Q::kVolume, "1 L", 1e-9, 10.0, "> 0, at most 10 m^3",
             "Volume of one unit of any SKU.");
  k.integer(
      "skus.variants", "1", 1, 1000, "1 to 1,000",
      "SKUs per product (sizes, colours): product g holds SKUs g x variants to (g + 1) x variants - 1, of "
      "neighbouring popularity; co-purchase and affinity slotting use products.");
  k.integer(
      "skus.pods_per_sku", "3", 1, 10000, "1 to 10,000",
      "Dispersion: the initial stock of a SKU is split over this many pods (fewer when it has fewer units).");

  k.section("pods", "Mobile shelving pods: count, bins and initial fill.");
  k.optional_integer("pods.count", 1, kMaxCount, "1 to the number of storage locations",
                     "Number of pods; default: 90% of the storage locations (the rest stay free).");
  k.integer("pods.bins", "8", 1, 1000, "1 to 1,000", "Bins per pod (one or more SKUs per bin).");
  k.quantity("pods.bin_volume", Q::kVolume, "40 L", 1e-6, 100.0, "> 0, at most 100 m^3",
             "Usable volume of one bin.");
  k.quantity("pods.initial_fill", Q::kPercentage, "80%", 0.0, 1.0, "0% to 100%",
             "Share of the pods' volume filled with stock at the start, split over SKUs by popularity.");

  k.section("orders", "Customer orders: arrivals, lines, units and due times.");
  k.choice(
      "orders.mode", {"poisson", "backlog", "file"}, "poisson",
      "poisson: arrivals at orders.rate shaped by the profiles; backlog: orders.backlog orders always open "
      "(a new one arrives when one completes), for maximum-throughput studies; file: orders.file replayed "
      "exactly.");
  k.text(
      "orders.file",
      "Order file CSV replayed with orders.mode: file (columns time, order, sku, quantity; time as a "
      "duration since the start or a date and time; sku an id of the master or a catalog index 0..count-1).");
  k.quantity("orders.rate", Q::kRate, "600/h", 1e-9, 1e7, "> 0, at most 10^7/s",
             "Mean order arrival rate (before the hourly and day profiles shape it).");
  k.number_list("orders.hourly_profile", 24, "24 weights >= 0",
                "Relative arrival rate in each hour of the day (00-01 first); default flat.");
  k.number_list("orders.day_profile", 7, "7 weights >= 0",
                "Relative arrival rate on each weekday, Monday first; default flat.");
  k.number_list(
      "orders.season_profile", 0, "multipliers >= 0, at most 1,000, at least one above 0",
      "Demand multiplier for each calendar day of the run, the start date first, on top of the hourly "
      "and day profiles (a peak week: [1, 1, 1, 1, 1, 1, 1, 1.6, 2, 2, 2, 1.8, 1.4, 1.2]; closed on the "
      "start date: [0, 1]); days after the list keep multiplier 1; default none.");
  k.integer("orders.backlog", "200", 1, 1e7, "1 to 10^7", "Backlog mode: orders kept open at all times.");
  k.distribution("orders.lines", DistDomain::kNumber,
                 "{dist: empirical, values: [1, 2, 3, 4], weights: [60, 25, 10, 5]}",
                 "draws rounded, at least 1", "Order lines (distinct SKUs) per order.");
  k.distribution("orders.units_per_line", DistDomain::kNumber,
                 "{dist: empirical, values: [1, 2], weights: [95, 5]}", "draws rounded, at least 1",
                 "Units of the SKU on one order line.");
  k.quantity("orders.co_purchase", Q::kPercentage, "0%", 0.0, 1.0, "0% to 100%",
             "Chance that each further line of an order is another variant of the first line's product "
             "(SKUs bought together).");
  k.duration("orders.due_after", "4h", 1.0, kTenYears, ">= 1s", "Due time of an order, after its arrival.");
  k.choice("orders.stockout", {"backorder", "lost"}, "backorder",
           "Order lines that find no unpromised stock when their order is due to open: backorder holds the "
           "order until stock arrives; lost drops the short lines (lost sales).");

  k.section("robots", "Drive units: fleet size and motion.");
  k.integer("robots.count", "40", 1, 1e6, "1 to 10^6", "Number of robots.");
  k.quantity("robots.speed", Q::kSpeed, "1.5 m/s", 0.01, 20.0, "0.01 to 20 m/s",
             "Top speed, loaded or empty.");
  k.quantity("robots.acceleration", Q::kAcceleration, "0.5 m/s^2", 0.001, 100.0, "0.001 to 100 m/s^2",
             "Acceleration from rest.");
  k.quantity("robots.deceleration", Q::kAcceleration, "0.5 m/s^2", 0.001, 100.0, "0.001 to 100 m/s^2",
             "Deceleration to rest.");
  k.duration("robots.turn_time", "0.5s", 0.0, 3600.0, "0 to 1h", "Time to rotate 90 degrees in place.");
  k.duration("robots.lift_time", "2.5s", 0.0, 3600.0, "0 to 1h", "Time to lift a pod.");
  k.duration("robots.set_down_time", "2.5s", 0.0, 3600.0, "0 to 1h", "Time to set a pod down.");
  k.choice("robots.movement", {"travel_time", "traffic"}, "travel_time",
           "How robots move: travel_time (each leg takes its shortest time on the empty floor, robots pass "
           "through each other) or traffic (one robot per cell, legs planned around other robots' "
           "reservations, station queues in lanes of cells; docs/model.md, \"Traffic\").");
  k.section("robots.traffic", "Traffic mode's planner (robots.movement: traffic).");
  k.integer("robots.traffic.node_limit", "20000", 10, 1e8, "10 to 10^8",
            "States the planner may expand for one leg; a leg not found within it is a failed plan, tried "
            "again after robots.traffic.retry (the bound is on work, never on wall-clock time).");
  k.duration("robots.traffic.retry", "1s", 0.001, 3600.0, "1ms to 1h",
             "Wait before a failed plan is tried again (the robot stands where it is).");
  k.duration("robots.traffic.gridlock_after", "10min", 1.0, 30.0 * 86400, "1s to 30d",
             "A robot that finds no plan for this long stops the run with a gridlock error saying where "
             "and when.");
  k.boolean("robots.traffic.check", "false",
            "Keep every cell reservation and verify at the end that no two robots were ever in one cell "
            "and none swapped cells (a debugging aid: it costs memory).");

  k.section("stations", "Pick stations: pickers, queues, put walls and pick times.");
  k.integer("stations.pickers", "1", 1, 100, "1 to 100",
            "Pickers (pick positions) per station; each works on one presented pod at a time.");
  k.integer("stations.queue_capacity", "6", 0, 10000, "0 to 10,000",
            "Robots that may wait in a station's queue; more wait in place until there is room.");
  k.integer("stations.put_wall_slots", "16", 1, 10000, "1 to 10,000", "Orders a station works on at once.");
  k.distribution("stations.pick_time", DistDomain::kDuration, "{dist: gamma, mean: 5s, cv: 0.5}", "durations",
                 "Time to pick one unit into its order's slot.");
  k.distribution("stations.presentation_time", DistDomain::kDuration, "2s", "durations",
                 "Overhead per pod visit (pod settles, picker finds the bin).");
  k.name_list(
      "stations.pools",
      "Worker pools (by name) that staff the pick stations; default: every pool with the pick skill.");

  k.section(
      "workforce",
      "Workers: pools with skills and shift plans; without pools, every pick position is always staffed.");
  k.section_list(
      "workforce.pools",
      "Worker pools: each a group of workers with the same skills and shift plan (a list of sections).");
  k.item_text("workforce.pools.name", "Name of the pool, unique (stations.pools refers to it).");
  k.choice_list("workforce.pools.skills", {"pick", "stow", "pack", "inspect", "returns", "audit"}, "[pick]",
                "What the pool's workers do: pick staffs the pick stations, stow the stow stations, inspect "
                "receiving, pack the pack benches, returns the returns station, audit cycle counting.");
  k.integer("workforce.pools.workers", "1", 0, 1e6, "0 to 10^6",
            "Workers in the pool (all on the same plan).");
  k.clock_time("workforce.pools.shift_start", "00:00", "Start of the shift on each working day.");
  k.clock_time("workforce.pools.shift_end", "24:00",
               "End of the shift; before the start means the shift ends the next day (night shift).");
  k.choice_list("workforce.pools.days", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
                "[mon, tue, wed, thu, fri, sat, sun]", "Days on which the shift starts.");
  k.break_list("workforce.pools.breaks",
               "Breaks, each \"HH:MM duration\" (e.g. \"10:00 30min\"), inside the shift; the whole pool "
               "breaks together.");

  k.section("policies", "Decision rules, chosen by name.");
  k.choice("policies.order_assignment", model::order_assignment_names(), "least_loaded",
           "Which station an arriving order goes to: the one with the fewest open and waiting orders, or in "
           "turn.");
  k.choice(
      "policies.pod_selection", model::pod_selection_names(), "most_lines",
      "Which pod serves an open line: the nearest to the station with stock, or the one covering most of "
      "the station's waiting lines (nearest among equals).");
  k.choice("policies.robot_assignment", model::robot_assignment_names(), "nearest_idle",
           "Which idle robot fetches a pod: the nearest (grid distance) or the one idle longest.");
  k.choice("policies.pod_storage", model::pod_storage_names(), "return_home",
           "Where a pod goes after a visit: its own location, the free location nearest the station, or by "
           "turnover "
           "(class_based: fast pods near the station, slow pods further out).");
  k.choice(
      "policies.slotting", model::slotting_names(), "random",
      "Where the initial stock goes: random pods; class_based: the most popular SKUs into the pods stored "
      "nearest the stations; affinity: the variants of a product into the same pods.");
  k.boolean("policies.pile_on", "true",
            "Let a line join a pod already on its way to the line's station when the pod has the stock.");
  add_inbound_keys(k);
  add_replenishment_keys(k);
  add_outbound_keys(k);
  add_battery_keys(k);
  add_cost_keys(k);
  add_returns_keys(k);
  add_accuracy_keys(k);
  add_audit_keys(k);
}

std::vector<KeySpec> build() {
  using T = ValueType;
  std::vector<KeySpec> k;
  k.push_back({"extends",
               T::kText,
               "",
               {},
               {},
               "",
               "Path of a base scenario (relative to this file); this file's values override the base's."});
  k.push_back(
      {"name", T::kText, "", {}, {}, "", "Short name of the scenario, used in reports and result folders."});
  k.push_back({"description", T::kText, "", {}, {}, "", "Free text: what the scenario is for."});
  k.push_back(
      {"simulation", T::kSection, "", {}, {}, "", "Clock, horizon, warm-up, seed and sampling of the run."});
  k.push_back({"simulation.start",
               T::kDateTime,
               "2026-01-05 00:00",
               {},
               {},
               "1970-01-01 to 9999-12-31",
               "Calendar date and time at simulation time zero (shifts, cutoffs and day profiles use it)."});
  k.push_back({"simulation.horizon", T::kDuration, "24h", 1e-6, kTenYears, "> 0, at most 10 years",
               "Simulated time from the start to the end of the run, warm-up included."});
  k.push_back({"simulation.warmup", T::kDuration, "0s", 0.0, kTenYears, ">= 0, less than the horizon",
               "Initial period whose observations are deleted before KPIs are computed."});
  k.push_back({"simulation.seed", T::kInteger, "1", 0.0, 9223372036854775807.0, "0 to 2^63 - 1",
               "Master seed of the random streams; same seed and scenario give bit-identical results."});
  k.push_back({"simulation.sample_interval", T::kDuration, "5min", 1.0, kTenYears,
               ">= 1s, at most the horizon",
               "Time between two samples of the time series (queue lengths, robot states, stock)."});
  add_model_keys(k);
  return k;
}

}  // namespace

std::string_view to_string(ValueType type) {
  switch (type) {
    case ValueType::kSection:
      return "section";
    case ValueType::kInteger:
      return "integer";
    case ValueType::kNumber:
      return "number";
    case ValueType::kBoolean:
      return "boolean";
    case ValueType::kText:
      return "text";
    case ValueType::kDuration:
      return "duration";
    case ValueType::kDateTime:
      return "date and time";
    case ValueType::kQuantity:
      return "quantity";
    case ValueType::kDistribution:
      return "distribution";
    case ValueType::kChoice:
      return "choice";
    case ValueType::kChoiceList:
      return "list of choices";
    case ValueType::kNumberList:
      return "list of numbers";
    case ValueType::kSectionList:
      return "list of sections";
    case ValueType::kClockTime:
      return "clock time";
    case ValueType::kBreakList:
      return "list of breaks";
    case ValueType::kIntegerList:
      return "list of integers";
    case ValueType::kClockTimeList:
      return "list of clock times";
  }
  return "value";
}

const std::vector<KeySpec>& scenario_schema() {
  static const std::vector<KeySpec> schema = build();
  return schema;
}

const KeySpec* find_key(std::string_view path) {
  for (const KeySpec& k : scenario_schema()) {
    if (k.path == path) return &k;
  }
  return nullptr;
}

std::vector<std::string_view> child_names(std::string_view section) {
  std::vector<std::string_view> out;
  for (const KeySpec& k : scenario_schema()) {
    const std::string_view p = k.path;
    if (section.empty()) {
      if (p.find('.') == std::string_view::npos) out.push_back(p);
    } else if (p.size() > section.size() + 1 && p.starts_with(section) && p[section.size()] == '.' &&
               p.find('.', section.size() + 1) == std::string_view::npos) {
      out.push_back(p.substr(section.size() + 1));
    }
  }
  return out;
}

std::string schema_markdown() {
  std::string out =
      "# Scenario reference\n\n"
      "This page is generated by `whsim schema --markdown` from the schema in the code "
      "(`sim/scenario/schema.cpp`) and must not be edited by hand. Units: `docs/units.md`; limits and "
      "rejected input: `docs/scenario-files.md`.\n\n"
      "| key | type | default | range | description |\n|---|---|---|---|---|\n";
  for (const KeySpec& k : scenario_schema()) {
    std::string type(to_string(k.type));
    std::string range = k.range;
    if (k.required && !range.starts_with("required"))
      range = range.empty() ? std::string("required") : fmt::format("required, {}", range);
    if (k.type == ValueType::kQuantity) {
      std::string_view what = units::describe(k.quantity);
      what.remove_prefix(what.starts_with("an ") ? 3 : 2);
      type = fmt::format("{} ({})", what, units::accepted_units(k.quantity));
    } else if (k.type == ValueType::kDistribution) {
      type = k.domain == DistDomain::kDuration ? "distribution of durations" : "distribution of numbers";
    } else if ((k.type == ValueType::kChoice || k.type == ValueType::kChoiceList) && !k.choices.empty()) {
      std::vector<std::string> quoted;
      for (const auto& c : k.choices) quoted.push_back(fmt::format("`{}`", c));
      range =
          (k.type == ValueType::kChoice ? "one of " : "any of ") + fmt::format("{}", fmt::join(quoted, ", "));
    }
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", k.path, type,
                       k.default_value.empty() ? "" : fmt::format("`{}`", k.default_value), range,
                       k.description);
  }
  return out;
}

}  // namespace whsim::scenario
