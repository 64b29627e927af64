// Counting people on the real pedestrian video vtest.avi against hand-made labels
// (tests/data/PROVENANCE.md says how they were made).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "analytics/analyzer.h"
#include "analytics/detector.h"
#include "analytics/recording_sink.h"
#include "analytics/test_clip.h"
#include "support/temp_dir.h"

namespace anninh::analytics {
namespace {

using events::Phase;

// The labelled geometry, in fractions of the 768×576 frame. The line is vertical at x = 476
// px across the whole footpath, drawn from the top (a) to the bottom (b): a walker going right
// (+x) crosses it toward its "left". The zone is the 40 px stretch of footpath around the line,
// narrow enough that every pass through it is one crossing: one set of labels serves both.
CameraRules Labelled() {
  CameraRules r;
  r.lines.push_back({"post", {476.0f / 768, 150.0f / 576}, {476.0f / 768, 400.0f / 576}});
  r.zones.push_back({"stretch", {{456.0f / 768, 150.0f / 576}, {496.0f / 768, 150.0f / 576},
                                 {496.0f / 768, 400.0f / 576}, {456.0f / 768, 400.0f / 576}}});
  r.rules.push_back({.id = "cross", .kind = RuleKind::kCross, .target = "post"});
  r.rules.push_back({.id = "enter", .kind = RuleKind::kEnter, .target = "stretch"});
  return r;
}

// Ground truth, labelled by hand (tests/data/PROVENANCE.md).
constexpr int kWalkingRight = 14;  // crossings toward +x ("left" of a→b)
constexpr int kWalkingLeft = 15;    // crossings toward -x ("right")
constexpr int kEnteringStretch = 29;
// Tolerance: people walking side by side or overlapping merge into one motion blob and
// separate later; a count within this share of the truth passes.
constexpr double kTolerance = 0.25;

TEST(Vtest, PeopleCrossingTheLineAndEnteringTheZoneMatchTheLabels) {
  anninh::testing::TempDir dir;
  const auto vtest = testing::FindVtest(dir.path());
  if (vtest.empty()) GTEST_SKIP() << "vtest.avi not installed (opencv-doc)";
  testing::RecordingSink sink;
  AnalyzerCounters counters;
  {
    Analyzer analyzer({.camera_id = "vtest", .rules = Labelled()}, nullptr, sink);
    auto frames = testing::AnalyseClip(vtest, {.fps = 5, .width = 320}, analyzer);
    ASSERT_TRUE(frames) << frames.error().ToString();
    EXPECT_GE(*frames, 390);  // 79.5 s at 5 fps
    counters = analyzer.counters();
  }
  int right = 0, left = 0, entering = 0;
  for (const auto& o : sink.Of(Phase::kStart)) {
    if (o.rule == "cross") (o.direction == "left" ? right : left) += 1;
    if (o.rule == "enter") ++entering;
    std::printf("%s track %lld at %.1f s %s\n", o.rule.c_str(), static_cast<long long>(o.track_id),
                (o.time_ns - 1'700'000'000'000'000'000) / 1e9, o.direction.c_str());
  }
  std::printf("right %d left %d entering %d tracks %llu\n", right, left, entering,
              static_cast<unsigned long long>(counters.tracks));
  EXPECT_NEAR(right, kWalkingRight, kTolerance * kWalkingRight);
  EXPECT_NEAR(left, kWalkingLeft, kTolerance * kWalkingLeft);
  EXPECT_NEAR(entering, kEnteringStretch, kTolerance * kEnteringStretch);
  // Every start has its end: no event is left open when the clip is over.
  EXPECT_EQ(sink.Of(Phase::kStart).size(), sink.Of(Phase::kEnd).size());
}

// With the HOG detector, a walker HOG has confirmed goes back to it once a second instead of
// every picture (AnalyzerOptions::detector_recheck): the counts must not move against the
// labels, as many tracks must still be people, and HOG must look at far fewer regions.
struct HogRun {
  int right = 0, left = 0, entering = 0, person_starts = 0;
  AnalyzerCounters counters;
};

HogRun CountWithHog(const std::filesystem::path& vtest, int recheck) {
  testing::RecordingSink sink;
  HogRun run;
  {
    Analyzer analyzer({.camera_id = "vtest", .rules = Labelled(), .detector_recheck = recheck}, MakeHogDetector(), sink);
    auto frames = testing::AnalyseClip(vtest, {.fps = 5, .width = 320}, analyzer);
    EXPECT_TRUE(frames) << frames.error().ToString();
    run.counters = analyzer.counters();
  }
  for (const auto& o : sink.Of(Phase::kStart)) {
    if (o.rule == "cross") (o.direction == "left" ? run.right : run.left) += 1;
    if (o.rule == "enter") ++run.entering;
    if (o.object_class == "person") ++run.person_starts;
  }
  std::printf("recheck %d: right %d left %d entering %d person starts %d; HOG regions %llu skipped %llu\n", recheck,
              run.right, run.left, run.entering, run.person_starts,
              static_cast<unsigned long long>(run.counters.detector_regions),
              static_cast<unsigned long long>(run.counters.detector_skipped));
  return run;
}

TEST(Vtest, HogLooksAtAConfirmedPersonOnceASecondWithoutLosingCounts) {
  anninh::testing::TempDir dir;
  const auto vtest = testing::FindVtest(dir.path());
  if (vtest.empty()) GTEST_SKIP() << "vtest.avi not installed (opencv-doc)";
  const HogRun every = CountWithHog(vtest, 1);
  const HogRun sparse = CountWithHog(vtest, 5);
  EXPECT_EQ(every.counters.detector_skipped, 0u);
  EXPECT_GT(sparse.counters.detector_skipped, 0u);
  EXPECT_LT(sparse.counters.detector_regions, every.counters.detector_regions * 8 / 10);
  for (const HogRun* r : {&every, &sparse}) {
    EXPECT_NEAR(r->right, kWalkingRight, kTolerance * kWalkingRight);
    EXPECT_NEAR(r->left, kWalkingLeft, kTolerance * kWalkingLeft);
    EXPECT_NEAR(r->entering, kEnteringStretch, kTolerance * kEnteringStretch);
  }
  // A tracked person stays a person: the rechecks find about as many.
  EXPECT_GE(sparse.person_starts, every.person_starts * 8 / 10);
}

}  // namespace
}  // namespace anninh::analytics
