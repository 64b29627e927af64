#include "record/retention_policy.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace anninh::record {
namespace {

constexpr std::uint64_t kMb = 1'000'000;

class PolicyTest : public ::testing::Test {
 protected:
  // A camera with one 1 MB segment per hour, the oldest `hours` ago.
  CameraUsage Camera(const std::string& id, int hours, RetentionLimits limits) {
    CameraUsage cam;
    cam.camera_id = id;
    cam.limits[0] = limits;
    for (int h = hours; h > 0; --h) {
      store::SegmentRow s;
      s.id = next_id_++;
      s.camera_id = id;
      s.stream = "main";
      s.path = id + "/" + std::to_string(s.id) + ".mp4";
      s.start = clock_.Now() - h * 3600 * kNsPerSecond;
      s.end = s.start + 3600 * kNsPerSecond;
      s.bytes = kMb;
      cam.oldest.push_back(s);
      cam.retained_bytes[0] += s.bytes;
    }
    return cam;
  }

  RetentionInput Input(std::vector<CameraUsage> cams) {
    RetentionInput in;
    in.now = clock_.Now();
    in.cameras = std::move(cams);
    in.total_bytes = 1000 * kMb;
    in.free_bytes = 900 * kMb;  // well above the floor unless a test says otherwise
    in.floor = {5, 10 * kMb};
    return in;
  }

  static std::vector<std::int64_t> Ids(const RetentionPlan& plan, DeleteReason why) {
    std::vector<std::int64_t> out;
    for (const auto& d : plan.deletions) {
      if (d.reason == why) out.push_back(d.segment.id);
    }
    return out;
  }

  SimulatedClock clock_;
  std::int64_t next_id_ = 1;
};

TEST_F(PolicyTest, NothingIsDeletedWithinTheLimits) {
  auto plan = PlanRetention(Input({Camera("gate", 48, {3, 0})}));
  EXPECT_TRUE(plan.deletions.empty());
  EXPECT_FALSE(plan.more);
  EXPECT_EQ(plan.floor_shortfall, 0u);
}

TEST_F(PolicyTest, DaysLimitDeletesWhatEndedBeforeTheCutoffAndAdvancesWithTheClock) {
  // 1-day limit, 30 hours of footage: the 6 segments that ended 24 h ago or earlier go.
  auto in = Input({Camera("gate", 30, {1, 0})});
  auto plan = PlanRetention(in);
  EXPECT_EQ(Ids(plan, DeleteReason::kAge), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(plan.deletions.size(), 6u);

  // Two hours later, two more have aged out.
  clock_.Advance(std::chrono::hours(2));
  in.now = clock_.Now();
  EXPECT_EQ(PlanRetention(in).deletions.size(), 8u);
}

TEST_F(PolicyTest, BytesLimitDeletesOldestFirstUntilUnderTheLimit) {
  auto plan = PlanRetention(Input({Camera("gate", 10, {0, 7 * kMb})}));  // 10 MB, limit 7
  EXPECT_EQ(Ids(plan, DeleteReason::kSize), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_F(PolicyTest, LimitsArePerCamera) {
  auto plan = PlanRetention(
      Input({Camera("gate", 10, {0, 8 * kMb}), Camera("market", 10, {0, 0})}));
  ASSERT_EQ(plan.deletions.size(), 2u);
  for (const auto& d : plan.deletions) EXPECT_EQ(d.segment.camera_id, "gate");
}

TEST_F(PolicyTest, FloorDeletesTheGloballyOldestAcrossCameras) {
  auto a = Camera("a", 5, {0, 0});  // ids 1..5, starting 5 h ago
  auto b = Camera("b", 8, {0, 0});  // ids 6..13, starting 8 h ago
  auto in = Input({a, b});
  in.free_bytes = 47 * kMb;  // floor: max(5% of 1000 MB, 10 MB) = 50 MB: 3 MB short
  auto plan = PlanRetention(in);
  // b's three oldest (8, 7 and 6 hours ago) are older than anything of a.
  EXPECT_EQ(Ids(plan, DeleteReason::kFreeSpace), (std::vector<std::int64_t>{6, 7, 8}));
  EXPECT_EQ(plan.floor_shortfall, 0u);
}

TEST_F(PolicyTest, FloorCountsWhatTheCameraLimitsAlreadyFree) {
  auto in = Input({Camera("gate", 10, {0, 8 * kMb})});
  in.free_bytes = 48 * kMb;  // 2 MB short; the size limit frees exactly that
  auto plan = PlanRetention(in);
  EXPECT_EQ(Ids(plan, DeleteReason::kSize).size(), 2u);
  EXPECT_TRUE(Ids(plan, DeleteReason::kFreeSpace).empty());
}

TEST_F(PolicyTest, ByteFloorIsCappedAtHalfTheDisk) {
  EXPECT_EQ(FloorBytes({5, 2'000'000'000}, 100 * kMb), 50 * kMb);  // a small disk
  EXPECT_EQ(FloorBytes({5, 2'000'000'000}, 1'000'000'000'000), 50'000'000'000u);  // 5%
  EXPECT_EQ(FloorBytes({0, 2'000'000'000}, 1'000'000'000'000), 2'000'000'000u);
}

TEST_F(PolicyTest, HeldSegmentsAreNeverDeletedByAnyRule) {
  auto cam = Camera("gate", 30, {1, 5 * kMb});
  auto in = Input({cam});
  in.free_bytes = 0;  // and far below the floor
  // Holds on segments 1 (by age and size) and 27 (only the floor would take it).
  in.holds.push_back({1, "gate", cam.oldest[0].start + 1, cam.oldest[0].start + 2, "case", "t", 0, ""});
  in.holds.push_back({2, "gate", cam.oldest[26].start, cam.oldest[26].end, "case", "t", 0, ""});
  // A hold on another camera at the same time protects nothing here.
  in.holds.push_back({3, "other", cam.oldest[1].start, cam.oldest[1].end, "case", "t", 0, ""});
  auto plan = PlanRetention(in);
  for (const auto& d : plan.deletions) {
    EXPECT_NE(d.segment.id, 1);
    EXPECT_NE(d.segment.id, 27);
  }
  EXPECT_EQ(plan.deletions.size(), 28u);  // everything else
  EXPECT_GT(plan.floor_shortfall, 0u);    // and it is still not enough: say so
}

TEST_F(PolicyTest, HoldTouchingASegmentOnlyAtItsEndDoesNotHoldIt) {
  store::SegmentRow s;
  s.camera_id = "gate";
  s.start = 100;
  s.end = 200;
  EXPECT_FALSE(Overlaps({1, "gate", 200, 300, "r", "t", 0, ""}, s));  // half-open
  EXPECT_TRUE(Overlaps({1, "gate", 199, 300, "r", "t", 0, ""}, s));
  EXPECT_FALSE(Overlaps({1, "gate", 0, 100, "r", "t", 0, ""}, s));
  s.end = s.start;  // a zero-length segment is the instant it starts
  EXPECT_TRUE(Overlaps({1, "gate", 100, 101, "r", "t", 0, ""}, s));
}

TEST_F(PolicyTest, AnIncompleteBatchAsksForMore) {
  auto cam = Camera("gate", 10, {0, 2 * kMb});
  cam.retained_bytes[0] = 100 * kMb;  // the batch holds only 10 of the camera's segments
  cam.complete = false;
  auto plan = PlanRetention(Input({cam}));
  EXPECT_EQ(plan.deletions.size(), 10u);
  EXPECT_TRUE(plan.more);
}

TEST_F(PolicyTest, CameraWithoutLimitsLosesFootageOnlyToTheFloor) {
  auto in = Input({Camera("renamed", 100, {0, 0})});
  EXPECT_TRUE(PlanRetention(in).deletions.empty());
  in.free_bytes = 49 * kMb;
  EXPECT_EQ(PlanRetention(in).deletions.size(), 1u);
}

TEST(DaysLeftTest, DiskFillsAtTheSiteRate) {
  DaysLeftInput in;
  in.limits = {0, 0};
  in.camera_bytes_per_day = 10;
  in.site_bytes_per_day = 40;
  in.free_above_floor = 400;
  EXPECT_DOUBLE_EQ(DaysLeft(in).value(), 10.0);
}

TEST(DaysLeftTest, SizeLimitCanComeFirst) {
  DaysLeftInput in;
  in.limits = {0, 100};
  in.retained_bytes = 80;
  in.camera_bytes_per_day = 10;
  in.site_bytes_per_day = 40;
  in.free_above_floor = 4000;
  EXPECT_DOUBLE_EQ(DaysLeft(in).value(), 2.0);
}

TEST(DaysLeftTest, SteadyWhenTheAgeLimitComesFirstOrNothingIsWritten) {
  DaysLeftInput in;
  in.limits = {30, 0};
  in.days_covered = 25;
  in.camera_bytes_per_day = 10;
  in.site_bytes_per_day = 10;
  in.free_above_floor = 1000;  // 100 days of room, but footage ages out after 5 more
  EXPECT_FALSE(DaysLeft(in).has_value());
  in.free_above_floor = 20;  // 2 days of room: the disk comes first
  EXPECT_DOUBLE_EQ(DaysLeft(in).value(), 2.0);
  in.camera_bytes_per_day = 0;
  EXPECT_FALSE(DaysLeft(in).has_value());
}

}  // namespace
}  // namespace anninh::record
