#include "reports/report_request.h"

#include <gtest/gtest.h>

#include "movement/dates.h"

namespace anninh::reports {
namespace {

const WallNs kAug5 = movement::VietnamMidnight("2025-08-05") + 9 * 3600 * kNsPerSecond;

ReportRequest On(const std::string& unit, const std::string& period = "") {
  ReportRequest r;
  r.unit = unit;
  r.period = period;
  return r;
}

TEST(ReportRequestTest, TheDateLineWritesLeadingZerosTheWayDecree30Does) {
  EXPECT_EQ(DateLine("Hưng Yên", "2025-08-05"), "Hưng Yên, ngày 05 tháng 8 năm 2025");
  EXPECT_EQ(DateLine("Hà Nội", "2025-02-14"), "Hà Nội, ngày 14 tháng 02 năm 2025");
  EXPECT_EQ(DateLine("Huế", "2025-12-31"), "Huế, ngày 31 tháng 12 năm 2025");
}

TEST(ReportRequestTest, APeriodOrADateFillsTheDaysMeasured) {
  ReportRequest r = On("33", "2025-H1");
  ASSERT_TRUE(Complete(r, kAug5));
  EXPECT_EQ(r.from, "2025-01-01");
  EXPECT_EQ(r.to, "2025-06-30");
  EXPECT_EQ(r.as_of, "2025-06-30");
  ASSERT_TRUE(Complete(r, kAug5));  // a second time changes nothing
  EXPECT_EQ(r.from, "2025-01-01");
  // A period still running is measured up to today.
  ReportRequest q = On("33", "2025-Q3");
  ASSERT_TRUE(Complete(q, kAug5));
  EXPECT_EQ(q.to, "2025-08-05");
  ReportRequest d = On("33");
  ASSERT_TRUE(Complete(d, kAug5));
  EXPECT_EQ(d.as_of, "2025-08-05");
  EXPECT_EQ(d.from, "2025-07-07");

  ReportRequest bad = On("33");
  bad.issuer = "a\x01";
  EXPECT_EQ(Complete(bad, kAug5).error().field(), "issuer");
  ReportRequest two_lines = On("33");
  two_lines.place = "a\nb";
  EXPECT_EQ(Complete(two_lines, kAug5).error().field(), "place");
  ReportRequest none;
  EXPECT_EQ(Complete(none, kAug5).error().field(), "unit");
  EXPECT_EQ(ParseFormat("odt").error().field(), "format");
}

}  // namespace
}  // namespace anninh::reports
