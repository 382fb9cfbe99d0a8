// Damage, record errors and pick exceptions (docs/model.md, "Damage and record accuracy"): member
// functions of Warehouse::Impl that run only when accuracy is on.
//
// Every stock record (one SKU in one bin of one pod) has two truths: the record, what the system
// believes, and the physical units that a picker finds there. Damage at a handling step removes a
// unit (disposed of), unless nobody notices it: then it stays in the bin, counted by the record.
// Record errors move the two apart: a case stowed into the wrong bin of its pod, a miscount at
// receiving, unnoticed damage, shrinkage. Picking promises units from the record; a picker who
// finds the bin short raises a pick exception: the units not found are written off the record, the
// bin is flagged, and the line is served again from another pod or waits for stock. The number of
// records whose record equals the physical stock (IRA) is kept up to date on every change.
//
// Every draw is keyed by the case, the line, the order or the loss, so switching accuracy on
// changes no draw of the rest of the run; with every rate 0 no event changes.
#include <algorithm>
#include <cstdlib>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"

#include "warehouse_impl.hpp"

namespace whsim::model {

void Warehouse::Impl::build_accuracy() {
  const AccuracyConfig& a = cfg.accuracy;
  for (const double p : {a.damage_unload, a.damage_stow, a.damage_pick, a.damage_pack, a.unrecorded_damage,
                         a.wrong_bin, a.miscount, a.shrinkage}) {
    if (!(p >= 0) || p > 1) throw ContractError("damage and record error rates must be shares");
  }
  if (a.miscount_max < 1 || a.miscount_max > 1000000) throw ContractError("miscount_max out of range");
  if (!inbound && (a.damage_unload > 0 || a.damage_stow > 0 || a.wrong_bin > 0 || a.miscount > 0))
    throw ContractError("unload and stow damage, wrong-bin stows and miscounts need inbound");
  if (!outbound && a.damage_pack > 0) throw ContractError("packing damage needs outbound");
  slot_stray.assign(slots.size(), 0);
  slot_damaged.assign(slots.size(), 0);
  slot_flagged.assign(slots.size(), 0);
  records_matching = static_cast<std::int64_t>(slots.size());  // the pods are stocked by the record
  sku_removed.assign(sku_initial.size(), 0);
  exception_lines.reserve(64);
  if (a.shrinkage > 0) schedule_shrinkage();
  record_accuracy_levels();
}

void Warehouse::Impl::record_accuracy_levels() {
  const SimTime now = engine.now();
  rec.level(
      kpis.ira, now,
      static_cast<double>(records_matching) / static_cast<double>(std::max<std::size_t>(1, slots.size())));
  rec.level(kpis.units_off, now, static_cast<double>(units_off));
}

void Warehouse::Impl::record_off(std::uint32_t slot, std::int32_t before) {
  const std::int32_t after = off_by(slot);
  if (after == before) return;
  records_matching += (after == 0 ? 1 : 0) - (before == 0 ? 1 : 0);
  units_off += std::abs(after) - std::abs(before);
  record_accuracy_levels();
}

void Warehouse::Impl::stock_removed(std::uint32_t slot, std::int32_t units) {
  if (units <= 0) return;
  const Slot& sl = slots[slot];
  on_hand -= units;
  units_removed += units;
  sku_removed[sl.sku] += units;
  rec.level(kpis.stock_on_hand, engine.now(), static_cast<double>(on_hand));
  if (inventory_kpis) stock_picked(sl.pod, sl.sku, units);  // pod room, volume and holding follow
}

void Warehouse::Impl::receive_errors(std::uint32_t c) {
  const AccuracyConfig& a = cfg.accuracy;
  Case& cs = cases[c];
  bool disposed = false;
  if (a.damage_unload > 0 && cs.units > 0) {
    // Each unit was damaged at unloading with the rate; the receiver finds it (disposed of) unless
    // the damage goes unnoticed.
    Draw d = unload_damage_stream.draw_for(cs.serial);
    std::int32_t found = 0;
    std::int32_t missed = 0;
    for (std::int32_t u = 0; u < cs.units; ++u) {
      if (d.uniform() >= a.damage_unload) continue;
      if (a.unrecorded_damage > 0 && d.uniform() < a.unrecorded_damage) {
        ++missed;
      } else {
        ++found;
      }
    }
    cs.damaged = missed;
    if (found > 0) {
      cs.units -= found;
      cs.volume = sku_volume[cs.sku] * cs.units;
      dmg_unload += found;
      inflow_units -= found;
      sku_pipeline[cs.sku] -= found;
      rec.count(kpis.damage_unload, found);
      disposed = true;
    }
  }
  if (a.miscount > 0 && cs.units > 0) {
    // The receiver records 1 to miscount_max units too many or too few (never below zero).
    Draw d = miscount_stream.draw_for(cs.serial);
    if (d.uniform() < a.miscount) {
      const auto by = static_cast<std::int32_t>(std::min<double>(
          static_cast<double>(a.miscount_max), 1 + d.uniform() * static_cast<double>(a.miscount_max)));
      const std::int32_t delta = d.uniform() < 0.5 ? std::max(-by, -cs.units) : by;
      if (delta != 0) {
        cs.miscount = delta;
        ++miscounted_cases;
        miscount_net += delta;
        rec.count(kpis.miscounted_cases);
      }
    }
  }
  // Last (the units disposed of leave the pipeline): a reorder may ship a purchase order at once,
  // whose new cases may move `cases`.
  if (disposed) check_reorder(cases[c].sku);
}

std::int32_t Warehouse::Impl::stow_with_errors(std::uint32_t c, std::uint32_t slot, std::int32_t& recorded) {
  const AccuracyConfig& a = cfg.accuracy;
  const Case& cs = cases[c];
  const std::int32_t before = off_by(slot);
  std::int32_t found = 0;
  std::int32_t missed = 0;
  if (a.damage_stow > 0) {
    Draw d = stow_damage_stream.draw_for(cs.serial);
    for (std::int32_t u = cs.damaged; u < cs.units; ++u) {
      if (d.uniform() >= a.damage_stow) continue;
      if (a.unrecorded_damage > 0 && d.uniform() < a.unrecorded_damage) {
        ++missed;
      } else {
        ++found;
      }
    }
  }
  if (found > 0) {
    dmg_stow += found;
    rec.count(kpis.damage_stow, found);
  }
  const std::int32_t in = cs.units - found;  // into the pod
  const std::int32_t damaged = cs.damaged + missed;
  const std::int32_t good = in - damaged;
  // The record takes what receiving counted, less what the stower disposed of.
  recorded = std::max(0, cs.units + cs.miscount - found);
  Slot& sl = slots[slot];
  sl.record += recorded;
  if (a.wrong_bin > 0 && wrong_bin_stream.draw_for(cs.serial).uniform() < a.wrong_bin) {
    // Into another bin of the pod: the units are in the pod, not where the record says.
    slot_stray[slot] += good;
    stray_units += good;
    ++wrong_bin_cases;
    rec.count(kpis.wrong_bin_cases);
  } else {
    sl.physical += good;
  }
  slot_damaged[slot] += damaged;
  dmg_in_bins += damaged;
  dmg_unrecorded += damaged;
  record_off(slot, before);
  return in;
}

std::int32_t Warehouse::Impl::pick_with_errors(const Pick& pk) {
  const AccuracyConfig& a = cfg.accuracy;
  Slot& sl = slots[pk.slot];
  const std::int32_t before = off_by(pk.slot);
  const std::int32_t available_before = sl.available();
  const std::int32_t record_before = sl.record;
  sl.reserved -= pk.units;
  std::int32_t removed = 0;
  // Damaged units the record counts as good are found in the bin, reported and disposed of.
  if (slot_damaged[pk.slot] > 0) {
    const std::int32_t d = slot_damaged[pk.slot];
    slot_damaged[pk.slot] = 0;
    dmg_in_bins -= d;
    dmg_found += d;
    rec.count(kpis.damage_found, d);
    sl.record = std::max(0, sl.record - d);
    removed += d;
  }
  // Units damaged in the picker's hands are disposed of; the picker takes another one.
  std::int32_t got = 0;
  // Keyed by the record and the line (a line found short draws afresh at its next pod).
  Draw d = pick_damage_stream.draw_for((std::uint64_t{pk.slot} << 32) | pk.line,
                                       static_cast<std::uint32_t>(lines[pk.line].picked));
  while (got < pk.units && sl.physical > 0) {
    --sl.physical;
    if (a.damage_pick > 0 && d.uniform() < a.damage_pick) {
      ++dmg_pick;
      rec.count(kpis.damage_pick);
      sl.record = std::max(0, sl.record - 1);
      ++removed;
    } else {
      ++got;
    }
  }
  // The promised units leave the record: those picked and those not found (written off).
  sl.record = std::max(0, sl.record - pk.units);
  const std::uint32_t sku = sl.sku;
  sku_available[sku] += sl.available() - available_before;
  if (inventory_kpis && sl.record - record_before + got != 0)
    stock_changed(sku, sl.record - record_before + got);
  stock_removed(pk.slot, removed);
  if (got < pk.units) {
    const std::int32_t short_units = pk.units - got;
    ++exceptions;
    ++exc_measured;
    units_short += short_units;
    rec.count(kpis.pick_exceptions);
    rec.count(kpis.units_short, short_units);
    if (slot_flagged[pk.slot] == 0) {
      slot_flagged[pk.slot] = 1;
      ++flagged;
    }
    exception_lines.emplace_back(pk.line, short_units);
    if (audit && cfg.accuracy.audit.on_pick_exception) enqueue_count(pk.slot, true);
  }
  if (audit && cfg.accuracy.audit.on_zero_record && record_before > 0 && sl.record == 0)
    enqueue_count(pk.slot, true);
  record_off(pk.slot, before);
  if (inventory_kpis) check_reorder(sku);
  return got;
}

void Warehouse::Impl::reopen_exception_lines() {
  // Each line found short goes back to its station's waiting lines for the units not found:
  // another pod's trip takes them now, or the line waits for stock.
  for (std::size_t i = 0; i < exception_lines.size(); ++i) {
    const auto [l, short_units] = exception_lines[i];
    Line& line = lines[l];
    const std::uint32_t sku = line.sku;
    sku_promised[sku] += short_units;
    if (line.unassigned == 0) {
      ++lines_waiting;
      rec.level(kpis.lines_waiting, engine.now(), static_cast<double>(lines_waiting));
      Station& st = stations[line.station];
      line.st_prev = kNone;
      line.st_next = st.waiting_lines;
      if (st.waiting_lines != kNone) lines[st.waiting_lines].st_prev = l;
      st.waiting_lines = l;
    }
    line.unassigned += short_units;
    if (!line.in_wait) push_wait(l);
    serve_line(l);
    if (lines[l].unassigned == 0) {
      ++exc_resourced;
      rec.count(kpis.exceptions_resourced);
    } else {
      ++exc_waiting;
      rec.count(kpis.exceptions_waiting);
    }
  }
  exception_lines.clear();
}

void Warehouse::Impl::pack_damage(std::uint32_t o) {
  Draw d = pack_damage_stream.draw_for(o);
  std::int64_t damaged = 0;
  // Per line (returns send back and the package holds only the rest); grown with the line table.
  if (line_pack_damaged.size() < lines.size()) line_pack_damaged.resize(lines.capacity(), 0);
  for (std::uint32_t l = orders[o].first_line; l < orders[o].first_line + orders[o].lines; ++l) {
    std::int32_t n = 0;
    for (std::int32_t u = 0; u < lines[l].picked; ++u) n += d.uniform() < cfg.accuracy.damage_pack ? 1 : 0;
    line_pack_damaged[l] = n;
    damaged += n;
  }
  if (damaged == 0) return;
  dmg_pack += damaged;
  ++orders_short;
  rec.count(kpis.damage_pack, damaged);
  rec.count(kpis.orders_short);
}

void Warehouse::Impl::schedule_shrinkage() {
  // A Poisson process at the rate per unit and day times the units in storage now.
  const double per_second =
      cfg.accuracy.shrinkage / 86400.0 * static_cast<double>(std::max<std::int64_t>(on_hand, 1));
  const double e = -dmath::log(shrink_stream.draw_for(shrink_events).uniform_pos()) / per_second;
  engine.schedule_after(Duration::from_seconds(std::min(e, 3.0e9)), EventSpec{id, kShrinkage, 0});
}

void Warehouse::Impl::shrinkage() {
  // A unit disappears from a stock record holding stock: the first from a random one (none is
  // lost when storage is empty).
  Draw d = shrink_stream.draw_for(shrink_events, 1);
  ++shrink_events;
  const std::size_t n = slots.size();
  const std::size_t start = std::min(n - 1, static_cast<std::size_t>(d.uniform() * static_cast<double>(n)));
  for (std::size_t i = 0; i < n && on_hand > 0; ++i) {
    const auto s = static_cast<std::uint32_t>((start + i) % n);
    if (slots[s].physical <= 0) continue;
    const std::int32_t before = off_by(s);
    --slots[s].physical;
    ++shrunk;
    rec.count(kpis.shrinkage_units);
    record_off(s, before);
    stock_removed(s, 1);
    break;
  }
  schedule_shrinkage();
}

}  // namespace whsim::model
