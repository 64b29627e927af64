// The analyser's detector schedule: a track the detector has classified keeps its class, and
// its region goes back to the detector only every `detector_recheck` pictures; a track it
// keeps finding nothing in goes back less often after each miss. Motion, tracker and rules
// are the real ones; the detectors are plain ones that call every region they are shown a
// person (or nothing) and remember when they were asked, so the schedule can be read off.
#include "analytics/analyzer.h"

#include <gtest/gtest.h>

#include <opencv2/core/utility.hpp>

#include <algorithm>
#include <vector>

#include "analytics/recording_sink.h"

namespace anninh::analytics {
namespace {

using events::Phase;

// A detector that never recognises anything (a dog, a person too small for it).
class FindsNothing final : public Detector {
 public:
  explicit FindsNothing(std::vector<int>& calls) : calls_(calls) {}
  Result<std::vector<Detection>> Detect(const GreyFrame& frame, const std::vector<events::Box>&) override {
    calls_.push_back(static_cast<int>(frame.pts));
    return std::vector<Detection>{};
  }
  std::string_view name() const override { return "nothing"; }

 private:
  std::vector<int>& calls_;
};

class EveryRegionIsAPerson final : public Detector {
 public:
  explicit EveryRegionIsAPerson(std::vector<int>& calls) : calls_(calls) {}
  Result<std::vector<Detection>> Detect(const GreyFrame& frame, const std::vector<events::Box>& regions) override {
    calls_.push_back(static_cast<int>(frame.pts));  // the picture's number (see Picture)
    std::vector<Detection> out;
    for (const events::Box& r : regions) out.push_back({r, "person", 0.9f});
    return out;
  }
  std::string_view name() const override { return "test"; }

 private:
  std::vector<int>& calls_;
};

constexpr int kW = 320, kH = 180;

// Picture `n`: a textured static scene; from picture 30 a dark person-sized box walks in
// from the left, 3 px a picture.
void Picture(int n, GreyFrame& f) {
  f.width = kW;
  f.height = kH;
  f.pixels.resize(kW * kH);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) f.pixels[y * kW + x] = static_cast<std::uint8_t>(90 + ((x / 16 + y / 16) % 2) * 60);
  if (n >= 30) {
    const int x0 = (n - 30) * 3 - 20;
    for (int y = 60; y < 130; ++y)
      for (int x = std::max(0, x0); x < std::min(kW, x0 + 24); ++x) f.pixels[y * kW + x] = 20;
  }
  f.pts = n;
  f.wall = 1'700'000'000'000'000'000 + static_cast<WallNs>(n) * 200'000'000;
}

struct WalkRun {
  std::vector<int> calls;  // pictures the detector was asked about
  AnalyzerCounters counters;
  std::vector<events::Observation> starts;
};

template <typename D = EveryRegionIsAPerson>
WalkRun Walk(int recheck, int pictures = 130) {
  WalkRun run;
  testing::RecordingSink sink;
  CameraRules rules;
  rules.zones.push_back({"yard", {{0.5f, 0}, {1, 0}, {1, 1}, {0.5f, 1}}});
  rules.rules.push_back({.id = "enter", .kind = RuleKind::kEnter, .target = "yard"});
  {
    // The motion model at the picture's own size: these tests are about the detector's
    // schedule, and at 160 wide the walker leaves a ghost fragment at the edge it came from.
    Analyzer analyzer({.camera_id = "cam", .motion = {.width = 0}, .rules = rules, .detector_recheck = recheck},
                      std::make_unique<D>(run.calls), sink);
    GreyFrame f;
    for (int n = 0; n < pictures; ++n) {
      Picture(n, f);
      analyzer.OnFrame(f);
    }
    run.counters = analyzer.counters();
  }
  run.starts = sink.Of(Phase::kStart);
  return run;
}

TEST(Analyzer, AClassifiedTrackGoesBackToTheDetectorOnlyEveryNPictures) {
  const WalkRun every = Walk(1);
  const WalkRun sparse = Walk(5);
  // The walker is seen moving for most of the 100 pictures after it appears.
  ASSERT_GT(every.counters.motion_frames, 80u);
  EXPECT_EQ(every.calls.size(), every.counters.motion_frames) << "recheck 1: every picture with motion";
  EXPECT_EQ(every.counters.detector_skipped, 0u);
  // With 5: once the track is confirmed as a person, at most one look in any 5 pictures.
  ASSERT_FALSE(sparse.calls.empty());
  EXPECT_GT(sparse.counters.detector_skipped, 50u);
  EXPECT_LT(sparse.calls.size(), every.calls.size() / 3);
  int last_gap_start = -1;
  for (std::size_t i = 1; i < sparse.calls.size(); ++i) {
    if (sparse.calls[i] - sparse.calls[i - 1] >= 5) last_gap_start = sparse.calls[i - 1];
  }
  ASSERT_GE(last_gap_start, 0) << "the schedule never spaced the looks";
  for (std::size_t i = 1; i < sparse.calls.size(); ++i) {
    if (sparse.calls[i - 1] >= sparse.calls.front() + 5) {
      EXPECT_GE(sparse.calls[i] - sparse.calls[i - 1], 5) << "picture " << sparse.calls[i];
    }
  }
  // And the outcome is the same: one person entering the yard, one track.
  ASSERT_EQ(every.starts.size(), 1u);
  ASSERT_EQ(sparse.starts.size(), 1u);
  EXPECT_EQ(sparse.starts[0].object_class, "person");
  EXPECT_EQ(sparse.starts[0].zone, every.starts[0].zone);
  EXPECT_EQ(sparse.counters.tracks, 1u);
}

TEST(Analyzer, AnUnrecognisedTrackGoesBackToTheDetectorLessOftenAfterEachMiss) {
  const WalkRun every = Walk<FindsNothing>(1);
  const WalkRun sparse = Walk<FindsNothing>(5);
  ASSERT_GT(every.counters.motion_frames, 80u);
  EXPECT_EQ(every.calls.size(), every.counters.motion_frames);
  // Once the track is confirmed the gaps grow (1, 2, 4 pictures) up to the recheck period
  // and stay there: the walker is still looked at once a second.
  ASSERT_GT(sparse.calls.size(), 10u);
  std::vector<int> gaps;
  for (std::size_t i = 1; i < sparse.calls.size(); ++i) gaps.push_back(sparse.calls[i] - sparse.calls[i - 1]);
  EXPECT_TRUE(std::is_sorted(gaps.begin(), gaps.end())) << ::testing::PrintToString(gaps);
  EXPECT_EQ(gaps.back(), 5) << ::testing::PrintToString(gaps);
  EXPECT_NE(std::find(gaps.begin(), gaps.end(), 2), gaps.end()) << ::testing::PrintToString(gaps);
  EXPECT_LT(sparse.calls.size(), every.calls.size() / 3);
  // The outcome does not change: one object entering the yard, by its shape.
  ASSERT_EQ(every.starts.size(), 1u);
  ASSERT_EQ(sparse.starts.size(), 1u);
  EXPECT_EQ(sparse.starts[0].object_class, every.starts[0].object_class);
  EXPECT_EQ(sparse.counters.tracks, 1u);
}

TEST(Analyzer, RunsOpenCvOnItsOwnThreadOnly) {
  // Each camera has its analysis thread; OpenCV's pool on top would only make two cores'
  // worth of cameras fight (docs/design/0008-analytics.md).
  testing::RecordingSink sink;
  Analyzer analyzer({.camera_id = "cam1"}, nullptr, sink);
  EXPECT_EQ(cv::getNumThreads(), 1);
}

}  // namespace
}  // namespace anninh::analytics
