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
};

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
  k.choice("robots.movement", {"travel_time"}, "travel_time",
           "How robots move: travel_time (each leg takes its shortest time, robots do not block each other); "
           "traffic mode (reservations, waiting) arrives with the traffic issue.");

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
                "What the pool's workers do; pick stations draw from pools with pick (the others arrive with "
                "their flows).");
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
    if (k.type == ValueType::kQuantity) {
      std::string_view what = units::describe(k.quantity);
      what.remove_prefix(what.starts_with("an ") ? 3 : 2);
      type = fmt::format("{} ({})", what, units::accepted_units(k.quantity));
    } else if (k.type == ValueType::kDistribution) {
      type = k.domain == DistDomain::kDuration ? "distribution of durations" : "distribution of numbers";
    } else if (k.type == ValueType::kChoice || k.type == ValueType::kChoiceList) {
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
