#include "alerts/signature.h"

#include <sodium.h>

namespace anninh::alerts {

std::string Sign(std::string_view secret, std::string_view timestamp, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  // Any key length is allowed (RFC 2104 hashes keys longer than the block size).
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(timestamp.data()),
                                timestamp.size());
  const unsigned char dot = '.';
  crypto_auth_hmacsha256_update(&state, &dot, 1);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

bool VerifySignature(std::string_view secret, std::string_view timestamp, std::string_view body,
                     std::string_view header_value) {
  const std::string expected = Sign(secret, timestamp, body);
  if (header_value.size() != expected.size()) return false;
  return sodium_memcmp(expected.data(), header_value.data(), expected.size()) == 0;
}

}  // namespace anninh::alerts
