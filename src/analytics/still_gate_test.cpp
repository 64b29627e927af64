#include "analytics/still_gate.h"

#include <gtest/gtest.h>

#include <random>

namespace anninh::analytics {
namespace {

TEST(PacketSizeGate, TrustsItselfOnlyAfterLearningAndFlagsOnlyMuchLargerPFrames) {
  StillGateOptions options;
  PacketSizeGate gate(options);
  std::mt19937 random(7);
  std::normal_distribution<double> noise(2000, 100);  // a noisy still scene: 2 kB ± 5 %
  for (int i = 0; i < options.learn - 1; ++i) gate.Learn(static_cast<std::size_t>(noise(random)));
  EXPECT_FALSE(gate.Unusual(100'000)) << "not before it has seen `learn` P-frames";
  for (int i = 0; i < 200; ++i) gate.Learn(static_cast<std::size_t>(noise(random)));
  EXPECT_FALSE(gate.Unusual(2300)) << "the scene's own spread";
  EXPECT_FALSE(gate.Unusual(2600));
  EXPECT_TRUE(gate.Unusual(4000)) << "twice the usual: something moved";
  gate.Reset();
  EXPECT_FALSE(gate.Unusual(100'000));
}

TEST(PacketSizeGate, FalseAlarmsRaiseTheBarAndMotionLowersItAgain) {
  StillGateOptions options;
  PacketSizeGate gate(options);
  for (int i = 0; i < 50; ++i) gate.Learn(i % 2 ? 900 : 1100);  // mean 1000, deviation 100
  EXPECT_TRUE(gate.Unusual(2000));
  gate.Verdict(false);  // a rate-control swing, nothing moved
  EXPECT_FALSE(gate.Unusual(2000));
  EXPECT_TRUE(gate.Unusual(3000));
  for (int i = 0; i < 10; ++i) gate.Verdict(false);
  EXPECT_FALSE(gate.Unusual(15'000)) << "capped at 16× the margin";
  EXPECT_TRUE(gate.Unusual(16'000));
  for (int i = 0; i < 4; ++i) gate.Verdict(true);
  EXPECT_TRUE(gate.Unusual(2000)) << "back where it began";
}

TEST(PacketSizeGate, AScenesRainRaisesTheBar) {
  StillGateOptions options;
  PacketSizeGate gate(options);
  for (int i = 0; i < 50; ++i) gate.Learn(500);
  EXPECT_TRUE(gate.Unusual(1500));
  // Rain: larger, busier P-frames, learnt as the usual once the analyser called them quiet.
  for (int i = 0; i < 200; ++i) gate.Learn(i % 2 ? 1200 : 1800);
  EXPECT_FALSE(gate.Unusual(1800));
  EXPECT_TRUE(gate.Unusual(5000));
}

GreyFrame Picture(int level) {
  GreyFrame f;
  f.width = 320;
  f.height = 180;
  f.pixels.resize(static_cast<std::size_t>(f.width) * f.height);
  // Texture: a gradient and stripes, so cells differ from one another.
  for (int y = 0; y < f.height; ++y)
    for (int x = 0; x < f.width; ++x)
      f.pixels[static_cast<std::size_t>(y) * f.width + x] =
          static_cast<std::uint8_t>(std::clamp(level + x / 4 + ((y / 10) % 2) * 30, 0, 255));
  return f;
}

void Box(GreyFrame& f, int x0, int y0, int w, int h, std::uint8_t v) {
  for (int y = y0; y < y0 + h; ++y)
    for (int x = x0; x < x0 + w; ++x) f.pixels[static_cast<std::size_t>(y) * f.width + x] = v;
}

TEST(KeyframeProbe, SeesAPersonSizedChangeButNotNoiseOrABrightnessStep) {
  StillGateOptions options;
  KeyframeProbe probe(options);
  GreyFrame reference = Picture(60);
  EXPECT_TRUE(probe.Changed(reference)) << "no reference yet: decode to find out";
  probe.Reset(reference);
  EXPECT_FALSE(probe.Changed(reference));

  GreyFrame noisy = reference;
  std::mt19937 random(3);
  std::uniform_int_distribution<int> grain(-6, 6);
  for (auto& p : noisy.pixels) p = static_cast<std::uint8_t>(std::clamp(p + grain(random), 0, 255));
  EXPECT_FALSE(probe.Changed(noisy)) << "sensor noise averages out over a cell";

  EXPECT_FALSE(probe.Changed(Picture(100))) << "the whole picture brighter: headlights, night mode";

  GreyFrame walker = reference;
  Box(walker, 150, 100, 20, 45, 10);  // 1/16 of the width, 1/4 of the height: a person far off
  EXPECT_TRUE(probe.Changed(walker));

  GreyFrame speck = reference;
  Box(speck, 150, 100, 3, 3, 10);  // a leaf: smaller than a cell
  EXPECT_FALSE(probe.Changed(speck));

  GreyFrame other = reference;
  other.width = 160;
  EXPECT_TRUE(probe.Changed(other)) << "a new size: nothing to compare with";
  probe.Forget();
  EXPECT_TRUE(probe.Changed(reference));
}

}  // namespace
}  // namespace anninh::analytics
