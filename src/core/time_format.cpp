#include "core/time_format.h"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

namespace anninh {

std::string FormatIso8601(WallNs t) {
  std::time_t secs = static_cast<std::time_t>(t / kNsPerSecond);
  WallNs ms = (t % kNsPerSecond) / kNsPerMs;
  if (ms < 0) {
    secs -= 1;
    ms += 1000;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

std::string LocalDay(WallNs t) {
  std::time_t secs = static_cast<std::time_t>(t / kNsPerSecond);
  std::tm tm{};
  localtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

Result<WallNs> ParseTime(std::string_view text) {
  WallNs value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) return value;

  std::tm tm{};
  int frac_digits = 0;
  long frac = 0;
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  int y, mo, d, h, mi, s, consumed = 0;
  std::string buf(text);
  if (std::sscanf(buf.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s,
                  &consumed) != 6) {
    return Fail(ErrorCode::kInvalidArgument,
                "time must be RFC 3339 UTC like 2026-11-29T02:15:00Z: '" + buf + "'");
  }
  std::size_t i = static_cast<std::size_t>(consumed);
  if (i < buf.size() && buf[i] == '.') {
    ++i;
    while (i < buf.size() && buf[i] >= '0' && buf[i] <= '9') {
      if (frac_digits < 9) {
        frac = frac * 10 + (buf[i] - '0');
        ++frac_digits;
      }
      ++i;
    }
  }
  if (i + 1 != buf.size() || (buf[i] != 'Z' && buf[i] != 'z')) {
    return Fail(ErrorCode::kInvalidArgument, "time must end in Z (UTC): '" + buf + "'");
  }
  for (int k = frac_digits; k < 9; ++k) frac *= 10;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  std::time_t secs = timegm(&tm);
  return static_cast<WallNs>(secs) * kNsPerSecond + frac;
}

}  // namespace anninh
