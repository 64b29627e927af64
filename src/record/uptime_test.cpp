#include "record/uptime.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_recording_index.h"
#include "support/temp_dir.h"

namespace anninh::record {
namespace {

constexpr WallNs kS = kNsPerSecond;
constexpr WallNs kDay = 86400 * kS;

class UptimeTest : public ::testing::Test {
 protected:
  void SetUp() override { index_ = store::sqlite::SqliteRecordingIndex::Open(dir_.path() / "index.db").value(); }

  // Segments of `seconds` each, back to back, from `start`, `count` of them.
  void Record(const std::string& camera, const std::string& stream, WallNs start, int count, int seconds) {
    std::vector<store::SegmentRow> rows;
    for (int i = 0; i < count; ++i) {
      store::SegmentRow r;
      r.camera_id = camera;
      r.stream = stream;
      r.start = start + i * seconds * kS;
      r.end = r.start + seconds * kS;
      r.path = camera + "/" + stream + "/" + std::to_string(r.start) + ".mp4";
      r.frames = 25 * seconds;
      r.bytes = 1000;
      r.sha256 = std::string(64, '0');
      r.codec = "h264";
      rows.push_back(r);
    }
    ASSERT_TRUE(index_->Commit(rows, {}).has_value());
  }

  testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index_;
};

TEST_F(UptimeTest, SharesPerBucketMergeStreamsAndClipToTheWindow) {
  const WallNs day0 = 1'750'000'000 * kS - (1'750'000'000 * kS) % kDay;
  // Day 0: 06:00–12:00 on main, 09:00–15:00 on sub → 06:00–15:00 = 9 h once, not 12.
  Record("cam", "main", day0 + 6 * 3600 * kS, 360, 60);
  Record("cam", "sub", day0 + 9 * 3600 * kS, 360, 60);
  // Across midnight into day 1: 23:00–01:00.
  Record("cam", "main", day0 + 23 * 3600 * kS, 120, 60);
  Record("other", "main", day0, 10, 60);

  auto u = Uptime(*index_, {"cam", "nobody"}, {day0, day0 + kDay, day0 + 2 * kDay}).value();
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].camera_id, "cam");
  EXPECT_EQ(u[0].covered_ns[0], 10 * 3600 * kS);  // 9 h + the hour before midnight
  EXPECT_EQ(u[0].covered_ns[1], 3600 * kS);       // the hour after it
  EXPECT_DOUBLE_EQ(u[0].ratios[0], 10.0 / 24);
  EXPECT_DOUBLE_EQ(u[0].total_ratio, 11.0 / 48);
  EXPECT_EQ(u[1].total_covered_ns, 0) << "a camera with no recordings was not working";

  // A window that starts inside a span counts only its own part.
  auto part = Uptime(*index_, {"cam"}, {day0 + 11 * 3600 * kS, day0 + 13 * 3600 * kS}).value();
  EXPECT_DOUBLE_EQ(part[0].total_ratio, 1.0);
}

TEST_F(UptimeTest, EdgesMustMakeAWindow) {
  EXPECT_EQ(Uptime(*index_, {"cam"}, {5}).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Uptime(*index_, {"cam"}, {5, 5}).error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace anninh::record
