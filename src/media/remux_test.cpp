#include "media/remux.h"

#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "media/fmp4_writer.h"
#include "media/segment_probe.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::media {
namespace {

constexpr WallNs kT0 = 1'750'000'000'000'000'000;
constexpr WallNs kSecond = 1'000'000'000;

// Writes `frames` frames of `video` as one segment starting at wall time `start`, with its
// own timeline starting at 0 as the recorder writes them.
RemuxSegment WriteSegment(const testing::TempDir& dir, testing::SyntheticVideo& video,
                          WallNs start, int frames) {
  auto path = dir / ("seg-" + std::to_string(start) + ".mp4");
  auto writer = Fmp4Writer::Create(path, video.info()).value();
  std::int64_t first = -1;
  for (int i = 0; i < frames; ++i) {
    Packet p = video.Next();
    if (first < 0) first = p.dts;
    p.dts -= first;
    p.pts -= first;
    EXPECT_TRUE(writer->Write(p).has_value());
    if (i % 12 == 11) {
      EXPECT_TRUE(writer->Flush().has_value());
    }
  }
  auto done = writer->Finish().value();
  ::close(done.fd);
  return {path, start, start + frames * kSecond / 25};
}

// Top-level box types in file order (ISO/IEC 14496-12 section 4.2).
std::vector<std::string> TopLevelBoxes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos + 8 <= bytes.size()) {
    std::uint64_t size = 0;
    for (int i = 0; i < 4; ++i) size = (size << 8) | static_cast<std::uint8_t>(bytes[pos + i]);
    out.emplace_back(&bytes[pos + 4], 4);
    if (size == 1) {
      size = 0;
      for (int i = 8; i < 16; ++i) size = (size << 8) | static_cast<std::uint8_t>(bytes[pos + i]);
    }
    if (size < 8) break;
    pos += size;
  }
  return out;
}

double MediaSeconds(const SegmentProbe& p) {
  return static_cast<double>(p.end_ts - p.first_dts) / kTimescale;
}

class RemuxTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  testing::SyntheticVideo video_{320, 240, 25, 25};  // a keyframe every second
};

TEST_F(RemuxTest, CutsFromTheKeyframeAtOrBeforeFromToTheLastFrameBeforeTo) {
  std::vector<RemuxSegment> segs;
  for (int k = 0; k < 3; ++k) segs.push_back(WriteSegment(dir_, video_, kT0 + k * 2 * kSecond, 50));
  auto out = dir_ / "out.mp4";
  auto r = RemuxRange(segs, kT0 + 1500 * kNsPerMs, kT0 + 4500 * kNsPerMs, out);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->start, kT0 + kSecond);  // the keyframe at 1 s, not the frame at 1.5 s
  EXPECT_EQ(r->video_frames, 88);      // frames at 1.00 .. 4.48 s
  EXPECT_EQ(r->segments_used, 3);
  EXPECT_NEAR(static_cast<double>(r->end - kT0) / 1e9, 4.52, 0.001);
  EXPECT_EQ(r->bytes, std::filesystem::file_size(out));

  auto probe = ProbeSegment(out);
  ASSERT_TRUE(probe.has_value()) << probe.error().ToString();
  EXPECT_TRUE(probe->starts_with_keyframe);
  EXPECT_EQ(probe->video_frames, 88);
  EXPECT_EQ(probe->first_dts, 0);
  EXPECT_NEAR(MediaSeconds(*probe), 3.52, 0.001);

  // Faststart: the sample tables come before the media, and it is not fragmented.
  auto boxes = TopLevelBoxes(out);
  auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  ASSERT_NE(mdat, boxes.end());
  EXPECT_LT(moov, mdat);
  EXPECT_EQ(std::find(boxes.begin(), boxes.end(), "moof"), boxes.end());
}

TEST_F(RemuxTest, FromBeforeTheRecordingsStartsAtTheFirstKeyframe) {
  std::vector<RemuxSegment> segs{WriteSegment(dir_, video_, kT0, 50)};
  auto r = RemuxRange(segs, kT0 - 10 * kSecond, kT0 + kSecond, dir_ / "out.mp4");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->start, kT0);
  EXPECT_EQ(r->video_frames, 25);
}

TEST_F(RemuxTest, FromInsideAGapStartsAtTheNextSegmentNotBeforeTheGap) {
  std::vector<RemuxSegment> segs{WriteSegment(dir_, video_, kT0, 50)};
  segs.push_back(WriteSegment(dir_, video_, kT0 + 4 * kSecond, 50));  // 2 s gap before it
  auto r = RemuxRange(segs, kT0 + 3 * kSecond, kT0 + 5 * kSecond, dir_ / "out.mp4");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->start, kT0 + 4 * kSecond);
  EXPECT_EQ(r->video_frames, 25);
}

TEST_F(RemuxTest, AGapStaysAGapOnTheOutputTimeline) {
  std::vector<RemuxSegment> segs{WriteSegment(dir_, video_, kT0, 50)};
  segs.push_back(WriteSegment(dir_, video_, kT0 + 4 * kSecond, 50));
  auto out = dir_ / "out.mp4";
  auto r = RemuxRange(segs, kT0 + 1500 * kNsPerMs, kT0 + 5 * kSecond, out);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->video_frames, 50);  // 1..2 s and 4..5 s
  auto probe = ProbeSegment(out).value();
  // Media time is wall time minus the start, so a seek in the player lands at the right
  // moment even after the gap.
  EXPECT_NEAR(MediaSeconds(probe), 4.0, 0.001);
}

TEST_F(RemuxTest, NoVideoInTheRangeIsNotFoundAndLeavesNoFile) {
  std::vector<RemuxSegment> segs{WriteSegment(dir_, video_, kT0, 50)};
  segs.push_back(WriteSegment(dir_, video_, kT0 + 10 * kSecond, 50));
  auto out = dir_ / "out.mp4";
  auto r = RemuxRange(segs, kT0 + 3 * kSecond, kT0 + 9 * kSecond, out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(RemuxTest, EmptyOrBackwardRangeIsInvalid) {
  std::vector<RemuxSegment> segs{WriteSegment(dir_, video_, kT0, 25)};
  auto r = RemuxRange(segs, kT0 + kSecond, kT0 + kSecond, dir_ / "out.mp4");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(RemuxTest, StopsWhereTheCameraChangedResolution) {
  testing::SyntheticVideo larger(640, 480, 25, 25);
  std::vector<RemuxSegment> segs{WriteSegment(dir_, video_, kT0, 50)};
  segs.push_back(WriteSegment(dir_, larger, kT0 + 2 * kSecond, 50));
  auto out = dir_ / "out.mp4";
  auto r = RemuxRange(segs, kT0, kT0 + 4 * kSecond, out);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_TRUE(r->truncated_at_format_change);
  EXPECT_EQ(r->video_frames, 50);
  EXPECT_EQ(r->end, kT0 + 2 * kSecond);
  EXPECT_EQ(ProbeSegment(out).value().width, 320);
}

TEST_F(RemuxTest, RefusesToOverwriteAnExistingFile) {
  std::vector<RemuxSegment> segs{WriteSegment(dir_, video_, kT0, 25)};
  auto out = dir_ / "out.mp4";
  std::ofstream(out) << "keep me";
  auto r = RemuxRange(segs, kT0, kT0 + kSecond, out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kAlreadyExists);
  std::ifstream in(out);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "keep me");
}

TEST_F(RemuxTest, ProgressReturningFalseStopsAndLeavesNoFile) {
  std::vector<RemuxSegment> segs{WriteSegment(dir_, video_, kT0, 50)};
  auto out = dir_ / "out.mp4";
  std::uint64_t last = 0;
  int calls = 0;
  RemuxOptions options;
  options.progress = [&](std::uint64_t bytes) {
    EXPECT_GT(bytes, last);  // cumulative input bytes
    last = bytes;
    return ++calls < 10;
  };
  auto r = RemuxRange(segs, kT0, kT0 + 2 * kSecond, out, options);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(calls, 10);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(RemuxTest, WithoutFaststartTheMoovFollowsTheMedia) {
  std::vector<RemuxSegment> segs{WriteSegment(dir_, video_, kT0, 50)};
  auto out = dir_ / "out.mp4";
  RemuxOptions options;
  options.faststart = false;
  auto r = RemuxRange(segs, kT0, kT0 + 2 * kSecond, out, options);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->video_frames, 50);
  // The muxer writes the moov last, after the media, and leaves it there.
  EXPECT_EQ(TopLevelBoxes(out), (std::vector<std::string>{"ftyp", "free", "mdat", "moov"}));
  EXPECT_EQ(ProbeSegment(out).value().video_frames, 50);
}

}  // namespace
}  // namespace anninh::media
