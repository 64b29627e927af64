// Webhook signatures: HMAC-SHA256 (RFC 2104) with the webhook's secret over
// "<timestamp>.<body>", sent as `X-Anninh-Signature: sha256=<64 lowercase hex>` beside
// `X-Anninh-Timestamp: <unix seconds>`. Signing the timestamp lets a receiver reject a
// captured request replayed later (docs/design/0010-alerts.md, "Signature").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace anninh::alerts {

inline constexpr std::string_view kSignatureHeader = "X-Anninh-Signature";
inline constexpr std::string_view kTimestampHeader = "X-Anninh-Timestamp";

// "sha256=<hex>" for the given timestamp (decimal unix seconds) and body.
std::string Sign(std::string_view secret, std::string_view timestamp, std::string_view body);

// What a receiver does: recompute and compare in constant time.
bool VerifySignature(std::string_view secret, std::string_view timestamp, std::string_view body,
                     std::string_view header_value);

}  // namespace anninh::alerts
