#include "movement/dates.h"

#include <gtest/gtest.h>

namespace anninh::movement {
namespace {

TEST(DatesTest, OnlyRealDates) {
  EXPECT_TRUE(CheckDate("d", "2024-02-29"));
  EXPECT_FALSE(CheckDate("d", "2025-02-29"));
  EXPECT_FALSE(CheckDate("d", "2025-13-01"));
  EXPECT_FALSE(CheckDate("d", "01/07/2025"));
  auto e = CheckDate("effective", "x");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().field(), "effective");
}

TEST(DatesTest, VietnamDayIsUtcPlusSeven) {
  // 2025-06-30T18:00:00Z is already 1 July in Vietnam.
  EXPECT_EQ(VietnamDay(1'751'306'400LL * kNsPerSecond), "2025-07-01");
}

TEST(DatesTest, AVietnamDayBeginsAtSeventeenHundredUtcTheDayBefore) {
  EXPECT_EQ(VietnamMidnight("2025-07-01"), 1'751'302'800LL * kNsPerSecond);  // 2025-06-30T17:00Z
  EXPECT_EQ(VietnamDay(VietnamMidnight("2025-07-01")), "2025-07-01");
  EXPECT_EQ(VietnamDay(VietnamMidnight("2025-07-01") - 1), "2025-06-30");
  EXPECT_EQ(AddDays("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(AddDays("2025-03-01", -1), "2025-02-28");
  EXPECT_EQ(AddDays("2025-12-31", 1), "2026-01-01");
}

TEST(DatesTest, PeriodsParseStepAndSpanTheirDays) {
  EXPECT_EQ(ParsePeriod("2025-Q4").value().Next().ToString(), "2026-Q1");
  EXPECT_EQ(ParsePeriod("2025-H1").value().Next().ToString(), "2025-H2");
  EXPECT_EQ(ParsePeriod("2025-Y").value().Next().ToString(), "2026-Y");
  EXPECT_EQ(ParsePeriod("2025-Q3").value().FirstDay(), "2025-07-01");
  EXPECT_EQ(ParsePeriod("2024-Q1").value().LastDay(), "2024-03-31");
  EXPECT_EQ(ParsePeriod("2025-H2").value().LastDay(), "2025-12-31");
  for (const char* bad : {"2025-Q5", "2025-H3", "2025", "25-Q1", "2025-X1", "2025-Q"}) {
    EXPECT_FALSE(ParsePeriod(bad)) << bad;
  }
}

}  // namespace
}  // namespace anninh::movement
