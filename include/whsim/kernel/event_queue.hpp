// Future event set implementations behind one compile-time interface (the FutureEventSet
// concept). The engine owns the events; a queue holds only small entries (time, order, slot)
// and returns them in total order (time, priority, insertion sequence).
//
// Contract shared by every implementation (tested by one typed suite, tests/unit/kernel):
//   - top()/pop() return the entry with the smallest (time, order); order = priority << 56 | seq,
//     and seq is unique, so the order is total and never depends on addresses;
//   - push() may be given any time >= the time of the last popped entry (monotone use, as in a
//     simulation that never schedules into the past);
//   - no allocation once capacities have grown to the largest size seen (steady state).
//
// Costs (n pending; measured figures in docs/architecture.md):
//   DaryHeap<4>:  push O(log n), pop O(log n); fastest with few pending events.
//   RadixHeap:    push O(1), pop amortised O(log C) over the key range; cache-friendly at 10^6.
//   HybridQueue:  a 4-ary heap while small, a radix heap when large (hysteresis between them).
#pragma once

#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace whsim {

/// One pending event as the queue sees it.
struct QueueEntry {
  std::int64_t time = 0;    ///< SimTime ticks
  std::uint64_t order = 0;  ///< priority << 56 | insertion sequence
  std::uint32_t slot = 0;   ///< the event's slot in the engine's pool
};

/// True when a must run before b.
[[nodiscard]] inline bool runs_before(const QueueEntry& a, const QueueEntry& b) {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

template <class Q>
concept FutureEventSet = requires(Q q, const Q cq, const QueueEntry& e, std::size_t n) {
  q.push(e);
  { q.top() } -> std::same_as<const QueueEntry&>;  // precondition: !empty(); may reorganise
  q.pop();                                         // precondition: !empty()
  { cq.size() } -> std::convertible_to<std::size_t>;
  { cq.empty() } -> std::same_as<bool>;
  q.clear();
  q.reserve(n);
  q.erase_if([](const QueueEntry&) { return false; });  // drop entries (cancelled events)
};

/// Implicit D-ary min-heap with hole-based sift (no swaps).
template <unsigned kArity>
class DaryHeap {
  static_assert(kArity >= 2);

 public:
  void push(const QueueEntry& e) {
    std::size_t i = heap_.size();
    heap_.push_back(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!runs_before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  [[nodiscard]] const QueueEntry& top() const { return heap_.front(); }
  void pop() {
    const QueueEntry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  void clear() { heap_.clear(); }
  void reserve(std::size_t n) { heap_.reserve(n); }
  template <class Pred>
  void erase_if(Pred pred) {
    std::erase_if(heap_, pred);
    heapify();
  }
  /// Moves every entry out (unordered) and leaves the heap empty; for HybridQueue.
  template <class Fn>
  void drain(Fn fn) {
    for (const auto& e : heap_) fn(e);
    heap_.clear();
  }
  /// Appends entries without ordering them; call heapify() afterwards.
  void append_unordered(const QueueEntry& e) { heap_.push_back(e); }
  void heapify() {
    if (heap_.size() < 2) return;
    for (std::size_t i = (heap_.size() - 2) / kArity + 1; i-- > 0;) sift_down(i, heap_[i]);
  }

 private:
  void sift_down(std::size_t i, const QueueEntry e) {  // e by value: heap_[i] is overwritten
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = kArity * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c) {
        if (runs_before(heap_[c], heap_[best])) best = c;
      }
      if (!runs_before(heap_[best], e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }
  std::vector<QueueEntry> heap_;
};

using QuaternaryHeap = DaryHeap<4>;

/// Radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) on the time key, for monotone use. Entries
/// whose time is <= the last extracted minimum live in a small 4-ary "front" heap ordered by
/// (time, order), which keeps ties in insertion order and accepts times below a peeked (not yet
/// popped) minimum. Bucket b holds times whose highest bit differing from that minimum is b.
///
/// Buckets are chains of fixed-size chunks drawn from one shared pool, so memory is bounded by
/// (pending + 64 * 65) entries whatever the distribution of keys over buckets, and reserve(n)
/// sizes the pool so that no allocation happens while at most n entries are pending.
class RadixHeap {
 public:
  void push(const QueueEntry& e) {
    const std::uint64_t k = key(e.time);
    ++size_;
    if (k <= last_) {
      front_.push(e);
      return;
    }
    append(static_cast<unsigned>(63 - std::countl_zero(k ^ last_)), e);
  }
  [[nodiscard]] const QueueEntry& top() {
    if (front_.empty()) refill();
    return front_.top();
  }
  void pop() {
    if (front_.empty()) refill();
    front_.pop();
    --size_;
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  void clear() {
    front_.clear();
    for (unsigned b = 0; b < 64; ++b) release_bucket(b);
    size_ = 0;
  }
  void reserve(std::size_t n) {
    front_.reserve(n < 1024 ? n : 1024);
    const std::size_t chunks = n / kChunk + 66;
    if (chunks > chunks_.size()) {
      chunks_.reserve(chunks);
      while (chunks_.size() < chunks) {
        chunks_.emplace_back();
        chunks_.back().next = free_;
        free_ = static_cast<std::uint32_t>(chunks_.size() - 1);
      }
    }
  }
  template <class Pred>
  void erase_if(Pred pred) {
    front_.erase_if(pred);
    std::size_t n = front_.size();
    for (unsigned b = 0; b < 64; ++b) {
      if ((mask_ & (std::uint64_t{1} << b)) == 0) continue;
      // Re-append the survivors of bucket b into a fresh chain.
      std::uint32_t c = head_[b];
      head_[b] = kNone;
      mask_ &= ~(std::uint64_t{1} << b);
      while (c != kNone) {
        const std::uint32_t next = chunks_[c].next;
        for (std::uint32_t i = 0; i < chunks_[c].count; ++i) {
          const QueueEntry e = chunks_[c].items[i];  // a copy: append may grow chunks_
          if (!pred(e)) {
            append(b, e);
            ++n;
          }
        }
        free_chunk(c);
        c = next;
      }
    }
    size_ = n;
  }
  /// Moves every entry out (unordered); for HybridQueue. The key floor is kept.
  template <class Fn>
  void drain(Fn fn) {
    front_.drain(fn);
    for (unsigned b = 0; b < 64; ++b) {
      for (std::uint32_t c = head_[b]; c != kNone; c = chunks_[c].next) {
        for (std::uint32_t i = 0; i < chunks_[c].count; ++i) fn(chunks_[c].items[i]);
      }
      release_bucket(b);
    }
    size_ = 0;
  }
  /// Sets the key floor (all future pushes have time >= t); only valid while empty.
  void reset_floor(std::int64_t t) { last_ = key(t); }

 private:
  static constexpr std::uint32_t kChunk = 64;
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;
  struct Chunk {
    std::array<QueueEntry, kChunk> items;
    std::uint32_t count = 0;
    std::uint32_t next = kNone;  ///< older chunk of the same bucket, or next free chunk
  };

  /// Order-preserving map of signed ticks to unsigned keys.
  static std::uint64_t key(std::int64_t t) {
    return static_cast<std::uint64_t>(t) ^ (std::uint64_t{1} << 63);
  }
  std::uint32_t take_chunk() {
    if (free_ == kNone) reserve(chunks_.size() * kChunk * 2);  // grows only at a new maximum
    const std::uint32_t c = free_;
    free_ = chunks_[c].next;
    chunks_[c].count = 0;
    return c;
  }
  void free_chunk(std::uint32_t c) {
    chunks_[c].next = free_;
    free_ = c;
  }
  void append(unsigned b, const QueueEntry& e) {
    std::uint32_t c = head_[b];
    if (c == kNone || chunks_[c].count == kChunk) {
      const std::uint32_t fresh = take_chunk();
      chunks_[fresh].next = c;
      head_[b] = fresh;
      c = fresh;
      mask_ |= std::uint64_t{1} << b;
    }
    Chunk& chunk = chunks_[c];
    chunk.items[chunk.count++] = e;
  }
  void release_bucket(unsigned b) {
    std::uint32_t c = head_[b];
    while (c != kNone) {
      const std::uint32_t next = chunks_[c].next;
      free_chunk(c);
      c = next;
    }
    head_[b] = kNone;
    mask_ &= ~(std::uint64_t{1} << b);
  }
  void refill() {
    const auto b = static_cast<unsigned>(std::countr_zero(mask_));
    const std::uint32_t first = head_[b];
    std::uint64_t m = ~std::uint64_t{0};
    for (std::uint32_t c = first; c != kNone; c = chunks_[c].next) {
      for (std::uint32_t i = 0; i < chunks_[c].count; ++i) {
        const std::uint64_t k = key(chunks_[c].items[i].time);
        if (k < m) m = k;
      }
    }
    last_ = m;
    head_[b] = kNone;
    mask_ &= ~(std::uint64_t{1} << b);
    std::uint32_t c = first;
    while (c != kNone) {
      for (std::uint32_t i = 0; i < chunks_[c].count; ++i) {
        const QueueEntry e = chunks_[c].items[i];  // a copy: append may grow chunks_
        const std::uint64_t k = key(e.time);
        if (k == m) {
          front_.push(e);
        } else {
          append(static_cast<unsigned>(63 - std::countl_zero(k ^ m)), e);
        }
      }
      const std::uint32_t next = chunks_[c].next;
      free_chunk(c);
      c = next;
    }
  }

  QuaternaryHeap front_;
  std::vector<Chunk> chunks_;
  std::array<std::uint32_t, 64> head_ = filled_heads();
  std::uint32_t free_ = kNone;
  std::uint64_t mask_ = 0;
  std::uint64_t last_ = 0;
  std::size_t size_ = 0;

  static constexpr std::array<std::uint32_t, 64> filled_heads() {
    std::array<std::uint32_t, 64> a{};
    for (auto& x : a) x = kNone;
    return a;
  }
};

/// The default: a 4-ary heap while at most kToRadix events are pending, a radix heap above that,
/// and back to the heap below kToHeap. The gap between the two thresholds makes each switch's
/// O(n) move amortise to O(1) per operation.
class HybridQueue {
 public:
  static constexpr std::size_t kToRadix = 256;
  static constexpr std::size_t kToHeap = 64;

  void push(const QueueEntry& e) {
    if (radix_mode_) {
      radix_.push(e);
    } else {
      heap_.push(e);
      if (heap_.size() > kToRadix) to_radix();
    }
  }
  [[nodiscard]] const QueueEntry& top() { return radix_mode_ ? radix_.top() : heap_.top(); }
  void pop() {
    if (radix_mode_) {
      const std::int64_t t = radix_.top().time;
      radix_.pop();
      floor_ = t;
      if (radix_.size() < kToHeap) to_heap();
    } else {
      floor_ = heap_.top().time;
      heap_.pop();
    }
  }
  [[nodiscard]] std::size_t size() const { return radix_mode_ ? radix_.size() : heap_.size(); }
  [[nodiscard]] bool empty() const { return size() == 0; }
  void clear() {
    heap_.clear();
    radix_.clear();
    radix_mode_ = false;
  }
  void reserve(std::size_t n) {
    heap_.reserve(n < kToRadix + 1 ? n : kToRadix + 1);
    radix_.reserve(n);
  }
  template <class Pred>
  void erase_if(Pred pred) {
    if (radix_mode_) {
      radix_.erase_if(pred);
    } else {
      heap_.erase_if(pred);
    }
  }
  [[nodiscard]] bool in_radix_mode() const { return radix_mode_; }

 private:
  void to_radix() {
    // Every pending time is >= the last popped time (floor_), so it is a valid radix floor.
    radix_.reset_floor(floor_);
    heap_.drain([this](const QueueEntry& e) { radix_.push(e); });
    radix_mode_ = true;
  }
  void to_heap() {
    radix_.drain([this](const QueueEntry& e) { heap_.append_unordered(e); });
    heap_.heapify();
    radix_mode_ = false;
  }

  QuaternaryHeap heap_;
  RadixHeap radix_;
  std::int64_t floor_ = std::numeric_limits<std::int64_t>::min();
  bool radix_mode_ = false;
};

}  // namespace whsim
