#include "media/recorded_picture.h"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "media/fmp4_writer.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::media {
namespace {

constexpr WallNs kT0 = 1'750'000'000'000'000'000;
constexpr WallNs kSecond = 1'000'000'000;

// 4 s at 25 fps with a keyframe every second, written as the recorder writes segments.
std::filesystem::path WriteSegment(const testing::TempDir& dir) {
  testing::SyntheticVideo video(320, 240, 25, 25);
  auto path = dir / "seg.mp4";
  auto writer = Fmp4Writer::Create(path, video.info()).value();
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(writer->Write(video.Next()).has_value());
    if (i % 25 == 24) {
      EXPECT_TRUE(writer->Flush().has_value());
    }
  }
  ::close(writer->Finish().value().fd);
  return path;
}

bool IsJpeg(const std::string& s) {
  return s.size() > 100 && static_cast<unsigned char>(s[0]) == 0xFF && static_cast<unsigned char>(s[1]) == 0xD8;
}

TEST(RecordedPicture, TheKeyframeAtOrBeforeTheTimeIsShown) {
  testing::TempDir dir;
  const auto seg = WriteSegment(dir);
  auto mid = RecordedPictureAt(seg, kT0, kT0 + 2 * kSecond + kSecond / 2, {.max_width = 160});
  ASSERT_TRUE(mid) << mid.error().ToString();
  EXPECT_TRUE(IsJpeg(mid->jpeg));
  EXPECT_EQ(mid->at, kT0 + 2 * kSecond);
  auto exact = RecordedPictureAt(seg, kT0, kT0 + kSecond, {.max_width = 160});
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->at, kT0 + kSecond);
  // Before the segment: its first keyframe; after its end: its last.
  auto before = RecordedPictureAt(seg, kT0, kT0 - 5 * kSecond, {.max_width = 160});
  ASSERT_TRUE(before);
  EXPECT_EQ(before->at, kT0);
  auto after = RecordedPictureAt(seg, kT0, kT0 + 60 * kSecond, {.max_width = 160});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->at, kT0 + 3 * kSecond);
  EXPECT_NE(mid->jpeg, before->jpeg) << "the moving test pattern differs between seconds 0 and 2";
}

TEST(RecordedPicture, ADamagedOrMissingFileIsAClearError) {
  testing::TempDir dir;
  std::ofstream(dir / "junk.mp4", std::ios::binary) << std::string(4096, '\x5a');
  auto junk = RecordedPictureAt(dir / "junk.mp4", kT0, kT0, {});
  ASSERT_FALSE(junk);
  EXPECT_NE(junk.error().message(), "");
  auto missing = RecordedPictureAt(dir / "none.mp4", kT0, kT0, {});
  ASSERT_FALSE(missing);
}

}  // namespace
}  // namespace anninh::media
