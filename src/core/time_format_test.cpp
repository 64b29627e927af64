#include "core/time_format.h"

#include <gtest/gtest.h>

namespace anninh {
namespace {

TEST(TimeFormatTest, RoundTripsIso8601) {
  WallNs t = 1'764'382'500'123'000'000;  // 2025-11-29T02:15:00.123Z
  EXPECT_EQ(FormatIso8601(t), "2025-11-29T02:15:00.123Z");
  EXPECT_EQ(ParseTime("2025-11-29T02:15:00.123Z").value(), t);
  EXPECT_EQ(ParseTime("2025-11-29T02:15:00Z").value(), t - 123'000'000);
  EXPECT_EQ(ParseTime("42").value(), 42);
}

TEST(TimeFormatTest, RejectsNonUtcAndGarbage) {
  EXPECT_FALSE(ParseTime("2025-11-29T02:15:00+07:00").has_value());
  EXPECT_FALSE(ParseTime("yesterday").has_value());
  EXPECT_FALSE(ParseTime("").has_value());
}

}  // namespace
}  // namespace anninh
