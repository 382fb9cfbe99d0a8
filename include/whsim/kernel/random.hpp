// Named random streams over Philox4x32-10 (docs/adr/0002-random-streams.md).
//
// A stream's key is derived from (master seed, replication, stable name), so adding a stream never
// changes another stream's draws. A stream produces *draws*; each draw is its own counter block,
// (draw index or entity, index) -> a private sequence of uniforms. A distribution takes one Draw
// and may consume any number of uniforms from it (rejection samplers), without shifting the next
// draw. Draws that belong to an entity (the pick time of order line 4711) are keyed by that
// entity, so two scenarios that differ elsewhere give it the same value (common random numbers).
//
// Counter layout (c0, c1, c2, c3):
//   sequential draw n:          (block, 0xFFFFFFFF,  low32(n),      high32(n))
//   keyed draw (entity, index): (block, index,        low32(entity), high32(entity)), index < 2^32-1
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/kernel/philox.hpp"

namespace whsim {

/// A private sequence of uniforms for one random variate. Cheap to copy; not thread-shared.
class Draw {
 public:
  Draw(PhiloxKey key, std::uint32_t c1, std::uint32_t c2, std::uint32_t c3)
      : key_(key), c1_(c1), c2_(c2), c3_(c3) {}
  /// A draw whose first block (block 0) was computed ahead of time by the stream.
  Draw(PhiloxKey key, std::uint32_t c1, std::uint32_t c2, std::uint32_t c3, const PhiloxCounter& block0)
      : key_(key), c1_(c1), c2_(c2), c3_(c3), block_(1), pos_(0), buf_(block0) {}

  /// 64 random bits.
  [[nodiscard]] std::uint64_t bits64() {
    if (pos_ >= 4) refill();
    const std::uint64_t lo = buf_[pos_];
    const std::uint64_t hi = buf_[pos_ + 1];
    pos_ += 2;
    return (hi << 32) | lo;
  }
  /// 32 random bits.
  [[nodiscard]] std::uint32_t bits32() {
    if (pos_ >= 4) refill();
    return buf_[pos_++];
  }
  /// Uniform on [0, 1) with 53 random bits.
  [[nodiscard]] double uniform() { return static_cast<double>(bits64() >> 11) * 0x1.0p-53; }
  /// Uniform on (0, 1] with 53 random bits (safe to take the log of).
  [[nodiscard]] double uniform_pos() { return static_cast<double>((bits64() >> 11) + 1) * 0x1.0p-53; }
  /// Uniform integer in [0, n) without modulo bias (Lemire's method); n > 0.
  [[nodiscard]] std::uint64_t below(std::uint64_t n);

 private:
  void refill() {
    buf_ = philox4x32_10({block_++, c1_, c2_, c3_}, key_);
    pos_ = 0;
  }
  PhiloxKey key_;
  std::uint32_t c1_;
  std::uint32_t c2_;
  std::uint32_t c3_;
  std::uint32_t block_ = 0;
  std::uint32_t pos_ = 4;
  PhiloxCounter buf_{};
};

/// A named stream: a key plus the index of the next sequential draw. Obtained once from
/// RandomStreams when a model is built and kept by value; drawing never looks anything up.
class RandomStream {
 public:
  RandomStream() = default;
  explicit RandomStream(PhiloxKey key) : key_(key) {}

  /// The next sequential draw. The first block of the next kAhead sequential draws is computed
  /// in one batch (the values are exactly those computed one by one; only the timing differs), so
  /// the generator's latency stays off the simulation's critical path.
  [[nodiscard]] Draw next_draw() {
    const std::uint64_t n = next_++;
    const auto lane = static_cast<std::size_t>(n % kAhead);
    if (lane == 0 || !ahead_valid_) fill_ahead(n - lane);
    return Draw(key_, kSequentialLane, static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(n >> 32),
                {ahead_.c0[lane], ahead_.c1[lane], ahead_.c2[lane], ahead_.c3[lane]});
  }
  /// The draw that belongs to (entity, index): independent of how many other draws were made.
  [[nodiscard]] Draw draw_for(std::uint64_t entity, std::uint32_t index = 0) const;
  /// Shorthand for next_draw().uniform().
  [[nodiscard]] double uniform() { return next_draw().uniform(); }

  [[nodiscard]] PhiloxKey key() const { return key_; }
  [[nodiscard]] std::uint64_t draws_made() const { return next_; }

 private:
  static constexpr std::uint32_t kSequentialLane = 0xFFFFFFFFU;
  static constexpr std::size_t kAhead = 8;
  void fill_ahead(std::uint64_t first);

  PhiloxKey key_{};
  std::uint64_t next_ = 0;
  bool ahead_valid_ = false;
  PhiloxBatch<kAhead> ahead_;
};

/// Hands out streams keyed by (master seed, replication, name). Each name may be taken once per
/// registry (two live copies of one stream would repeat each other's draws).
class RandomStreams {
 public:
  /// replication selects an independent family of streams (only its low 32 bits are used).
  explicit RandomStreams(std::uint64_t master_seed, std::uint64_t replication = 0)
      : seed_(master_seed), replication_(replication) {}

  /// The stream with this stable name, e.g. "orders/arrivals" or "robot/17/battery".
  /// Throws ContractError when the name was already taken from this registry.
  [[nodiscard]] RandomStream stream(std::string_view name);
  /// The key a name maps to (pure function of seed, replication and name).
  [[nodiscard]] PhiloxKey key_for(std::string_view name) const;

  [[nodiscard]] std::uint64_t master_seed() const { return seed_; }
  [[nodiscard]] std::uint64_t replication() const { return replication_; }
  /// Names taken so far, in the order they were taken.
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
  std::vector<std::string> names_;
  std::vector<std::uint64_t> hashes_;  // FNV-1a of each taken name, sorted, for duplicate checks
};

/// 64-bit FNV-1a hash of a name (stable across platforms and releases).
[[nodiscard]] constexpr std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace whsim
