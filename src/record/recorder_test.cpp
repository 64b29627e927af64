#include "record/stream_recorder.h"

#include <fstream>

#include <gtest/gtest.h>

#include "media/segment_probe.h"
#include "record/persister.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::record {
namespace {

constexpr WallNs kStart = 1'764'382'500'000'000'000;

class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = store::sqlite::SqliteRecordingIndex::Open(dir_ / "index.db").value();
    std::filesystem::create_directories(dir_ / "rec");
    persister_ = std::make_unique<Persister>(*index_, dir_ / "rec", std::chrono::milliseconds(50));
  }

  // Feeds `frames` frames (25 fps, keyframe each second) starting at `wall`.
  void Feed(StreamRecorder& rec, testing::SyntheticVideo& video, int frames, WallNs wall) {
    rec.OnStart(video.info(), wall);
    int first = video.frame_index();
    for (int i = 0; i < frames; ++i) {
      media::Packet p = video.Next(0);
      p.dts -= static_cast<std::int64_t>(first) * video.frame_ticks();
      p.pts = p.dts;
      p.wall = wall + media::Ts90ToNs(p.dts);
      rec.OnPacket(p);
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index_;
  std::unique_ptr<Persister> persister_;
};

TEST_F(RecorderTest, SegmentsAreCutOnKeyframesIndexedAndPlayable) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {4 * 90'000, 45'000},
                     std::nullopt);
  Feed(rec, video, 25 * 10, kStart);  // 10 s
  rec.OnStop(kStart + 10 * kNsPerSecond, "stream ended");
  persister_->Flush();

  auto segs = index_->Segments({"cam1", "main", 0, INT64_MAX}).value();
  ASSERT_EQ(segs.size(), 3u);  // 0-4, 4-8, 8-10
  EXPECT_EQ(segs[0].start, kStart);
  EXPECT_EQ(segs[0].end, kStart + 4 * kNsPerSecond);
  EXPECT_EQ(segs[1].start, segs[0].end);  // no overlap, no hole
  EXPECT_EQ(segs[2].end, kStart + 10 * kNsPerSecond);
  std::int64_t frames = 0;
  for (const auto& s : segs) {
    auto probe = media::ProbeSegment(dir_ / "rec" / s.path).value();
    EXPECT_TRUE(probe.starts_with_keyframe);
    EXPECT_EQ(probe.first_dts, 0);  // each file starts at 0
    EXPECT_EQ(probe.video_frames, s.frames);
    EXPECT_EQ(std::filesystem::file_size(dir_ / "rec" / s.path), s.bytes);
    EXPECT_EQ(s.sha256.size(), 64u);
    frames += s.frames;
  }
  EXPECT_EQ(frames, 250);
}

TEST_F(RecorderTest, ReconnectRecordsAGapWithTheReason) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {60 * 90'000, 45'000},
                     std::nullopt);
  Feed(rec, video, 50, kStart);  // 2 s
  rec.OnStop(kStart + 2 * kNsPerSecond, "stalled");
  WallNs back = kStart + 12 * kNsPerSecond;  // 10 s later
  Feed(rec, video, 50, back);
  rec.OnStop(back + 2 * kNsPerSecond, "stopped");
  persister_->Flush();

  auto gaps = index_->Gaps({"cam1", "main", 0, INT64_MAX}).value();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].reason, "stalled");
  EXPECT_EQ(gaps[0].start, kStart + 2 * kNsPerSecond);
  EXPECT_EQ(gaps[0].end, back);
  EXPECT_EQ(index_->Segments({"cam1", "", 0, INT64_MAX}).value().size(), 2u);
}

TEST_F(RecorderTest, DowntimeBeforeStartUpIsAGap) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {}, kStart - 5 * kNsPerSecond);
  Feed(rec, video, 25, kStart);
  rec.OnStop(kStart + kNsPerSecond, "stopped");
  persister_->Flush();
  auto gaps = index_->Gaps({}).value();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].reason, "recorder not running");
}

TEST_F(RecorderTest, PacketsBeforeTheFirstKeyframeAreNotRecorded) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  video.Next();  // the keyframe goes by before the recorder sees the stream
  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {}, std::nullopt);
  Feed(rec, video, 49, kStart);  // frames 1..49: the next keyframe is frame 25
  rec.OnStop(kStart + 2 * kNsPerSecond, "stopped");
  persister_->Flush();
  auto segs = index_->Segments({}).value();
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].frames, 25);
}

TEST_F(RecorderTest, UnwritableRootIsReportedOnceAndRecordsNothing) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  std::filesystem::path blocked = dir_ / "file-not-dir";
  { std::ofstream(blocked) << "x"; }
  StreamRecorder rec("cam1", "main", blocked, *persister_, {}, std::nullopt);
  Feed(rec, video, 50, kStart);
  EXPECT_FALSE(rec.Status().last_error.empty());
  rec.OnStop(kStart + 2 * kNsPerSecond, "stopped");
  persister_->Flush();
  EXPECT_TRUE(index_->Segments({}).value().empty());
}

}  // namespace
}  // namespace anninh::record
