// Run fingerprint: a 64-bit hash folded over the executed events, in order. Two runs with the
// same fingerprint executed the same events at the same times (up to 2^-64 collisions); any
// change of behaviour changes it. Inspired by OMNeT++'s cFingerprint.
#pragma once

#include <bit>
#include <cstdint>

namespace whsim {

class Fingerprint {
 public:
  /// Folds one event: its ordinal among fingerprinted events, time, kind, target and entity.
  void add(std::uint64_t ordinal, std::int64_t time, std::uint32_t kind, std::uint64_t target_hash,
           std::uint64_t entity) {
    // The four words are spread by independent multiplies (they overlap in the pipeline), then
    // one strong mix folds them into the running state, which makes the hash order-dependent.
    const std::uint64_t w = ordinal * 0x9E3779B97F4A7C15ULL +
                            std::rotl(static_cast<std::uint64_t>(time) * 0xC2B2AE3D27D4EB4FULL, 17) +
                            std::rotl((target_hash ^ kind) * 0x165667B19E3779F9ULL, 31) +
                            std::rotl(entity * 0xD6E8FEB86659FD93ULL, 47);
    mix(w);
  }
  /// Folds an arbitrary word (for models that want to add state checks).
  void mix(std::uint64_t word) {
    std::uint64_t z = state_ ^ (word + 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    state_ = z ^ (z >> 31);
  }
  [[nodiscard]] std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 0x6A09E667F3BCC908ULL;  // fractional bits of sqrt(2): a nothing-up-my-sleeve start
};

}  // namespace whsim
