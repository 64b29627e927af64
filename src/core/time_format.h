// Formatting of wall times for file names, logs and the CLI. All in UTC unless said:
// directory names use the site's local day so an operator finds "today" where expected.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/error.h"

namespace anninh {

// "2026-11-29T02:15:00.123Z"
std::string FormatIso8601(WallNs t);
// "2026-11-29" in the local time zone of the process (TZ).
std::string LocalDay(WallNs t);
// Parses "2026-11-29T02:15:00Z", "2026-11-29T02:15:00.5Z" or plain integer nanoseconds.
Result<WallNs> ParseTime(std::string_view text);

}  // namespace anninh
