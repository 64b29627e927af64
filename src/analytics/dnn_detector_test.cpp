// The DNN backend on a model the test builds with Debian's python3-onnx: its output encodes
// known boxes, so loading, letterbox, decoding, the class map and NMS all run for real.
#include <gtest/gtest.h>

#include <algorithm>

#include "analytics/detector.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace anninh::analytics {
namespace {

// In model-input pixels (640×640). The test picture is 320×240: letterbox scale 2, no left
// pad, 80 px of pad at the top. So frame box (x, y, w, h) → centre ((x+w/2)·2, (y+h/2)·2+80).
constexpr const char* kBoxes =
    "[[110, 280, 60, 160, 0.9, 0, 0.95],"   // person at (40, 60, 30, 80)
    " [112, 282, 60, 160, 0.9, 0, 0.70],"   // the same person again, weaker: NMS removes it
    " [480, 420, 160, 80, 0.9, 2, 0.80],"   // car at (200, 150, 80, 40)
    " [300, 300, 50, 50, 0.9, 9, 0.99],"    // a traffic light: not in the class map
    " [400, 200, 40, 40, 0.3, 0, 0.50]]";   // too unsure

std::filesystem::path BuildModel(const anninh::testing::TempDir& dir, const std::string& layout) {
  const auto model = dir / ("yolo-" + layout + ".onnx");
  const auto r = anninh::testing::RunCommand(std::string("/usr/bin/python3 ") + ANALYTICS_SOURCE_DIR +
                                             "/make_test_yolo.py '" + model.string() + "' " + layout + " '" +
                                             kBoxes + "' 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return model;
}

GreyFrame Picture() {
  GreyFrame f;
  f.width = 320;
  f.height = 240;
  f.pixels.assign(320 * 240, 90);
  return f;
}

void ExpectNear(const events::Box& b, float x, float y, float w, float h) {
  EXPECT_NEAR(b.x, x / 320, 1e-3);
  EXPECT_NEAR(b.y, y / 240, 1e-3);
  EXPECT_NEAR(b.w, w / 320, 1e-3);
  EXPECT_NEAR(b.h, h / 240, 1e-3);
}

class DnnDetectorTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DnnDetectorTest, ReturnsTheBoxesTheModelEncodes) {
  anninh::testing::TempDir dir;
  auto detector = MakeDnnDetector({.model = BuildModel(dir, GetParam())});
  ASSERT_TRUE(detector) << detector.error().ToString();
  auto found = (*detector)->Detect(Picture(), {{0, 0, 1, 1}});
  ASSERT_TRUE(found) << found.error().ToString();
  auto boxes = *found;
  std::sort(boxes.begin(), boxes.end(), [](const Detection& a, const Detection& b) { return a.object_class > b.object_class; });
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_EQ(boxes[0].object_class, "person");
  EXPECT_NEAR(boxes[0].confidence, 0.9 * 0.95, 1e-4);
  ExpectNear(boxes[0].box, 40, 60, 30, 80);
  EXPECT_EQ(boxes[1].object_class, "car");
  EXPECT_NEAR(boxes[1].confidence, 0.9 * 0.8, 1e-4);
  ExpectNear(boxes[1].box, 200, 150, 80, 40);
}

TEST_P(DnnDetectorTest, NothingMovingMeansNoInference) {
  anninh::testing::TempDir dir;
  auto detector = MakeDnnDetector({.model = BuildModel(dir, GetParam())});
  ASSERT_TRUE(detector);
  auto found = (*detector)->Detect(Picture(), {});
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->empty());
}

INSTANTIATE_TEST_SUITE_P(Layouts, DnnDetectorTest, ::testing::Values("v5", "v8"));

TEST(DnnDetector, MissingOrBrokenModelIsAClearError) {
  anninh::testing::TempDir dir;
  auto missing = MakeDnnDetector({.model = dir / "none.onnx"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  const auto junk = dir / "junk.onnx";
  anninh::testing::RunCommand("head -c 1000 /dev/urandom > '" + junk.string() + "'");
  auto broken = MakeDnnDetector({.model = junk});
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace anninh::analytics
