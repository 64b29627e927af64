// Password hashing with argon2id (libsodium's crypto_pwhash_str): the salt and cost are
// inside the stored string, so the cost can be raised later and old hashes still verify.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh::access {

struct PasswordCost {
  unsigned long long ops;
  std::size_t mem_bytes;
  // libsodium's "interactive" limits: 2 passes over 64 MiB, ~0.1-0.3 s on a commune's PC,
  // which is what a login may cost. Tests use kMinimum so hundreds of logins stay fast.
  static PasswordCost Interactive();
  static PasswordCost Minimum();
};

Result<std::string> HashPassword(std::string_view password, PasswordCost cost);
bool VerifyPassword(const std::string& hash, std::string_view password);
// Why a new password is not acceptable, or nullopt. Length over complexity rules
// (NIST SP 800-63B 5.1.1): at least 10 characters, not the username, at most 256 bytes.
std::optional<std::string> PasswordProblem(std::string_view password, std::string_view username);

}  // namespace anninh::access
