#include "movement/dates.h"

#include <fmt/format.h>

#include <charconv>
#include <ctime>

namespace anninh::movement {

namespace {

bool Digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int ToInt(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

int DaysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

Status CheckDate(std::string_view field, std::string_view text) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' && Digits(text.substr(0, 4)) &&
                      Digits(text.substr(5, 2)) && Digits(text.substr(8, 2));
  if (shaped) {
    const int y = ToInt(text.substr(0, 4)), m = ToInt(text.substr(5, 2)), d = ToInt(text.substr(8, 2));
    if (y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= DaysIn(y, m)) return {};
  }
  return Fail(Error(ErrorCode::kInvalidArgument,
                    fmt::format("'{}' must be a date YYYY-MM-DD, not '{}'", field, text))
                  .WithField(std::string(field)));
}

std::string VietnamDay(WallNs now) {
  const std::time_t secs = static_cast<std::time_t>(now / kNsPerSecond) + 7 * 3600;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

WallNs VietnamMidnight(std::string_view date) {
  std::tm tm{};
  tm.tm_year = ToInt(date.substr(0, 4)) - 1900;
  tm.tm_mon = ToInt(date.substr(5, 2)) - 1;
  tm.tm_mday = ToInt(date.substr(8, 2));
  return (static_cast<WallNs>(timegm(&tm)) - 7 * 3600) * kNsPerSecond;
}

std::string AddDays(std::string_view date, int days) {
  return VietnamDay(VietnamMidnight(date) + static_cast<WallNs>(days) * 86400 * kNsPerSecond);
}

std::string Period::ToString() const {
  switch (kind) {
    case PeriodKind::kQuarter: return fmt::format("{}-Q{}", year, index);
    case PeriodKind::kHalf: return fmt::format("{}-H{}", year, index);
    case PeriodKind::kYear: break;
  }
  return fmt::format("{}-Y", year);
}

Period Period::Next() const {
  const int per_year = kind == PeriodKind::kQuarter ? 4 : kind == PeriodKind::kHalf ? 2 : 1;
  return index < per_year ? Period{year, kind, index + 1} : Period{year + 1, kind, 1};
}

std::string Period::FirstDay() const {
  const int months = kind == PeriodKind::kQuarter ? 3 : kind == PeriodKind::kHalf ? 6 : 12;
  return fmt::format("{:04}-{:02}-01", year, (index - 1) * months + 1);
}

std::string Period::LastDay() const {
  const int months = kind == PeriodKind::kQuarter ? 3 : kind == PeriodKind::kHalf ? 6 : 12;
  const int last = index * months;
  return fmt::format("{:04}-{:02}-{:02}", year, last, DaysIn(year, last));
}

Result<Period> ParsePeriod(std::string_view text) {
  auto bad = [&] {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      fmt::format("'period' must be like 2025-Q3, 2025-H1 or 2025-Y, not '{}'", text))
                    .WithField("period"));
  };
  if (text.size() < 6 || text[4] != '-' || !Digits(text.substr(0, 4))) return bad();
  Period p;
  p.year = ToInt(text.substr(0, 4));
  if (p.year < 1990 || p.year > 2200) return bad();
  const std::string_view rest = text.substr(5);
  if (rest == "Y") return p;
  if (rest.size() != 2) return bad();
  p.index = rest[1] - '0';
  if (rest[0] == 'Q' && p.index >= 1 && p.index <= 4) {
    p.kind = PeriodKind::kQuarter;
    return p;
  }
  if (rest[0] == 'H' && p.index >= 1 && p.index <= 2) {
    p.kind = PeriodKind::kHalf;
    return p;
  }
  return bad();
}

}  // namespace anninh::movement
