#include "rtsp/url.h"

#include <gtest/gtest.h>

namespace anninh::rtsp {
namespace {

TEST(UrlTest, ParsesHostPortPathAndCredentials) {
  auto u = ParseUrl("rtsp://admin:p%40ss@192.168.1.64:8554/Streaming/Channels/101?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "192.168.1.64");
  EXPECT_EQ(u->port, 8554);
  EXPECT_EQ(u->path, "/Streaming/Channels/101?x=1");
  EXPECT_EQ(u->username, "admin");
  EXPECT_EQ(u->password, "p@ss");
  EXPECT_EQ(u->RequestUrl(), "rtsp://192.168.1.64:8554/Streaming/Channels/101?x=1");
}

TEST(UrlTest, DefaultsAndOverrides) {
  auto u = ParseUrl("RTSP://cam.local", "user", "secret");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 554);
  EXPECT_EQ(u->path, "/");
  EXPECT_EQ(u->username, "user");
  EXPECT_EQ(u->password, "secret");
  auto v6 = ParseUrl("rtsp://[::1]:554/a");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->RequestUrl(), "rtsp://[::1]:554/a");
}

TEST(UrlTest, RejectsBadUrls) {
  EXPECT_FALSE(ParseUrl("http://x/y"));
  EXPECT_FALSE(ParseUrl("rtsp:///path"));
  EXPECT_FALSE(ParseUrl("rtsp://host:99999/"));
  EXPECT_FALSE(ParseUrl("rtsp://host:abc/"));
  EXPECT_FALSE(ParseUrl("rtsp://user:50%@host/"));
}

TEST(UrlTest, ResolvesControls) {
  EXPECT_EQ(ResolveControl("rtsp://h/a/", "trackID=1"), "rtsp://h/a/trackID=1");
  EXPECT_EQ(ResolveControl("rtsp://h/a", "trackID=1"), "rtsp://h/a/trackID=1");
  EXPECT_EQ(ResolveControl("rtsp://h/a", "*"), "rtsp://h/a");
  EXPECT_EQ(ResolveControl("rtsp://h/a", ""), "rtsp://h/a");
  EXPECT_EQ(ResolveControl("rtsp://h/a", "rtsp://other/b/track1"), "rtsp://other/b/track1");
}

}  // namespace
}  // namespace anninh::rtsp
