#include "app/config.h"

#include <fstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace anninh::app {
namespace {

Config Parse(std::string_view text, std::vector<ConfigIssue>& issues) {
  return ParseConfig(text, "site.toml", "/etc/anninh", issues);
}

std::string Issues(const std::vector<ConfigIssue>& issues) {
  std::string out;
  for (const auto& i : issues) out += i.ToString() + "\n";
  return out;
}

TEST(ConfigTest, FullConfigParses) {
  std::vector<ConfigIssue> issues;
  Config c = Parse(R"(
[server]
data_dir = "/var/lib/anninh"
log_level = "debug"

[recording]
segment_seconds = 30
fragment_ms = 250

[retention]
min_free_percent = 10
min_free_gb = 1.5
days = 14

[http]
listen = "0.0.0.0:8443"

[ingest]
stall_timeout_s = 4

[[cameras]]
id = "cong-lang-1"
name = "Cổng làng thôn Đông"
retain_gb = 500
  [cameras.main]
  url = "rtsp://10.0.0.5:554/stream1"
  username = "admin"
  password = "s3cret"
  [cameras.sub]
  url = "rtsp://10.0.0.5:554/stream2"
  transport = "udp"
  stall_timeout_s = 8
)",
                   issues);
  ASSERT_TRUE(issues.empty()) << Issues(issues);
  EXPECT_EQ(c.data_dir, "/var/lib/anninh");
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.segmenter.segment_length, 30 * 90'000);
  EXPECT_EQ(c.segmenter.fragment_length, 250 * 90);
  ASSERT_EQ(c.cameras.size(), 1u);
  const CameraConfig& cam = c.cameras[0];
  EXPECT_EQ(cam.name, "Cổng làng thôn Đông");
  EXPECT_EQ(cam.main->options.username, "admin");
  EXPECT_TRUE(cam.main->record);
  EXPECT_FALSE(cam.sub->record);  // sub streams are for live view and analysis by default
  EXPECT_EQ(cam.main->options.stall_timeout, std::chrono::milliseconds(4000));  // [ingest]
  EXPECT_EQ(cam.sub->options.stall_timeout, std::chrono::milliseconds(8000));   // override
  EXPECT_EQ(cam.sub->options.transport, ingest::Transport::kUdp);
  EXPECT_EQ(c.min_free_percent, 10);
  EXPECT_EQ(c.min_free_bytes, 1'500'000'000u);
  EXPECT_EQ(c.http_listen, "0.0.0.0:8443");
  EXPECT_EQ(cam.retention.days, 14);  // [retention] days is the default for every camera
  EXPECT_EQ(cam.retention.bytes, 500'000'000'000u);
}

TEST(ConfigTest, HttpListenNeedsAPort) {
  std::vector<ConfigIssue> issues;
  Parse("[http]\nlisten = \"localhost\"\n", issues);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key, "http.listen");
}

TEST(ConfigTest, TrustedProxiesAreAddressesOrNetworks) {
  std::vector<ConfigIssue> issues;
  Config c = Parse("[http]\ntrusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\", \"::1\"]\n", issues);
  EXPECT_TRUE(issues.empty()) << Issues(issues);
  EXPECT_EQ(c.trusted_proxies, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8", "::1"}));
  c = Parse("[http]\n\ntrusted_proxies = [\"127.0.0.1\", \"proxy.lan\"]\n", issues);
  ASSERT_EQ(issues.size(), 1u) << Issues(issues);
  EXPECT_EQ(issues[0].key, "http.trusted_proxies");
  EXPECT_EQ(issues[0].line, 3);
  EXPECT_NE(issues[0].message.find("proxy.lan"), std::string::npos) << issues[0].message;
  EXPECT_TRUE(c.trusted_proxies.empty()) << "a bad list trusts nobody";
  issues.clear();
  Parse("[http]\ntrusted_proxies = \"127.0.0.1\"\n", issues);
  ASSERT_EQ(issues.size(), 1u) << Issues(issues);
  EXPECT_EQ(issues[0].message, "must be an array of strings");
}

TEST(ConfigTest, CameraAreaAndSiteAccessKeys) {
  std::vector<ConfigIssue> issues;
  Config c = Parse(R"(
[http]
secure_cookies = true
[site]
name = "Công an xã An Ninh"
[[cameras]]
id = "cong"
area = "thon-dong"
  [cameras.main]
  url = "rtsp://10.0.0.2/main"
[[cameras]]
id = "cho"
area = "thôn Tây"
  [cameras.main]
  url = "rtsp://10.0.0.3/main"
)", issues);
  ASSERT_EQ(issues.size(), 1u) << Issues(issues);
  EXPECT_EQ(issues[0].key, "cameras[1].area");
  EXPECT_EQ(issues[0].line, 13);
  EXPECT_EQ(c.cameras[0].area, "thon-dong");
  EXPECT_TRUE(c.secure_cookies);
  EXPECT_EQ(c.site_name, "Công an xã An Ninh");
}

TEST(ConfigTest, RtspClientAndLoopThreads) {
  std::vector<ConfigIssue> issues;
  Config defaults = Parse("", issues);
  EXPECT_EQ(defaults.rtsp_client, "native");
  EXPECT_EQ(defaults.loop_threads, 1);
  Config c = Parse("[ingest]\nrtsp_client = \"ffmpeg\"\nloop_threads = 2\n", issues);
  EXPECT_TRUE(issues.empty()) << Issues(issues);
  EXPECT_EQ(c.rtsp_client, "ffmpeg");
  EXPECT_EQ(c.loop_threads, 2);
  Parse("[ingest]\nrtsp_client = \"live555\"\nloop_threads = 0\n", issues);
  ASSERT_EQ(issues.size(), 2u) << Issues(issues);
  EXPECT_EQ(issues[0].key, "ingest.rtsp_client");
  EXPECT_EQ(issues[1].key, "ingest.loop_threads");
}

TEST(ConfigTest, RelativeDataDirIsBesideTheConfigFile) {
  std::vector<ConfigIssue> issues;
  Config c = Parse("[server]\ndata_dir = \"data\"\n", issues);
  EXPECT_EQ(c.data_dir, "/etc/anninh/data");
}

TEST(ConfigTest, UnknownKeyNamesFileLineAndKey) {
  std::vector<ConfigIssue> issues;
  Parse(R"([server]
data_dir = "/d"
[[cameras]]
id = "c1"
  [cameras.main]
  url = "rtsp://cam/1"
  stall_timout_s = 3
)",
        issues);
  ASSERT_EQ(issues.size(), 1u) << Issues(issues);
  EXPECT_EQ(issues[0].ToString(), "site.toml:7: cameras[0].main.stall_timout_s: unknown key");
}

TEST(ConfigTest, WrongTypesAndRangesAreErrors) {
  std::vector<ConfigIssue> issues;
  Parse(R"([recording]
segment_seconds = "sixty"
fragment_ms = 5
[server]
log_level = "loud"
)",
        issues);
  ASSERT_EQ(issues.size(), 3u) << Issues(issues);
  EXPECT_EQ(issues[0].key, "recording.segment_seconds");
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_NE(issues[0].message.find("number"), std::string::npos);
  EXPECT_EQ(issues[1].key, "recording.fragment_ms");
  EXPECT_EQ(issues[2].key, "server.log_level");
}

TEST(ConfigTest, BadUrlsAreErrors) {
  std::vector<ConfigIssue> issues;
  Parse(R"([[cameras]]
id = "a"
main = { url = "htp://cam/1" }
[[cameras]]
id = "b"
main = { url = "rtsp:///nohost" }
[[cameras]]
id = "c"
main = { url = "/does/not/exist.mp4" }
[[cameras]]
id = "d"
main = { url = "rtsp://user:pw@cam/1", transport = "sctp" }
)",
        issues);
  ASSERT_EQ(issues.size(), 4u) << Issues(issues);
  EXPECT_EQ(issues[0].key, "cameras[0].main.url");
  EXPECT_NE(issues[0].message.find("scheme"), std::string::npos);
  EXPECT_NE(issues[1].message.find("no host"), std::string::npos);
  EXPECT_NE(issues[2].message.find("file not found"), std::string::npos);
  EXPECT_EQ(issues[3].key, "cameras[3].main.transport");
}

TEST(ConfigTest, DuplicateAndInvalidCameraIds) {
  std::vector<ConfigIssue> issues;
  Parse(R"([[cameras]]
id = "gate"
main = { url = "rtsp://cam/1" }
[[cameras]]
id = "gate"
main = { url = "rtsp://cam/2" }
[[cameras]]
id = "../etc"
main = { url = "rtsp://cam/3" }
[[cameras]]
main = { url = "rtsp://cam/4" }
)",
        issues);
  ASSERT_EQ(issues.size(), 3u) << Issues(issues);
  EXPECT_EQ(issues[0].line, 5);
  EXPECT_NE(issues[0].message.find("duplicate camera id 'gate' (first defined on line 2)"),
            std::string::npos);
  EXPECT_NE(issues[1].message.find("lowercase"), std::string::npos);
  EXPECT_EQ(issues[2].key, "cameras[3].id");
  EXPECT_NE(issues[2].message.find("required"), std::string::npos);
}

TEST(ConfigTest, CameraWithoutMainStream) {
  std::vector<ConfigIssue> issues;
  Parse("[[cameras]]\nid = \"a\"\n", issues);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key, "cameras[0].main");
}

TEST(ConfigTest, SyntaxErrorHasALine) {
  std::vector<ConfigIssue> issues;
  Parse("[server]\ndata_dir = \"unterminated\n", issues);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_EQ(issues[0].key, "(syntax)");
}

TEST(ConfigTest, LoadConfigReportsEveryIssue) {
  testing::TempDir dir;
  { std::ofstream(dir / "a.toml") << "[server]\nbogus = 1\n[recording]\nbogus = 2\n"; }
  auto c = LoadConfig(dir / "a.toml");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(c.error().message().find("a.toml:2: server.bogus"), std::string::npos);
  EXPECT_NE(c.error().message().find("a.toml:4: recording.bogus"), std::string::npos);
  EXPECT_EQ(LoadConfig(dir / "missing.toml").error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace anninh::app
