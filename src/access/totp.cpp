#include "access/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <cctype>

#include "access/secret.h"

namespace anninh::access {

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::int64_t kStepNs = 30LL * 1'000'000'000;

std::string UriEscape(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}
}  // namespace

std::string Base32Encode(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::vector<std::uint8_t>> Base32Decode(std::string_view text) {
  std::vector<std::uint8_t> out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=' || c == ' ') continue;
    auto pos = kAlphabet.find(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | static_cast<unsigned>(pos);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::string NewTotpSecret() {
  std::vector<std::uint8_t> key(20);
  randombytes_buf(key.data(), key.size());
  return Base32Encode(key);
}

std::string TotpCode(const std::vector<std::uint8_t>& key, WallNs at) {
  const std::uint64_t counter = static_cast<std::uint64_t>(at / kStepNs);
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) msg[7 - i] = static_cast<unsigned char>(counter >> (i * 8));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), msg, sizeof(msg), mac, &len);
  // Dynamic truncation, RFC 4226 section 5.3.
  const int offset = mac[len - 1] & 0x0f;
  const std::uint32_t bin = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                            (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                            (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::string code = std::to_string(bin % 1'000'000);
  return std::string(6 - code.size(), '0') + code;
}

bool VerifyTotp(std::string_view secret_base32, std::string_view code, WallNs at) {
  auto key = Base32Decode(secret_base32);
  if (!key || key->empty() || code.size() != 6) return false;
  bool ok = false;
  for (int d = -1; d <= 1; ++d) ok |= ConstantTimeEquals(TotpCode(*key, at + d * kStepNs), code);
  return ok;
}

std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  return "otpauth://totp/" + UriEscape(issuer) + ":" + UriEscape(account) + "?secret=" +
         std::string(secret) + "&issuer=" + UriEscape(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace anninh::access
