#include "media/snapshot.h"

extern "C" {
#include <libavcodec/packet.h>
}

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <utility>

#include <gtest/gtest.h>

#include "support/process.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::media {
namespace {

TEST(Snapshot, AKeyframeBecomesAJpegOfTheAskedWidth) {
  testing::SyntheticVideo video(320, 240, 25, 25);
  const Packet& key = video.Next();
  ASSERT_TRUE(key.keyframe);
  auto jpeg = KeyframeToJpeg(video.info(), *key.av, {.max_width = 160});
  ASSERT_TRUE(jpeg) << jpeg.error().ToString();
  ASSERT_GT(jpeg->size(), 100u);
  EXPECT_EQ(static_cast<unsigned char>((*jpeg)[0]), 0xFF);  // SOI
  EXPECT_EQ(static_cast<unsigned char>((*jpeg)[1]), 0xD8);
  testing::TempDir dir;
  std::ofstream(dir / "s.jpg", std::ios::binary) << *jpeg;
  auto probe = testing::RunCommand("ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 '" +
                                   (dir / "s.jpg").string() + "'");
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_EQ(probe.output.substr(0, probe.output.find('\n')), "mjpeg,160,120");
}

TEST(Snapshot, GarbageIsAClearError) {
  testing::SyntheticVideo video(320, 240, 25, 25);
  (void)video.Next();
  AVPacket* junk = av_packet_alloc();
  ASSERT_EQ(av_new_packet(junk, 64), 0);
  for (int i = 0; i < 64; ++i) junk->data[i] = static_cast<std::uint8_t>(i * 7);
  auto jpeg = KeyframeToJpeg(video.info(), *junk, {});
  av_packet_free(&junk);
  ASSERT_FALSE(jpeg);
  EXPECT_EQ(jpeg.error().code(), ErrorCode::kDataLoss) << jpeg.error().ToString();
}

// Event thumbnails: a JPEG decoded and encoded again, smaller; anything else is refused.
TEST(Snapshot, AJpegScalesToAThumbnailAndGarbageIsRefused) {
  testing::SyntheticVideo video(320, 240, 25, 25);
  const Packet& key = video.Next();
  const std::string big = KeyframeToJpeg(video.info(), *key.av, {}).value();
  std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(big.data()), big.size());
  auto thumb = ScaleJpeg(bytes, {.max_width = 80});
  ASSERT_TRUE(thumb) << thumb.error().ToString();
  EXPECT_LT(thumb->size(), big.size());
  testing::TempDir dir;
  std::ofstream(dir / "t.jpg", std::ios::binary) << *thumb;
  auto probe = testing::RunCommand("ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 '" +
                                   (dir / "t.jpg").string() + "'");
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_EQ(probe.output.substr(0, probe.output.find('\n')), "mjpeg,80,60");

  const std::uint8_t text[] = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_EQ(ScaleJpeg(text, {.max_width = 80}).error().code(), ErrorCode::kInvalidArgument);
  // A JPEG cut after its first bytes starts right but does not decode.
  auto cut = ScaleJpeg(bytes.first(40), {.max_width = 80});
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().code(), ErrorCode::kInternal) << cut.error().ToString();
}

// Uploaded photos: JPEG and PNG are told apart by content and both become JPEG thumbnails;
// a file named .png that holds text is refused.
TEST(Snapshot, APngOrJpegByContentBecomesAThumbnail) {
  testing::SyntheticVideo video(320, 240, 25, 25);
  const std::string jpeg = KeyframeToJpeg(video.info(), *video.Next().av, {}).value();
  testing::TempDir dir;
  std::ofstream(dir / "p.jpg", std::ios::binary) << jpeg;
  auto made = testing::RunCommand("ffmpeg -v error -y -i '" + (dir / "p.jpg").string() + "' '" +
                                  (dir / "p.png").string() + "'");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  // Read with stdio: GCC 12 sees a possible null in istreambuf_iterator under -Wnull-dereference.
  std::string png(std::filesystem::file_size(dir / "p.png"), '\0');
  std::FILE* f = std::fopen((dir / "p.png").c_str(), "rb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fread(png.data(), 1, png.size(), f), png.size());
  std::fclose(f);
  auto bytes = [](const std::string& s) {
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  EXPECT_EQ(SniffStill(bytes(png)), StillKind::kPng);
  EXPECT_EQ(SniffStill(bytes(jpeg)), StillKind::kJpeg);
  for (const std::string* picture : {&std::as_const(png), &jpeg}) {
    auto thumb = StillToJpeg(bytes(*picture), {.max_width = 64});
    ASSERT_TRUE(thumb) << thumb.error().ToString();
    std::ofstream(dir / "t.jpg", std::ios::binary | std::ios::trunc) << *thumb;
    auto probe = testing::RunCommand("ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 '" +
                                     (dir / "t.jpg").string() + "'");
    ASSERT_EQ(probe.exit_code, 0) << probe.output;
    EXPECT_EQ(probe.output.substr(0, probe.output.find('\n')), "mjpeg,64,48");
  }
  const std::string text = "<svg onload=alert(1)>";
  EXPECT_FALSE(SniffStill(bytes(text)));
  EXPECT_EQ(StillToJpeg(bytes(text), {}).error().code(), ErrorCode::kInvalidArgument);
  // A PNG cut short starts right but does not decode.
  auto cut = StillToJpeg(bytes(png).first(60), {});
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace anninh::media
