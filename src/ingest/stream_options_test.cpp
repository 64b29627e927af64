#include "ingest/stream_options.h"

#include <gtest/gtest.h>

namespace anninh::ingest {
namespace {

TEST(StreamOptionsTest, CredentialsAreEncodedIntoTheUrl) {
  StreamOptions o;
  o.url = "rtsp://127.0.0.1:8554/people/main";
  o.username = "admin";
  o.password = "p@ss:w/rd";
  EXPECT_EQ(UrlWithCredentials(o), "rtsp://admin:p%40ss%3Aw%2Frd@127.0.0.1:8554/people/main");
  o.url = "rtsp://old:creds@127.0.0.1/x";
  EXPECT_EQ(UrlWithCredentials(o), "rtsp://admin:p%40ss%3Aw%2Frd@127.0.0.1/x");
}

TEST(StreamOptionsTest, RedactionHidesPasswords) {
  EXPECT_EQ(RedactedUrl("rtsp://admin:secret@cam/x"), "rtsp://admin:***@cam/x");
  EXPECT_EQ(RedactedUrl("rtsp://cam/x@y"), "rtsp://cam/x@y");
  EXPECT_EQ(RedactedUrl("/videos/a.mp4"), "/videos/a.mp4");
}

TEST(StreamOptionsTest, FileSources) {
  EXPECT_TRUE(IsFileSource("/data/a.mp4"));
  EXPECT_TRUE(IsFileSource("file:/data/a.mp4"));
  EXPECT_FALSE(IsFileSource("rtsp://cam/x"));
  EXPECT_FALSE(IsFileSource("http://cam/x.mjpg"));
}

}  // namespace
}  // namespace anninh::ingest
