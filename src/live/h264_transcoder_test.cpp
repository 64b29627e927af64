// H264Transcoder on real video (libx264 through SyntheticVideo in, libx264 out): viewers
// get fragmented MP4 that ffprobe decodes as H.264 of the capped width; viewers of one
// stream share one transcoder; a second stream beyond the limit is refused until the
// first stops.
#include "live/h264_transcoder.h"

#include <fstream>
#include <mutex>

#include <gtest/gtest.h>

#include "support/process.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"
#include "support/wait.h"

namespace anninh::live {
namespace {

using namespace std::chrono_literals;

class Chunks final : public LiveViewer {
 public:
  void OnChunk(const LiveChunk& c) override {
    std::lock_guard lock(mu_);
    if (c.kind == LiveChunk::Kind::kInit) mime_ = c.mime;
    bytes_ += *c.bytes;
    ++chunks_;
  }
  void OnInterrupted(std::string_view) override {}
  int chunks() const {
    std::lock_guard lock(mu_);
    return chunks_;
  }
  std::string bytes() const {
    std::lock_guard lock(mu_);
    return bytes_;
  }
  std::string mime() const {
    std::lock_guard lock(mu_);
    return mime_;
  }

 private:
  mutable std::mutex mu_;
  std::string bytes_, mime_;
  int chunks_ = 0;
};

class H264TranscoderTest : public ::testing::Test {
 protected:
  void Feed(LiveStream& s, testing::SyntheticVideo& v, int frames) {
    for (int i = 0; i < frames; ++i) s.OnPacket(v.Next());
  }
  testing::TempDir dir_;
};

TEST_F(H264TranscoderTest, ViewersShareOneTranscoderAndGetPlayableH264) {
  testing::SyntheticVideo video(320, 240, 25, 25);
  LiveStream camera("cong", "main");
  camera.OnStart(video.info(), 0);
  Feed(camera, video, 5);
  H264Transcoder transcoder(camera, media::H264Options{.max_width = 160});
  Chunks a, b;
  auto sa = transcoder.Subscribe(a, 1);
  ASSERT_TRUE(sa.has_value()) << sa.error().ToString();
  auto sb = transcoder.Subscribe(b, 1);
  ASSERT_TRUE(sb.has_value()) << "a second viewer joins the running transcode: " << sb.error().ToString();
  EXPECT_EQ(H264Transcoder::Running(), 1);
  EXPECT_EQ(transcoder.decoders_started(), 1u);
  Feed(camera, video, 50);
  ASSERT_TRUE(testing::WaitUntil([&] { return transcoder.pictures() >= 50; }, 20s)) << transcoder.pictures();
  EXPECT_NE(a.mime().find("avc1."), std::string::npos) << a.mime();
  EXPECT_EQ(transcoder.Describe().viewers, 2u);

  const auto path = dir_ / "transcoded.mp4";
  std::ofstream(path, std::ios::binary) << a.bytes();
  auto probe = testing::RunCommand("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                                   "stream=codec_name,width,height,nb_read_frames -of csv=p=0 '" + path.string() + "'");
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_EQ(probe.output.substr(0, 12), "h264,160,120") << probe.output;
  const int frames = std::atoi(probe.output.substr(probe.output.rfind(',') + 1).c_str());
  EXPECT_GE(frames, 40) << "all but the fragment still being filled";
  sa->reset();
  EXPECT_EQ(H264Transcoder::Running(), 1) << "b still watches";
  sb->reset();
  EXPECT_EQ(H264Transcoder::Running(), 0);
  EXPECT_EQ(DecodeWorker::RunningDecoders(), 0);
}

TEST_F(H264TranscoderTest, BeyondTheLimitAStreamIsRefusedUntilAnotherStops) {
  testing::SyntheticVideo video(320, 240, 25, 25);
  LiveStream one("one", "main"), two("two", "main");
  one.OnStart(video.info(), 0);
  two.OnStart(video.info(), 0);
  H264Transcoder first(one), second(two);
  Chunks a, b;
  auto sa = first.Subscribe(a, 1);
  ASSERT_TRUE(sa.has_value());
  EXPECT_FALSE(second.CanSubscribe(1));
  auto refused = second.Subscribe(b, 1);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::kResourceExhausted);
  EXPECT_NE(refused.error().message().find("max_transcodes"), std::string::npos);
  EXPECT_TRUE(second.CanSubscribe(2)) << "a higher limit allows it";
  sa->reset();
  auto sb = second.Subscribe(b, 1);
  EXPECT_TRUE(sb.has_value()) << "the slot was given back";
}

}  // namespace
}  // namespace anninh::live
