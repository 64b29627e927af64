// The retention runner against a real index and real files: the ordered delete, holds,
// interrupted deletions, and the wake-up a recorder's disk-full report causes.
#include "record/retention.h"

#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "core/fs.h"
#include "record/layout.h"
#include "record/recovery.h"
#include "store/sqlite/sqlite_event_store.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support/temp_dir.h"

namespace anninh::record {
namespace {

namespace stdfs = std::filesystem;
using namespace std::chrono_literals;

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = store::sqlite::SqliteRecordingIndex::Open(dir_ / "index.db").value();
    root_ = dir_ / "rec";
    stdfs::create_directories(root_);
  }

  // An indexed segment of `hours_ago` .. `hours_ago - 1`, with a file of `bytes`.
  store::SegmentRow AddSegment(const std::string& cam, int hours_ago, std::uint64_t bytes = 1000) {
    store::SegmentRow s;
    s.camera_id = cam;
    s.stream = "main";
    s.start = clock_.Now() - hours_ago * 3600 * kNsPerSecond;
    s.end = s.start + 3600 * kNsPerSecond;
    s.path = SegmentRelPath(cam, "main", s.start);
    s.bytes = bytes;
    s.frames = 1;
    s.sha256 = "00";
    s.codec = "h264";
    EXPECT_TRUE(fs::MakeDirsDurable((root_ / s.path).parent_path()).has_value());
    std::ofstream(root_ / s.path) << std::string(bytes, 'x');
    std::vector<store::SegmentRow> rows{s};
    EXPECT_TRUE(index_->Commit(rows, {}).has_value());
    return rows[0];
  }

  RetentionConfig Config(RetentionLimits limits) {
    RetentionConfig c;
    c.cameras.push_back({"gate", {limits}});
    c.floor = {0, 0};  // no floor unless a test asks for one
    c.interval = 1h;
    return c;
  }

  bool Indexed(const store::SegmentRow& s) {
    auto rows = index_->Segments({}).value();
    for (const auto& r : rows) {
      if (r.id == s.id) return true;
    }
    return false;
  }

  testing::TempDir dir_;
  stdfs::path root_;
  SimulatedClock clock_;
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index_;
};

TEST_F(RetentionTest, DeletesFilesAndRowsPastTheLimitAndNothingElse) {
  auto old1 = AddSegment("gate", 50);
  auto old2 = AddSegment("gate", 49);
  auto young = AddSegment("gate", 2);
  Retention retention(*index_, root_, Config({1, 0}), clock_);
  auto run = retention.RunOnce().value();
  EXPECT_EQ(run.deleted, 2);
  EXPECT_EQ(run.freed_bytes, 2000u);
  EXPECT_FALSE(stdfs::exists(root_ / old1.path));
  EXPECT_FALSE(stdfs::exists(root_ / old2.path));
  EXPECT_FALSE(Indexed(old1));
  EXPECT_TRUE(stdfs::exists(root_ / young.path));
  EXPECT_TRUE(Indexed(young));
  EXPECT_TRUE(index_->DeletingSegments().value().empty());
  // Day directories older than yesterday that became empty are removed as well.
  EXPECT_FALSE(stdfs::exists((root_ / old1.path).parent_path()));
  EXPECT_EQ(retention.Status().segments_deleted, 2u);
  EXPECT_TRUE(retention.Status().problem.empty());
}

TEST_F(RetentionTest, HeldSegmentSurvivesAgeSizeAndFloor) {
  auto held = AddSegment("gate", 72);
  auto other = AddSegment("gate", 71);
  store::HoldRow hold{0, "gate", held.start + 10, held.start + 20, "vụ việc 12", "test", 0, ""};
  ASSERT_TRUE(index_->AddHold(hold).has_value());
  auto config = Config({1, 1});
  config.floor = {100, 0};  // asks for the whole disk free: can never be met
  Retention retention(*index_, root_, config, clock_);
  auto run = retention.RunOnce().value();
  EXPECT_EQ(run.deleted, 1);
  EXPECT_TRUE(stdfs::exists(root_ / held.path));
  EXPECT_TRUE(Indexed(held));
  EXPECT_FALSE(Indexed(other));
  // The floor cannot be met: the status says why, naming the holds.
  EXPECT_GT(run.floor_shortfall, 0u);
  EXPECT_NE(retention.Status().problem.find("evidence holds"), std::string::npos)
      << retention.Status().problem;

  // Released, the hold no longer protects it.
  ASSERT_TRUE(index_->ReleaseHold(hold.id).has_value());
  EXPECT_EQ(retention.RunOnce().value().deleted, 1);
  EXPECT_FALSE(stdfs::exists(root_ / held.path));
}

TEST_F(RetentionTest, CameraNotInTheConfigKeepsItsFootageUntilTheFloorNeedsIt) {
  auto s = AddSegment("removed-camera", 24 * 365);
  Retention retention(*index_, root_, Config({1, 1}), clock_);
  EXPECT_EQ(retention.RunOnce().value().deleted, 0);
  EXPECT_TRUE(Indexed(s));
}

TEST_F(RetentionTest, InterruptedDeletionIsFinishedByRecoveryNotReindexed) {
  auto unlinked = AddSegment("gate", 5);  // crash after the unlink
  auto marked = AddSegment("gate", 4);    // crash right after the mark
  auto kept = AddSegment("gate", 3);
  std::vector<std::int64_t> ids{unlinked.id, marked.id};
  ASSERT_EQ(index_->MarkDeleting(ids).value().size(), 2u);
  stdfs::remove(root_ / unlinked.path);

  // Marked rows are invisible to readers.
  EXPECT_EQ(index_->Segments({}).value().size(), 1u);

  // fsck without repair: reports the unfinished deletion, but neither "missing" nor "not in
  // the index", and changes nothing.
  auto check = Reconcile(*index_, root_, {.repair = false}).value();
  ASSERT_EQ(check.problems.size(), 2u);
  for (const auto& p : check.problems) {
    EXPECT_NE(p.find("deletion interrupted"), std::string::npos) << p;
  }
  EXPECT_TRUE(stdfs::exists(root_ / marked.path));

  // Start-up (repair) finishes it.
  auto fixed = Reconcile(*index_, root_, {.repair = true}).value();
  EXPECT_EQ(fixed.recovered, 0);
  EXPECT_FALSE(stdfs::exists(root_ / marked.path));
  EXPECT_TRUE(index_->DeletingSegments().value().empty());
  auto rows = index_->Segments({}).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, kept.id);
  EXPECT_TRUE(index_->Gaps({}).value().empty());  // a deletion is not "recording lost"
  EXPECT_TRUE(Reconcile(*index_, root_, {.repair = false}).value().clean());
}

TEST_F(RetentionTest, RequestRunWakesTheThreadAtOnce) {
  Retention retention(*index_, root_, Config({1, 0}), clock_);  // interval: 1 h
  retention.Start();
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (retention.Status().runs < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(retention.Status().runs, 1u);  // the first round runs at start
  auto old = AddSegment("gate", 30);
  retention.RequestRun();
  while (Indexed(old) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_FALSE(Indexed(old)) << "a disk-full report must not wait for the interval";
  retention.Stop();
}

TEST_F(RetentionTest, RefusesToDeleteOutsideTheRecordingsFolder) {
  std::ofstream(dir_ / "precious.txt") << "x";
  store::SegmentRow s;
  s.camera_id = "gate";
  s.stream = "main";
  s.path = "../precious.txt";
  s.start = clock_.Now() - 100 * 3600 * kNsPerSecond;
  s.end = s.start + 1;
  s.sha256 = "0";
  s.codec = "h264";
  std::vector<store::SegmentRow> rows{s};
  ASSERT_TRUE(index_->Commit(rows, {}).has_value());
  Retention retention(*index_, root_, Config({1, 0}), clock_);
  EXPECT_FALSE(retention.RunOnce().has_value());
  EXPECT_TRUE(stdfs::exists(dir_ / "precious.txt"));
}

// The event retention class (docs/design/0009-events.md): footage that shows an event is
// kept for the event class's days, past the continuous limit, then goes like any other.
TEST_F(RetentionTest, KeepsSegmentsOverlappingAnEventUntilTheEventClassExpires) {
  auto ordinary = AddSegment("gate", 50);
  auto shown = AddSegment("gate", 48);
  auto events = store::sqlite::SqliteEventStore::Open(dir_ / "index.db").value();
  store::EventRow e;
  e.camera_id = "gate";
  e.rule = "vao-san";
  e.start = shown.start + 600 * kNsPerSecond;
  e.end = e.start + 30 * kNsPerSecond;
  e.last = e.end;
  e.clip_start = e.start - 5 * kNsPerSecond;
  e.clip_end = e.end + 10 * kNsPerSecond;
  ASSERT_TRUE(events->Insert(e).has_value());
  auto config = Config({1, 0});  // continuous: 1 day
  config.cameras[0].limits[static_cast<std::size_t>(store::RetentionClass::kEvent)] = {7, 0};
  Retention retention(*index_, root_, config, clock_);
  auto run = retention.RunOnce().value();
  EXPECT_EQ(run.deleted, 1);
  EXPECT_FALSE(Indexed(ordinary));
  EXPECT_FALSE(stdfs::exists(root_ / ordinary.path));
  EXPECT_TRUE(Indexed(shown)) << "2 days old, but it shows an event kept for 7";
  EXPECT_TRUE(stdfs::exists(root_ / shown.path));

  clock_.Advance(std::chrono::hours(24 * 4));  // it ended 143 h ago: under 7 days
  EXPECT_EQ(retention.RunOnce().value().deleted, 0);
  EXPECT_TRUE(Indexed(shown));
  clock_.Advance(std::chrono::hours(24 * 2));  // 191 h: past the event class's 7 days
  EXPECT_EQ(retention.RunOnce().value().deleted, 1);
  EXPECT_FALSE(Indexed(shown));
  EXPECT_FALSE(stdfs::exists(root_ / shown.path));
}

TEST_F(RetentionTest, KeepsAReserveFileForAFullDisk) {
  auto config = Config({1, 0});
  config.reserve_file = dir_ / "retention.reserve";
  Retention retention(*index_, root_, config, clock_);
  ASSERT_TRUE(retention.RunOnce().has_value());
  EXPECT_EQ(stdfs::file_size(config.reserve_file), config.reserve_bytes);
}

}  // namespace
}  // namespace anninh::record
