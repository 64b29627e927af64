#include "ingest/timeline.h"

#include <gtest/gtest.h>

namespace anninh::ingest {
namespace {

constexpr WallNs kWall = 1'000'000'000'000;

TEST(TimelineTest, StartsAtZeroAnchoredToWallClock) {
  Timeline t;
  t.Start(kWall, 1);
  auto a = t.Map(0, 123'456, 123'456);
  EXPECT_EQ(a.dts, 0);
  EXPECT_EQ(a.wall, kWall);
  auto b = t.Map(0, 123'456 + 3600, 123'456 + 3600);
  EXPECT_EQ(b.dts, 3600);
  EXPECT_EQ(b.wall, kWall + 40'000'000);  // 3600 ticks at 90 kHz = 40 ms
  EXPECT_FALSE(b.repaired);
  EXPECT_EQ(t.discontinuities(), 0);
}

TEST(TimelineTest, BackwardsTimestampIsRepairedAndCounted) {
  Timeline t;
  t.Start(kWall, 1);
  t.Map(0, 1000, 1000);
  t.Map(0, 4600, 4600);
  auto back = t.Map(0, 100, 100);  // the camera's clock went back
  EXPECT_TRUE(back.repaired);
  EXPECT_EQ(back.dts, 7200);  // one typical interval after the last packet
  EXPECT_EQ(t.Map(0, 3700, 3700).dts, 10'800);  // and later packets follow from there
  EXPECT_EQ(t.discontinuities(), 1);
}

TEST(TimelineTest, ForwardLeapBeyondMaxJumpIsRepaired) {
  Timeline t(90'000);  // 1 s
  t.Start(kWall, 1);
  t.Map(0, 0, 0);
  t.Map(0, 3600, 3600);
  auto leap = t.Map(0, 3600 + 3600 * 1000, 3600 + 3600 * 1000);
  EXPECT_TRUE(leap.repaired);
  EXPECT_EQ(leap.dts, 7200);
  // A short loss (half a second) is real time passing and is kept.
  auto small = t.Map(0, 3600 + 3600 * 1000 + 45'000, 3600 + 3600 * 1000 + 45'000);
  EXPECT_FALSE(small.repaired);
  EXPECT_EQ(small.dts, 7200 + 45'000);
}

TEST(TimelineTest, RepeatedTimestampStaysStrictlyIncreasing) {
  Timeline t;
  t.Start(kWall, 1);
  t.Map(0, 0, 0);
  t.Map(0, 3600, 3600);
  auto same = t.Map(0, 3600, 3600);
  EXPECT_GT(same.dts, 3600);
}

TEST(TimelineTest, AudioAndVideoShareTheAnchor) {
  Timeline t;
  t.Start(kWall, 2);
  EXPECT_EQ(t.Map(0, 90'000, 90'000).dts, 0);
  EXPECT_EQ(t.Map(1, 90'000 + 1800, Timeline::kNoTs).dts, 1800);  // audio 20 ms later
}

TEST(TimelineTest, PtsKeepsItsOffsetFromDts) {
  Timeline t;
  t.Start(kWall, 1);
  auto a = t.Map(0, 500, 500 + 7200);  // B-frame reordering delay
  EXPECT_EQ(a.pts - a.dts, 7200);
}

TEST(TimelineTest, LoopedFileContinuesWithoutDiscontinuity) {
  Timeline t;
  t.Start(kWall, 1);
  t.Map(0, 0, 0);
  t.Map(0, 3600, 3600);
  t.ContinueAfterLoop();
  auto again = t.Map(0, 0, 0);
  EXPECT_EQ(again.dts, 7200);
  EXPECT_FALSE(again.repaired);
  EXPECT_EQ(t.discontinuities(), 0);
}

TEST(TimelineTest, MissingTimestampsContinueFromLast) {
  Timeline t;
  t.Start(kWall, 1);
  t.Map(0, 0, 0);
  t.Map(0, 3600, 3600);
  auto none = t.Map(0, Timeline::kNoTs, Timeline::kNoTs);
  EXPECT_EQ(none.dts, 7200);
}

}  // namespace
}  // namespace anninh::ingest
