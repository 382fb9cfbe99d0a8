// Typed integer ids: cross-references between entities are ids into contiguous arrays, never
// pointers, so a RobotId cannot be passed where a PodId is meant and order never depends on
// addresses.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>

namespace whsim {

template <class Tag, class Rep = std::uint32_t>
class Id {
 public:
  using rep_type = Rep;
  constexpr Id() = default;
  constexpr explicit Id(Rep value) : value_(value) {}
  [[nodiscard]] static constexpr Id invalid() { return Id(); }
  [[nodiscard]] constexpr Rep value() const { return value_; }
  [[nodiscard]] constexpr bool valid() const { return value_ != kInvalid; }
  /// The id as an array index (asserting validity is the caller's job).
  [[nodiscard]] constexpr std::size_t index() const { return static_cast<std::size_t>(value_); }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  static constexpr Rep kInvalid = std::numeric_limits<Rep>::max();
  Rep value_ = kInvalid;
};

}  // namespace whsim
