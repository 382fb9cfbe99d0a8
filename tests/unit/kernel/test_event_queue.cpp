// One typed suite run against every future event set: ordering, ties, monotone interleaving,
// erase, and 10^6 random operations checked against a std::multiset reference.
#include <cstdint>
#include <set>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/kernel/event_queue.hpp"
#include "whsim/kernel/random.hpp"

namespace whsim {
namespace {

template <class Q>
class EventQueueTest : public ::testing::Test {};
using QueueTypes = ::testing::Types<QuaternaryHeap, DaryHeap<2>, DaryHeap<8>, RadixHeap, HybridQueue>;
TYPED_TEST_SUITE(EventQueueTest, QueueTypes);

using Key = std::tuple<std::int64_t, std::uint64_t, std::uint32_t>;
Key key_of(const QueueEntry& e) {
  return {e.time, e.order, e.slot};
}

TYPED_TEST(EventQueueTest, StartsEmpty) {
  TypeParam q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0U);
}

TYPED_TEST(EventQueueTest, PopsInTimeOrder) {
  TypeParam q;
  const std::vector<std::int64_t> times = {50, 10, 40, 20, 30, 0, 1000000, 7};
  std::uint64_t seq = 0;
  for (auto t : times) q.push(QueueEntry{t, ++seq, static_cast<std::uint32_t>(seq)});
  std::vector<std::int64_t> got;
  while (!q.empty()) {
    got.push_back(q.top().time);
    q.pop();
  }
  EXPECT_EQ(got, (std::vector<std::int64_t>{0, 7, 10, 20, 30, 40, 50, 1000000}));
}

TYPED_TEST(EventQueueTest, TiesFollowPriorityThenInsertionOrder) {
  TypeParam q;
  // Same time: lower priority value first, then insertion sequence (FIFO).
  const auto order = [](std::uint64_t prio, std::uint64_t seq) { return (prio << 56) | seq; };
  q.push(QueueEntry{5, order(128, 1), 1});
  q.push(QueueEntry{5, order(128, 2), 2});
  q.push(QueueEntry{5, order(10, 3), 3});
  q.push(QueueEntry{4, order(200, 4), 4});
  q.push(QueueEntry{5, order(128, 5), 5});
  std::vector<std::uint32_t> slots;
  while (!q.empty()) {
    slots.push_back(q.top().slot);
    q.pop();
  }
  EXPECT_EQ(slots, (std::vector<std::uint32_t>{4, 3, 1, 2, 5}));
}

TYPED_TEST(EventQueueTest, ManyEqualTimesKeepFifoOrder) {
  TypeParam q;
  for (std::uint32_t i = 1; i <= 5000; ++i) q.push(QueueEntry{42, i, i});
  for (std::uint32_t i = 1; i <= 5000; ++i) {
    ASSERT_EQ(q.top().slot, i);
    q.pop();
  }
  EXPECT_TRUE(q.empty());
}

TYPED_TEST(EventQueueTest, AcceptsTimeBelowPeekedMinimum) {
  // A simulation may peek at the next event (time 100), stop at time 50 and then schedule at 60.
  TypeParam q;
  q.push(QueueEntry{0, 1, 1});
  q.pop();
  q.push(QueueEntry{100, 2, 2});
  EXPECT_EQ(q.top().time, 100);
  q.push(QueueEntry{60, 3, 3});
  EXPECT_EQ(q.top().time, 60);
  q.pop();
  EXPECT_EQ(q.top().time, 100);
}

TYPED_TEST(EventQueueTest, EraseIfRemovesOnlyMatching) {
  TypeParam q;
  for (std::uint32_t i = 0; i < 2000; ++i)
    q.push(QueueEntry{static_cast<std::int64_t>((i * 7919) % 1000), i + 1, i});
  q.erase_if([](const QueueEntry& e) { return e.slot % 3 == 0; });
  EXPECT_EQ(q.size(), 2000U - 667U);
  QueueEntry prev{-1, 0, 0};
  while (!q.empty()) {
    const QueueEntry e = q.top();
    EXPECT_NE(e.slot % 3, 0U);
    EXPECT_TRUE(runs_before(prev, e));
    prev = e;
    q.pop();
  }
}

TYPED_TEST(EventQueueTest, MillionRandomOperationsMatchMultiset) {
  // Monotone use as in a simulation: pushes at now + random increment (often zero, to make ties),
  // pops interleaved, and the pending count swinging between a few and thousands.
  TypeParam q;
  std::multiset<Key> ref;
  RandomStreams streams(2024);
  RandomStream rs = streams.stream("test/queue");
  std::int64_t now = 0;
  std::uint64_t seq = 0;
  for (int op = 0; op < 1'000'000; ++op) {
    Draw d = rs.next_draw();
    const std::uint64_t phase = static_cast<std::uint64_t>(op / 100'000) % 2;  // grow, then shrink
    const bool push = ref.empty() || d.below(100) < (phase == 0 ? 60U : 40U);
    if (push) {
      const std::uint64_t r = d.below(10);
      const std::int64_t inc = r < 2 ? 0 : static_cast<std::int64_t>(d.below(r < 8 ? 1000 : 1'000'000'000));
      const QueueEntry e{now + inc, (d.below(3) << 56) | ++seq, static_cast<std::uint32_t>(seq)};
      q.push(e);
      ref.insert(key_of(e));
    } else {
      ASSERT_EQ(key_of(q.top()), *ref.begin()) << "operation " << op;
      now = q.top().time;
      q.pop();
      ref.erase(ref.begin());
    }
    ASSERT_EQ(q.size(), ref.size());
  }
  while (!ref.empty()) {
    ASSERT_EQ(key_of(q.top()), *ref.begin());
    q.pop();
    ref.erase(ref.begin());
  }
  EXPECT_TRUE(q.empty());
}

TEST(HybridQueueTest, SwitchesModesWithHysteresis) {
  HybridQueue q;
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < HybridQueue::kToRadix; ++i)
    q.push(QueueEntry{static_cast<std::int64_t>(i), ++seq, 0});
  EXPECT_FALSE(q.in_radix_mode());
  q.push(QueueEntry{1'000'000, ++seq, 0});
  EXPECT_TRUE(q.in_radix_mode());
  std::int64_t last = -1;
  while (q.size() >= HybridQueue::kToHeap) {
    EXPECT_GE(q.top().time, last);
    last = q.top().time;
    q.pop();
  }
  EXPECT_FALSE(q.in_radix_mode());
  while (!q.empty()) {
    EXPECT_GE(q.top().time, last);
    last = q.top().time;
    q.pop();
  }
}

}  // namespace
}  // namespace whsim
