// Stream key derivation and keyed draws.
#include "whsim/kernel/random.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "whsim/core/error.hpp"

namespace whsim {

namespace {
__extension__ using Uint128 = unsigned __int128;  // g++/clang built-in, exact 64x64->128 product
}  // namespace

std::uint64_t Draw::below(std::uint64_t n) {
  // Lemire's nearly-divisionless method on 64 bits; rejection stays inside this draw.
  Uint128 m = static_cast<Uint128>(bits64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<Uint128>(bits64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

void RandomStream::fill_ahead(std::uint64_t first) {
  for (std::size_t i = 0; i < kAhead; ++i) {
    const std::uint64_t n = first + i;
    ahead_.c0[i] = 0;  // block 0 of draw n
    ahead_.c1[i] = kSequentialLane;
    ahead_.c2[i] = static_cast<std::uint32_t>(n);
    ahead_.c3[i] = static_cast<std::uint32_t>(n >> 32);
  }
  ahead_.run(key_);
  ahead_valid_ = true;
}

Draw RandomStream::draw_for(std::uint64_t entity, std::uint32_t index) const {
  if (index == kSequentialLane) throw ContractError("keyed draw index 0xFFFFFFFF is reserved");
  return Draw(key_, index, static_cast<std::uint32_t>(entity), static_cast<std::uint32_t>(entity >> 32));
}

PhiloxKey RandomStreams::key_for(std::string_view name) const {
  // The stream key is Philox itself applied to the name's hash under the master seed: a keyed
  // pseudo-random function, so related names give unrelated keys.
  const std::uint64_t h = fnv1a64(name);
  constexpr std::uint32_t kDomain = 0x5354524DU;  // "STRM": separates key derivation from draws
  const PhiloxCounter out =
      philox4x32_10({static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(h >> 32), kDomain,
                     static_cast<std::uint32_t>(replication_)},
                    {static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32)});
  return {out[0], out[1]};
}

RandomStream RandomStreams::stream(std::string_view name) {
  if (name.empty()) throw ContractError("random stream names must not be empty");
  const std::uint64_t h = fnv1a64(name);
  auto it = std::lower_bound(hashes_.begin(), hashes_.end(), h);
  if (it != hashes_.end() && *it == h) {
    throw ContractError(
        fmt::format("random stream '{}' was already taken (or its name hash collides)", name));
  }
  hashes_.insert(it, h);
  names_.emplace_back(name);
  return RandomStream(key_for(name));
}

}  // namespace whsim
