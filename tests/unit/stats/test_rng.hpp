// A tiny deterministic generator for stats tests (the stats layer does not depend on the
// kernel's random streams). SplitMix64 (Steele, Lea, Flood 2014): 64 random bits per call.
#pragma once

#include <cstdint>

namespace whsim::stats::test {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t operator()() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

}  // namespace whsim::stats::test
