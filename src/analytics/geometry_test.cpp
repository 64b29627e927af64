#include "analytics/geometry.h"

#include <gtest/gtest.h>

namespace anninh::analytics {
namespace {

TEST(Geometry, ContainsUsesTheEvenOddRule) {
  const Polygon square = {{0.2f, 0.2f}, {0.6f, 0.2f}, {0.6f, 0.6f}, {0.2f, 0.6f}};
  EXPECT_TRUE(Contains(square, {0.4f, 0.4f}));
  EXPECT_FALSE(Contains(square, {0.7f, 0.4f}));
  EXPECT_FALSE(Contains(square, {0.4f, 0.1f}));
  EXPECT_FALSE(Contains({{0, 0}, {1, 1}}, {0.5f, 0.5f}));  // not a polygon
}

TEST(Geometry, SideOfIsAsSeenFromAToB) {
  // Walking down the frame (a at the top, b at the bottom), the right hand points to -x.
  const Point a{0.5f, 0}, b{0.5f, 1};
  EXPECT_EQ(SideOf(a, b, {0.2f, 0.5f}), 1);
  EXPECT_EQ(SideOf(a, b, {0.8f, 0.5f}), -1);
  EXPECT_EQ(SideOf(a, b, {0.5f, 0.5f}), 0);
}

TEST(Geometry, SegmentsCrossOnlyWhenTheMovementSpansTheLine) {
  const Point a{0.5f, 0.2f}, b{0.5f, 0.8f};
  EXPECT_TRUE(SegmentsCross(a, b, {0.4f, 0.5f}, {0.6f, 0.5f}));
  EXPECT_FALSE(SegmentsCross(a, b, {0.4f, 0.5f}, {0.45f, 0.5f}));  // short of it
  EXPECT_FALSE(SegmentsCross(a, b, {0.4f, 0.9f}, {0.6f, 0.9f}));   // past its end
}

TEST(Geometry, Iou) {
  const events::Box a{0, 0, 0.2f, 0.2f};
  EXPECT_FLOAT_EQ(Iou(a, a), 1);
  EXPECT_FLOAT_EQ(Iou(a, {0.5f, 0.5f, 0.1f, 0.1f}), 0);
  EXPECT_NEAR(Iou(a, {0.1f, 0, 0.2f, 0.2f}), 1.0f / 3, 1e-5);
}

}  // namespace
}  // namespace anninh::analytics
