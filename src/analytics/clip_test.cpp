// The analysis pipeline end to end (decode → motion → tracker → rules) on clips the test makes
// with ffmpeg: what must stay quiet stays quiet, and what must fire fires once.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "analytics/analyzer.h"
#include "analytics/recording_sink.h"
#include "analytics/test_clip.h"
#include "support/process.h"
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

class ClipTest : public ::testing::Test {
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

  // Plays `filter` over 12 s of the still background and returns what the analyser reported.
  std::vector<events::Observation> Run(const std::string& inputs_and_filter) {
    const auto clip = dir_ / "clip.mp4";
    testing::MakeClip("-loop 1 -framerate 25 -i '" + background_.string() + "' " + inputs_and_filter + " -t 12", clip);
    testing::RecordingSink sink;
    {
      Analyzer analyzer({.camera_id = "cam1", .rules = Everything()}, nullptr, sink);
      auto frames = testing::AnalyseClip(clip, {.fps = 5, .width = 320}, analyzer);
      EXPECT_TRUE(frames) << frames.error().ToString();
      if (frames) {
        EXPECT_GE(*frames, 59);
      }
      counters_ = analyzer.counters();
    }
    return sink.all();
  }

  anninh::testing::TempDir dir_;
  std::filesystem::path background_;
  AnalyzerCounters counters_;
};

TEST_F(ClipTest, StaticSceneIsQuiet) {
  EXPECT_TRUE(Run("").empty());
  EXPECT_EQ(counters_.motion_frames, 0u);
}

TEST_F(ClipTest, NightModeSwitchIsQuiet) {
  // At 6 s the camera goes to night mode: darker, flatter, no colour.
  EXPECT_TRUE(Run("-vf \"eq=brightness=-0.3:contrast=0.6:saturation=0:enable='gte(t,6)'\"").empty());
}

TEST_F(ClipTest, HeadlightsStepUpIsQuiet) {
  // At 6 s the whole scene brightens sharply (headlights, a floodlight switched on).
  EXPECT_TRUE(Run("-vf \"eq=brightness=0.25:contrast=1.2:enable='gte(t,6)'\"").empty());
}

TEST_F(ClipTest, FlickerIsQuiet) {
  EXPECT_TRUE(Run("-vf \"eq=brightness='0.12*sin(2*PI*t*1.3)':eval=frame\"").empty());
}

TEST_F(ClipTest, DenseRainNoiseIsQuiet) {
  EXPECT_TRUE(Run("-vf noise=alls=40:allf=t+u").empty());
}

TEST_F(ClipTest, ABoxMovingIntoTheZoneIsOneEventWithTheRightZoneAndDirection) {
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
