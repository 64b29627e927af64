#include "store/sqlite/sqlite_recording_index.h"

#include <fstream>

#include <gtest/gtest.h>

#include "store/sqlite/migrations.h"
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

TEST_F(IndexTest, HoldsAreAddedListedAndReleasedById) {
  HoldRow a{0, "gate", 100, 200, "vụ việc 12/2026: trộm xe máy", "cli", 5, ""};
  HoldRow b{0, "market", 0, 50, "festival", "cli", 6, ""};
  ASSERT_TRUE(index_->AddHold(a).has_value());
  ASSERT_TRUE(index_->AddHold(b).has_value());
  EXPECT_GT(a.id, 0);
  EXPECT_NE(a.id, b.id);
  auto all = index_->Holds("").value();
  ASSERT_EQ(all.size(), 2u);
  auto gate = index_->Holds("gate").value();
  ASSERT_EQ(gate.size(), 1u);
  EXPECT_EQ(gate[0].reason, "vụ việc 12/2026: trộm xe máy");  // stored as given (NFC)
  EXPECT_EQ(gate[0].start, 100);
  EXPECT_EQ(gate[0].created_at, 5);
  ASSERT_TRUE(index_->ReleaseHold(a.id).has_value());
  EXPECT_TRUE(index_->Holds("gate").value().empty());
  auto again = index_->ReleaseHold(a.id);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), ErrorCode::kNotFound);
}

TEST_F(IndexTest, BadHoldsAreRefused) {
  HoldRow empty_range{0, "gate", 100, 100, "r", "cli", 0, ""};
  EXPECT_EQ(index_->AddHold(empty_range).error().code(), ErrorCode::kInvalidArgument);
  HoldRow backwards{0, "gate", 200, 100, "r", "cli", 0, ""};
  EXPECT_EQ(index_->AddHold(backwards).error().code(), ErrorCode::kInvalidArgument);
  HoldRow no_camera{0, "", 0, 100, "r", "cli", 0, ""};
  EXPECT_EQ(index_->AddHold(no_camera).error().code(), ErrorCode::kInvalidArgument);
  HoldRow no_reason{0, "gate", 0, 100, "", "cli", 0, ""};
  EXPECT_EQ(index_->AddHold(no_reason).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(index_->Holds("").value().empty());
}

TEST_F(IndexTest, OldestUnheldSkipsHeldAndDeletingAndSpansStreams) {
  std::vector<SegmentRow> segs = {Seg("c1", "c1/a.mp4", 0, 60), Seg("c1", "c1/b.mp4", 60, 120),
                                  Seg("c1", "c1/c.mp4", 120, 180), Seg("c2", "c2/a.mp4", 0, 60)};
  segs[2].stream = "sub";
  ASSERT_TRUE(index_->Commit(segs, {}).has_value());
  HoldRow hold{0, "c1", 119, 121, "case", "cli", 0, ""};  // overlaps b and c
  ASSERT_TRUE(index_->AddHold(hold).has_value());
  auto oldest = index_->OldestUnheld("c1", 10).value();
  ASSERT_EQ(oldest.size(), 1u);
  EXPECT_EQ(oldest[0].path, "c1/a.mp4");
  std::vector<std::int64_t> ids{segs[0].id};
  ASSERT_EQ(index_->MarkDeleting(ids).value().size(), 1u);
  EXPECT_TRUE(index_->OldestUnheld("c1", 10).value().empty());
  ASSERT_TRUE(index_->ReleaseHold(hold.id).has_value());
  EXPECT_EQ(index_->OldestUnheld("c1", 1).value().at(0).path, "c1/b.mp4");  // limit honoured
  auto held = index_->HeldBytes().value();
  EXPECT_TRUE(held.empty());
}

TEST_F(IndexTest, MarkDeletingHonoursAHoldPlacedAfterThePlan) {
  std::vector<SegmentRow> segs = {Seg("c1", "c1/a.mp4", 0, 60), Seg("c1", "c1/b.mp4", 60, 120)};
  ASSERT_TRUE(index_->Commit(segs, {}).has_value());
  std::vector<std::int64_t> planned{segs[0].id, segs[1].id};
  // Another process (the CLI) holds b between the plan and the mark.
  auto cli = SqliteRecordingIndex::Open(dir_ / "index.db").value();
  HoldRow hold{0, "c1", 70, 80, "case", "cli", 0, ""};
  ASSERT_TRUE(cli->AddHold(hold).has_value());
  auto marked = index_->MarkDeleting(planned).value();
  ASSERT_EQ(marked.size(), 1u);
  EXPECT_EQ(marked[0].path, "c1/a.mp4");
  EXPECT_EQ(index_->HeldBytes().value().at(0).second, 1000u);
}

TEST_F(IndexTest, RowsMarkedDeletingAreHiddenUntilFinished) {
  std::vector<SegmentRow> segs = {Seg("c1", "c1/a.mp4", 0, 60), Seg("c1", "c1/b.mp4", 60, 120)};
  ASSERT_TRUE(index_->Commit(segs, {}).has_value());
  std::vector<std::int64_t> ids{segs[1].id};
  ASSERT_EQ(index_->MarkDeleting(ids).value().size(), 1u);
  EXPECT_EQ(index_->Segments({}).value().size(), 1u);
  EXPECT_EQ(index_->LastSegment("c1", "main").value()->path, "c1/a.mp4");
  EXPECT_FALSE(index_->SegmentByPath("c1/b.mp4").value().has_value());
  EXPECT_EQ(index_->Totals().value().at(0).segments, 1);
  EXPECT_EQ(index_->RetainedBytes().value().at(0).bytes, 1000u);
  ASSERT_EQ(index_->DeletingSegments().value().size(), 1u);
  // Finishing removes only marked rows, whatever ids it is given.
  std::vector<std::int64_t> both{segs[0].id, segs[1].id};
  ASSERT_TRUE(index_->FinishDeleting(both).has_value());
  EXPECT_TRUE(index_->DeletingSegments().value().empty());
  EXPECT_EQ(index_->Segments({}).value().size(), 1u);
}

TEST(IndexMigrationTest, AVersionOneIndexIsUpgradedKeepingItsSegments) {
  testing::TempDir dir;
  {
    auto db = Database::Open(dir / "index.db").value();
    ASSERT_TRUE(db->Migrate({Migrations().at(0)}).has_value());
    ASSERT_TRUE(db->Exec("INSERT INTO segment (camera_id, stream, path, start_ns, end_ns, frames, "
                         "bytes, sha256, codec) VALUES ('c1', 'main', 'c1/a.mp4', 0, 60, 1, 10, "
                         "'ab', 'h264')")
                    .has_value());
    EXPECT_EQ(db->SchemaVersion(), 1);
  }
  auto index = SqliteRecordingIndex::Open(dir / "index.db").value();
  auto segs = index->Segments({}).value();
  ASSERT_EQ(segs.size(), 1u);  // not marked deleting by the new column's default
  EXPECT_EQ(segs[0].retention_class, RetentionClass::kContinuous);
  EXPECT_TRUE(index->Holds("").value().empty());
  EXPECT_EQ(Database::Open(dir / "index.db").value()->SchemaVersion(), static_cast<int>(Migrations().size()));
}

}  // namespace
}  // namespace anninh::store::sqlite
