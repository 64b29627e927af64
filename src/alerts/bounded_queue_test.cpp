#include "alerts/bounded_queue.h"

#include <gtest/gtest.h>

namespace anninh::alerts {
namespace {

using std::chrono::milliseconds;

TEST(BoundedQueueTest, FullQueueDropsTheOldest) {
  BoundedQueue<int> q(3);
  EXPECT_FALSE(q.Push(1));
  EXPECT_FALSE(q.Push(2));
  EXPECT_FALSE(q.Push(3));
  EXPECT_TRUE(q.Push(4));
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.Pop(milliseconds(0)), 2);
  EXPECT_EQ(q.Pop(milliseconds(0)), 3);
  EXPECT_EQ(q.Pop(milliseconds(0)), 4);
  EXPECT_EQ(q.Pop(milliseconds(0)), std::nullopt);
}

TEST(BoundedQueueTest, PushFrontGoesFirstUnlessFull) {
  BoundedQueue<int> q(2);
  q.Push(2);
  EXPECT_FALSE(q.PushFront(1));
  EXPECT_TRUE(q.PushFront(0)) << "full: the item put back is the oldest, so it is the one dropped";
  EXPECT_EQ(q.Pop(milliseconds(0)), 1);
  EXPECT_EQ(q.Pop(milliseconds(0)), 2);
}

TEST(BoundedQueueTest, CloseDrainsThenEnds) {
  BoundedQueue<int> q(2);
  q.Push(1);
  q.Close();
  EXPECT_EQ(q.Pop(milliseconds(1000)), 1);
  EXPECT_EQ(q.Pop(milliseconds(1000)), std::nullopt);
  EXPECT_TRUE(q.closed());
}

}  // namespace
}  // namespace anninh::alerts
