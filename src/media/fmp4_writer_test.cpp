#include "media/fmp4_writer.h"

#include <unistd.h>

#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "core/sha256.h"
#include "media/mp4_scan.h"
#include "media/segment_probe.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::media {
namespace {

std::vector<std::uint8_t> ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(Fmp4WriterTest, WritesPlayableFragmentsAndHashesEveryByte) {
  testing::TempDir dir;
  testing::SyntheticVideo video;
  auto path = dir / "seg.mp4";
  auto writer = Fmp4Writer::Create(path, video.info());
  ASSERT_TRUE(writer.has_value()) << writer.error().ToString();
  for (int i = 0; i < 75; ++i) {  // 3 s at 25 fps, a fragment every 0.5 s
    const Packet& p = video.Next();
    if (i > 0 && i % 12 == 0) {
      ASSERT_TRUE((*writer)->Flush().has_value());
    }
    ASSERT_TRUE((*writer)->Write(p).has_value());
  }
  auto done = (*writer)->Finish();
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  ::close(done->fd);

  auto bytes = ReadAll(path);
  EXPECT_EQ(done->bytes, bytes.size());
  EXPECT_EQ(done->sha256, Sha256::HexOf(bytes));
  EXPECT_EQ(done->frames, 75);

  Mp4Layout layout = ScanMp4(bytes);
  EXPECT_TRUE(layout.has_header);
  EXPECT_EQ(layout.fragments, 7);  // six flushes in the loop and one at Finish
  EXPECT_EQ(layout.valid_size, bytes.size());

  auto probe = ProbeSegment(path);
  ASSERT_TRUE(probe.has_value()) << probe.error().ToString();
  EXPECT_EQ(probe->video_frames, 75);
  EXPECT_TRUE(probe->starts_with_keyframe);
  EXPECT_EQ(probe->codec, "h264");
  EXPECT_EQ(probe->end_ts - probe->first_dts, 75 * 3600);
  EXPECT_EQ(probe->width, 320);
}

TEST(Fmp4WriterTest, TruncatedFileKeepsItsCompleteFragments) {
  testing::TempDir dir;
  testing::SyntheticVideo video;
  auto path = dir / "seg.mp4";
  auto writer = Fmp4Writer::Create(path, video.info()).value();
  for (int i = 0; i < 50; ++i) {
    if (i > 0 && i % 25 == 0) {
      ASSERT_TRUE(writer->Flush().has_value());
    }
    ASSERT_TRUE(writer->Write(video.Next()).has_value());
  }
  auto done = writer->Finish().value();
  ::close(done.fd);
  std::filesystem::resize_file(path, done.bytes - 100);  // a crash tore the last fragment

  Mp4Layout layout = ScanMp4File(path).value();
  EXPECT_EQ(layout.fragments, 1);
  std::filesystem::resize_file(path, layout.valid_size);
  auto probe = ProbeSegment(path);
  ASSERT_TRUE(probe.has_value()) << probe.error().ToString();
  EXPECT_EQ(probe->video_frames, 25);
}

TEST(Fmp4WriterTest, RefusesToOverwriteAnExistingFile) {
  testing::TempDir dir;
  testing::SyntheticVideo video;
  { std::ofstream(dir / "seg.mp4") << "x"; }
  auto writer = Fmp4Writer::Create(dir / "seg.mp4", video.info());
  ASSERT_FALSE(writer.has_value());
  EXPECT_EQ(writer.error().code(), ErrorCode::kAlreadyExists);
}

}  // namespace
}  // namespace anninh::media
