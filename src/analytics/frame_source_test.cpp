#include "analytics/frame_source.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavcodec/packet.h>
}

#include <gtest/gtest.h>

#include "support/synthetic_video.h"

namespace anninh::analytics {
namespace {

TEST(FrameSource, DecodesAtTheAnalysisRateAndScalesToSmallGrey) {
  anninh::testing::SyntheticVideo video(640, 360, 25, 25);
  FrameSource source({.fps = 5, .width = 160});
  ASSERT_TRUE(source.Start(video.info()));
  GreyFrame frame;
  int pictures = 0;
  std::vector<std::int64_t> pts;
  for (int i = 0; i < 100; ++i) {  // 4 s
    const media::Packet& p = video.Next(1'000'000'000);
    auto got = source.Push(*p.av, p.pts, p.wall, frame);
    ASSERT_TRUE(got) << got.error().ToString();
    if (*got) {
      ++pictures;
      pts.push_back(frame.pts);
      EXPECT_EQ(frame.width, 160);
      EXPECT_EQ(frame.height, 90);
      EXPECT_EQ(frame.pixels.size(), 160u * 90u);
      EXPECT_EQ(frame.wall, 1'000'000'000 + media::Ts90ToNs(frame.pts));
    }
  }
  EXPECT_EQ(pictures, 20);  // 5 a second
  for (std::size_t i = 1; i < pts.size(); ++i) EXPECT_EQ(pts[i] - pts[i - 1], 18'000);  // 0.2 s
  EXPECT_EQ(source.decoded(), 100u) << "every reference picture is still decoded";
  EXPECT_EQ(source.scaled(), 20u) << "only the pictures analysed are converted";
}

TEST(FrameSource, TheAnalysisDecoderIsOneThreadWithoutDeblocking) {
  anninh::testing::SyntheticVideo video(320, 240, 25, 25);
  FrameSource source({});
  EXPECT_EQ(source.decoder_settings().thread_count, 0) << "nothing before Start";
  ASSERT_TRUE(source.Start(video.info()));
  DecoderSettings s = source.decoder_settings();
  EXPECT_EQ(s.thread_count, 1);
  EXPECT_EQ(s.skip_frame, AVDISCARD_NONREF);
  EXPECT_EQ(s.skip_loop_filter, AVDISCARD_ALL);

  FrameSource keyframes({.keyframes_only = true, .deblock = true});
  ASSERT_TRUE(keyframes.Start(video.info()));
  s = keyframes.decoder_settings();
  EXPECT_EQ(s.skip_frame, AVDISCARD_NONKEY);
  EXPECT_EQ(s.skip_loop_filter, AVDISCARD_DEFAULT) << "deblock = true keeps the filter";
}

TEST(FrameSource, CorruptPacketIsAnErrorNotACrash) {
  anninh::testing::SyntheticVideo video(320, 240, 25, 25);
  FrameSource source({});
  ASSERT_TRUE(source.Start(video.info()));
  AVPacket* junk = av_packet_alloc();
  ASSERT_EQ(av_new_packet(junk, 64), 0);
  for (int i = 0; i < 64; ++i) junk->data[i] = static_cast<std::uint8_t>(i * 37);
  GreyFrame frame;
  auto got = source.Push(*junk, 0, 0, frame);
  av_packet_free(&junk);
  // FFmpeg may reject it or swallow it; either way no picture comes out of garbage alone.
  if (got) {
    EXPECT_FALSE(*got);
  }
  // And the next real keyframe decodes again.
  const media::Packet& key = video.Next();
  auto again = source.Push(*key.av, key.pts + 90'000, key.wall, frame);
  ASSERT_TRUE(again);
}

TEST(FrameSource, NoVideoTrackIsAClearError) {
  FrameSource source({});
  media::StreamInfo empty;
  auto s = source.Start(empty);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace anninh::analytics
