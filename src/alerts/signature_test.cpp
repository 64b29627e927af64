#include "alerts/signature.h"

#include <gtest/gtest.h>

namespace anninh::alerts {
namespace {

// The expected MAC comes from another implementation, Python's hmac module:
//   python3 -c 'import hmac,hashlib; print(hmac.new(b"Jefe", b"1.x", hashlib.sha256).hexdigest())'
// so a change in the signed material (the "<timestamp>.<body>" layout) fails here.
TEST(SignatureTest, MatchesAnIndependentHmacSha256) {
  EXPECT_EQ(Sign("Jefe", "1", "x"),
            "sha256=2f7ccbd0f043456ad29514b2d24a8aa345ec6673a5db1b44e91c8ac99d1841e3");
}

TEST(SignatureTest, VerifyRejectsAnyChange) {
  const std::string sig = Sign("secret", "1700000000", R"({"id":1})");
  EXPECT_TRUE(VerifySignature("secret", "1700000000", R"({"id":1})", sig));
  EXPECT_FALSE(VerifySignature("secret", "1700000001", R"({"id":1})", sig)) << "timestamp is signed";
  EXPECT_FALSE(VerifySignature("secret", "1700000000", R"({"id":2})", sig));
  EXPECT_FALSE(VerifySignature("other", "1700000000", R"({"id":1})", sig));
  EXPECT_FALSE(VerifySignature("secret", "1700000000", R"({"id":1})", sig.substr(0, 20)));
}

}  // namespace
}  // namespace anninh::alerts
