#include "analytics/rules.h"

#include <gtest/gtest.h>

#include "analytics/recording_sink.h"

namespace anninh::analytics {
namespace {

using events::Phase;
using testing::RecordingSink;

constexpr WallNs kSecond = 1'000'000'000;
// 2026-01-01 00:00 UTC = 07:00 in Vietnam.
constexpr WallNs kNewYear = 1'767'225'600 * kSecond;

Track Walker(std::int64_t id, float x, float y = 0.3f, std::string cls = "person", float conf = 0.7f) {
  Track t;
  t.id = id;
  t.box = t.last_box = {x, y, 0.05f, 0.2f};  // foot at (x + 0.025, y + 0.2)
  t.object_class = std::move(cls);
  t.confidence = conf;
  t.hits = 5;
  t.confirmed = true;
  return t;
}

CameraRules Yard() {
  CameraRules r;
  r.zones.push_back({"yard", {{0.5f, 0}, {1, 0}, {1, 1}, {0.5f, 1}}});  // the right half
  r.lines.push_back({"gate", {0.4f, 0}, {0.4f, 1}});                    // vertical, a at the top
  return r;
}

const SnapshotFn kJpeg = [](const events::Box&) { return std::vector<std::uint8_t>{0xff, 0xd8}; };

TEST(Rules, EnterFiresOncePerVisitWithASnapshotAndEndsOnLeaving) {
  CameraRules r = Yard();
  r.rules.push_back({.id = "intrusion", .kind = RuleKind::kEnter, .target = "yard"});
  RecordingSink sink;
  RuleEngine engine("cam1", r, sink);
  WallNs t = kNewYear;
  for (int i = 0; i < 30; ++i, t += kSecond / 5) engine.Update({Walker(1, 0.1f + 0.03f * i)}, {}, t, kJpeg);
  ASSERT_EQ(sink.Of(Phase::kStart).size(), 1u);
  const auto start = sink.Of(Phase::kStart)[0];
  EXPECT_EQ(start.camera_id, "cam1");
  EXPECT_EQ(start.rule, "intrusion");
  EXPECT_EQ(start.zone, "yard");
  EXPECT_EQ(start.object_class, "person");
  EXPECT_EQ(start.track_id, 1);
  EXPECT_FALSE(start.snapshot_jpeg.empty());
  EXPECT_TRUE(sink.Of(Phase::kEnd).empty());
  // Walks back out: the event ends.
  for (int i = 29; i >= 0; --i, t += kSecond / 5) engine.Update({Walker(1, 0.1f + 0.03f * i)}, {}, t, kJpeg);
  EXPECT_EQ(sink.Of(Phase::kEnd).size(), 1u);
  EXPECT_EQ(sink.Of(Phase::kStart).size(), 1u);
}

TEST(Rules, AnEndedTrackClosesItsEvent) {
  CameraRules r = Yard();
  r.rules.push_back({.id = "intrusion", .kind = RuleKind::kEnter, .target = "yard"});
  RecordingSink sink;
  RuleEngine engine("cam1", r, sink);
  engine.Update({Walker(4, 0.7f)}, {}, kNewYear, kJpeg);
  engine.Update({}, {Walker(4, 0.7f)}, kNewYear + kSecond, kJpeg);
  ASSERT_EQ(sink.Of(Phase::kEnd).size(), 1u);
  EXPECT_EQ(sink.Of(Phase::kEnd)[0].track_id, 4);
  EXPECT_EQ(sink.Of(Phase::kEnd)[0].time_ns, kNewYear + kSecond);
}

TEST(Rules, UpdatesOnlyWhenTheViewIsClearlyBetter) {
  CameraRules r = Yard();
  r.rules.push_back({.id = "intrusion", .kind = RuleKind::kEnter, .target = "yard"});
  RecordingSink sink;
  RuleEngine engine("cam1", r, sink);
  engine.Update({Walker(1, 0.7f, 0.3f, "person", 0.6f)}, {}, kNewYear, kJpeg);
  engine.Update({Walker(1, 0.7f, 0.3f, "person", 0.62f)}, {}, kNewYear + 1, kJpeg);
  engine.Update({Walker(1, 0.7f, 0.3f, "person", 0.9f)}, {}, kNewYear + 2, kJpeg);
  const auto updates = sink.Of(Phase::kUpdate);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_FLOAT_EQ(updates[0].confidence, 0.9f);
  EXPECT_FALSE(updates[0].snapshot_jpeg.empty());
}

TEST(Rules, DwellWaitsForTheTimeInTheZone) {
  CameraRules r = Yard();
  r.rules.push_back({.id = "loiter", .kind = RuleKind::kDwell, .target = "yard", .dwell_ns = 10 * kSecond});
  RecordingSink sink;
  RuleEngine engine("cam1", r, sink);
  for (int s = 0; s < 10; ++s) engine.Update({Walker(1, 0.7f)}, {}, kNewYear + s * kSecond, kJpeg);
  EXPECT_TRUE(sink.all().empty()) << "9 s in the zone is not loitering yet";
  engine.Update({Walker(1, 0.7f)}, {}, kNewYear + 10 * kSecond, kJpeg);
  ASSERT_EQ(sink.Of(Phase::kStart).size(), 1u);
  EXPECT_EQ(sink.Of(Phase::kStart)[0].rule, "loiter");
}

TEST(Rules, CrossingCountsOnlyTheConfiguredDirectionOncePerTrack) {
  CameraRules r = Yard();
  // Line a (top) → b (bottom): moving toward +x is moving to its left.
  r.rules.push_back({.id = "out", .kind = RuleKind::kCross, .target = "gate", .direction = "left"});
  RecordingSink sink;
  RuleEngine engine("cam1", r, sink);
  WallNs t = kNewYear;
  for (int i = 0; i < 10; ++i) engine.Update({Walker(1, 0.2f + 0.04f * i), Walker(2, 0.7f - 0.04f * i, 0.6f)}, {}, t += kSecond, kJpeg);
  // Track 1 walks back and forth over the line: still one crossing to the left.
  for (int i = 0; i < 3; ++i) {
    engine.Update({Walker(1, 0.3f)}, {}, t += kSecond, kJpeg);
    engine.Update({Walker(1, 0.5f)}, {}, t += kSecond, kJpeg);
  }
  const auto starts = sink.Of(Phase::kStart);
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].track_id, 1);
  EXPECT_EQ(starts[0].direction, "left");
  EXPECT_EQ(starts[0].zone, "gate");
  EXPECT_EQ(sink.Of(Phase::kEnd).size(), 1u);
}

TEST(Rules, ACrossingBeforeConfirmationIsReportedWhenConfirmed) {
  CameraRules r = Yard();
  r.rules.push_back({.id = "any", .kind = RuleKind::kCross, .target = "gate"});
  RecordingSink sink;
  RuleEngine engine("cam1", r, sink);
  Track early = Walker(1, 0.3f);
  early.confirmed = false;
  engine.Update({early}, {}, kNewYear, kJpeg);
  early.box.x = 0.5f;
  engine.Update({early}, {}, kNewYear + 1, kJpeg);
  EXPECT_TRUE(sink.all().empty());
  engine.Update({Walker(1, 0.55f)}, {}, kNewYear + 2, kJpeg);
  ASSERT_EQ(sink.Of(Phase::kStart).size(), 1u);
  EXPECT_EQ(sink.Of(Phase::kStart)[0].direction, "left");
}

TEST(Rules, ClassFilterAndMinimumConfidence) {
  CameraRules r = Yard();
  r.rules.push_back({.id = "people", .kind = RuleKind::kEnter, .target = "yard", .classes = {"person"}, .min_confidence = 0.6f});
  RecordingSink sink;
  RuleEngine engine("cam1", r, sink);
  engine.Update({Walker(1, 0.7f, 0.3f, "vehicle", 0.9f), Walker(2, 0.8f, 0.3f, "person", 0.5f)}, {}, kNewYear, kJpeg);
  EXPECT_TRUE(sink.all().empty());
  engine.Update({Walker(2, 0.8f, 0.3f, "person", 0.65f)}, {}, kNewYear + 1, kJpeg);
  ASSERT_EQ(sink.Of(Phase::kStart).size(), 1u);
  EXPECT_EQ(sink.Of(Phase::kStart)[0].track_id, 2);
}

TEST(Rules, ScheduleIsInTheSitesLocalTimeAndWrapsPastMidnight) {
  CameraRules r = Yard();
  r.rules.push_back({.id = "night", .kind = RuleKind::kEnter, .target = "yard",
                     .schedule = Schedule{22 * 60, 5 * 60}});
  RecordingSink sink;
  RuleEngine engine("cam1", r, sink);
  engine.Update({Walker(1, 0.7f)}, {}, kNewYear, kJpeg);  // 07:00 local: outside
  engine.Update({Walker(2, 0.7f)}, {}, kNewYear + 14 * 3600 * kSecond, kJpeg);  // 21:00 local
  EXPECT_TRUE(sink.all().empty());
  engine.Update({Walker(3, 0.7f)}, {}, kNewYear + 16 * 3600 * kSecond, kJpeg);  // 23:00 local
  engine.Update({Walker(4, 0.7f)}, {}, kNewYear + 21 * 3600 * kSecond, kJpeg);  // 04:00 next day
  const auto starts = sink.Of(Phase::kStart);
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(starts[0].track_id, 3);
  EXPECT_EQ(starts[1].track_id, 4);
  EXPECT_TRUE((Schedule{22 * 60, 5 * 60}.Contains(0)));
  EXPECT_FALSE((Schedule{22 * 60, 5 * 60}.Contains(5 * 60)));
}

TEST(Rules, ValidateNamesEveryProblem) {
  CameraRules r = Yard();
  r.zones.push_back({"bad", {{0, 0}, {2, 0}}});
  r.rules.push_back({.id = "a", .kind = RuleKind::kEnter, .target = "nowhere"});
  r.rules.push_back({.id = "b", .kind = RuleKind::kCross, .target = "yard"});  // a zone, not a line
  r.rules.push_back({.id = "c", .kind = RuleKind::kDwell, .target = "yard"});
  r.rules.push_back({.id = "d", .kind = RuleKind::kCross, .target = "gate", .direction = "north"});
  const auto problems = Validate(r);
  ASSERT_EQ(problems.size(), 6u) << ::testing::PrintToString(problems);
  EXPECT_TRUE(Validate(Yard()).empty());
}

}  // namespace
}  // namespace anninh::analytics
