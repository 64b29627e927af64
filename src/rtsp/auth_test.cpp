#include "rtsp/auth.h"

#include <gtest/gtest.h>

namespace anninh::rtsp {
namespace {

// RFC 2617 section 3.5: the worked example, whose response is
// 6629fae49393a05397450978507c4ef1.
TEST(AuthTest, DigestMatchesRfc2617Example) {
  Challenge c = ParseChallenge(
      "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  ASSERT_EQ(c.scheme, Challenge::Scheme::kDigest);
  EXPECT_TRUE(c.qop_auth);
  EXPECT_EQ(c.realm, "testrealm@host.com");
  Authenticator a(c, "Mufasa", "Circle Of Life");
  a.set_cnonce("0a4f113b");
  std::string h = a.Header("GET", "/dir/index.html");
  EXPECT_NE(h.find("response=\"6629fae49393a05397450978507c4ef1\""), std::string::npos) << h;
  EXPECT_NE(h.find("nc=00000001"), std::string::npos);
  EXPECT_NE(h.find("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""), std::string::npos);
  // The nonce count goes up with each request (RFC 2617 section 3.2.2).
  EXPECT_NE(a.Header("GET", "/dir/index.html").find("nc=00000002"), std::string::npos);
}

TEST(AuthTest, DigestWithoutQopUsesTheRfc2069Form) {
  Challenge c = ParseChallenge("Digest realm=\"cam\", nonce=\"abc\"");
  Authenticator a(c, "admin", "12345");
  const std::string ha1 = Md5Hex("admin:cam:12345");
  const std::string ha2 = Md5Hex("DESCRIBE:rtsp://h/x");
  std::string h = a.Header("DESCRIBE", "rtsp://h/x");
  EXPECT_NE(h.find("response=\"" + Md5Hex(ha1 + ":abc:" + ha2) + "\""), std::string::npos);
}

TEST(AuthTest, BasicAndPreference) {
  Challenge basic = ParseChallenge("Basic realm=\"x\"");
  Authenticator a(basic, "Aladdin", "open sesame");
  EXPECT_EQ(a.Header("OPTIONS", "rtsp://x/"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  Challenge digest = ParseChallenge("Digest realm=\"x\", nonce=\"n\"");
  EXPECT_EQ(PickChallenge(PickChallenge({}, basic), digest).scheme, Challenge::Scheme::kDigest);
  EXPECT_EQ(PickChallenge(digest, basic).scheme, Challenge::Scheme::kDigest);
  Challenge sha = ParseChallenge("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-256");
  EXPECT_FALSE(Authenticator(sha, "u", "p").supported());
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
}

}  // namespace
}  // namespace anninh::rtsp
