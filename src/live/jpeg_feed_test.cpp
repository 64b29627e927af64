// JpegFeed on real H.264 (libx264 through SyntheticVideo): viewers get JPEGs of the
// stream's size, share one decoder, and a decoder held up never makes the ingest thread
// wait; with no viewer nothing decodes.
#include "live/jpeg_feed.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "support/process.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"
#include "support/wait.h"

namespace anninh::live {
namespace {

using namespace std::chrono_literals;

class Pictures final : public JpegViewer {
 public:
  void OnJpeg(const std::shared_ptr<const std::string>& jpeg, WallNs wall) override {
    std::unique_lock lock(mu_);
    if (hold_) held_.wait(lock, [this] { return !hold_; });
    jpegs_.push_back(jpeg);
    walls_.push_back(wall);
  }
  std::size_t count() const {
    std::lock_guard lock(mu_);
    return jpegs_.size();
  }
  std::shared_ptr<const std::string> at(std::size_t i) const {
    std::lock_guard lock(mu_);
    return jpegs_.at(i);
  }
  void Hold(bool on) {
    {
      std::lock_guard lock(mu_);
      hold_ = on;
    }
    held_.notify_all();
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable held_;
  bool hold_ = false;
  std::vector<std::shared_ptr<const std::string>> jpegs_;
  std::vector<WallNs> walls_;
};

class JpegFeedTest : public ::testing::Test {
 protected:
  void Feed(int frames) {
    for (int i = 0; i < frames; ++i) live_.OnPacket(video_.Next());
  }

  testing::TempDir dir_;
  testing::SyntheticVideo video_{320, 240, 25, 25};  // a keyframe every second
  LiveStream live_{"cong", "sub", LiveOptions{}};
};

TEST_F(JpegFeedTest, TwoViewersShareOneDecoderAndGetJpegsOfTheStreamSize) {
  live_.OnStart(video_.info(), 0);
  Feed(10);
  JpegFeed& feed = live_.Jpegs();
  EXPECT_EQ(JpegFeed::RunningDecoders(), 0);
  Pictures fast, slow;
  auto a = feed.Subscribe(fast, 10);
  auto b = feed.Subscribe(slow, 2);
  EXPECT_EQ(feed.decoders_started(), 1u);
  EXPECT_EQ(JpegFeed::RunningDecoders(), 1);
  EXPECT_EQ(live_.Describe().jpeg_viewers, 2u);
  // The GOP since the last keyframe was replayed: a picture without waiting for new packets.
  ASSERT_TRUE(testing::WaitUntil([&] { return fast.count() > 0; }, 5s));
  Feed(50);  // 2 s of video
  ASSERT_TRUE(testing::WaitUntil([&] { return fast.count() >= 20; }, 5s)) << fast.count();
  // Encoded at the fastest viewer's rate (10/s of 25 frames/s), not every frame.
  EXPECT_LE(fast.count(), 26u);
  EXPECT_EQ(slow.count(), fast.count()) << "both get each picture; the slow one's sender skips";
  EXPECT_EQ(fast.at(3), slow.at(3)) << "one encoding, shared";

  const auto path = dir_ / "picture.jpg";
  std::ofstream(path, std::ios::binary) << *fast.at(fast.count() - 1);
  auto probe = testing::RunCommand("ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 '" +
                                   path.string() + "'");
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_EQ(probe.output.substr(0, probe.output.find('\n')), "mjpeg,320,240");
  a.reset();
  EXPECT_EQ(JpegFeed::RunningDecoders(), 1) << "one viewer still watches";
  b.reset();
  EXPECT_EQ(JpegFeed::RunningDecoders(), 0);
}

TEST_F(JpegFeedTest, NothingDecodesWithoutViewers) {
  live_.OnStart(video_.info(), 0);
  JpegFeed& feed = live_.Jpegs();
  {
    Pictures p;
    auto s = feed.Subscribe(p, 10);
    Feed(30);
    ASSERT_TRUE(testing::WaitUntil([&] { return p.count() > 0; }, 5s));
  }
  const auto pictures = feed.pictures();
  Feed(50);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(feed.pictures(), pictures);
  EXPECT_EQ(JpegFeed::RunningDecoders(), 0);
  EXPECT_EQ(feed.decoders_started(), 1u);
}

// The ingest thread must never wait for the decoder: with the feed's thread stuck in a
// viewer, packets keep flowing; the backlog is dropped and decoding resumes at a keyframe.
TEST_F(JpegFeedTest, AStuckDecoderNeverHoldsUpTheIngestThread) {
  JpegFeed feed(live_, JpegFeedOptions{.ring = 8});
  live_.OnStart(video_.info(), 0);
  Feed(1);
  Pictures p;
  p.Hold(true);
  auto s = feed.Subscribe(p, 10);
  Feed(10);  // the first picture reaches the viewer, which blocks the feed's thread
  std::atomic<bool> fed{false};
  std::thread ingest([&] {
    Feed(100);  // 4 s of video, far more than the ring holds
    fed = true;
  });
  const bool flowed = testing::WaitUntil([&] { return fed.load(); }, 30s);
  p.Hold(false);  // either way, so a failing run ends instead of hanging
  ingest.join();
  EXPECT_TRUE(flowed) << "the ingest thread waited for the decoder";
  EXPECT_GT(feed.resyncs(), 0u);
  // Decoding resumes at the next keyframe. Fed at camera pace, as ingest would: fed in one
  // burst, a slow machine's decoder overflows the ring again and waits for yet another one.
  const auto resumed = [&] {
    for (int i = 0; i < 125 && p.count() < 3; ++i) {  // up to five keyframes
      Feed(1);
      std::this_thread::sleep_for(40ms);
    }
    return p.count() >= 3;
  };
  ASSERT_TRUE(resumed()) << p.count() << " pictures, " << feed.resyncs() << " resyncs";
}

}  // namespace
}  // namespace anninh::live
