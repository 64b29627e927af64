// The analysis pipeline end to end (decode → motion → tracker → rules) on clips the test makes
// with ffmpeg: what must stay quiet stays quiet, and what must fire fires once.
extern "C" {
#include <libavcodec/packet.h>
}

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "analytics/analysis_sink.h"
#include "analytics/analyzer.h"
#include "analytics/recording_sink.h"
#include "analytics/test_clip.h"
#include "support/process.h"
#include "support/wait.h"
#include "support/temp_dir.h"

namespace anninh::analytics {
namespace {

using events::Phase;

// The whole frame is the zone and a line crosses the middle: any confirmed track fires.
CameraRules Everything() {
  CameraRules r;
  r.zones.push_back({"yard", {{0.6f, 0}, {1, 0}, {1, 1}, {0.6f, 1}}});
  r.zones.push_back({"all", {{0, 0}, {1, 0}, {1, 1}, {0, 1}}});
  r.lines.push_back({"middle", {0.5f, 0}, {0.5f, 1}});
  r.rules.push_back({.id = "enter-yard", .kind = RuleKind::kEnter, .target = "yard"});
  r.rules.push_back({.id = "anything", .kind = RuleKind::kEnter, .target = "all"});
  r.rules.push_back({.id = "cross", .kind = RuleKind::kCross, .target = "middle"});
  return r;
}

// Each clip is analysed two ways: decoded in full (FrameSource straight into the analyser),
// and through the AnalysisSink with decode = "adaptive" (keyframes only while the scene is
// still), which must find the same events.
class ClipTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    const auto vtest = testing::FindVtest(dir_.path());
    if (vtest.empty()) GTEST_SKIP() << "vtest.avi not installed (opencv-doc)";
    // A real outdoor scene as the still background: texture, edges, dark and bright parts.
    background_ = dir_ / "background.png";
    const auto r = anninh::testing::RunCommand("ffmpeg -y -v error -nostdin -i '" + vtest.string() +
                                               "' -frames:v 1 -vf scale=320:240 '" + background_.string() + "' 2>&1");
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }

  // Plays `filter` over `seconds` of the still background and returns what the analyser
  // reported.
  std::vector<events::Observation> Run(const std::string& inputs_and_filter, int seconds = 12) {
    const auto clip = dir_ / "clip.mp4";
    testing::MakeClip("-loop 1 -framerate 25 -i '" + background_.string() + "' " + inputs_and_filter + " -t " +
                          std::to_string(seconds),
                      clip);
    testing::RecordingSink sink;
    {
      Analyzer analyzer({.camera_id = "cam1", .rules = Everything()}, nullptr, sink);
      Pictures pictures(analyzer);
      if (GetParam()) {
        AnalysisSink adaptive({.frames = {.fps = 5, .width = 320}, .queue_packets = 100'000, .skip_still = true, .still = still_},
                              pictures);
        auto packets = testing::FeedClip(clip, adaptive);
        EXPECT_TRUE(packets) << packets.error().ToString();
        adaptive.Drain();
        sink_counters_ = adaptive.counters();
      } else {
        auto frames = testing::AnalyseClip(clip, {.fps = 5, .width = 320}, pictures);
        EXPECT_TRUE(frames) << frames.error().ToString();
        if (frames) {
          EXPECT_GE(*frames, seconds * 5 - 1);
        }
      }
      counters_ = analyzer.counters();
      pts_ = pictures.pts;
    }
    return sink.all();
  }

  // The largest gap (s) between analysed pictures from `from_s` to `to_s` of the clip.
  double LargestGap(double from_s, double to_s) const {
    double gap = 0, last = from_s;
    for (std::int64_t pts : pts_) {
      const double t = static_cast<double>(pts) / media::kTimescale;
      if (t < from_s || t > to_s) continue;
      gap = std::max(gap, t - last);
      last = t;
    }
    return std::max(gap, to_s - last);
  }

  // Passes pictures on to the analyser and notes when each was taken.
  struct Pictures final : FrameConsumer {
    explicit Pictures(Analyzer& a) : analyzer(a) {}
    void OnFrame(const GreyFrame& f) override {
      pts.push_back(f.pts);
      analyzer.OnFrame(f);
    }
    void OnBreak() override { analyzer.OnBreak(); }
    bool Settled() const override { return analyzer.Settled(); }
    Analyzer& analyzer;
    std::vector<std::int64_t> pts;
  };

  anninh::testing::TempDir dir_;
  std::filesystem::path background_;
  AnalyzerCounters counters_;
  AnalysisCounters sink_counters_;
  StillGateOptions still_;
  std::vector<std::int64_t> pts_;
};

INSTANTIATE_TEST_SUITE_P(Decode, ClipTest, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "adaptive" : "all"; });

TEST_P(ClipTest, StaticSceneIsQuiet) {
  EXPECT_TRUE(Run("").empty());
  EXPECT_EQ(counters_.motion_frames, 0u);
  if (GetParam()) {
    // 300 packets: 2 s decoded in full until the scene counts as settled, then keyframes.
    EXPECT_LT(sink_counters_.decoded, 80u);
    EXPECT_GT(sink_counters_.still_skipped, 200u);
    EXPECT_EQ(sink_counters_.wakes, 0u);
  }
}

TEST_P(ClipTest, NightModeSwitchIsQuiet) {
  // At 6 s the camera goes to night mode: darker, flatter, no colour.
  EXPECT_TRUE(Run("-vf \"eq=brightness=-0.3:contrast=0.6:saturation=0:enable='gte(t,6)'\"").empty());
}

TEST_P(ClipTest, HeadlightsStepUpIsQuiet) {
  // At 6 s the whole scene brightens sharply (headlights, a floodlight switched on).
  EXPECT_TRUE(Run("-vf \"eq=brightness=0.25:contrast=1.2:enable='gte(t,6)'\"").empty());
}

TEST_P(ClipTest, FlickerIsQuiet) {
  EXPECT_TRUE(Run("-vf \"eq=brightness='0.12*sin(2*PI*t*1.3)':eval=frame\"").empty());
}

TEST_P(ClipTest, DenseRainNoiseIsQuiet) {
  EXPECT_TRUE(Run("-vf noise=alls=40:allf=t+u").empty());
}

TEST_P(ClipTest, ABoxMovingIntoTheZoneIsOneEventWithTheRightZoneAndDirection) {
  // A 20×50 dark box walks in from the left at 40 px/s, over the middle line into the yard.
  const auto all = Run("-f lavfi -i color=c=0x202020:s=20x50:r=25 -filter_complex \"[0][1]overlay=x='-20+t*40':y=120\"");
  std::vector<events::Observation> yard, crossings;
  for (const auto& o : all) {
    if (o.phase != Phase::kStart) continue;
    if (o.rule == "enter-yard") yard.push_back(o);
    if (o.rule == "cross") crossings.push_back(o);
  }
  ASSERT_EQ(yard.size(), 1u);
  EXPECT_EQ(yard[0].zone, "yard");
  EXPECT_GE(yard[0].box.x + yard[0].box.w / 2, 0.55f);
  EXPECT_FALSE(yard[0].snapshot_jpeg.empty());
  EXPECT_EQ(yard[0].snapshot_jpeg[0], 0xff);  // a JPEG (SOI marker)
  ASSERT_EQ(crossings.size(), 1u);
  EXPECT_EQ(crossings[0].zone, "middle");
  // The line runs from the top (a) to the bottom (b); moving to +x is moving to its left.
  EXPECT_EQ(crossings[0].direction, "left");
  EXPECT_EQ(crossings[0].track_id, yard[0].track_id) << "one object, one track";
  EXPECT_EQ(counters_.tracks, 1u);
}

TEST_P(ClipTest, AWalkerEnteringAStillSceneIsAnalysedFromTheMomentHeAppears) {
  // Still for 6.5 s (adaptive: keyframes only from about 2 s on), then a 20×50 box walks in
  // mid-GOP at 80 px/s, over the middle line (8.75 s) into the yard.
  const auto all = Run("-f lavfi -i color=c=0x202020:s=20x50:r=25 -filter_complex "
                       "\"[0][1]overlay=x='if(lt(t,6.5),-40,-20+(t-6.5)*80)':y=120\"");
  int yard = 0, crossings = 0;
  for (const auto& o : all) {
    if (o.phase != Phase::kStart) continue;
    yard += o.rule == "enter-yard";
    crossings += o.rule == "cross";
  }
  EXPECT_EQ(yard, 1);
  EXPECT_EQ(crossings, 1);
  EXPECT_EQ(counters_.tracks, 1u);
  // Every picture from the box's first (6.52 s) on is analysed, as when decoding in full:
  // the kept GOP is decoded once the scene changes.
  EXPECT_LE(LargestGap(6.5, 11.5), 0.21);
  if (GetParam()) {
    EXPECT_GE(sink_counters_.wakes, 1u);
    EXPECT_GT(sink_counters_.still_skipped, 80u) << "2–6.5 s were still";
  }
}

// decode = "adaptive" only.
using AdaptiveClipTest = ClipTest;
INSTANTIATE_TEST_SUITE_P(Decode, AdaptiveClipTest, ::testing::Values(true), [](const auto&) { return "adaptive"; });

TEST_P(AdaptiveClipTest, WithoutTheSizeGateTheKeyframeAfterTheWalkerCatchesHim) {
  // As a constant-bitrate camera would be: P-frame sizes say nothing. The keyframe at 7 s
  // differs from the one at 6 s, so the GOP in between is decoded after all.
  still_.learn = 1'000'000;
  const auto all = Run("-f lavfi -i color=c=0x202020:s=20x50:r=25 -filter_complex "
                       "\"[0][1]overlay=x='if(lt(t,6.5),-40,-20+(t-6.5)*80)':y=120\"");
  int yard = 0;
  for (const auto& o : all) yard += o.phase == Phase::kStart && o.rule == "enter-yard";
  EXPECT_EQ(yard, 1);
  EXPECT_LE(LargestGap(6.5, 11.5), 0.21);
  EXPECT_EQ(sink_counters_.wakes, 1u);
}

}  // namespace
}  // namespace anninh::analytics

namespace anninh::analytics {
namespace {

// The analysis picture is the luma plane scaled alone; a camera's limited-range (16..235)
// luma must still come out as full-range grey, as swscale's colour conversion made it, or
// snapshots go flat and the DNN sees other numbers than it was trained on.
class Halves final : public FrameConsumer {
 public:
  void OnFrame(const GreyFrame& f) override {
    ++pictures;
    dark = f.pixels[static_cast<std::size_t>(f.height / 2) * f.width + f.width / 4];
    light = f.pixels[static_cast<std::size_t>(f.height / 2) * f.width + 3 * f.width / 4];
  }
  void OnBreak() override {}
  int pictures = 0, dark = -1, light = -1;
};

TEST(FrameSourceClip, LimitedRangeLumaBecomesFullRangeGrey) {
  anninh::testing::TempDir dir;
  const auto clip = dir.path() / "halves.mp4";
  // Black left, white right: luma 16 and 235 in a limited-range H.264 stream.
  testing::MakeClip("-f lavfi -i color=c=black:s=320x180:r=25 -f lavfi -i color=c=white:s=320x180:r=25 "
                    "-filter_complex hstack -t 2",
                    clip);
  Halves halves;
  auto frames = testing::AnalyseClip(clip, {.fps = 5, .width = 160}, halves);
  ASSERT_TRUE(frames) << frames.error().ToString();
  ASSERT_GT(halves.pictures, 5);
  EXPECT_LE(halves.dark, 2);
  EXPECT_GE(halves.light, 253);
}

}  // namespace
}  // namespace anninh::analytics

namespace anninh::analytics {
namespace {

// A consumer for whom nothing ever moves: the sink's still phase, alone.
class AlwaysSettled final : public FrameConsumer {
 public:
  void OnFrame(const GreyFrame& f) override { pts.push_back(f.pts); }
  void OnBreak() override {}
  bool Settled() const override { return true; }
  std::vector<std::int64_t> pts;
};

TEST(AdaptiveDecode, AStillSceneIsDecodedOnlyAtKeyframesAndEachIsLookedAt) {
  anninh::testing::TempDir dir;
  const auto clip = dir.path() / "still.mp4";
  testing::MakeClip("-f lavfi -i testsrc2=s=320x180:r=25 -vf \"trim=end_frame=1,loop=loop=-1:size=1\" -t 10", clip);
  for (const double fps : {5.0, 0.5}) {
    AlwaysSettled consumer;
    AnalysisSink sink({.frames = {.fps = fps, .width = 160}, .queue_packets = 100'000, .skip_still = true},
                      consumer);
    auto packets = testing::FeedClip(clip, sink);
    ASSERT_TRUE(packets) << packets.error().ToString();
    sink.Drain();
    const auto c = sink.counters();
    EXPECT_EQ(c.packets, 250u);
    // In full until the second keyframe (the GOP's length is known then) plus `rest_s`;
    // from 2 s on, one keyframe a second.
    EXPECT_LE(c.decoded, 60u) << "fps " << fps;
    EXPECT_GE(c.still_skipped, 180u) << "fps " << fps;
    EXPECT_EQ(c.wakes, 0u) << "a still picture never wakes it";
    EXPECT_EQ(c.dropped_packets, 0u);
    // Each keyframe of the still phase was analysed, even at 0.5 pictures a second.
    int keyframes = 0;
    for (std::int64_t p : consumer.pts) keyframes += p >= 3 * media::kTimescale && p % media::kTimescale == 0;
    EXPECT_EQ(keyframes, 7) << "fps " << fps;  // 3 s … 9 s
  }
}

TEST(AdaptiveDecode, AStillSceneWakesTheAnalysisThreadAboutOnceAGop) {
  anninh::testing::TempDir dir;
  const auto clip = dir.path() / "still.mp4";
  testing::MakeClip("-f lavfi -i testsrc2=s=320x180:r=25 -vf \"trim=end_frame=1,loop=loop=-1:size=1\" -t 10", clip);
  for (const bool skip_still : {false, true}) {
    AlwaysSettled consumer;
    AnalysisSink sink({.frames = {.fps = 5, .width = 160}, .skip_still = skip_still}, consumer);
    // 3 ms between packets: time enough for the worker to finish each and go to sleep.
    auto packets = testing::FeedClip(clip, sink, 1'700'000'000'000'000'000, std::chrono::milliseconds(3));
    ASSERT_TRUE(packets) << packets.error().ToString();
    sink.Drain();
    const auto c = sink.counters();
    EXPECT_EQ(c.packets, 250u);
    EXPECT_EQ(c.dropped_packets, 0u);
    if (!skip_still) {
      // Decoding everything: woken for each picture analysed (5 a second), not for the
      // P-frames between them (250 wakes before).
      EXPECT_GE(c.worker_wakeups, 40u);
      EXPECT_LE(c.worker_wakeups, 70u);
    } else {
      // Still from about 2 s on: woken at each keyframe, not for the 24 small P-frames
      // after it; in the first two seconds, once per picture analysed.
      EXPECT_LE(c.worker_wakeups, 30u);
      EXPECT_GE(c.still_skipped, 180u);
      int keyframes = 0;
      for (std::int64_t p : consumer.pts) keyframes += p >= 3 * media::kTimescale && p % media::kTimescale == 0;
      EXPECT_EQ(keyframes, 7) << "every keyframe of the still phase is still looked at";
    }
  }
}

// The P-frames between two analysed pictures do not wake the worker; the packet of the next
// picture due does, so that picture is analysed at once, not when more packets come.
TEST(AnalysisSink, APictureDueIsAnalysedWithoutWaitingForMorePackets) {
  anninh::testing::TempDir dir;
  const auto clip = dir.path() / "six.mp4";
  testing::MakeClip("-f lavfi -i testsrc2=s=320x180:r=25 -frames:v 6", clip);  // 0 to 0.2 s
  AlwaysSettled consumer;
  AnalysisSink sink({.frames = {.fps = 5, .width = 160}}, consumer);
  auto packets = testing::FeedClip(clip, sink, 1'700'000'000'000'000'000, std::chrono::milliseconds(3));
  ASSERT_TRUE(packets) << packets.error().ToString();
  ASSERT_EQ(*packets, 6);
  // No Drain(): only the packets' own wakes may get the 0.2 s picture analysed.
  EXPECT_TRUE(anninh::testing::WaitUntil([&] { return sink.counters().frames == 2; }, std::chrono::seconds(5)))
      << "the picture at 0.2 s waits for a packet that never comes";
  // The start, the keyframe, the picture at 0.2 s: not the four P-frames between.
  EXPECT_LE(sink.counters().worker_wakeups, 3u);
  sink.Drain();
  ASSERT_EQ(consumer.pts.size(), 2u);
  EXPECT_EQ(consumer.pts[1], 18'000);
}

// Between the camera and the sink: the keyframe at `at_s` arrives as garbage (a corrupt
// transmission), everything else as it was.
class CorruptKeyframe final : public media::PacketSink {
 public:
  CorruptKeyframe(media::PacketSink& next, double at_s) : next_(next), at_(static_cast<std::int64_t>(at_s * 90'000)) {}
  ~CorruptKeyframe() override { av_packet_free(&junk_); }
  void OnStart(const media::StreamInfo& info, WallNs wall) override { next_.OnStart(info, wall); }
  void OnStop(WallNs wall, std::string_view reason) override { next_.OnStop(wall, reason); }
  void OnPacket(const media::Packet& packet) override {
    if (!packet.keyframe || packet.pts != at_) return next_.OnPacket(packet);
    junk_ = av_packet_alloc();
    ASSERT_EQ(av_new_packet(junk_, packet.av->size), 0);
    std::fill(junk_->data, junk_->data + junk_->size, std::uint8_t{0x5a});
    junk_->flags = AV_PKT_FLAG_KEY;
    media::Packet bad = packet;
    bad.av = junk_;
    next_.OnPacket(bad);
  }

 private:
  media::PacketSink& next_;
  std::int64_t at_;
  AVPacket* junk_ = nullptr;
};

TEST(AdaptiveDecode, ACorruptKeyframeInTheStillPhaseCostsOneGopAndNothingAfterIt) {
  anninh::testing::TempDir dir;
  const auto clip = dir.path() / "still.mp4";
  testing::MakeClip("-f lavfi -i testsrc2=s=320x180:r=25 -vf \"trim=end_frame=1,loop=loop=-1:size=1\" -t 12", clip);
  AlwaysSettled consumer;
  AnalysisSink sink({.frames = {.fps = 5, .width = 160}, .queue_packets = 100'000, .skip_still = true}, consumer);
  CorruptKeyframe corrupt(sink, 5.0);
  ASSERT_TRUE(testing::FeedClip(clip, corrupt));
  sink.Drain();
  const auto c = sink.counters();
  EXPECT_GE(c.decode_errors, 1u) << "the garbage is counted";
  EXPECT_EQ(c.dropped_packets, 0u);
  // The GOP after the garbage is skipped until the next keyframe; the still phase then
  // starts again: every keyframe from 7 s on is analysed, and P-frames are skipped again.
  int late_keyframes = 0;
  for (std::int64_t p : consumer.pts) late_keyframes += p >= 7 * media::kTimescale && p % media::kTimescale == 0;
  EXPECT_EQ(late_keyframes, 5);  // 7 s … 11 s
  EXPECT_GE(c.still_skipped, 150u) << "2–5 s and 7–12 s: 8 GOPs of 24 P-frames";
  EXPECT_LE(c.decoded, 100u);
}

// Some cameras send B-frames. The decoder then holds each picture back by one, so a still
// keyframe's picture would come out a keyframe late: such a stream stays in the moving
// phase (decoded in full, as decode = "all") and is never misread.
TEST(AdaptiveDecode, AStreamWithBFramesIsDecodedWithoutErrors) {
  anninh::testing::TempDir dir;
  const auto clip = dir.path() / "bframes.mp4";
  const auto r = anninh::testing::RunCommand(
      "ffmpeg -y -v error -nostdin -f lavfi -i testsrc2=s=320x180:r=25 -vf \"trim=end_frame=1,loop=loop=-1:size=1\" "
      "-t 10 -c:v libx264 -preset ultrafast -tune zerolatency -x264-params bframes=2:b-pyramid=0 -g 25 "
      "-keyint_min 25 -sc_threshold 0 -bf 2 -pix_fmt yuv420p '" + clip.string() + "' 2>&1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  AlwaysSettled consumer;
  AnalysisSink sink({.frames = {.fps = 5, .width = 160}, .queue_packets = 100'000, .skip_still = true}, consumer);
  ASSERT_TRUE(testing::FeedClip(clip, sink));
  sink.Drain();
  const auto c = sink.counters();
  EXPECT_EQ(c.decode_errors, 0u);
  EXPECT_EQ(c.still_skipped, 0u) << "stays in the moving phase";
  EXPECT_GE(c.frames, 49u) << "5 pictures a second, as decode = \"all\"";
  for (std::size_t i = 1; i < consumer.pts.size(); ++i) EXPECT_GT(consumer.pts[i], consumer.pts[i - 1]) << "in order";
}
}  // namespace
}  // namespace anninh::analytics
