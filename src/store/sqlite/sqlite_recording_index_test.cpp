#include "store/sqlite/sqlite_recording_index.h"

#include <fstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace anninh::store::sqlite {
namespace {

SegmentRow Seg(std::string cam, std::string path, WallNs start, WallNs end) {
  SegmentRow r;
  r.camera_id = std::move(cam);
  r.stream = "main";
  r.path = std::move(path);
  r.start = start;
  r.end = end;
  r.frames = 25;
  r.bytes = 1000;
  r.sha256 = "ab";
  r.codec = "h264";
  return r;
}

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto idx = SqliteRecordingIndex::Open(dir_ / "index.db");
    ASSERT_TRUE(idx.has_value()) << idx.error().ToString();
    index_ = std::move(*idx);
  }
  testing::TempDir dir_;
  std::unique_ptr<SqliteRecordingIndex> index_;
};

TEST_F(IndexTest, CommitAssignsIdsAndWindowQueriesFindOverlaps) {
  std::vector<SegmentRow> segs = {Seg("c1", "c1/a.mp4", 0, 60), Seg("c1", "c1/b.mp4", 60, 120),
                                  Seg("c2", "c2/a.mp4", 0, 60)};
  std::vector<GapRow> gaps = {{0, "c1", "main", 120, 130, "stalled"}};
  ASSERT_TRUE(index_->Commit(segs, gaps).has_value());
  EXPECT_GT(segs[0].id, 0);
  EXPECT_NE(segs[0].id, segs[1].id);

  auto c1 = index_->Segments({"c1", "", 30, 61}).value();
  ASSERT_EQ(c1.size(), 2u);
  EXPECT_EQ(c1[0].path, "c1/a.mp4");
  EXPECT_EQ(index_->Segments({"c1", "", 60, 61}).value().size(), 1u);  // half-open windows
  EXPECT_EQ(index_->Segments({}).value().size(), 3u);
  EXPECT_EQ(index_->Gaps({"c1", "main", 0, 1000}).value().at(0).reason, "stalled");
  EXPECT_EQ(index_->LastSegment("c1", "main").value()->path, "c1/b.mp4");
  EXPECT_FALSE(index_->LastSegment("c3", "main").value().has_value());

  auto totals = index_->Totals().value();
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].segments, 2);
  EXPECT_EQ(totals[0].recorded_ns, 120);
}

TEST_F(IndexTest, ACommitIsAllOrNothing) {
  std::vector<SegmentRow> first = {Seg("c1", "c1/a.mp4", 0, 60)};
  ASSERT_TRUE(index_->Commit(first, {}).has_value());
  // The second row repeats a path (UNIQUE), so the whole batch must be rolled back.
  std::vector<SegmentRow> batch = {Seg("c1", "c1/b.mp4", 60, 120), Seg("c1", "c1/a.mp4", 0, 60)};
  auto s = index_->Commit(batch, {});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(index_->Segments({}).value().size(), 1u);
  // And the connection is usable afterwards.
  std::vector<SegmentRow> ok = {Seg("c1", "c1/c.mp4", 120, 180)};
  EXPECT_TRUE(index_->Commit(ok, {}).has_value());
}

TEST_F(IndexTest, ReopenKeepsDataAndSchemaVersion) {
  std::vector<SegmentRow> segs = {Seg("c1", "c1/a.mp4", 0, 60)};
  ASSERT_TRUE(index_->Commit(segs, {}).has_value());
  index_.reset();
  auto again = SqliteRecordingIndex::Open(dir_ / "index.db").value();
  EXPECT_EQ(again->SegmentByPath("c1/a.mp4").value()->start, 0);
  ASSERT_TRUE(again->DeleteSegment(segs[0].id).has_value());
  EXPECT_FALSE(again->SegmentByPath("c1/a.mp4").value().has_value());
}

TEST(IndexOpenTest, NotADatabaseIsAClearError) {
  testing::TempDir dir;
  { std::ofstream(dir / "index.db") << "this is not sqlite, just text that is long enough......"; }
  auto idx = SqliteRecordingIndex::Open(dir / "index.db");
  ASSERT_FALSE(idx.has_value());
  EXPECT_EQ(idx.error().code(), ErrorCode::kDataLoss);
}

TEST(IndexOpenTest, QuotesInIdsAreJustData) {
  testing::TempDir dir;
  auto idx = SqliteRecordingIndex::Open(dir / "index.db").value();
  std::vector<SegmentRow> segs = {Seg("x' OR '1'='1", "p.mp4", 0, 1)};
  ASSERT_TRUE(idx->Commit(segs, {}).has_value());
  EXPECT_EQ(idx->Segments({"c1", "", 0, 10}).value().size(), 0u);
  EXPECT_EQ(idx->Segments({"x' OR '1'='1", "", 0, 10}).value().size(), 1u);
}

}  // namespace
}  // namespace anninh::store::sqlite
