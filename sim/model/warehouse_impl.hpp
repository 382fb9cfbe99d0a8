// Private to the warehouse's translation units (warehouse.cpp, inbound.cpp): the entity
// records and the Impl that holds the model's state. Not installed, not part of the API.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "whsim/kernel/distributions.hpp"
#include "whsim/model/replenishment.hpp"
#include "whsim/model/traffic.hpp"
#include "whsim/model/warehouse.hpp"

namespace whsim::model {
namespace detail {

constexpr std::uint32_t kNone = 0xFFFFFFFFU;
constexpr int kBucket = 8;                 // idle-robot index: square buckets of 8 x 8 cells
constexpr std::size_t kMaxCandidates = 8;  // pods compared per pod selection
constexpr std::uint32_t kMaxScan = 1024;   // stock records or waiting lines looked at per search

enum class PodState : std::uint8_t { kStored, kClaimed, kMoving, kCounting };  ///< kCounting: audit, in place
enum class TripState : std::uint8_t {
  kWaitingRobot,
  kRobotToPod,
  kLifting,
  kToStation,
  kQueued,
  kPresenting,
  kDone
};

struct Slot {
  std::uint32_t pod = 0;
  std::uint32_t sku = 0;
  std::int32_t physical = 0;
  std::int32_t record = 0;
  std::int32_t reserved = 0;  ///< promised to the trip carrying the pod (out of the record)
  std::uint32_t bin = 0;
  /// What picking may still promise: it works from the record (docs/model.md, "Damage and record
  /// accuracy"); the two are equal unless record errors are on.
  [[nodiscard]] std::int32_t available() const { return record - reserved; }
};

struct Pod {
  std::uint32_t location = kNone;  ///< storage index while stored or claimed; kNone while carried
  std::uint32_t home = kNone;
  std::uint32_t trip = kNone;
  std::uint32_t slot_begin = 0;
  std::uint32_t slot_end = 0;
  PodState state = PodState::kStored;
};

struct Order {
  std::uint32_t first_line = 0;
  std::uint32_t lines = 0;
  std::uint32_t lines_left = 0;
  std::uint32_t station = 0;
  std::uint32_t next_pending = kNone;
  bool held = false;                    ///< out of the put wall until stock covers every line
  bool counted = false;                 ///< its backorder was counted (once per order)
  bool lost = false;                    ///< every line was lost (stockout: lost)
  bool tried = false;                   ///< its fill was counted (first attempt to open)
  SimTime held_since = SimTime::max();  ///< when it was last held for stock
};

struct Line {
  std::uint32_t order = 0;
  std::uint32_t sku = 0;
  std::int32_t quantity = 0;
  std::int32_t unassigned = 0;  ///< units not yet covered by a pick on some trip
  std::int32_t picked = 0;
  std::uint32_t station = kNone;
  std::uint32_t next_wait = kNone;                 ///< the SKU's FIFO of waiting lines
  std::uint32_t st_prev = kNone, st_next = kNone;  ///< the station's list of waiting lines
  std::uint32_t next_backorder = kNone;            ///< the SKU's queue of short lines of held orders
  SimTime held_since = SimTime::max();             ///< when it joined the backorder queue
  bool lost = false;                               ///< dropped for want of stock (stockout: lost)
  bool backordered = false;                        ///< in its SKU's backorder queue
  bool in_wait = false;                            ///< in its SKU's FIFO of waiting lines
};

struct Trip {
  std::uint32_t robot = kNone;
  std::uint32_t pod = 0;
  std::uint32_t station = 0;
  std::uint32_t pick_head = kNone;
  std::int32_t units = 0;
  std::uint32_t lines = 0;
  std::uint32_t next = kNone;                      ///< station queue, robot wait queue or free list
  std::uint32_t st_prev = kNone, st_next = kNone;  ///< the station's trips not yet presented
  SimTime arrived;
  TripState state = TripState::kDone;
  bool stow = false;             ///< a stow trip: its picks are cases put into the pod (Pick::line = case)
  std::uint64_t queued_seq = 0;  ///< order of joining the robot wait queues (fifo priority)
  // Traffic mode (traffic_flow.cpp)
  std::uint64_t lane_seq = 0;  ///< place in its station's lane (0 = the station cell when first)
  SimTime asked;               ///< when it asked for room in the station's lane
  bool in_lane = false;        ///< admitted to its station's lane
  bool entered = false;        ///< has its place in the lane (lane_seq)
  bool joined = false;         ///< reached the lane: in the station's queue
  bool at_station = false;     ///< its robot is at rest on the station cell
};

struct Pick {
  std::uint32_t line = 0;
  std::uint32_t slot = 0;
  std::int32_t units = 0;
  std::uint32_t next = kNone;
};

struct Robot {
  std::uint32_t cell = 0;
  std::uint32_t trip = kNone;
  std::uint32_t dest = kNone;  ///< storage index the carried pod goes to
  RobotState state = RobotState::kIdle;
  std::uint32_t bucket = kNone;
  std::uint32_t b_prev = kNone, b_next = kNone;  ///< idle robots of one bucket
  std::uint32_t f_prev = kNone, f_next = kNone;  ///< idle robots, longest idle first
  double metres = 0;                             ///< of the current trip
  double total_metres = 0;                       ///< since the statistics reset
  std::int64_t trips = 0;                        ///< completed since the statistics reset
  std::int64_t busy_ticks = 0;                   ///< not idle, since the statistics reset
  SimTime busy_since;                            ///< when it last left idle
  EventHandle step;                              ///< the pending step event
  SimTime step_due;                              ///< when it runs
  Duration remaining;                            ///< while interrupted: time the step still needs
  RobotState held = RobotState::kIdle;           ///< while interrupted: the state it was in
  // Battery (battery.cpp), Wh
  double charge = 0;                  ///< in the battery, idle draw booked up to drained_to
  double used = 0, charged = 0;       ///< since the start
  double goal = 0;                    ///< charging: the charge it stops at
  std::int64_t charges = 0;           ///< charging sessions since the start
  SimTime drained_to;                 ///< idle draw booked up to here
  SimTime waiting_since;              ///< at a charger: arrival
  std::uint32_t charger = kNone;      ///< heading to, waiting at or charging at
  std::uint32_t next_charge = kNone;  ///< the charger's queue
  EventHandle low;                    ///< idle: when the idle draw reaches charge_below
  // Traffic mode (traffic_flow.cpp)
  std::uint32_t target = kNone;   ///< the cell of the leg it drives or waits to plan
  std::uint32_t release = kNone;  ///< storage location to free once its loaded leg is planned
  bool target_loaded = false;
  bool replan = false;              ///< the pending step is a retry of a failed plan
  bool moving = false;              ///< the pending step ends a planned leg
  bool room_wait = false;           ///< loaded at its storage location, not yet on its way to the lane
  std::uint32_t waits_for = kNone;  ///< its last plan failed on this robot (goal or way held)
  SimTime failed_at;                ///< when its last plan failed (with waits_for)
  std::uint32_t lane_wait = kNone;  ///< the robot ahead in the lane still on its slot: planned when it moves
  SimTime asked;                    ///< when the leg was asked for
  double trip_wait = 0;             ///< seconds standing for other robots on this trip
};

/// A station's queue in traffic mode: the station cell and a straight lane of cells before it.
/// Robots admitted while there is room drive to the back of the lane and queue in the order they
/// get there (lane_seq); loaded robots wait at their storage location while there is none.
struct Lane {
  std::vector<std::uint32_t> cells;    ///< slot 1.. (slot 0 is the station cell); the back is last
  std::vector<std::uint32_t> members;  ///< trips admitted (on their way or queued), at most cells + 1
  std::uint64_t front = 0;             ///< lane_seq of the trip in slot 0
  std::uint64_t back = 0;              ///< lane_seq the next trip to reach the lane gets
  std::uint32_t wait_head = kNone, wait_tail = kNone;  ///< trips waiting for room (Trip::next)
  std::vector<std::uint32_t> trips;                    ///< ring: trips[seq % size] for seq in [front, back)
};

/// A charger: bays, the robots charging, on the way, and waiting (FIFO).
struct Charger {
  std::uint32_t cell = 0;
  std::int64_t charging = 0, coming = 0, waiting = 0;
  std::uint32_t q_head = kNone, q_tail = kNone;
};

struct Station {
  std::uint32_t cell = 0;
  std::uint32_t floor = 0;        ///< index in floor.station_cells() (travel tables)
  bool stow = false;              ///< a stow station (stations [n_pick, n) are)
  std::uint32_t outstanding = 0;  ///< stow: trips planned and not yet done
  int busy = 0;
  std::uint32_t q_head = kNone, q_tail = kNone;
  std::uint32_t queued = 0;
  std::uint32_t open = 0;
  std::uint32_t pending_head = kNone, pending_tail = kNone;
  std::uint32_t pending = 0;
  std::uint32_t waiting_lines = kNone;  ///< head of the open lines not yet on a trip
  std::uint32_t open_trips = kNone;     ///< head of the trips planned here, not yet presented
};

/// A bitset with a summary word per 64 words: find the first set bit in O(n / 4096).
class RankSet {
 public:
  explicit RankSet(std::size_t n) : words_((n + 63) / 64, 0), summary_((words_.size() + 63) / 64, 0) {}
  void set(std::size_t i) {
    words_[i / 64] |= std::uint64_t{1} << (i % 64);
    summary_[i / 4096] |= std::uint64_t{1} << ((i / 64) % 64);
  }
  void clear(std::size_t i) {
    std::uint64_t& w = words_[i / 64];
    w &= ~(std::uint64_t{1} << (i % 64));
    if (w == 0) summary_[i / 4096] &= ~(std::uint64_t{1} << ((i / 64) % 64));
  }
  /// The first set bit at or after `from`, or kNone.
  [[nodiscard]] std::size_t first_from(std::size_t from) const {
    if (from >= words_.size() * 64) return kNone;
    // The rest of from's word, then whole words, skipping groups of 64 empty words.
    const std::size_t w0 = from / 64;
    const std::uint64_t head = words_[w0] & (~std::uint64_t{0} << (from % 64));
    if (head != 0) return w0 * 64 + static_cast<std::size_t>(__builtin_ctzll(head));
    std::size_t w = w0 + 1;
    while (w < words_.size()) {
      if (w % 64 == 0 && summary_[w / 64] == 0) {
        w += 64;
        continue;
      }
      if (words_[w] != 0) return w * 64 + static_cast<std::size_t>(__builtin_ctzll(words_[w]));
      ++w;
    }
    return kNone;
  }
  [[nodiscard]] std::size_t first() const {
    for (std::size_t s = 0; s < summary_.size(); ++s) {
      if (summary_[s] == 0) continue;
      const std::size_t w = s * 64 + static_cast<std::size_t>(__builtin_ctzll(summary_[s]));
      return w * 64 + static_cast<std::size_t>(__builtin_ctzll(words_[w]));
    }
    return kNone;
  }

 private:
  std::vector<std::uint64_t> words_;
  std::vector<std::uint64_t> summary_;
};

/// A volume in whole cm^3 (at least 1), so that room and fill are exact integer arithmetic.
inline std::int64_t cubic_cm(double m3) {
  return std::max<std::int64_t>(1, std::llround(m3 * 1e6));
}

/// A case on its way from a truck to a pod (inbound.cpp).
struct Case {
  std::uint32_t sku = 0;
  std::int32_t units = 0;
  std::uint32_t next = kNone;  ///< truck's cases, receiving queue, buffer, or free list
  std::uint32_t prev = kNone;  ///< buffer only (doubly linked: cases leave from the middle)
  SimTime unloaded;            ///< end of its truck's unloading (dock-to-stock starts)
  std::int64_t volume = 0;     ///< cm^3
  std::uint64_t serial = 0;    ///< unique per run (random draws; ids are reused)
  bool inspected = false;
  bool returned = false;      ///< a customer return being restocked (`unloaded`: its arrival at returns)
  bool live = false;          ///< false on the free list
  bool here = false;          ///< its truck has arrived
  std::uint32_t door = 0;     ///< where it was unloaded
  std::int32_t damaged = 0;   ///< of `units`: damaged at unloading and not noticed (accuracy on)
  std::int32_t miscount = 0;  ///< units recorded at receiving minus `units` (accuracy on)
};

/// A returned order line in the returns flow (returns.cpp): on its way back, waiting at the
/// returns station, being inspected, or its refurbished units being refurbished.
struct ReturnLine {
  std::uint32_t sku = 0;
  std::int32_t units = 0;
  SimTime arrived;             ///< at the returns station
  std::uint64_t serial = 0;    ///< unique per run (random draws; ids are reused)
  std::uint32_t next = kNone;  ///< returns queue or free list
};

struct Truck {
  SimTime arrived;
  std::uint32_t door = kNone;
  std::uint32_t first_case = kNone;
  std::uint32_t cases = 0;
  std::uint32_t next = kNone;  ///< yard queue or free list
};

/// A purchase-order line waiting for its supplier's daily consolidation.
struct PoLine {
  std::uint32_t sku = 0;
  std::int64_t units = 0;
};

/// A change in workers on duty of one role at one time (the shift plan).
struct ShiftStep {
  std::int64_t ticks = 0;
  std::uint8_t role = 0;  ///< 0 pick, 1 stow, 2 receive, 3 pack, 4 returns, 5 audit
  std::int64_t delta = 0;
};

constexpr std::uint16_t kNoBox = 0xFFFF;

/// An order's package on its way out (outbound.cpp); indexed by order id.
struct Parcel {
  std::uint32_t next = kNone;  ///< pack queue, blocked list, lane or truck
  std::uint16_t carrier = 0;
  std::uint16_t box = kNoBox;         ///< packaging type (kNoBox: the goods' own volume)
  std::int64_t volume = 0;            ///< cm^3 on the truck
  SimTime promised = SimTime::max();  ///< the cutoff of the truck it is promised to
  SimTime blocked_since;              ///< when its packer found the lane full
  std::uint32_t departure = kNone;    ///< serial of the departure it left on
};
/// An outbound truck: docks before its cutoff, is loaded from its carrier's lane, departs.
struct OutTruck {
  std::uint32_t carrier = 0;
  std::uint32_t door = kNone;
  SimTime cutoff;
  SimTime arrived;  ///< at the yard
  std::int64_t packages = 0;
  std::int64_t volume = 0;        ///< cm^3
  std::uint32_t first = kNone;    ///< loaded parcels
  std::uint32_t loading = kNone;  ///< parcel being loaded
  EventHandle load;               ///< its load-done event
  std::uint32_t next = kNone;     ///< yard queue or free list
  bool full = false;              ///< the next parcel did not fit
};

/// Per carrier: its lanes, blocked packers, current truck and totals since the statistics reset.
struct CarrierState {
  std::uint32_t lane_head = kNone, lane_tail = kNone;
  std::int64_t in_lane = 0;   ///< parcels in the lanes
  std::int64_t occupied = 0;  ///< lane places taken: in the lanes, being sorted to them, being loaded
  std::int64_t capacity = 0;  ///< lanes x lane capacity
  std::uint32_t blocked_head = kNone, blocked_tail = kNone;
  std::uint32_t truck = kNone;  ///< docked or in the yard, kNone between trucks
  SimTime pending_cutoff;       ///< of the truck scheduled to arrive
  std::int64_t trucks = 0, packages = 0, on_time = 0, late = 0, rolled = 0;
  double fill = 0, click_to_ship = 0;  ///< sums over trucks, over shipped orders
};

}  // namespace detail

using namespace detail;  // NOLINT(google-build-using-namespace): private header of two files

// One per model, members grouped by meaning rather than packed.
struct Warehouse::Impl {  // NOLINT(clang-analyzer-optin.performance.Padding)
  Impl(Component& owner, Engine& engine, RandomStreams& streams, stats::Recorder& recorder,
       const WarehouseKpis& kpis, WarehouseConfig config, const TravelTimes& travel);

  // ---- building
  std::vector<double> popularity_weights() const;
  void stock_pods(RandomStreams& streams);
  void place_robots();
  void build_free_index();

  // ---- orders
  void schedule_next_arrival(SimTime from);
  SimTime next_arrival_time(SimTime from, double e);
  void new_order();
  void try_open(std::uint32_t k);
  void open_line(std::uint32_t l);
  void order_done(std::uint32_t o);

  // ---- pods and trips
  void serve_line(std::uint32_t l);
  bool try_pile_on(std::uint32_t l);
  std::uint32_t new_trip(std::uint32_t pod, std::uint32_t station);
  void attach(std::uint32_t l, std::uint32_t slot, std::uint32_t trip);
  void pile_on_waiting(std::uint32_t trip);
  void pod_available(std::uint32_t pod);
  void dispatch(std::uint32_t trip);
  std::uint32_t new_pick();
  void push_wait(std::uint32_t l);
  void release_backorders(std::uint32_t sku);
  std::uint32_t find_slot(std::uint32_t pod, std::uint32_t sku) const;
  /// Position in pod_sku_slots of the pod's first stock record of the SKU (or of the next SKU).
  std::uint32_t first_record(std::uint32_t pod, std::uint32_t sku) const;
  void station_line_remove(std::uint32_t l);
  void station_trip_remove(std::uint32_t trip);

  // ---- robots
  void set_state(std::uint32_t r, RobotState s);
  void start_trip(std::uint32_t r, std::uint32_t trip);
  void robot_free(std::uint32_t r);
  void idle_insert(std::uint32_t r);
  void idle_remove(std::uint32_t r);
  std::uint32_t nearest_idle(std::uint32_t cell) const;
  void robot_step(std::uint32_t r);
  void schedule_step(std::uint32_t r, Duration d) {
    robots[r].step_due = engine.now() + d;
    robots[r].step = engine.schedule_after(d, EventSpec{id, kRobotStep, r});
  }

  // ---- stations
  void arrive_at_station(std::uint32_t trip);
  void try_present(std::uint32_t k);
  void pick_done(std::uint32_t trip);
  void send_back(std::uint32_t trip);
  void stock_picked(std::uint32_t pod, std::uint32_t sku, std::int32_t units);
  std::uint32_t storage_destination(std::uint32_t pod, std::uint32_t k);
  void location_freed(std::uint32_t loc);
  void location_taken(std::uint32_t loc);

  void record_levels_station();
  void account_pickers();
  void build_shift_plan();
  void shift_change();
  void restaff();
  void apply_shift_step(const ShiftStep& step);

  // ---- inbound, replenishment and stockouts (inbound.cpp); untouched while inbound is off
  void build_inbound(RandomStreams& streams);
  void classify_skus(const std::vector<double>& weights);
  [[nodiscard]] int sku_class(std::uint32_t sku) const { return sku_class_of[sku]; }
  void schedule_random_truck(SimTime from);
  std::uint32_t new_truck();
  /// A case record (from the free list or new), live, holding `units` of `sku`.
  std::uint32_t alloc_case(std::uint32_t sku, std::int32_t units, std::uint64_t serial);
  std::uint32_t new_case(std::uint32_t truck, std::uint32_t sku, std::int32_t units);
  void truck_arrival(std::uint32_t truck);
  void unload_done(std::uint32_t truck);
  void try_receive();
  void receive_done(std::uint32_t c);
  void case_buffered(std::uint32_t c);
  void buffer_link(std::uint32_t c);
  void buffer_unlink(std::uint32_t c);
  void block_case(std::uint32_t c);
  void pod_stored(std::uint32_t p);
  void try_stow();
  bool plan_stow(std::uint32_t k);
  void stow_present(std::uint32_t k);
  void stow_done(std::uint32_t trip);
  void stock_changed(std::uint32_t sku, std::int64_t delta_net);
  void check_reorder(std::uint32_t sku);
  void demand_arrived(std::uint32_t sku, std::int32_t units);
  void raise_po(std::uint32_t sku, std::int64_t units);
  void ship(std::uint32_t supplier, std::span<const PoLine> po_lines);
  void order_cutoff();
  void day_end();
  void review(std::uint32_t cls);
  void update_forecast_levels(std::uint32_t sku);
  void update_holding();
  void account_stowers();
  void start_unloading(std::uint32_t door, std::uint32_t truck);
  [[nodiscard]] std::uint32_t record_slot(std::uint32_t pod, std::uint32_t sku) const;
  [[nodiscard]] std::uint32_t stow_slot(std::uint32_t c, std::uint32_t k) const;
  void attach_case(std::uint32_t c, std::uint32_t slot, std::uint32_t trip);
  void restaff_stow();
  void record_inbound_levels();

  // ---- outbound (outbound.cpp); untouched while outbound is off
  void build_outbound(RandomStreams& streams);
  void parcel_arrived(std::uint32_t o);  ///< order_arrival: carrier and promised cutoff
  void order_picked(std::uint32_t o);    ///< order_done: on to packing
  void pack_arrival(std::uint32_t o);
  void try_pack();
  void pack_done(std::uint32_t o);
  void to_lane(std::uint32_t o);
  void sorted(std::uint32_t o);
  void unblock(std::uint32_t c);
  [[nodiscard]] SimTime cutoff_at_or_after(const Carrier& carrier, SimTime t) const;
  /// The first of the clock times `times` (sorted, every day) at or after `t`.
  [[nodiscard]] SimTime clock_at_or_after(const std::vector<Duration>& times, SimTime t) const;
  void schedule_out_truck(std::uint32_t c, SimTime from);
  void out_truck_arrival(std::uint32_t c);
  void dock_out_truck(std::uint32_t door, std::uint32_t truck);
  void try_load(std::uint32_t truck);
  void load_done(std::uint32_t truck);
  void out_truck_departure(std::uint32_t truck);
  void account_packers();
  void restaff_pack();
  void record_outbound_levels();

  // ---- batteries (battery.cpp); untouched while batteries are off
  void build_batteries();
  [[nodiscard]] static bool working(RobotState s) {
    return s != RobotState::kIdle && s != RobotState::kToCharger && s != RobotState::kWaitingCharger &&
           s != RobotState::kCharging;
  }
  void book(std::uint32_t r, double wh);  ///< idle draw up to now, then `wh` from the battery
  void arm_low(std::uint32_t r);
  void battery_low(std::uint32_t r);
  bool needs_charge(std::uint32_t r) const;
  bool try_opportunity(std::uint32_t r);
  void go_charge(std::uint32_t r, std::uint32_t c);
  std::uint32_t choose_charger(std::uint32_t r, bool free_bay_only) const;
  void at_charger(std::uint32_t r);
  void start_charge(std::uint32_t r);
  void charge_done(std::uint32_t r);
  [[nodiscard]] double charge_seconds(double from, double to) const;
  void record_battery_levels();
  void settle_batteries();

  // ---- returns (returns.cpp); untouched while returns are off
  void build_returns();
  void order_left(std::uint32_t o);  ///< shipped (or picked, without outbound): lines may come back
  std::uint32_t new_return();
  void free_return_line(std::uint32_t r);
  void return_arrival(std::uint32_t r);
  void try_inspect_returns();
  void return_inspected(std::uint32_t r);
  void refurbished(std::uint32_t r);
  void restock_return(std::uint32_t sku, std::int32_t units, SimTime arrived);
  void record_returns_levels();

  // ---- damage, record errors and pick exceptions (accuracy.cpp); untouched while accuracy is off
  void build_accuracy();
  [[nodiscard]] std::int32_t off_by(std::uint32_t slot) const {
    return slots[slot].record - slots[slot].physical;
  }
  /// After a change of a stock record or its physical stock that was `before` off: IRA follows.
  void record_off(std::uint32_t slot, std::int32_t before);
  void receive_errors(std::uint32_t c);  ///< receive_done: unload damage and miscounts of a case
  /// stow_done: puts case c into `slot` with stow damage and wrong-bin stows; returns the units
  /// that went into storage (the rest were disposed of) and sets `recorded` to the record's change.
  std::int32_t stow_with_errors(std::uint32_t c, std::uint32_t slot, std::int32_t& recorded);
  /// pick_done: takes a pick's units from its bin (damage in hand, damaged units found, a short
  /// bin); returns the units picked. A shortfall is a pick exception: the line is reopened after
  /// the trip's picks (exception_lines).
  std::int32_t pick_with_errors(const Pick& pk);
  void reopen_exception_lines();
  void stock_removed(std::uint32_t slot, std::int32_t units);  ///< disposed of or lost from storage
  void pack_damage(std::uint32_t o);
  void schedule_shrinkage();
  void shrinkage();
  void record_accuracy_levels();

  // ---- cycle counting (audit.cpp); untouched while audit is off
  void build_audit();
  void audit_day();                                  ///< the day's scheduled counts join the queue
  void enqueue_count(std::uint32_t slot, bool due);  ///< due: triggered (exception, zero record)
  void try_count();
  void unpark_counts(std::uint32_t pod);  ///< the pod is back: its waiting counts become due
  void count_done(std::uint32_t slot);
  void record_audit_levels();

  // ---- costs and truck CO2 (costs.cpp)
  /// What the measured period cost, by component, in the scenario's currency, and what it did.
  struct CostBreakdown {
    double seconds = 0;                  ///< length of the measured period
    std::array<double, 6> labour{};      ///< by role: pick, stow, receive (inspect), pack, returns, audit
    std::array<double, 6> paid_hours{};  ///< worker-hours on duty, by role
    double robot_purchase = 0, robot_maintenance = 0, energy = 0, packaging = 0, trucks = 0, holding = 0;
    double grid_kwh = 0;  ///< grid energy that replaces the battery energy used
    double grid_co2_kg = 0, truck_co2_kg = 0;
    std::int64_t orders = 0, units = 0;  ///< completed (picked) at pick stations
    [[nodiscard]] double labour_total() const {
      return labour[0] + labour[1] + labour[2] + labour[3] + labour[4] + labour[5];
    }
    [[nodiscard]] double hours_total() const {
      return paid_hours[0] + paid_hours[1] + paid_hours[2] + paid_hours[3] + paid_hours[4] + paid_hours[5];
    }
    [[nodiscard]] double total() const {
      return labour_total() + robot_purchase + robot_maintenance + energy + packaging + trucks + holding;
    }
  };
  /// Workers on duty in `role` (0 pick, 1 stow, 2 receive, 3 pack, 4 returns): who is paid.
  [[nodiscard]] double paid_level(int role) const;
  void init_costs();
  [[nodiscard]] CostBreakdown cost_breakdown(SimTime end) const;
  void record_costs(SimTime end);
  void finish_batteries();  ///< battery.cpp-side end of run: idle draw, energy per order and unit
  [[nodiscard]] stats::Table cost_table(SimTime end) const;

  Engine& engine;
  stats::Recorder& rec;
  WarehouseKpis kpis;
  WarehouseConfig cfg;
  const TravelTimes& travel;           ///< planning estimates
  std::unique_ptr<Movement> movement;  ///< how robots actually move (travel-time mode today)
  const Floor& floor;
  ComponentId id;
  std::unique_ptr<OrderAssignmentPolicy> order_policy;
  std::unique_ptr<PodSelectionPolicy> pod_policy;
  RobotChoice robot_choice;
  StorageChoice storage_choice;

  RandomStream arrivals, lines_stream, sku_stream, units_stream, pick_stream, presentation_stream;
  std::optional<Zipf> zipf;
  std::optional<Discrete> sku_discrete;  ///< demand by explicit per-SKU weights (SKU master)
  std::uint32_t next_replay = 0;
  std::optional<Discrete> abc_class;
  std::vector<std::uint32_t> abc_begin;  ///< first SKU of each class, plus the end

  // SKUs
  std::vector<std::int64_t> sku_initial, sku_picked, sku_available;
  std::vector<std::int64_t> sku_promised;  ///< units of open lines not yet reserved on a trip
  std::vector<std::int64_t> sku_received;  ///< units stowed after the start (receive_stock)
  std::vector<std::uint32_t> backorder_head, backorder_tail;  ///< per SKU: short lines of held orders
  std::vector<std::uint32_t> sku_slot_begin, sku_slots;
  std::vector<std::uint32_t> sku_cursor;     ///< where the next pod search for the SKU starts
  std::vector<std::uint32_t> pod_sku_slots;  ///< per pod (its slot range), slot ids sorted by SKU
  std::vector<std::uint32_t> wait_head, wait_tail;
  std::vector<std::uint64_t> sku_waiting;  ///< bit s: the SKU's wait list may be non-empty
  // Stock
  std::vector<Slot> slots;
  std::vector<Pod> pods;
  std::vector<std::uint32_t> occupant;  ///< storage index -> pod, or kNone
  std::vector<std::unique_ptr<RankSet>> free_by_station;
  std::vector<std::vector<std::uint32_t>> rank_of;  ///< [station][storage] -> rank by travel from station
  std::vector<std::vector<std::uint32_t>> by_rank;  ///< [station][rank] -> storage
  std::vector<std::uint32_t> pod_visits;            ///< station visits per pod (turnover)
  // Heatmaps since the statistics reset: legs ending at each cell, pods lifted per location.
  std::vector<std::uint32_t> cell_visits;
  std::vector<std::uint32_t> location_lifts;
  std::uint64_t total_visits = 0;
  // Orders
  std::vector<Order> orders;
  std::vector<Line> lines;
  std::vector<OrderTimeline> timelines;
  std::vector<std::uint32_t> load;
  // Trips
  std::vector<Trip> trips;
  std::uint32_t free_trip = kNone;
  std::vector<Pick> picks;
  std::uint32_t free_pick = kNone;
  std::uint32_t robot_wait_head = kNone, robot_wait_tail = kNone;
  std::uint32_t robot_wait_count = 0;
  // Robots
  std::vector<Robot> robots;
  std::vector<std::uint32_t> bucket_head;
  int buckets_x = 1, buckets_y = 1;
  std::uint32_t idle_head = kNone, idle_tail = kNone;
  std::uint32_t idle_count = 0;
  std::array<std::int64_t, kRobotStateCountAll> in_state{};
  double total_metres = 0;
  // Stations
  std::vector<Station> stations;
  std::vector<StationStats> station_stats;
  std::int64_t robots_present = 0, queue_length = 0, busy_pickers = 0, queue_overflow = 0;
  // Staffing: pickers on duty spread over the stations' pick positions.
  std::vector<std::int32_t> staffed;  ///< per station
  std::int64_t staffed_total = 0, on_duty = 0;
  SimTime util_since;  ///< start of the interval not yet in the utilisation ratio
  std::vector<ShiftStep> shift_plan;
  std::size_t next_shift = 0;
  // Completions per calendar hour of the run (index: hours since time zero).
  std::vector<std::int64_t> hour_orders, hour_lines, hour_units;
  SimTime stats_since;
  void count_hour(std::vector<std::int64_t>& v, std::int64_t n) {
    const auto h = static_cast<std::size_t>(engine.now().ticks() / Duration::hours(1).ticks());
    if (h >= v.size()) v.resize(h + 1, 0);
    v[h] += n;
  }
  // Counters
  std::int64_t units_demanded = 0, units_picked = 0, units_initial = 0, on_hand = 0, units_received = 0;
  std::int64_t open_orders = 0, lines_waiting = 0, visit_counter = 0, held_orders = 0;
  std::vector<PodCandidate> candidates;  ///< scratch, reused
  // Station roles: [0, n_pick) pick, [n_pick, stations.size()) stow.
  std::uint32_t n_pick = 0;
  // Shift plan roles 1 (stow) and 2 (receive).
  std::int64_t stow_on_duty = 0, receive_on_duty = 0;
  // ---- inbound (inbound.cpp)
  bool inbound = false, inventory_kpis = false;
  std::vector<std::uint8_t> sku_class_of;  ///< 0 A, 1 B, 2 C
  std::vector<std::int64_t> sku_volume;    ///< cm^3 per unit
  std::vector<std::int64_t> pod_room;      ///< cm^3 free, less what planned stows will fill
  std::int64_t pod_capacity = 0;           ///< cm^3 per pod
  std::int64_t volume_used = 0;            ///< cm^3 of stock in pods (pod fill)
  std::vector<std::int64_t> sku_net;       ///< on hand - open demand
  std::vector<std::int64_t> sku_pipeline;  ///< ordered or in the inbound flow, not yet stowed
  std::vector<SimTime> stockout_since;     ///< SimTime::max() while in stock
  std::int64_t skus_out = 0;
  std::vector<Truck> trucks;
  std::vector<Case> cases;
  std::uint32_t free_case = kNone, free_truck = kNone;
  std::int64_t trucks_here = 0;           ///< trucks arrived
  std::uint64_t random_trucks = 0;        ///< scheduled or Poisson trucks so far (their draws' key)
  std::vector<std::uint32_t> released;    ///< stow_done: the trip's SKUs (scratch)
  std::vector<std::uint32_t> door_truck;  ///< per door: truck unloading, or kNone
  std::vector<Duration> door_transfer;    ///< per door: to the receiving buffer
  std::uint32_t yard_head = kNone, yard_tail = kNone, yard_count = 0, doors_busy = 0;
  std::uint32_t recv_head = kNone, recv_tail = kNone, receivers_busy = 0;
  std::int64_t recv_waiting = 0;  ///< cases
  std::uint32_t buf_head = kNone, buf_tail = kNone;
  std::vector<std::uint32_t> blocked_head, blocked_tail;  ///< per SKU: cases no pod has room for now
  std::int64_t blocked_cases = 0;
  std::int64_t buffer_units = 0;  ///< in the receiving buffer
  std::int64_t units_arrived = 0, units_rejected = 0, units_stowed = 0, units_lost = 0;
  std::uint64_t trip_seq = 0;
  std::uint32_t stow_wait_head = kNone, stow_wait_tail = kNone;
  std::int64_t stowers_busy = 0, stowers_staffed = 0;
  SimTime stow_util_since;
  std::uint64_t case_serial = 0, stow_visits = 0;
  std::int64_t inflow_units = 0;  ///< units of arrived trucks not yet stowed or rejected
  std::array<std::int64_t, 3> class_on_hand{};
  std::optional<Discrete> truck_skus;
  std::uint32_t scheduled_truck = 0;  ///< next index into truck_times (schedule mode)
  std::int64_t truck_day = 0;
  RandomStream truck_stream, unload_stream, receive_stream, inspect_stream, stow_stream, lead_stream;
  // Replenishment
  std::vector<std::string> suppliers;             ///< sorted names
  std::array<std::uint32_t, 3> class_supplier{};  ///< index into suppliers
  std::vector<std::vector<PoLine>> supplier_pos;  ///< per supplier: lines since the last cutoff
  std::vector<std::int64_t> sku_day_demand;       ///< units demanded today (forecast classes)
  std::vector<ExponentialSmoothing> ses;          ///< per SKU of an SES forecast class (by sku_fc)
  std::vector<HoltWinters> hw;                    ///< per SKU of a Holt-Winters class
  std::vector<std::uint32_t> sku_fc;              ///< SKU -> index in ses/hw, or kNone
  std::vector<ForecastLevels> sku_levels;         ///< per forecast SKU (by sku_fc)
  std::array<std::vector<std::uint32_t>, 3> class_skus;
  std::uint64_t shipments = 0, po_count = 0;
  std::vector<std::uint32_t> candidate_slots;
  std::vector<std::uint32_t> release_scratch;  ///< release_backorders: the detached queue
  // ---- outbound (outbound.cpp)
  bool outbound = false;
  std::vector<Parcel> parcels;  ///< per order
  std::vector<CarrierState> carriers;
  std::vector<OutTruck> out_trucks;
  std::uint32_t free_out_truck = kNone;
  std::uint32_t pack_head = kNone, pack_tail = kNone;
  std::int64_t pack_on_duty = 0, pack_staffed = 0;  ///< packers on duty; benches staffed
  std::int64_t in_transfer = 0, pack_waiting = 0, packing = 0, pack_blocked = 0, sorting = 0;
  std::int64_t in_lanes = 0, on_trucks = 0, orders_shipped = 0, picked_orders = 0, trucks_departed = 0;
  std::vector<std::uint32_t> out_door_truck;  ///< per door: truck docked, or kNone
  std::uint32_t out_yard_head = kNone, out_yard_tail = kNone, out_yard_count = 0, out_doors_busy = 0;
  std::vector<std::int64_t> box_count;  ///< per packaging type, since the statistics reset
  SimTime pack_util_since;
  RandomStream transfer_stream, carrier_stream, pack_stream, sort_stream, load_stream;
  // ---- batteries (battery.cpp)
  bool batteries = false;
  std::vector<Charger> chargers;
  double fleet_charge = 0;                          ///< Wh in all batteries (idle draw booked so far)
  double used_total = 0, grid_total = 0;            ///< Wh since the start
  std::int64_t used_counted = 0, grid_counted = 0;  ///< whole Wh given to the count KPIs
  double used_at_reset = 0;                         ///< used_total at the statistics reset
  std::int64_t bays_busy = 0;
  // ---- returns (returns.cpp)
  bool returns = false;
  std::vector<ReturnLine> return_lines;
  std::uint32_t free_return = kNone, ret_head = kNone, ret_tail = kNone;
  std::uint64_t return_serial = 0, returned_cases = 0;
  std::int64_t ret_busy = 0;     ///< workers inspecting (may exceed ret_on_duty after a shift end)
  std::int64_t ret_on_duty = 0;  ///< shift plan role 4 (returns.workers without pools)
  /// Units: decided to come back = in transit + queued + inspecting + refurbishing + restocked
  /// (sent to the stow flow, as they are or refurbished) + disposed of.
  std::int64_t ret_decided = 0, ret_in_transit = 0, ret_queued = 0, ret_inspecting = 0, ret_refurbishing = 0,
               ret_restocked = 0, ret_refurbished = 0, ret_disposed = 0;
  std::int64_t units_returned_in = 0;  ///< returned units that entered the stow flow
  RandomStream return_stream, return_inspect_stream, refurbish_stream;
  // ---- damage, record errors and pick exceptions (accuracy.cpp)
  bool accuracy = false;
  std::vector<std::int32_t> slot_stray;    ///< per stock record: its units in another bin of the pod
  std::vector<std::int32_t> slot_damaged;  ///< per stock record: damaged units the record counts
  std::vector<std::uint8_t> slot_flagged;  ///< per stock record: a pick exception found it short
  std::int64_t records_matching = 0, units_off = 0;
  std::int64_t dmg_unload = 0, dmg_stow = 0, dmg_pick = 0, dmg_pack = 0, dmg_unrecorded = 0, dmg_found = 0;
  std::int64_t dmg_in_bins = 0, stray_units = 0, shrunk = 0, wrong_bin_cases = 0, miscounted_cases = 0,
               miscount_net = 0, orders_short = 0, flagged = 0;
  std::int64_t exceptions = 0, units_short = 0, exc_resourced = 0, exc_waiting = 0;
  std::int64_t units_removed = 0;                     ///< disposed of or lost from storage (not picked)
  std::vector<std::int64_t> sku_removed;              ///< per SKU
  std::int64_t exc_measured = 0, lines_measured = 0;  ///< since the statistics reset
  std::vector<std::pair<std::uint32_t, std::int32_t>> exception_lines;  ///< pick_done scratch
  std::vector<std::int32_t> line_pack_damaged;  ///< per line: units damaged at packing (damage.pack)
  /// Units of line l in its package: picked less those damaged at packing.
  [[nodiscard]] std::int32_t packed_units(std::uint32_t l) const {
    return lines[l].picked - (l < line_pack_damaged.size() ? line_pack_damaged[l] : 0);
  }
  std::uint64_t shrink_events = 0;
  // ---- cycle counting (audit.cpp)
  enum CountState : std::uint8_t { kNotQueued, kCountQueued, kCountParked, kCountRunning };
  bool audit = false;
  std::vector<std::uint32_t> count_next;                 ///< per stock record: next in its queue or pod list
  std::vector<std::uint8_t> count_state;                 ///< per stock record: a CountState
  std::vector<std::uint32_t> pod_count_head;             ///< per pod: counts waiting for it to be in storage
  std::uint32_t due_head = kNone, due_tail = kNone;      ///< triggered counts, served first
  std::uint32_t sched_head = kNone, sched_tail = kNone;  ///< scheduled counts (ABC, bins per day)
  std::int64_t counts_waiting = 0, counters_busy = 0;    ///< queued or parked; counting
  std::int64_t count_on_duty = 0;                        ///< shift plan role 5 (audit.workers without pools)
  std::array<std::vector<std::uint32_t>, 3> class_records;  ///< stock records by SKU class
  std::array<std::size_t, 3> class_cursor{};
  std::array<double, 3> class_credit{};  ///< counts due but not yet queued (fractions of one)
  std::size_t all_cursor = 0;
  std::uint64_t count_serial = 0;
  std::int64_t counts_done = 0, discrepancies = 0, units_adjusted = 0, dmg_counted = 0;
  RandomStream count_stream;
  RandomStream unload_damage_stream, stow_damage_stream, pick_damage_stream, pack_damage_stream,
      miscount_stream, wrong_bin_stream, shrink_stream;
  // ---- traffic mode (traffic_flow.cpp)
  bool traffic_on = false;
  std::unique_ptr<TrafficPlanner> traffic;
  std::vector<Lane> lanes;  ///< per station
  std::vector<std::uint32_t> bfs_queue, bfs_stamp;
  std::vector<std::uint32_t> probe_cells;  ///< traffic_step_aside: the other robot's path
  std::vector<std::uint8_t> on_lane;       ///< [cell]: a station queue lane cell
  std::vector<std::uint32_t> avoid_stamp;  ///< [cell] == bfs_generation: on that path
  std::uint32_t bfs_generation = 0;
  std::int64_t traffic_plans = 0, traffic_failed = 0;
  void build_traffic();
  void traffic_leg(std::uint32_t r, CellId goal, bool loaded);
  void traffic_go(std::uint32_t r);
  void traffic_lifted(std::uint32_t r);
  void traffic_admit(std::uint32_t k);
  void traffic_arrived(std::uint32_t r);
  void traffic_left_station(std::uint32_t trip);
  void traffic_moved(std::uint32_t r);
  [[nodiscard]] std::uint32_t lane_back(std::uint32_t k) const;
  bool traffic_evade(std::uint32_t r, std::uint32_t avoid);
  /// True when robot r waits for a robot that waits (a chain of robots waiting for plans) for r,
  /// each link seen after the robot waited for came to rest where it stands.
  [[nodiscard]] bool traffic_deadlocked(std::uint32_t r) const;
  /// Resolves a deadlock: robot r steps aside to the nearest cell off the path the robot it
  /// waits for would take without it. False when there is no such cell or no plan to it.
  bool traffic_step_aside(std::uint32_t r);
  [[nodiscard]] std::uint32_t lane_cell(std::uint32_t k, std::uint64_t seq) const;
  void traffic_finish(SimTime end);
  /// Tables "congested_cells" and "congested_aisles": where robots waited most for each other.
  void append_congestion(stats::RunResult& result, SimTime end) const;
  /// Grids "traffic_occupancy" and "traffic_waiting".
  void append_traffic_grids(stats::RunResult& result, SimTime end) const;
  [[nodiscard]] std::string gridlock_message(std::uint32_t r) const;
  // ---- costs (costs.cpp); the accumulators run in every run, the KPIs exist with costs on
  std::array<stats::TimeWeighted, 6> paid;  ///< workers on duty by role (labour cost)
  stats::TimeWeighted holding_rate;         ///< holding cost per day of the stock on hand
};

}  // namespace whsim::model
