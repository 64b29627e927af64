#include "record/segmenter.h"

#include <gtest/gtest.h>

namespace anninh::record {
namespace {

constexpr std::int64_t kFrame = 3600;  // 25 fps

TEST(SegmenterTest, DropsUntilTheFirstKeyframe) {
  Segmenter s;
  EXPECT_TRUE(s.OnPacket(true, false, 0).drop);
  EXPECT_TRUE(s.OnPacket(false, false, 10).drop);  // audio before video
  auto d = s.OnPacket(true, true, kFrame);
  EXPECT_FALSE(d.drop);
  EXPECT_TRUE(d.start_segment);
}

TEST(SegmenterTest, CutsOnTheFirstKeyframeAfterTheSegmentLength) {
  Segmenter s({/*segment_length=*/60 * 90'000, /*fragment_length=*/45'000});
  ASSERT_TRUE(s.OnPacket(true, true, 0).start_segment);
  int cuts = 0;
  std::int64_t cut_at = -1;
  // 70 s with a keyframe every 2 s (50 frames).
  for (int i = 1; i < 25 * 70; ++i) {
    auto d = s.OnPacket(true, i % 50 == 0, i * kFrame);
    if (d.start_segment) {
      ++cuts;
      if (cut_at < 0) cut_at = i * kFrame;
    }
  }
  EXPECT_EQ(cuts, 1);
  EXPECT_EQ(cut_at, 60 * 90'000);  // exactly at 60 s: a keyframe falls there
}

TEST(SegmenterTest, LongGopWaitsForTheNextKeyframe) {
  Segmenter s({90'000, 45'000});  // 1 s segments
  s.OnPacket(true, true, 0);
  // Keyframes every 4 s: the cut comes at 4 s, not 1 s.
  for (int i = 1; i < 100; ++i) {
    auto d = s.OnPacket(true, i % 100 == 0, i * kFrame);
    EXPECT_FALSE(d.start_segment) << i;
  }
  EXPECT_TRUE(s.OnPacket(true, true, 100 * kFrame).start_segment);
}

TEST(SegmenterTest, FragmentsEndEveryFragmentLengthEvenMidGop) {
  Segmenter s({60 * 90'000, 45'000});
  s.OnPacket(true, true, 0);
  std::vector<int> flushes;
  for (int i = 1; i <= 50; ++i) {
    if (s.OnPacket(true, i % 25 == 0, i * kFrame).flush_fragment) flushes.push_back(i);
  }
  // 45,000 ticks = 12.5 frames: a flush at frames 13, 26, 39 (each 13 frames later).
  EXPECT_EQ(flushes, (std::vector<int>{13, 26, 39}));
}

TEST(SegmenterTest, ResetWaitsForAKeyframeAgain) {
  Segmenter s;
  s.OnPacket(true, true, 0);
  s.Reset();
  EXPECT_TRUE(s.OnPacket(true, false, kFrame).drop);
  EXPECT_TRUE(s.OnPacket(true, true, 2 * kFrame).start_segment);
}

}  // namespace
}  // namespace anninh::record
