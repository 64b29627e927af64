// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, 6 digits, 30 s),
// the optional second factor, compatible with the usual authenticator apps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace anninh::access {

// RFC 4648 base32 without padding, the form authenticator apps take.
std::string Base32Encode(const std::vector<std::uint8_t>& bytes);
std::optional<std::vector<std::uint8_t>> Base32Decode(std::string_view text);

// A new random secret (20 bytes, base32).
std::string NewTotpSecret();
// The code for the 30-second step containing `at` (RFC 6238 section 4).
std::string TotpCode(const std::vector<std::uint8_t>& key, WallNs at);
// Accepts the current step and one on either side, for clocks a little apart.
bool VerifyTotp(std::string_view secret_base32, std::string_view code, WallNs at);
// otpauth:// URI for a QR code (Key Uri Format).
std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view secret_base32);

}  // namespace anninh::access
