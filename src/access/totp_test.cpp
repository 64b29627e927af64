#include "access/totp.h"

#include <gtest/gtest.h>

namespace anninh::access {
namespace {

std::vector<std::uint8_t> Rfc6238Key() {
  const std::string k = "12345678901234567890";
  return {k.begin(), k.end()};
}

// RFC 6238 appendix B, SHA-1 column, last six digits of the eight-digit codes.
TEST(Totp, Rfc6238Vectors) {
  const auto key = Rfc6238Key();
  EXPECT_EQ(TotpCode(key, 59 * kNsPerSecond), "287082");
  EXPECT_EQ(TotpCode(key, 1111111109 * kNsPerSecond), "081804");
  EXPECT_EQ(TotpCode(key, 1234567890 * kNsPerSecond), "005924");
  EXPECT_EQ(TotpCode(key, 2000000000 * kNsPerSecond), "279037");
}

TEST(Totp, Base32RoundTripAndRfc4648Vector) {
  EXPECT_EQ(Base32Encode({'f', 'o', 'o', 'b', 'a', 'r'}), "MZXW6YTBOI");
  auto d = Base32Decode("mzxw6ytboi");
  ASSERT_TRUE(d);
  EXPECT_EQ(std::string(d->begin(), d->end()), "foobar");
  EXPECT_FALSE(Base32Decode("MZ1!").has_value());
}

TEST(Totp, AcceptsNeighbouringStepsOnly) {
  const std::string secret = Base32Encode(Rfc6238Key());
  const WallNs t = 1234567890 * kNsPerSecond;
  const std::string code = TotpCode(Rfc6238Key(), t);
  EXPECT_TRUE(VerifyTotp(secret, code, t));
  EXPECT_TRUE(VerifyTotp(secret, code, t + 30 * kNsPerSecond));
  EXPECT_FALSE(VerifyTotp(secret, code, t + 95 * kNsPerSecond));
  EXPECT_FALSE(VerifyTotp(secret, "000000", t));
  EXPECT_FALSE(VerifyTotp(secret, "12345", t));
}

TEST(Totp, UriForAuthenticatorApps) {
  EXPECT_EQ(TotpUri("anninh xã An Ninh", "an.nv", "ABC"),
            "otpauth://totp/anninh%20x%C3%A3%20An%20Ninh:an.nv?secret=ABC&issuer=anninh%20x%C3%A3%20An%20Ninh"
            "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace anninh::access
