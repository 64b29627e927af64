#include "record/recovery.h"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "core/fs.h"
#include "media/fmp4_writer.h"
#include "media/segment_probe.h"
#include "record/layout.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::record {
namespace {

constexpr WallNs kStart = 1'764'382'500'000'000'000;

class RecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = store::sqlite::SqliteRecordingIndex::Open(dir_ / "index.db").value();
    root_ = dir_ / "rec";
  }

  // Writes what a crash leaves: `fragments` complete half-second fragments, then a torn
  // one of `torn_bytes`. Returns the relative path.
  std::string WriteCrashedSegment(int fragments, int torn_bytes) {
    std::string rel = SegmentRelPath("cam1", "main", kStart);
    auto path = root_ / rel;
    EXPECT_TRUE(fs::MakeDirsDurable(path.parent_path()).has_value());
    testing::SyntheticVideo video(160, 120, 25, 25);
    auto writer = media::Fmp4Writer::Create(path, video.info()).value();
    for (int i = 0; i < fragments * 12; ++i) {
      if (i > 0 && i % 12 == 0) {
        EXPECT_TRUE(writer->Flush().has_value());
      }
      EXPECT_TRUE(writer->Write(video.Next()).has_value());
    }
    auto done = writer->Finish().value();
    ::close(done.fd);
    std::ofstream(path, std::ios::app | std::ios::binary) << std::string(static_cast<std::size_t>(torn_bytes), '\x01');
    return rel;
  }

  testing::TempDir dir_;
  std::filesystem::path root_;
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index_;
};

TEST_F(RecoveryTest, TruncatedSegmentIsCutBackIndexedAndPlayable) {
  std::string rel = WriteCrashedSegment(4, 777);
  auto size_before = std::filesystem::file_size(root_ / rel);

  // fsck without repair reports and changes nothing.
  auto dry = Reconcile(*index_, root_, {.repair = false}).value();
  EXPECT_FALSE(dry.clean());
  EXPECT_EQ(std::filesystem::file_size(root_ / rel), size_before);
  EXPECT_TRUE(index_->Segments({}).value().empty());

  auto report = Reconcile(*index_, root_, {.repair = true}).value();
  EXPECT_EQ(report.recovered, 1);
  EXPECT_EQ(std::filesystem::file_size(root_ / rel), size_before - 777);
  auto row = index_->SegmentByPath(rel).value();
  ASSERT_TRUE(row.has_value());
  EXPECT_TRUE(row->recovered);
  EXPECT_EQ(row->frames, 48);
  EXPECT_EQ(row->start, kStart);
  EXPECT_EQ(row->end, kStart + 48 * 40'000'000LL);
  EXPECT_EQ(media::ProbeSegment(root_ / rel).value().video_frames, 48);

  // Afterwards everything is consistent, hashes included.
  auto again = Reconcile(*index_, root_, {.repair = false, .verify_hashes = true}).value();
  EXPECT_TRUE(again.clean()) << again.problems.front();
}

TEST_F(RecoveryTest, FileWithNoCompleteFragmentIsRemoved) {
  std::string rel = SegmentRelPath("cam1", "main", kStart);
  ASSERT_TRUE(fs::MakeDirsDurable((root_ / rel).parent_path()).has_value());
  std::ofstream(root_ / rel) << "partial header";
  auto report = Reconcile(*index_, root_, {.repair = true}).value();
  EXPECT_FALSE(std::filesystem::exists(root_ / rel));
  EXPECT_TRUE(Reconcile(*index_, root_, {.repair = false}).value().clean());
  EXPECT_EQ(report.actions.size(), 1u);
}

TEST_F(RecoveryTest, RowWithoutFileBecomesAGap) {
  std::string rel = WriteCrashedSegment(2, 0);
  ASSERT_TRUE(Reconcile(*index_, root_, {.repair = true}).has_value());
  std::filesystem::remove(root_ / rel);
  auto report = Reconcile(*index_, root_, {.repair = true}).value();
  EXPECT_FALSE(report.clean());
  EXPECT_TRUE(index_->Segments({}).value().empty());
  auto gaps = index_->Gaps({}).value();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].reason, "recording lost (file missing)");
}

TEST_F(RecoveryTest, ChangedFileIsReportedButNeverRepaired) {
  std::string rel = WriteCrashedSegment(2, 0);
  ASSERT_TRUE(Reconcile(*index_, root_, {.repair = true}).has_value());
  {
    std::fstream f(root_ / rel, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-5, std::ios::end);
    f << "XXXXX";  // same size, different bytes: tampering or bit rot
  }
  EXPECT_TRUE(Reconcile(*index_, root_, {.repair = false}).value().clean());
  auto verify = Reconcile(*index_, root_, {.repair = true, .verify_hashes = true}).value();
  ASSERT_FALSE(verify.clean());
  EXPECT_NE(verify.problems[0].find("SHA-256"), std::string::npos);
  EXPECT_TRUE(index_->SegmentByPath(rel).value().has_value());
}

}  // namespace
}  // namespace anninh::record
