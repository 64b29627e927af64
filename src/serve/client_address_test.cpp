#include "serve/client_address.h"

#include <gtest/gtest.h>

namespace anninh::serve {
namespace {

AddressSet Trusted(std::vector<std::string> entries) { return AddressSet::Parse(entries).value(); }

TEST(AddressSetTest, MatchesAddressesAndNetworksOfBothFamilies) {
  AddressSet s = Trusted({"127.0.0.1", "10.0.0.0/8", "192.168.1.0/25", "::1", "fd00::/8"});
  EXPECT_TRUE(s.Contains("127.0.0.1"));
  EXPECT_FALSE(s.Contains("127.0.0.2"));
  EXPECT_TRUE(s.Contains("10.200.3.4"));
  EXPECT_FALSE(s.Contains("11.0.0.1"));
  EXPECT_TRUE(s.Contains("192.168.1.127"));
  EXPECT_FALSE(s.Contains("192.168.1.128"));
  EXPECT_TRUE(s.Contains("::1"));
  EXPECT_TRUE(s.Contains("fd12:3456::1"));
  EXPECT_FALSE(s.Contains("fe80::1"));
  EXPECT_TRUE(s.Contains("::ffff:10.1.2.3")) << "an IPv4 peer on a dual-stack socket";
  EXPECT_FALSE(s.Contains("not an ip"));
  EXPECT_FALSE(s.Contains(""));
}

TEST(AddressSetTest, BadEntriesAreClearErrors) {
  for (const char* bad : {"localhost", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::1/129", "1.2.3", ""}) {
    auto s = AddressSet::Parse({bad});
    ASSERT_FALSE(s.has_value()) << bad;
    EXPECT_EQ(s.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message().find(std::string("'") + bad + "'"), std::string::npos) << s.error().message();
  }
}

TEST(ClientAddressTest, FromATrustedProxyTheRightmostUntrustedHopIsTheClient) {
  AddressSet t = Trusted({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", "", t), "203.0.113.7");
  // The client wrote its own X-Forwarded-For ("1.1.1.1"); nginx appended the real address.
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.1.1.1, 203.0.113.7", "", t), "203.0.113.7");
  // Two of our proxies in a row: skip both.
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.1.1.1, 203.0.113.7, 10.0.0.5", "", t), "203.0.113.7");
  // Several header lines arrive joined with ",".
  EXPECT_EQ(ClientAddress("10.0.0.2", "198.51.100.1,2001:db8::1", "", t), "2001:db8::1");
  EXPECT_EQ(ClientAddress("10.0.0.2", "[2001:db8::2]", "", t), "2001:db8::2");
  // X-Real-IP when there is no X-Forwarded-For.
  EXPECT_EQ(ClientAddress("127.0.0.1", "", "203.0.113.9", t), "203.0.113.9");
  // Only trusted hops: the leftmost is as far as we can see.
  EXPECT_EQ(ClientAddress("127.0.0.1", "10.1.1.1, 10.2.2.2", "", t), "10.1.1.1");
  // Garbage stops the walk at the trusted hop that passed it on.
  EXPECT_EQ(ClientAddress("127.0.0.1", "evil', 10.9.9.9", "", t), "10.9.9.9");
  EXPECT_EQ(ClientAddress("127.0.0.1", "<script>", "also bad", t), "127.0.0.1");
}

TEST(ClientAddressTest, FromAnyoneElseTheHeadersAreIgnored) {
  AddressSet t = Trusted({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("203.0.113.7", "1.2.3.4", "5.6.7.8", t), "203.0.113.7");
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.2.3.4", "5.6.7.8", AddressSet()), "127.0.0.1") << "nothing trusted";
}

}  // namespace
}  // namespace anninh::serve
