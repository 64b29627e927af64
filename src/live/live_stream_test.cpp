// LiveStream with real H.264 (libx264 through SyntheticVideo): what a viewer receives plays
// (ffprobe decodes init + chunks), a viewer joining mid-GOP starts at the last keyframe at
// once, nothing is muxed while nobody watches, and a dropped connection is announced.
#include "live/live_stream.h"

extern "C" {
#include <libavcodec/packet.h>
}

#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "support/process.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::live {
namespace {

class Collector final : public LiveViewer {
 public:
  void OnChunk(const LiveChunk& c) override { chunks.push_back(c); }
  void OnInterrupted(std::string_view reason) override { interrupted = std::string(reason); }
  std::string Bytes() const {
    std::string out;
    for (const auto& c : chunks) out += *c.bytes;
    return out;
  }
  std::vector<LiveChunk> chunks;
  std::string interrupted;
};

class LiveStreamTest : public ::testing::Test {
 protected:
  void Feed(int frames) {
    for (int i = 0; i < frames; ++i) live_.OnPacket(video_.Next());
  }
  // Frames ffprobe decodes from what a viewer got.
  int DecodedFrames(const Collector& c) {
    const auto path = dir_ / ("view" + std::to_string(n_++) + ".mp4");
    std::ofstream(path, std::ios::binary) << c.Bytes();
    auto r = testing::RunCommand("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                                 "stream=nb_read_frames -of csv=p=0 '" + path.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return std::atoi(r.output.c_str());
  }

  testing::TempDir dir_;
  testing::SyntheticVideo video_{320, 240, 25, 25};  // a keyframe every second
  LiveStream live_{"cong", "sub", LiveOptions{}};
  int n_ = 0;
};

TEST_F(LiveStreamTest, AViewerJoiningMidGopGetsInitAndTheGopAtOnce) {
  live_.OnStart(video_.info(), 0);
  Feed(35);  // one GOP and ten frames into the next
  Collector viewer;
  auto sub = live_.Subscribe(viewer);
  ASSERT_GE(viewer.chunks.size(), 2u);
  EXPECT_EQ(viewer.chunks[0].kind, LiveChunk::Kind::kInit);
  EXPECT_TRUE(std::regex_match(viewer.chunks[0].mime, std::regex(R"(video/mp4; codecs="avc1\.[0-9a-f]{6}")")))
      << viewer.chunks[0].mime;
  EXPECT_EQ(viewer.chunks[1].kind, LiveChunk::Kind::kMedia);
  EXPECT_TRUE(viewer.chunks[1].keyframe);
  EXPECT_EQ(DecodedFrames(viewer), 10);  // the ten frames since the keyframe, playable now
  Feed(50);
  // All but the frames of the fragment still being filled (under 200 ms: 5 frames).
  const int decoded = DecodedFrames(viewer);
  EXPECT_GT(decoded, 55);
  EXPECT_LE(decoded, 60);
  // Keyframes start chunks, and chunks are cut at least every 200 ms (5 frames).
  int keyframes = 0;
  for (std::size_t i = 1; i < viewer.chunks.size(); ++i) keyframes += viewer.chunks[i].keyframe;
  EXPECT_EQ(keyframes, 3);
  EXPECT_GE(viewer.chunks.size(), 60u / 5);
}

TEST_F(LiveStreamTest, ManyViewersShareTheSameBytes) {
  live_.OnStart(video_.info(), 0);
  Feed(30);
  Collector a;
  auto sa = live_.Subscribe(a);
  Feed(30);
  Collector b;
  auto sb = live_.Subscribe(b);
  Feed(30);
  EXPECT_EQ(live_.Describe().viewers, 2u);
  // b joined later but got the same init, and from then on the very same chunk objects.
  EXPECT_EQ(a.chunks[0].bytes, b.chunks[0].bytes);
  EXPECT_EQ(a.chunks.back().bytes, b.chunks.back().bytes);
  EXPECT_GT(DecodedFrames(b), 25);
}

TEST_F(LiveStreamTest, NothingIsMuxedWithoutViewers) {
  live_.OnStart(video_.info(), 0);
  Feed(10);
  {
    Collector a;
    auto sa = live_.Subscribe(a);
    Feed(10);
    EXPECT_GT(a.chunks.size(), 1u);
  }
  EXPECT_EQ(live_.Describe().viewers, 0u);
  Collector late;
  Feed(20);  // crosses a keyframe at frame 25
  auto s = live_.Subscribe(late);
  // A fresh muxer: a new init and the GOP since frame 25 only.
  ASSERT_GE(late.chunks.size(), 2u);
  EXPECT_EQ(DecodedFrames(late), 15);
}

TEST_F(LiveStreamTest, ConnectionLossIsAnnouncedAndANewInitFollows) {
  live_.OnStart(video_.info(), 0);
  Feed(5);
  Collector v;
  auto s = live_.Subscribe(v);
  live_.OnStop(0, "stalled");
  EXPECT_EQ(v.interrupted, "stalled");
  EXPECT_FALSE(live_.Describe().live);
  EXPECT_EQ(live_.Describe().reason, "stalled");
  const std::size_t before = v.chunks.size();
  live_.OnStart(video_.info(), 0);
  ASSERT_GT(v.chunks.size(), before);
  EXPECT_EQ(v.chunks[before].kind, LiveChunk::Kind::kInit);
}

TEST_F(LiveStreamTest, KeepsTheNewestKeyframeForSnapshots) {
  EXPECT_FALSE(live_.LastKeyframe().has_value());
  live_.OnStart(video_.info(), 0);
  Feed(30);
  auto k = live_.LastKeyframe();
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ(k->info->tracks().size(), 1u);
  EXPECT_GT(k->packet->size, 0);
}

TEST_F(LiveStreamTest, DescribesTheStream) {
  live_.OnStart(video_.info(), 0);
  LiveInfo i = live_.Describe();
  EXPECT_TRUE(i.live);
  EXPECT_EQ(i.codec, "h264");
  EXPECT_EQ(i.width, 320);
  EXPECT_EQ(i.height, 240);
}

}  // namespace
}  // namespace anninh::live
