#include "record/layout.h"

#include <gtest/gtest.h>

namespace anninh::record {
namespace {

TEST(LayoutTest, PathRoundTrips) {
  WallNs start = 1'764'382'500'123'456'789;
  std::string rel = SegmentRelPath("cong-lang-1", "main", start);
  EXPECT_EQ(rel.substr(0, 12), "cong-lang-1/");
  EXPECT_EQ(rel.substr(rel.size() - 28), "main-1764382500123456789.mp4");
  auto parsed = ParseSegmentRelPath(rel);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->camera_id, "cong-lang-1");
  EXPECT_EQ(parsed->stream, "main");
  EXPECT_EQ(parsed->start, start);
}

TEST(LayoutTest, RejectsOtherNames) {
  EXPECT_FALSE(ParseSegmentRelPath("cam/2026-01-01/main-12x.mp4"));
  EXPECT_FALSE(ParseSegmentRelPath("cam/main-12.mp4"));
  EXPECT_FALSE(ParseSegmentRelPath("cam/2026-01-01/main-12.mkv"));
  EXPECT_FALSE(ParseSegmentRelPath("cam/2026-01-01/-12.mp4"));
}

}  // namespace
}  // namespace anninh::record
