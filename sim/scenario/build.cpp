// From a validated ScenarioSpec to the model's inputs (see the header).
#include "whsim/scenario/build.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"
#include "whsim/scenario/csv_files.hpp"
#include "whsim/scenario/input_file.hpp"

namespace whsim::scenario {

RandomQuantity to_random_quantity(const DistributionSpec& d) {
  switch (d.kind) {
    case DistKind::kConstant:
      return RandomQuantity::constant(d.value);
    case DistKind::kExponential:
      return RandomQuantity::exponential(d.mean);
    case DistKind::kLognormal:
      return RandomQuantity::lognormal(d.mean, d.cv > 0 ? d.cv : d.stddev / d.mean);
    case DistKind::kGamma:
      return RandomQuantity::gamma(d.mean, d.cv);
    case DistKind::kErlang:
      return RandomQuantity::erlang(d.k, d.mean);
    case DistKind::kNormal:
      return RandomQuantity::normal(d.mean, d.stddev, true);
    case DistKind::kTriangular:
      return RandomQuantity::triangular(d.min, d.mode, d.max);
    case DistKind::kUniform:
      return RandomQuantity::uniform(d.min, d.max);
    case DistKind::kEmpirical:
      return RandomQuantity::empirical(d.values, d.weights);
  }
  throw ContractError("unknown distribution kind");
}

model::Motion motion(const ScenarioSpec& spec) {
  model::Motion m;
  m.speed = spec.robots.speed.value;
  m.accel = spec.robots.acceleration.value;
  m.decel = spec.robots.deceleration.value;
  m.turn_90 = spec.robots.turn_time.value.to_seconds();
  return m;
}

namespace {

// Budgets that keep a hostile or mistyped scenario from taking the machine: a floor of at most
// 16 million cells (4 km x 4 km at 1 m), travel tables of at most 60 million entries (stations x
// storage locations, 720 MB).
constexpr double kMaxCells = 1.6e7;
constexpr double kMaxTableEntries = 6e7;

model::Side side_of(const std::string& name) {
  if (name == "north") return model::Side::kNorth;
  if (name == "east") return model::Side::kEast;
  if (name == "south") return model::Side::kSouth;
  return model::Side::kWest;
}

}  // namespace

BuiltFloor build_floor(const ScenarioSpec& spec) {
  const FloorSpec& f = spec.floor;
  BuiltFloor out;
  if (f.map_file.given) {
    constexpr std::size_t kMaxMapBytes = std::size_t{128} << 20;
    const std::filesystem::path path = resolve_input_path(f.map_file.value, f.map_file.where);
    const std::string text = read_input_file(path, kMaxMapBytes, f.map_file.where, "floor.map_file");
    model::MapfRules rules;
    rules.storage = f.map_storage.value == "beside_shelves" ? model::MapfStorage::kBesideShelves
                                                            : model::MapfStorage::kShelves;
    rules.stations_per_side = static_cast<int>(f.stations_per_side.value);
    rules.station_sides.clear();
    for (const std::string& s : f.station_sides.value) rules.station_sides.push_back(side_of(s));
    std::vector<std::string> problems;
    model::Floor floor = model::Floor::from_mapf(text, f.cell_size.value, rules, problems);
    if (!problems.empty()) {
      std::vector<Diagnostic> errors;
      errors.reserve(problems.size());
      for (const std::string& p : problems)
        errors.push_back(located_problem(path.string(), "floor.map_file", p));
      throw InputError(std::move(errors));
    }
    out.floor = std::make_unique<model::Floor>(std::move(floor));
  } else if (f.map.given) {
    std::vector<std::string> problems;
    model::Floor floor = model::Floor::from_ascii(f.map.value, f.cell_size.value, problems);
    if (!problems.empty()) {
      std::vector<Diagnostic> errors;
      errors.reserve(problems.size());
      for (const std::string& p : problems) errors.push_back(Diagnostic{f.map.where, "floor.map", p});
      throw InputError(std::move(errors));
    }
    out.floor = std::make_unique<model::Floor>(std::move(floor));
  } else {
    model::ParametricLayout layout;
    layout.block_columns = static_cast<int>(f.block_columns.value);
    layout.block_rows = static_cast<int>(f.block_rows.value);
    layout.block_width = static_cast<int>(f.block_width.value);
    layout.block_depth = static_cast<int>(f.block_depth.value);
    layout.aisle_width = static_cast<int>(f.aisle_width.value);
    layout.cross_aisle_width = static_cast<int>(f.cross_aisle_width.value);
    layout.margin = static_cast<int>(f.margin.value);
    layout.stations_per_side = static_cast<int>(f.stations_per_side.value);
    layout.station_sides.clear();
    for (const std::string& s : f.station_sides.value) layout.station_sides.push_back(side_of(s));
    const double width = 2.0 * static_cast<double>(f.margin.value) +
                         static_cast<double>(f.block_columns.value * f.block_width.value) +
                         static_cast<double>((f.block_columns.value - 1) * f.aisle_width.value);
    const double height = 2.0 * static_cast<double>(f.margin.value) +
                          static_cast<double>(f.block_rows.value * f.block_depth.value) +
                          static_cast<double>((f.block_rows.value - 1) * f.cross_aisle_width.value);
    const auto& at = f.block_columns.given ? f.block_columns : f.block_rows;
    if (width * height > kMaxCells) {
      throw InputError(
          Diagnostic{at.where, "floor",
                     fmt::format("the floor would have {:.0f} x {:.0f} cells (expected at most 16 million)",
                                 width, height)});
    }
    const double storage = static_cast<double>(f.block_columns.value * f.block_rows.value) *
                           static_cast<double>(f.block_width.value * f.block_depth.value);
    const double stations =
        static_cast<double>(f.stations_per_side.value * std::ssize(f.station_sides.value));
    if (storage * stations > kMaxTableEntries) {
      throw InputError(
          Diagnostic{f.stations_per_side.given ? f.stations_per_side.where : at.where, "floor",
                     fmt::format("{:.0f} stations x {:.0f} storage locations need travel tables of "
                                 "{:.0f} entries (expected at most 60 million)",
                                 stations, storage, stations * storage)});
    }
    for (const std::string& s : f.station_sides.value) {
      const double side = (s == "north" || s == "south") ? width : height;
      if (static_cast<double>(f.stations_per_side.value) > side - 2) {
        throw InputError(
            Diagnostic{f.stations_per_side.where, "floor.stations_per_side",
                       fmt::format("{} stations do not fit on the {} side, which is {:.0f} cells long "
                                   "(expected at most {:.0f})",
                                   f.stations_per_side.value, s, side, side - 2)});
      }
    }
    out.floor = std::make_unique<model::Floor>(model::Floor::parametric(layout, f.cell_size.value));
  }
  const model::Floor& built = *out.floor;
  const double cells = static_cast<double>(built.cell_count());
  const double entries =
      static_cast<double>(built.station_cells().size()) * static_cast<double>(built.storage_cells().size());
  if (cells > kMaxCells || entries > kMaxTableEntries) {
    const SourceLocation where =
        f.map_file.given ? f.map_file.where : (f.map.given ? f.map.where : f.section);
    throw InputError(Diagnostic{
        where, "floor",
        cells > kMaxCells
            ? fmt::format("the floor has {:.0f} cells (expected at most 16 million)", cells)
            : fmt::format(
                  "{} stations x {} storage locations need travel tables of {:.0f} entries (expected at most "
                  "60 million)",
                  built.station_cells().size(), built.storage_cells().size(), entries)});
  }
  out.travel = std::make_unique<model::TravelTimes>(*out.floor, motion(spec));
  if (const auto& problem = out.travel->problem()) {
    SourceLocation where = f.block_depth.given ? f.block_depth.where : f.section;
    std::string key = "floor";
    if (f.map.given) {
      where = f.map.where;
      key = "floor.map";
    } else if (f.map_file.given) {
      where = f.map_file.where;
      key = "floor.map_file";
    }
    throw InputError(Diagnostic{where, key, *problem});
  }
  return out;
}

namespace {

constexpr std::size_t kMaxCsvBytes = std::size_t{1} << 30;  // 1 GiB per CSV file

/// Throws the problems of a CSV reader, located in the file.
void throw_problems(const std::string& file, const std::string& key,
                    const std::vector<std::string>& problems) {
  std::vector<Diagnostic> errors;
  errors.reserve(problems.size());
  for (const std::string& p : problems) errors.push_back(located_problem(file, key, p));
  throw InputError(std::move(errors));
}

/// Reads the SKU master into the configuration: count, volumes, initial stock and demand
/// weights (Zipf by row order, or ABC by class with the scenario's shares). Returns the SKU ids.
std::vector<std::string> apply_sku_master(const ScenarioSpec& spec, model::WarehouseConfig& c) {
  const SkuSpec& k = spec.skus;
  const std::filesystem::path path = resolve_input_path(k.master_file.value, k.master_file.where);
  const std::string text = read_input_file(path, kMaxCsvBytes, k.master_file.where, "skus.master_file");
  std::vector<std::string> problems;
  std::vector<SkuRecord> rows = read_sku_master(text, CsvLimits{}, problems);
  if (!problems.empty()) throw_problems(path.string(), "skus.master_file", problems);
  c.sku_count = static_cast<std::int64_t>(rows.size());
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  c.sku_volumes.reserve(rows.size());
  c.sku_initial_stock.reserve(rows.size());
  for (const SkuRecord& r : rows) {
    ids.push_back(r.id);
    c.sku_volumes.push_back(r.volume_m3);
    c.sku_initial_stock.push_back(r.initial_stock);
    if (r.volume_m3 > c.bin_volume) {
      throw InputError(Diagnostic{SourceLocation{path.string(), r.line, 0}, "skus.master_file",
                                  fmt::format("a unit of sku \"{}\" ({} m^3) does not fit into a bin of "
                                              "pods.bin_volume ({} m^3)",
                                              r.id, r.volume_m3, c.bin_volume)});
    }
  }
  c.sku_weights.assign(rows.size(), 1.0);
  if (k.popularity.value == "abc") {
    // Classes in sorted order of their names ("A" < "B" < "C") take the shares in order.
    std::vector<std::string> classes;
    classes.reserve(rows.size());
    for (const SkuRecord& r : rows) classes.push_back(r.sku_class);
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
    const auto& shares = k.abc_demand_shares.value;
    if (classes.size() != shares.size()) {
      throw InputError(
          Diagnostic{k.abc_demand_shares.where, "skus.abc_demand_shares",
                     fmt::format("the SKU master has {} classes ({}), but {} demand shares are given "
                                 "(expected one per class, in the classes' sorted order)",
                                 classes.size(), fmt::join(classes, ", "), shares.size())});
    }
    std::vector<std::size_t> per_class(classes.size(), 0);
    std::vector<std::size_t> class_of(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      class_of[i] = static_cast<std::size_t>(
          std::lower_bound(classes.begin(), classes.end(), rows[i].sku_class) - classes.begin());
      ++per_class[class_of[i]];
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      c.sku_weights[i] = shares[class_of[i]] / static_cast<double>(per_class[class_of[i]]);
    }
  } else if (k.zipf_alpha.value > 0) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      c.sku_weights[i] = dmath::pow(static_cast<double>(i + 1), -k.zipf_alpha.value);
    }
  }
  return ids;
}

/// Reads the order file into replayed orders (contiguous lines of one order become one order).
void apply_order_file(const ScenarioSpec& spec, const std::vector<std::string>& master_ids,
                      model::WarehouseConfig& c) {
  const OrderSpec& o = spec.orders;
  const std::filesystem::path path = resolve_input_path(o.file.value, o.file.where);
  const std::string text = read_input_file(path, kMaxCsvBytes, o.file.where, "orders.file");
  std::unordered_map<std::string_view, std::uint32_t> index;
  index.reserve(master_ids.size());
  for (std::size_t i = 0; i < master_ids.size(); ++i)
    index.emplace(master_ids[i], static_cast<std::uint32_t>(i));
  const auto count = static_cast<std::uint64_t>(c.sku_count);
  const auto lookup = [&](std::string_view id) -> std::optional<std::uint32_t> {
    if (!master_ids.empty()) {
      const auto it = index.find(id);
      if (it == index.end()) return std::nullopt;
      return it->second;
    }
    std::uint64_t n = 0;
    const auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec != std::errc() || p != id.data() + id.size() || n >= count) return std::nullopt;
    return static_cast<std::uint32_t>(n);
  };
  std::vector<std::string> problems;
  const std::vector<OrderLineRecord> rows =
      read_order_file(text, spec.simulation.start.value, lookup, CsvLimits{}, problems);
  if (!problems.empty()) throw_problems(path.string(), "orders.file", problems);
  c.replay_lines.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].order_id != rows[i - 1].order_id) {
      c.replay_orders.push_back({rows[i].time, static_cast<std::uint32_t>(c.replay_lines.size()), 0});
    }
    c.replay_lines.push_back({rows[i].sku, static_cast<std::int32_t>(rows[i].quantity)});
    ++c.replay_orders.back().lines;
  }
}

/// The worker pools that do one kind of work: those named in `wanted`, or, when it is empty,
/// every pool with `skill` (in the order of workforce.pools).
std::vector<model::ShiftPool> shift_pools(const ScenarioSpec& spec, const std::vector<std::string>& wanted,
                                          std::string_view skill,
                                          const std::vector<model::ShiftPool>& taken = {}) {
  std::vector<model::ShiftPool> out;
  for (const PoolSpec& pool : spec.workforce.pools) {
    const auto& skills = pool.skills.value;
    // By skill (no list given), a pool that an earlier role already took is not counted twice.
    const bool free = std::none_of(taken.begin(), taken.end(),
                                   [&](const model::ShiftPool& t) { return t.name == pool.name.value; });
    const bool works = wanted.empty()
                           ? free && std::find(skills.begin(), skills.end(), skill) != skills.end()
                           : std::find(wanted.begin(), wanted.end(), pool.name.value) != wanted.end();
    if (!works) continue;
    model::ShiftPool p;
    p.name = pool.name.value;
    p.workers = pool.workers.value;
    p.start = pool.shift_start.value;
    p.end = pool.shift_end.value;
    p.days = 0;
    static constexpr std::array<const char*, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (const std::string& d : pool.days.value) {
      for (std::size_t i = 0; i < kDays.size(); ++i) {
        if (d == kDays[i]) p.days = static_cast<std::uint8_t>(p.days | (1U << i));
      }
    }
    for (const BreakSpec& b : pool.breaks.value) p.breaks.emplace_back(b.start, b.length);
    out.push_back(std::move(p));
  }
  return out;
}

/// Cells in the edge of a floor side (north, east, south or west).
std::int64_t edge_length(const model::Floor& floor, std::string_view side) {
  return side == "north" || side == "south" ? floor.width() : floor.height();
}

/// `n` cells (at most edge_length) spread evenly along the outermost row (north: y = 0, south) or
/// column (west: x = 0, east) of a side: cell i of n at floor((i + 0.5) m / n) of the edge's m
/// cells, west to east or north to south. Inbound doors and chargers are placed so.
std::vector<model::CellId> spread_along_edge(const model::Floor& floor, std::string_view side,
                                             std::int64_t n) {
  const std::int64_t m = edge_length(floor, side);
  std::vector<model::CellId> out;
  out.reserve(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    const auto along = static_cast<int>((2 * i + 1) * m / (2 * n));  // floor((i + 0.5) m / n)
    int x = along;
    int y = along;
    if (side == "north") y = 0;
    if (side == "south") y = floor.height() - 1;
    if (side == "west") x = 0;
    if (side == "east") x = floor.width() - 1;
    out.push_back(floor.cell(x, y));
  }
  return out;
}

/// Docks, receiving and stowing. Door cells and stow stations need the floor; their problems
/// are added to `errors`.
void apply_inbound(const ScenarioSpec& spec, const model::Floor& floor, model::WarehouseConfig& c,
                   std::vector<Diagnostic>& errors) {
  const InboundSpec& in = spec.inbound;
  model::InboundConfig& ib = c.inbound;
  ib.enabled = true;
  const std::string& side = in.door_side.value;
  const std::int64_t m = edge_length(floor, side);
  const std::int64_t n = in.doors.value;
  if (n > m) {
    errors.push_back(Diagnostic{in.doors.given ? in.doors.where : in.door_side.where,
                                in.doors.given ? "inbound.doors" : "inbound.door_side",
                                fmt::format("{} doors do not fit on the {} side, which is {} cells long "
                                            "(expected at most {})",
                                            n, side, m, m)});
  } else {
    for (const model::CellId door : spread_along_edge(floor, side, n)) ib.door_cells.push_back(door.value());
  }
  ib.transfer_speed = in.transfer_speed.value;
  const std::string& mode = in.trucks.mode.value;
  ib.trucks = mode == "schedule"  ? model::InboundConfig::Trucks::kSchedule
              : mode == "poisson" ? model::InboundConfig::Trucks::kPoisson
                                  : model::InboundConfig::Trucks::kNone;
  ib.truck_times = in.trucks.schedule.value;
  std::sort(ib.truck_times.begin(), ib.truck_times.end());
  ib.truck_rate = in.trucks.rate.given ? in.trucks.rate.value : 0.0;
  ib.truck_lines = to_random_quantity(in.trucks.lines.value);
  ib.cases_per_line = to_random_quantity(in.trucks.cases_per_line.value);
  ib.units_per_case = in.units_per_case.value;
  ib.unload_time = to_random_quantity(in.unload_time.value);
  ib.scan_per_unit = in.receiving.scan.value == "unit";
  ib.scan_time = to_random_quantity(in.receiving.scan_time.value);
  ib.receivers = in.receiving.workers.value;
  std::vector<model::ShiftPool> taken = c.pick_pools;
  ib.inspection_share = in.inspection.share.value;
  ib.inspection_time = to_random_quantity(in.inspection.time.value);
  const auto& defects = in.inspection.defect_rate.value;
  for (std::size_t i = 0; i < ib.defect_rate.size() && i < defects.size(); ++i)
    ib.defect_rate[i] = defects[i];
  // Stow stations: indices of the floor's stations; at least one must stay a pick station.
  const auto& stow = in.stow.stations;
  const std::size_t stations = floor.station_cells().size();
  for (const std::int64_t s : stow.value) {
    if (s < 0 || static_cast<std::size_t>(s) >= stations) {
      errors.push_back(
          Diagnostic{stow.where, "inbound.stow.stations",
                     fmt::format("station {} does not exist (expected indices 0 to {}: the floor "
                                 "has {} stations)",
                                 s, stations - 1, stations)});
    } else {
      ib.stow_stations.push_back(static_cast<std::uint32_t>(s));
    }
  }
  if (ib.stow_stations.size() == stow.value.size() && !stow.value.empty() && stow.value.size() >= stations) {
    errors.push_back(Diagnostic{stow.where, "inbound.stow.stations",
                                fmt::format("all {} stations of the floor would stow, none would pick "
                                            "(expected at most {} stow stations)",
                                            stations, stations - 1)});
  }
  ib.stowers = in.stow.workers.value;
  ib.stow_pools = shift_pools(spec, in.stow.pools.value, "stow", taken);
  taken.insert(taken.end(), ib.stow_pools.begin(), ib.stow_pools.end());
  ib.receive_pools = shift_pools(spec, in.receiving.pools.value, "inspect", taken);
  ib.stow_time = to_random_quantity(in.stow.time.value);
  const std::string& policy = in.stow.policy.value;
  ib.stow_policy = policy == "emptiest"      ? model::StowPolicy::kEmptiest
                   : policy == "least_stock" ? model::StowPolicy::kLeastStock
                                             : model::StowPolicy::kNearest;
  const std::string& priority = in.stow.robot_priority.value;
  ib.robot_priority = priority == "fifo"         ? model::RobotPriority::kFifo
                      : priority == "stow_first" ? model::RobotPriority::kStowFirst
                                                 : model::RobotPriority::kPickFirst;
}

/// Purchase-order policies per SKU class.
void apply_replenishment(const ScenarioSpec& spec, model::WarehouseConfig& c) {
  const ReplenishmentSpec& rp = spec.replenishment;
  model::ReplenishmentConfig& out = c.replenishment;
  out.consolidate_daily = rp.consolidation.value == "daily";
  out.order_cutoff = rp.order_cutoff.value;
  for (std::size_t i = 0; i < rp.classes.size(); ++i) {
    const ReplenishmentClassSpec& in = rp.classes[i];
    model::ReplenishmentClass& rc = out.classes[i];
    const std::string& policy = in.policy.value;
    rc.enabled = policy != "none";
    if (policy == "s_s") {
      rc.rule = model::ReplenishmentRule::kSS;
    } else if (policy == "r_s") {
      rc.rule = model::ReplenishmentRule::kRS;
    } else if (policy == "forecast") {
      rc.rule = model::ReplenishmentRule::kForecast;
    } else {
      rc.rule = model::ReplenishmentRule::kSQ;
    }
    rc.reorder_point = in.reorder_point.value;
    if (in.order_quantity.given) rc.order_quantity = in.order_quantity.value;
    if (in.order_up_to.given) rc.order_up_to = in.order_up_to.value;
    rc.review_period = in.review_period.value;
    rc.holt_winters = in.forecast.value == "holt_winters";
    rc.alpha = in.alpha.value;
    rc.beta = in.beta.value;
    rc.gamma = in.gamma.value;
    rc.season_days = in.season_days.value;
    rc.service_level = in.service_level.value;
    rc.cover_days = in.cover.value.to_seconds() / 86400.0;
    rc.lead_time = to_random_quantity(in.lead_time.value);
    rc.supplier = in.supplier.value.empty() ? std::string(1, static_cast<char>('A' + i)) : in.supplier.value;
    rc.holding_cost = in.holding_cost.value;
    rc.initial_stock = in.initial_stock.given ? in.initial_stock.value : -1;
    out.enabled = out.enabled || rc.enabled;
  }
}

/// Packing, sortation, outbound docks and carriers. The pools that pick, stow and receive are
/// taken before the pack pools (by skill, a pool is not counted twice).
void apply_outbound(const ScenarioSpec& spec, model::WarehouseConfig& c) {
  const OutboundSpec& in = spec.outbound;
  model::OutboundConfig& ob = c.outbound;
  ob.enabled = true;
  ob.transfer_time = to_random_quantity(in.transfer_time.value);
  ob.pack_stations = in.pack.stations.value;
  ob.packers = in.pack.workers.value;
  std::vector<model::ShiftPool> taken = c.pick_pools;
  if (c.inbound.enabled) {
    taken.insert(taken.end(), c.inbound.stow_pools.begin(), c.inbound.stow_pools.end());
    taken.insert(taken.end(), c.inbound.receive_pools.begin(), c.inbound.receive_pools.end());
  }
  ob.pack_pools = shift_pools(spec, in.pack.pools.value, "pack", taken);
  ob.pack_time = to_random_quantity(in.pack.time.value);
  for (const PackSizeClassSpec& size : in.pack.size_classes) {
    ob.size_classes.push_back({size.max_units.value, to_random_quantity(size.time.value)});
  }
  std::sort(
      ob.size_classes.begin(), ob.size_classes.end(),
      [](const model::PackSizeClass& a, const model::PackSizeClass& b) { return a.max_units < b.max_units; });
  for (const PackagingSpec& p : in.packaging) {
    ob.packaging.push_back({p.name.value, p.volume.value, p.cost.value});
  }
  // Stable: types of equal volume keep their file order.
  std::stable_sort(
      ob.packaging.begin(), ob.packaging.end(),
      [](const model::PackagingType& a, const model::PackagingType& b) { return a.volume < b.volume; });
  ob.sort_time = to_random_quantity(in.sort_time.value);
  ob.doors = in.doors.value;
  ob.promise_lead = in.promise_lead.value;
  for (const CarrierSpec& from : in.carriers) {
    model::Carrier& to = ob.carriers.emplace_back();
    to.name = from.name.value;
    to.share = from.share.value;
    to.max_order_volume = from.max_order_volume.given ? from.max_order_volume.value : 0.0;
    to.cutoffs = from.cutoffs.value;
    std::sort(to.cutoffs.begin(), to.cutoffs.end());
    to.truck_packages = from.truck_packages.value;
    to.truck_volume = from.truck_volume.given ? from.truck_volume.value : 0.0;
    to.dock_before = from.dock_before.value;
    to.load_time = to_random_quantity(from.load_time.value);
    to.lanes = from.lanes.value;
    to.lane_capacity = from.lane_capacity.value;
    to.truck_cost = from.truck_cost.value;
    // route_km and truck_co2_per_km come together (the loader checks it).
    to.truck_co2 = from.truck_co2.value + from.route_km.value * from.truck_co2_per_km.value;
    ob.truck_co2 = ob.truck_co2 || from.truck_co2.given || from.route_km.given;
  }
}

/// Cost accounting (the packaging and truck costs are on their types and carriers).
void apply_costs(const ScenarioSpec& spec, model::WarehouseConfig& c) {
  const CostSpec& in = spec.costs;
  model::CostConfig& to = c.costs;
  to.enabled = true;
  to.currency = in.currency.value;
  to.labour_per_hour = {in.labour_pick.value, in.labour_stow.value,    in.labour_inspect.value,
                        in.labour_pack.value, in.labour_returns.value, in.labour_audit.value};
  to.robot_price = in.robot_price.value;
  to.robot_life_days = in.robot_amortisation_days.value;
  to.robot_maintenance_per_hour = in.robot_maintenance.value;
  to.energy_price = in.energy_price.value;
}

/// The pools that the roles before the returns station take, in the order they take them: picking,
/// then (inbound on) stowing and receiving, then (outbound on) packing. Roles that choose by skill
/// skip them (a pool is not counted twice).
std::vector<model::ShiftPool> pools_taken_before_returns(const model::WarehouseConfig& c) {
  std::vector<model::ShiftPool> taken = c.pick_pools;
  if (c.inbound.enabled) {
    taken.insert(taken.end(), c.inbound.stow_pools.begin(), c.inbound.stow_pools.end());
    taken.insert(taken.end(), c.inbound.receive_pools.begin(), c.inbound.receive_pools.end());
  }
  if (c.outbound.enabled) {
    taken.insert(taken.end(), c.outbound.pack_pools.begin(), c.outbound.pack_pools.end());
  }
  return taken;
}

/// Customer returns (the loader checked the outcome shares, the delivery times, the pool names and
/// that inbound, which restocks the units, is on). The pools of picking, stowing, receiving and
/// packing are taken before the returns pools.
void apply_returns(const ScenarioSpec& spec, model::WarehouseConfig& c) {
  const ReturnsSpec& in = spec.returns;
  model::ReturnsConfig& to = c.returns;
  to.enabled = true;
  for (std::size_t i = 0; i < to.rate.size() && i < in.rate.value.size(); ++i) to.rate[i] = in.rate.value[i];
  to.delay = to_random_quantity(in.delay.value);
  to.arrival_times = in.arrival_times.value;
  std::sort(to.arrival_times.begin(), to.arrival_times.end());
  to.workers = in.workers.value;
  to.pools = shift_pools(spec, in.pools.value, "returns", pools_taken_before_returns(c));
  to.inspect_time = to_random_quantity(in.inspect_time.value);
  to.restock = in.restock.value;
  to.refurbish = in.refurbish.value;
  to.refurbish_time = to_random_quantity(in.refurbish_time.value);
}

/// Damage and record errors (the loader checked that each rate has the flow it happens in).
void apply_accuracy(const ScenarioSpec& spec, model::WarehouseConfig& c) {
  const AccuracySpec& in = spec.accuracy;
  model::AccuracyConfig& to = c.accuracy;
  to.enabled = true;
  to.damage_unload = in.damage_unload.value;
  to.damage_stow = in.damage_stow.value;
  to.damage_pick = in.damage_pick.value;
  to.damage_pack = in.damage_pack.value;
  to.unrecorded_damage = in.unrecorded_damage.value;
  to.wrong_bin = in.wrong_bin.value;
  to.miscount = in.miscount.value;
  to.miscount_max = in.miscount_max.value;
  to.shrinkage = in.shrinkage.value;
}

/// Cycle counting (the loader checked that something is counted and the pool names). Counts work on
/// the stock records of the accuracy machinery, so audit turns it on too (without damage and
/// record_errors its rates stay 0 and counts find nothing to correct). The pools of every other
/// role (the returns station included) are taken before the audit pools.
void apply_audit(const ScenarioSpec& spec, model::WarehouseConfig& c) {
  const AuditSpec& in = spec.audit;
  model::AccuracyConfig::Audit& to = c.accuracy.audit;
  c.accuracy.enabled = true;
  to.enabled = true;
  to.workers = in.workers.value;
  std::vector<model::ShiftPool> taken = pools_taken_before_returns(c);
  if (c.returns.enabled) taken.insert(taken.end(), c.returns.pools.begin(), c.returns.pools.end());
  to.pools = shift_pools(spec, in.pools.value, "audit", taken);
  to.count_time = to_random_quantity(in.count_time.value);
  const auto& days = in.abc_interval_days.value;
  for (std::size_t i = 0; i < to.abc_interval_days.size() && i < days.size(); ++i)
    to.abc_interval_days[i] = days[i];
  to.bins_per_day = in.bins_per_day.value;
  to.on_pick_exception = in.on_pick_exception.value;
  to.on_zero_record = in.on_zero_record.value;
}

/// A worker pool staffs one role: a pool named in a role's list (stations.pools, inbound.stow.pools,
/// inbound.receiving.pools, outbound.pack.pools, returns.pools, audit.pools) that an earlier role already
/// took, by name or by skill, would be on duty twice (and paid twice). Roles that choose by skill skip taken
/// pools.
void check_pools_staff_one_role(const ScenarioSpec& spec, const model::WarehouseConfig& c,
                                std::vector<Diagnostic>& errors) {
  struct Role {
    const std::vector<model::ShiftPool>* pools;
    const Located<std::vector<std::string>>* list;
    const char* key;
    const char* what;
  };
  std::vector<Role> roles{{&c.pick_pools, &spec.stations.pools, "stations.pools", "the pick stations"}};
  if (c.inbound.enabled) {
    roles.push_back({&c.inbound.stow_pools, &spec.inbound.stow.pools, "inbound.stow.pools", "stowing"});
    roles.push_back(
        {&c.inbound.receive_pools, &spec.inbound.receiving.pools, "inbound.receiving.pools", "receiving"});
  }
  if (c.outbound.enabled) {
    roles.push_back({&c.outbound.pack_pools, &spec.outbound.pack.pools, "outbound.pack.pools", "packing"});
  }
  if (c.returns.enabled) {
    roles.push_back({&c.returns.pools, &spec.returns.pools, "returns.pools", "the returns station"});
  }
  if (c.accuracy.audit.enabled) {
    roles.push_back({&c.accuracy.audit.pools, &spec.audit.pools, "audit.pools", "cycle counting"});
  }
  for (std::size_t r = 1; r < roles.size(); ++r) {
    for (const model::ShiftPool& pool : *roles[r].pools) {
      for (std::size_t e = 0; e < r; ++e) {
        const auto& earlier = *roles[e].pools;
        if (std::none_of(earlier.begin(), earlier.end(),
                         [&](const model::ShiftPool& p) { return p.name == pool.name; })) {
          continue;
        }
        errors.push_back(Diagnostic{
            roles[r].list->where, roles[r].key,
            fmt::format(
                "the pool \"{}\" already staffs {} ({}); a pool staffs one role, so its workers "
                "would be on duty twice (expected another pool: split \"{}\" into one pool per role{})",
                pool.name, roles[e].what,
                roles[e].list->given ? fmt::format("named in {}", roles[e].key)
                                     : fmt::format("by its skill, as {} is not given", roles[e].key),
                pool.name, roles[e].list->given ? "" : fmt::format(", or give {}", roles[e].key))});
        break;
      }
    }
  }
}

/// "a storage location", ... for messages about a cell that should have been an aisle.
std::string_view describe_kind(model::CellKind kind) {
  switch (kind) {
    case model::CellKind::kWall:
      return "a wall";
    case model::CellKind::kAisle:
      return "an aisle";
    case model::CellKind::kStorage:
      return "a storage location";
    case model::CellKind::kStation:
      return "a pick station";
    case model::CellKind::kBuffer:
      return "a buffer cell";
    case model::CellKind::kCharger:
      return "a charger";
  }
  return "a cell";
}

/// The charger cells: the floor map's c cells, or batteries.chargers.count cells spread along
/// batteries.chargers.side like inbound doors, each of which must be an aisle. Problems are
/// added to `errors`.
void place_chargers(const ScenarioSpec& spec, const model::Floor& floor, model::BatteryConfig& b,
                    std::vector<Diagnostic>& errors) {
  const ChargerSpec& ch = spec.batteries.chargers;
  if (!floor.charger_cells().empty()) {
    for (const model::CellId cell : floor.charger_cells()) b.charger_cells.push_back(cell.value());
    const auto not_used = [&](const SourceLocation& where, const char* key) {
      errors.push_back(Diagnostic{where, key,
                                  fmt::format("not used when the floor map marks chargers (its {} c cells "
                                              "are the chargers)",
                                              floor.charger_cells().size())});
    };
    if (ch.count.given) not_used(ch.count.where, "batteries.chargers.count");
    if (ch.side.given) not_used(ch.side.where, "batteries.chargers.side");
    return;
  }
  // Problems are reported at the count or side given, else at the batteries section.
  const bool at_count = ch.count.given || !ch.side.given;
  const SourceLocation where =
      ch.count.given ? ch.count.where : (ch.side.given ? ch.side.where : spec.batteries.where);
  const char* key = at_count ? "batteries.chargers.count" : "batteries.chargers.side";
  const std::string& side = ch.side.value;
  const std::int64_t m = edge_length(floor, side);
  const std::int64_t n = ch.count.value;
  if (n > m) {
    errors.push_back(Diagnostic{where, key,
                                fmt::format("{} chargers do not fit on the {} side, which is {} cells long "
                                            "(expected at most {})",
                                            n, side, m, m)});
    return;
  }
  const std::vector<model::CellId> cells = spread_along_edge(floor, side, n);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const model::CellKind kind = floor.kind(cells[i]);
    if (kind != model::CellKind::kAisle) {
      const bool parametric = !spec.floor.map.given && !spec.floor.map_file.given;
      const char* expected = kind == model::CellKind::kStation
                                 ? "a count or side that misses the pick stations"
                             : parametric ? "a side with a margin of aisles, floor.margin at least 1"
                                          : "a side whose edge cells are aisles";
      errors.push_back(Diagnostic{
          where, key,
          fmt::format("charger {} of {} on the {} side would be at {}, {}, not an aisle (expected {}, or "
                      "chargers marked c in floor.map)",
                      i + 1, n, side, floor.describe(cells[i]), describe_kind(kind), expected)});
      return;
    }
    b.charger_cells.push_back(cells[i].value());
  }
}

/// Batteries, consumption, charging policy and chargers.
void apply_batteries(const ScenarioSpec& spec, const model::Floor& floor, model::WarehouseConfig& c,
                     std::vector<Diagnostic>& errors) {
  const BatterySpec& in = spec.batteries;
  model::BatteryConfig& b = c.batteries;
  b.enabled = true;
  b.capacity = in.capacity.value;
  b.initial = in.initial.value;
  b.per_metre_empty = in.consumption.empty.value;
  b.per_metre_loaded = in.consumption.loaded.value;
  b.per_lift = in.consumption.lift.value;
  b.idle_power = in.consumption.idle.value;
  b.charge_below = in.charging.below.value;
  b.charge_to = in.charging.to.value;
  b.opportunity_below = in.charging.opportunity_below.value;
  place_chargers(spec, floor, b, errors);
  b.bays = in.chargers.bays.value;
  b.charge_power = in.chargers.power.value;
  b.taper_from = in.chargers.taper_from.value;
  b.taper_floor = in.chargers.taper_floor.value;
  b.charger_efficiency = in.chargers.efficiency.value;
  b.grid_intensity = in.grid_intensity.value;
}

}  // namespace

model::WarehouseConfig warehouse_config(const ScenarioSpec& spec, const model::Floor& floor) {
  std::vector<Diagnostic> errors;
  model::WarehouseConfig c;
  const std::size_t storage = floor.storage_cells().size();
  c.sku_count = spec.skus.count.value;
  c.abc_popularity = spec.skus.popularity.value == "abc";
  c.zipf_alpha = spec.skus.zipf_alpha.value;
  c.abc_sku_shares = spec.skus.abc_sku_shares.value;
  c.abc_demand_shares = spec.skus.abc_demand_shares.value;
  c.unit_volume = spec.skus.unit_volume.value;
  c.pods_per_sku = spec.skus.pods_per_sku.value;
  c.variants = spec.skus.variants.value;
  c.co_purchase = spec.orders.co_purchase.value;
  if (spec.pods.count.given) {
    c.pod_count = spec.pods.count.value;
    if (static_cast<std::size_t>(c.pod_count) >= storage) {
      errors.push_back(
          Diagnostic{spec.pods.count.where, "pods.count",
                     fmt::format("{} pods need more than the floor's {} storage locations (expected at "
                                 "most {}: one location must stay free)",
                                 c.pod_count, storage, storage - 1)});
    }
  } else {
    c.pod_count = std::max<std::int64_t>(1, static_cast<std::int64_t>(static_cast<double>(storage) * 0.9));
    if (static_cast<std::size_t>(c.pod_count) >= storage && storage > 1)
      c.pod_count = static_cast<std::int64_t>(storage) - 1;
  }
  c.bins_per_pod = spec.pods.bins.value;
  c.bin_volume = spec.pods.bin_volume.value;
  c.initial_fill = spec.pods.initial_fill.value;
  if (c.unit_volume > c.bin_volume) {
    errors.push_back(
        Diagnostic{spec.skus.unit_volume.where, "skus.unit_volume",
                   fmt::format("a unit ({} m^3) does not fit into a bin of pods.bin_volume ({} m^3)",
                               c.unit_volume, c.bin_volume)});
  }
  c.backlog_mode = spec.orders.mode.value == "backlog";
  c.order_rate = spec.orders.rate.value;
  c.hourly_profile = spec.orders.hourly_profile.value;
  c.day_profile = spec.orders.day_profile.value;
  c.season_profile = spec.orders.season_profile.value;
  c.backlog = spec.orders.backlog.value;
  c.lines = to_random_quantity(spec.orders.lines.value);
  c.units_per_line = to_random_quantity(spec.orders.units_per_line.value);
  c.due_after = spec.orders.due_after.value;
  c.robot_count = spec.robots.count.value;
  c.lift_time = spec.robots.lift_time.value;
  c.set_down_time = spec.robots.set_down_time.value;
  c.traffic.enabled = spec.robots.movement.value == "traffic";
  c.traffic.node_limit = static_cast<std::uint32_t>(spec.robots.traffic_node_limit.value);
  c.traffic.retry = spec.robots.traffic_retry.value;
  c.traffic.gridlock_after = spec.robots.traffic_gridlock_after.value;
  c.traffic.check = spec.robots.traffic_check.value;
  if (c.traffic.enabled && static_cast<std::size_t>(c.robot_count) >= storage) {
    errors.push_back(
        Diagnostic{spec.robots.count.where, "robots.count",
                   fmt::format("traffic mode needs a storage location for every robot to park on "
                               "and one to spare: {} robots on {} storage locations (expected at "
                               "most {})",
                               c.robot_count, storage, storage - 1)});
  }
  c.pickers = static_cast<int>(spec.stations.pickers.value);
  c.queue_capacity = static_cast<int>(spec.stations.queue_capacity.value);
  c.put_wall_slots = static_cast<int>(spec.stations.put_wall_slots.value);
  c.pick_time = to_random_quantity(spec.stations.pick_time.value);
  c.presentation_time = to_random_quantity(spec.stations.presentation_time.value);
  c.order_assignment = spec.policies.order_assignment.value;
  c.pod_selection = spec.policies.pod_selection.value;
  c.robot_assignment = spec.policies.robot_assignment.value;
  c.pod_storage = spec.policies.pod_storage.value;
  c.slotting = spec.policies.slotting.value;
  c.pile_on = spec.policies.pile_on.value;
  c.horizon = spec.simulation.horizon.value;
  c.pick_pools = shift_pools(spec, spec.stations.pools.value, "pick");
  c.lost_sales = spec.orders.stockout.value == "lost";
  if (c.lost_sales && c.backlog_mode) {
    errors.push_back(Diagnostic{spec.orders.stockout.where, "orders.stockout",
                                "lost sales cannot be used with orders.mode: backlog (a lost order would "
                                "shrink the backlog; expected backorder, or orders that arrive)"});
  }
  if (spec.inbound.enabled) {
    apply_inbound(spec, floor, c, errors);
    // A full case must fit into an empty pod, or it could never be stowed.
    const double pod_volume = c.bin_volume * static_cast<double>(c.bins_per_pod);
    const double case_volume = c.unit_volume * static_cast<double>(c.inbound.units_per_case);
    if (case_volume > pod_volume) {
      errors.push_back(
          Diagnostic{spec.inbound.units_per_case.where, "inbound.units_per_case",
                     fmt::format("a case of {} units ({} m^3) does not fit into an empty pod "
                                 "({} m^3: pods.bins x pods.bin_volume); expected at most {} units",
                                 c.inbound.units_per_case, case_volume, pod_volume,
                                 static_cast<std::int64_t>(pod_volume / c.unit_volume))});
    }
    apply_replenishment(spec, c);
  }
  if (spec.outbound.enabled) apply_outbound(spec, c);
  if (spec.batteries.enabled) apply_batteries(spec, floor, c, errors);
  if (spec.costs.enabled) apply_costs(spec, c);
  if (spec.returns.enabled) apply_returns(spec, c);
  if (spec.accuracy.enabled) apply_accuracy(spec, c);
  if (spec.audit.enabled) apply_audit(spec, c);
  check_pools_staff_one_role(spec, c, errors);
  std::vector<std::string> master_ids;
  if (errors.empty() && spec.skus.master_file.given) master_ids = apply_sku_master(spec, c);
  if (errors.empty() && spec.orders.mode.value == "file") apply_order_file(spec, master_ids, c);
  c.start_time_of_day = spec.simulation.start.value.time_of_day;
  c.start_day = spec.simulation.start.value.days_since_epoch();
  c.start_weekday = spec.simulation.start.value.weekday();
  if (!errors.empty()) throw InputError(std::move(errors));
  return c;
}

}  // namespace whsim::scenario
