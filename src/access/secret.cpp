#include "access/secret.h"

#include <sodium.h>

#include <cstdint>
#include <span>
#include <vector>

#include "core/sha256.h"

namespace anninh::access {

std::string RandomSecret(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string SecretDigest(std::string_view secret) {
  return Sha256::HexOf(std::span(reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace anninh::access
