// Message helpers: alternatives lists and "did you mean" matching.
#include <array>
#include <string_view>

#include <gtest/gtest.h>

#include "whsim/core/text.hpp"

namespace whsim {
namespace {

TEST(TextTest, JoinAlternatives) {
  EXPECT_EQ(join_alternatives({}), "");
  const std::array<std::string_view, 1> one{"a"};
  EXPECT_EQ(join_alternatives(one), "a");
  const std::array<std::string_view, 2> two{"a", "b"};
  EXPECT_EQ(join_alternatives(two), "a or b");
  const std::array<std::string_view, 3> three{"exp", "det", "uniform"};
  EXPECT_EQ(join_alternatives(three), "exp, det or uniform");
}

TEST(TextTest, ClosestMatch) {
  const std::array<std::string_view, 5> keys{"start", "horizon", "warmup", "seed", "sample_interval"};
  EXPECT_EQ(closest_match("horizn", keys), "horizon");
  EXPECT_EQ(closest_match("sede", keys), "seed");  // a transposition
  EXPECT_EQ(closest_match("warm_up", keys), "warmup");
  EXPECT_FALSE(closest_match("colour", keys).has_value());  // too far from every key
  EXPECT_FALSE(closest_match("x", {}).has_value());
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
}

}  // namespace
}  // namespace whsim
