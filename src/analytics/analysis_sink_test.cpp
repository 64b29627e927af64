#include "analytics/analysis_sink.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "support/synthetic_video.h"

namespace anninh::analytics {
namespace {

// A consumer that can be held: while held, the analyser is "slow" (blocked).
class GatedConsumer final : public FrameConsumer {
 public:
  void OnFrame(const GreyFrame& frame) override {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return open_; });
    ++frames_;
    last_width_ = frame.width;
  }
  void OnBreak() override { ++breaks_; }
  void Open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  int frames() const { return frames_; }
  int breaks() const { return breaks_; }
  int last_width() const { return last_width_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  std::atomic<int> frames_{0}, breaks_{0}, last_width_{0};
};

TEST(AnalysisSink, AnalysesAtTheAnalysisRate) {
  anninh::testing::SyntheticVideo video(320, 240, 25, 25);
  GatedConsumer consumer;
  consumer.Open();
  AnalysisSink sink({.frames = {.fps = 5, .width = 160}, .queue_packets = 1000}, consumer);
  sink.OnStart(video.info(), 0);
  for (int i = 0; i < 50; ++i) sink.OnPacket(video.Next());
  sink.Drain();
  EXPECT_EQ(consumer.frames(), 10);
  EXPECT_EQ(consumer.last_width(), 160);
  const auto c = sink.counters();
  EXPECT_EQ(c.packets, 50u);
  EXPECT_EQ(c.dropped_packets, 0u);
  EXPECT_EQ(c.frames, 10u);
  EXPECT_EQ(c.decoded, 50u) << "every reference picture is decoded, one in five analysed";
}

TEST(AnalysisSink, KeyframesOnlyDecodesOnePicturePerGop) {
  anninh::testing::SyntheticVideo video(320, 240, 25, 25);  // a keyframe every 25 packets
  GatedConsumer consumer;
  consumer.Open();
  AnalysisSink sink({.frames = {.fps = 5, .width = 160, .keyframes_only = true}, .queue_packets = 1000}, consumer);
  sink.OnStart(video.info(), 0);
  for (int i = 0; i < 100; ++i) sink.OnPacket(video.Next());  // 4 s, 4 GOPs
  sink.Drain();
  const auto c = sink.counters();
  EXPECT_EQ(c.packets, 100u);
  EXPECT_EQ(c.decoded, 4u);
  EXPECT_EQ(c.frames, 4u);
  EXPECT_EQ(consumer.frames(), 4);
  // Not wanted is not dropped: /metrics must not read as an overloaded analyser.
  EXPECT_EQ(c.dropped_packets, 0u);
  EXPECT_EQ(c.dropped_gops, 0u);
  EXPECT_EQ(c.decode_errors, 0u);
}

TEST(AnalysisSink, ASlowAnalyserDropsWholeGopsAndNeverBlocksIngest) {
  anninh::testing::SyntheticVideo video(320, 240, 25, 25);
  GatedConsumer consumer;  // held shut: the analyser is stuck on its first picture
  AnalysisSink sink({.frames = {.fps = 5, .width = 160}, .queue_packets = 16}, consumer);
  sink.OnStart(video.info(), 0);
  // 10 s of packets. If OnPacket waited for the analyser, this loop would never finish.
  for (int i = 0; i < 250; ++i) sink.OnPacket(video.Next());
  auto c = sink.counters();
  EXPECT_EQ(c.packets, 250u);
  EXPECT_GE(c.dropped_packets, 250u - 16u - 25u);
  EXPECT_GE(c.dropped_gops, 1u);
  consumer.Open();
  sink.Drain();
  // After the jam the sink resumes at a keyframe and the analyser is told the sequence broke.
  const int before = consumer.frames();
  for (int i = 0; i < 50; ++i) {
    sink.OnPacket(video.Next());
    sink.Drain();  // at the analyser's pace: a loaded machine must not make this phase drop too
  }
  EXPECT_GE(consumer.frames() - before, 9);
  EXPECT_GE(consumer.breaks(), 2);  // the start and the resumption
  c = sink.counters();
  EXPECT_EQ(c.decode_errors, 0u) << "a dropped GOP must not leave the decoder with broken references";
}

TEST(AnalysisSink, PacketsBeforeTheFirstKeyframeAreSkipped) {
  anninh::testing::SyntheticVideo video(320, 240, 25, 25);
  GatedConsumer consumer;
  consumer.Open();
  AnalysisSink sink({.frames = {.fps = 25, .width = 160}, .queue_packets = 100}, consumer);
  sink.OnStart(video.info(), 0);
  video.Next();  // the keyframe, lost before the sink saw it
  for (int i = 1; i < 30; ++i) sink.OnPacket(video.Next());
  sink.Drain();
  EXPECT_EQ(sink.counters().dropped_packets, 24u);  // frames 1..24, until the keyframe at 25
  EXPECT_EQ(sink.counters().decode_errors, 0u);
  EXPECT_EQ(consumer.frames(), 5);
}

}  // namespace
}  // namespace anninh::analytics
