// Percent-decoding (RFC 3986 section 2.1), shared by the HTTP server (request targets)
// and the RTSP client (credentials in camera URLs).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh {

// A malformed escape ("%4", "%g0") is an error; with `plus_is_space` (a query,
// application/x-www-form-urlencoded) '+' means a space.
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace anninh
