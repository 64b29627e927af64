// Calendar dates and evaluation periods. Dates are ISO "YYYY-MM-DD" text everywhere (the
// database compares them as text); periods are "2025-Q3" (quarter), "2025-H1" (six months,
// sơ kết) and "2025-Y" (the year, tổng kết).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::movement {

// kInvalidArgument naming `field` unless `text` is a real calendar date "YYYY-MM-DD".
Status CheckDate(std::string_view field, std::string_view text);
// Today in Vietnam (UTC+7, no daylight saving), "YYYY-MM-DD".
std::string VietnamDay(WallNs now);
// The instant a Vietnam day begins (00:00 at UTC+7), for a date CheckDate accepts: where
// the camera system's nanosecond ranges meet the movement's calendar days.
WallNs VietnamMidnight(std::string_view date);
// The date `days` later (earlier when negative), for a date CheckDate accepts.
std::string AddDays(std::string_view date, int days);

enum class PeriodKind { kQuarter, kHalf, kYear };
struct Period {
  int year = 0;
  PeriodKind kind = PeriodKind::kYear;
  int index = 1;  // 1-4 for quarters, 1-2 for halves, 1 for the year

  std::string ToString() const;
  Period Next() const;
  std::string FirstDay() const;  // "2025-07-01" for 2025-Q3
  std::string LastDay() const;   // "2025-09-30" for 2025-Q3
  bool operator==(const Period&) const = default;
};
Result<Period> ParsePeriod(std::string_view text);

}  // namespace anninh::movement
