// The HOG people detector on a real picture: the first frame of vtest.avi, at the analysis
// size (320 px wide), where three people stand or walk (positions read off the frame by eye).
#include <gtest/gtest.h>

#include "analytics/detector.h"
#include "analytics/test_clip.h"
#include "support/temp_dir.h"

namespace anninh::analytics {
namespace {

class FirstFrame final : public FrameConsumer {
 public:
  void OnFrame(const GreyFrame& frame) override {
    if (frame_.pixels.empty()) frame_ = frame;
  }
  void OnBreak() override {}
  const GreyFrame& frame() const { return frame_; }

 private:
  GreyFrame frame_;
};

events::Box Px(float x, float y, float w, float h) { return {x / 768, y / 576, w / 768, h / 576}; }

TEST(HogDetector, FindsThePeopleInTheirMotionRegionsAndNothingOnGrass) {
  anninh::testing::TempDir dir;
  const auto vtest = testing::FindVtest(dir.path());
  if (vtest.empty()) GTEST_SKIP() << "vtest.avi not installed (opencv-doc)";
  FirstFrame first;
  ASSERT_TRUE(testing::AnalyseClip(vtest, {.fps = 5, .width = 320}, first));
  ASSERT_EQ(first.frame().width, 320);
  auto hog = MakeHogDetector();
  // The man on the grass at x 255–283, y 220–307 px of the 768×576 frame.
  const events::Box man = Px(255, 220, 28, 87);
  auto found = hog->Detect(first.frame(), {man});
  ASSERT_TRUE(found) << found.error().ToString();
  ASSERT_FALSE(found->empty());
  bool on_him = false;
  for (const Detection& d : *found) {
    EXPECT_EQ(d.object_class, "person");
    EXPECT_GT(d.confidence, 0.5f);
    const float cx = d.box.x + d.box.w / 2, cy = d.box.y + d.box.h / 2;
    on_him |= cx > man.x && cx < man.x + man.w && cy > man.y && cy < man.y + man.h;
  }
  EXPECT_TRUE(on_him);
  // Plain grass, the same size, lower left: nobody there.
  auto grass = hog->Detect(first.frame(), {Px(100, 420, 28, 87)});
  ASSERT_TRUE(grass);
  EXPECT_TRUE(grass->empty());
}

}  // namespace
}  // namespace anninh::analytics
