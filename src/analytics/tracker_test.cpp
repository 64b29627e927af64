#include "analytics/tracker.h"

#include <gtest/gtest.h>

#include <set>

namespace anninh::analytics {
namespace {

Sighting At(float x, float y, float w = 0.05f, float h = 0.15f) { return {{x, y, w, h}, "object", 0.5f}; }

TEST(Tracker, OneObjectWalkingThroughIsOneTrack) {
  Tracker tracker({.min_iou = 0.1f, .min_hits = 3, .max_misses = 3});
  std::set<std::int64_t> ids;
  for (int i = 0; i < 40; ++i) {
    tracker.Update({At(0.05f + 0.02f * i, 0.4f)});
    ASSERT_EQ(tracker.tracks().size(), 1u) << "picture " << i;
    ids.insert(tracker.tracks()[0].id);
    EXPECT_EQ(tracker.tracks()[0].confirmed, i >= 2) << "picture " << i;
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_GT(tracker.tracks()[0].speed, 0.015f);
}

TEST(Tracker, KeepsTheIdentityThroughAShortGapAndEndsAfterALongOne) {
  Tracker tracker({.min_iou = 0.1f, .min_hits = 2, .max_misses = 3});
  for (int i = 0; i < 10; ++i) tracker.Update({At(0.1f + 0.02f * i, 0.4f)});
  const std::int64_t id = tracker.tracks().at(0).id;
  tracker.Update({});
  tracker.Update({});  // occluded for two pictures: the filter carries it on
  tracker.Update({At(0.1f + 0.02f * 12, 0.4f)});
  ASSERT_EQ(tracker.tracks().size(), 1u);
  EXPECT_EQ(tracker.tracks()[0].id, id);
  for (int i = 0; i < 4; ++i) tracker.Update({});
  EXPECT_TRUE(tracker.tracks().empty());
  ASSERT_EQ(tracker.ended().size(), 1u);
  EXPECT_EQ(tracker.ended()[0].id, id);
}

TEST(Tracker, TwoObjectsPassingKeepTheirOwnIds) {
  Tracker tracker({.min_iou = 0.1f, .min_hits = 2, .max_misses = 3});
  for (int i = 0; i < 10; ++i) tracker.Update({At(0.1f + 0.02f * i, 0.2f), At(0.8f - 0.02f * i, 0.6f)});
  ASSERT_EQ(tracker.tracks().size(), 2u);
  const auto& a = tracker.tracks()[0];
  const auto& b = tracker.tracks()[1];
  EXPECT_NE(a.id, b.id);
  EXPECT_LT(a.box.y, 0.4f);  // the first stays on the top path
  EXPECT_GT(b.box.y, 0.4f);
}

TEST(Tracker, NoiseThatDoesNotPersistNeverConfirms) {
  Tracker tracker({.min_iou = 0.1f, .min_hits = 3, .max_misses = 3});
  for (int i = 0; i < 20; ++i) {
    // A speck in a new place every picture (rain): never the same object twice.
    tracker.Update({At(0.05f * static_cast<float>(i % 17), 0.05f * static_cast<float>((i * 7) % 17), 0.02f, 0.02f)});
    for (const Track& t : tracker.tracks()) EXPECT_FALSE(t.confirmed);
  }
}

TEST(Tracker, ADetectorClassReplacesAGuess) {
  Tracker tracker({.min_iou = 0.1f, .min_hits = 1, .max_misses = 3});
  tracker.Update({At(0.1f, 0.4f)});
  tracker.Update({{{0.11f, 0.4f, 0.05f, 0.15f}, "person", 0.8f}});
  tracker.Update({At(0.12f, 0.4f)});
  ASSERT_EQ(tracker.tracks().size(), 1u);
  EXPECT_EQ(tracker.tracks()[0].object_class, "person");
  EXPECT_FLOAT_EQ(tracker.tracks()[0].confidence, 0.8f);
}

}  // namespace
}  // namespace anninh::analytics
