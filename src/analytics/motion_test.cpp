// The motion model on synthetic pictures: a small walker on a textured ground is found, at
// the default shrunk resolution as at the picture's own, and sensor-sized specks are not.
#include "analytics/motion.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace anninh::analytics {
namespace {

constexpr int kW = 320, kH = 180;

// A tiled ground, and from picture 20 on a dark walker 8 × 20 px (a person about a ninth of
// the picture tall) moving right 3 px a picture; `specks` adds single-pixel flicker.
void Picture(int n, bool specks, GreyFrame& f) {
  f.width = kW;
  f.height = kH;
  f.pixels.resize(kW * kH);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) f.pixels[y * kW + x] = static_cast<std::uint8_t>(100 + ((x / 10 + y / 10) % 2) * 40);
  if (specks) {
    for (int i = 0; i < 40; ++i) {
      const int x = (i * 97 + n * 31) % kW, y = (i * 53 + n * 17) % kH;
      f.pixels[y * kW + x] = 250;
    }
  }
  if (n >= 20) {
    const int x0 = 60 + (n - 20) * 3;
    for (int y = 80; y < 100; ++y)
      for (int x = x0; x < x0 + 8; ++x) f.pixels[y * kW + x] = 30;
  }
  f.pts = n;
}

struct Found {
  int pictures_with_motion = 0;
  events::Box last{};  // the region in the last picture
};

Found Watch(int width, bool walker, bool specks) {
  MotionOptions options;
  options.width = width;
  MotionDetector motion(options);
  GreyFrame f;
  Found out;
  for (int n = 0; n < 40; ++n) {
    Picture(walker ? n : 0, specks, f);
    f.pts = n;
    const auto& regions = motion.Process(f);
    if (!regions.empty()) {
      ++out.pictures_with_motion;
      out.last = regions.front().box;
    }
  }
  return out;
}

TEST(Motion, FindsASmallWalkerAtTheShrunkResolutionWhereTheFullOneDoes) {
  for (const int width : {0, 160}) {
    SCOPED_TRACE(width);
    const Found f = Watch(width, /*walker=*/true, /*specks=*/false);
    EXPECT_GE(f.pictures_with_motion, 18) << "the walker moves in the last 20 pictures";
    // Picture 39: the walker at x 117..125, y 80..100 (of 320 × 180), in normalised units.
    EXPECT_NEAR(f.last.x, 117.0 / kW, 4.0 / kW);
    EXPECT_NEAR(f.last.y, 80.0 / kH, 4.0 / kH);
    EXPECT_NEAR(f.last.x + f.last.w, 125.0 / kW, 4.0 / kW);
    EXPECT_NEAR(f.last.y + f.last.h, 100.0 / kH, 4.0 / kH);
  }
}

TEST(Motion, IgnoresSingleFlickeringPixelsAtEitherResolution) {
  for (const int width : {0, 160}) {
    SCOPED_TRACE(width);
    EXPECT_EQ(Watch(width, /*walker=*/false, /*specks=*/true).pictures_with_motion, 0);
  }
}

TEST(Motion, ALargerWidthThanThePictureKeepsThePicture) {
  // 640 asked of a 320 picture: nothing is enlarged, the walker is found as at 320.
  const Found f = Watch(640, true, false);
  EXPECT_GE(f.pictures_with_motion, 18);
  EXPECT_NEAR(f.last.x, 117.0 / kW, 4.0 / kW);
}

}  // namespace
}  // namespace anninh::analytics
