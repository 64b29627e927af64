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

TEST(ConfigTest, WebRootIsOptionalAndMustHoldTheBuiltConsole) {
  std::vector<ConfigIssue> issues;
  EXPECT_FALSE(Parse("[http]\nlisten = \"127.0.0.1:8080\"\n", issues).web_root) << "unset: found beside the binary";
  Config off = Parse("[http]\nweb_root = \"\"\n", issues);
  ASSERT_TRUE(off.web_root);
  EXPECT_TRUE(off.web_root->empty()) << "\"\" turns the console off";
  EXPECT_TRUE(issues.empty()) << Issues(issues);

  testing::TempDir dir;
  std::filesystem::create_directories(dir / "dist");
  std::ofstream(dir / "dist" / "index.html") << "<!doctype html>";
  Config ok = ParseConfig("[http]\nweb_root = \"dist\"\n", "site.toml", dir.path(), issues);
  EXPECT_TRUE(issues.empty()) << Issues(issues);
  EXPECT_EQ(*ok.web_root, dir / "dist") << "relative to the config file";

  Parse("[http]\nweb_root = \"/nonexistent/dist\"\n", issues);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key, "http.web_root");
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_NE(issues[0].message.find("index.html"), std::string::npos);
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

TEST(ConfigTest, ReportsSection) {
  std::vector<ConfigIssue> issues;
  Config c = Parse("[reports]\nsoffice = \"/opt/libreoffice/program/soffice\"\nsoffice_timeout_s = 60\n"
                   "workers = 2\nretention_hours = 48\n",
                   issues);
  EXPECT_TRUE(issues.empty()) << Issues(issues);
  EXPECT_EQ(c.reports_soffice, "/opt/libreoffice/program/soffice");
  EXPECT_EQ(c.reports_soffice_timeout, std::chrono::seconds(60));
  EXPECT_EQ(c.reports_workers, 2);
  EXPECT_EQ(c.reports_retention, std::chrono::hours(48));
  Config d = Parse("", issues);
  EXPECT_EQ(d.reports_soffice, "soffice");
  EXPECT_EQ(d.reports_retention, std::chrono::hours(24));
  issues.clear();
  Parse("[reports]\nworkers = 0\nsofice = \"x\"\n", issues);
  ASSERT_EQ(issues.size(), 2u) << Issues(issues);
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

TEST(ConfigTest, SiteTimeZoneDefaultsToVietnamAndRefusesNonsense) {
  std::vector<ConfigIssue> issues;
  EXPECT_EQ(Parse("", issues).time_zone, "Asia/Ho_Chi_Minh");
  Config c = Parse("[site]\ntime_zone = \"Asia/Bangkok\"\n", issues);
  EXPECT_TRUE(issues.empty()) << Issues(issues);
  EXPECT_EQ(c.time_zone, "Asia/Bangkok");
  for (const char* bad : {"", "../etc/passwd", "Asia/Ho Chi Minh", "<script>", "/UTC"}) {
    issues.clear();
    Config b = Parse(std::string("[site]\ntime_zone = \"") + bad + "\"\n", issues);
    ASSERT_EQ(issues.size(), 1u) << bad;
    EXPECT_EQ(issues[0].key, "site.time_zone") << bad;
    EXPECT_EQ(b.time_zone, "Asia/Ho_Chi_Minh") << "a refused zone falls back to the default";
  }
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

TEST(ConfigTest, EventsAndTheEventRetentionClass) {
  std::vector<ConfigIssue> issues;
  Config c = Parse(R"(
[retention]
days = 14
event_days = 60
[events]
pre_roll_s = 3
post_roll_s = 20
max_duration_s = 120
cooldown_s = 15
offline_after_s = 45
[events.rule_cooldown_s]
vao-san = 90
[[cameras]]
id = "cong"
offline_after_s = 5
retain_event_days = 365
[cameras.main]
url = "rtsp://10.0.0.5/main"
[[cameras]]
id = "cho"
[cameras.main]
url = "rtsp://10.0.0.6/main"
)", issues);
  ASSERT_TRUE(issues.empty()) << Issues(issues);
  EXPECT_EQ(c.event_pre_roll, 3 * kNsPerSecond);
  EXPECT_EQ(c.event_post_roll, 20 * kNsPerSecond);
  EXPECT_EQ(c.event_max_duration, 120 * kNsPerSecond);
  EXPECT_EQ(c.event_cooldown, 15 * kNsPerSecond);
  EXPECT_EQ(c.event_cooldowns.at("vao-san"), 90 * kNsPerSecond);
  ASSERT_EQ(c.cameras.size(), 2u);
  EXPECT_EQ(c.cameras[0].offline_after, 5 * kNsPerSecond);
  EXPECT_EQ(c.cameras[0].event_days, 365);
  EXPECT_EQ(c.cameras[1].offline_after, 45 * kNsPerSecond);
  EXPECT_EQ(c.cameras[1].event_days, 60);

  Parse("[events]\npre_roll_s = -1\noffline_after_s = 0\npost_rol_s = 1\n", issues);
  EXPECT_EQ(issues.size(), 3u) << Issues(issues);
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

TEST(ConfigTest, AlertsFullSection) {
  testing::TempDir dir;
  { std::ofstream(dir / "hook.secret") << "from-a-file\n"; }
  { std::ofstream(dir / "ca.pem") << "-----BEGIN CERTIFICATE-----\n"; }
  std::vector<ConfigIssue> issues;
  Config c = ParseConfig(R"(
[server]
data_dir = "/var/lib/anninh"
[site]
name = "xa-a"
[alerts]
public_url = "https://anninh.xa-a.vn"
cooldown_s = 120
on = ["opened", "closed"]
dead_letter = "alerts/dl.jsonl"
dead_letter_max_mb = 5
dead_letter_keep = 2
  [alerts.rules.loitering]
  cooldown_s = 600
  on = ["opened"]
  [alerts.rules.camera_offline]
  cooldown_s = 0
  [alerts.mqtt]
  host = "broker.lan"
  port = 8883
  username = "anninh"
  password = "p"
  ca_file = "ca.pem"
  topic = "xa/{camera}/{rule}"
  qos = 1
  buffer = 500
  rules = ["loitering"]
  [[alerts.webhooks]]
  name = "zalo-bot"
  url = "https://hooks.example.vn/anninh"
  secret_file = "hook.secret"
  attempts = 7
  backoff_initial_s = 2
  timeout_s = 5
  cameras = ["cong-lang"]
  classes = ["person", "vehicle"]
  [[alerts.webhooks]]
  name = "second"
  url = "http://10.0.0.9/hook"
  secret = "inline"
)",
                         "site.toml", dir.path(), issues);
  ASSERT_TRUE(issues.empty()) << Issues(issues);
  const alerts::AlertsOptions& a = c.alerts;
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.site, "xa-a");
  EXPECT_EQ(a.public_url, "https://anninh.xa-a.vn");
  EXPECT_EQ(a.defaults.cooldown, std::chrono::seconds(120));
  EXPECT_TRUE(a.defaults.on_opened);
  EXPECT_TRUE(a.defaults.on_closed);
  EXPECT_FALSE(a.defaults.on_updated);
  EXPECT_EQ(a.dead_letter.path, "/var/lib/anninh/alerts/dl.jsonl");
  EXPECT_EQ(a.dead_letter.max_bytes, 5'000'000u);
  EXPECT_EQ(a.dead_letter.keep, 2);
  ASSERT_EQ(a.rules.count("loitering"), 1u);
  EXPECT_EQ(a.rules.at("loitering").cooldown, std::chrono::seconds(600));
  EXPECT_FALSE(a.rules.at("loitering").on_closed);
  EXPECT_TRUE(a.rules.at("camera_offline").on_closed) << "recovery alerts unless `on` says otherwise";
  EXPECT_EQ(a.rules.at("camera_offline").cooldown, std::chrono::seconds(0));
  EXPECT_TRUE(a.mqtt.enabled);
  EXPECT_EQ(a.mqtt.host, "broker.lan");
  EXPECT_EQ(a.mqtt.port, 8883);
  EXPECT_EQ(a.mqtt.password, "p");
  EXPECT_EQ(a.mqtt.ca_file, dir / "ca.pem");
  EXPECT_EQ(a.mqtt.topic, "xa/{camera}/{rule}");
  EXPECT_EQ(a.mqtt.buffer, 500u);
  EXPECT_EQ(a.mqtt.filter.rules, std::vector<std::string>{"loitering"});
  ASSERT_EQ(a.webhooks.size(), 2u);
  EXPECT_EQ(a.webhooks[0].name, "zalo-bot");
  EXPECT_EQ(a.webhooks[0].secret, "from-a-file") << "trailing newline dropped";
  EXPECT_EQ(a.webhooks[0].retry.attempts, 7);
  EXPECT_EQ(a.webhooks[0].retry.initial, std::chrono::seconds(2));
  EXPECT_EQ(a.webhooks[0].timeout, std::chrono::seconds(5));
  EXPECT_EQ(a.webhooks[0].filter.cameras, std::vector<std::string>{"cong-lang"});
  EXPECT_EQ(a.webhooks[0].filter.classes, (std::vector<std::string>{"person", "vehicle"}));
  EXPECT_EQ(a.webhooks[1].secret, "inline");
}

TEST(ConfigTest, NoAlertsSectionMeansNoAlerts) {
  std::vector<ConfigIssue> issues;
  Config c = Parse("", issues);
  ASSERT_TRUE(issues.empty()) << Issues(issues);
  EXPECT_FALSE(c.alerts.enabled);
  EXPECT_FALSE(c.alerts.mqtt.enabled);
  EXPECT_EQ(c.alerts.dead_letter.path, "/etc/anninh/data/alerts/dead-letter.jsonl");
}

TEST(ConfigTest, AlertsMistakesAreAllReportedWithLineAndKey) {
  std::vector<ConfigIssue> issues;
  Parse(R"([alerts]
on = ["opened", "shut"]
dead_letter = "../../etc/cron.d/x"
cooldown_s = -1
  [alerts.mqtt]
  topic = "anninh/#"
  qos = 3
  password = "p"
  tpoic = "x"
  [[alerts.webhooks]]
  name = "a"
  url = "ftp://x"
  [[alerts.webhooks]]
  name = "a"
  url = "http://x"
  secret = "s"
  secret_file = "/nonexistent/secret"
  cameras = "cam1"
)",
        issues);
  const std::string all = Issues(issues);
  EXPECT_NE(all.find("site.toml:2: alerts.on: 'shut' is not a change"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:3: alerts.dead_letter: path leaves its root"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:4: alerts.cooldown_s: must be between 0 and"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:6: alerts.mqtt.topic: must not contain '+' or '#'"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:7: alerts.mqtt.qos: must be between 0 and 2"), std::string::npos) << all;
  EXPECT_NE(all.find("alerts.mqtt.username: a password needs a username"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:9: alerts.mqtt.tpoic: unknown key"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:12: alerts.webhooks[0].url: must start with http:// or https://"), std::string::npos) << all;
  EXPECT_NE(all.find("alerts.webhooks[0].secret: every webhook needs a secret or secret_file"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:14: alerts.webhooks[1].name: duplicate webhook name 'a' (first on line 11)"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:17: alerts.webhooks[1].secret_file: give secret or secret_file, not both"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:18: alerts.webhooks[1].cameras: must be an array of strings"), std::string::npos) << all;
}

TEST(ConfigTest, UnreadableSecretFileIsAnError) {
  std::vector<ConfigIssue> issues;
  Parse("[[alerts.webhooks]]\nname = \"a\"\nurl = \"http://x\"\nsecret_file = \"/nonexistent/s\"\n", issues);
  const std::string all = Issues(issues);
  EXPECT_NE(all.find("site.toml:4: alerts.webhooks[0].secret_file: cannot read /nonexistent/s"), std::string::npos) << all;
}

}  // namespace
}  // namespace anninh::app

namespace anninh::app {
namespace {

TEST(ConfigTest, CameraAnalyticsZonesLinesAndRules) {
  std::vector<ConfigIssue> issues;
  Config c = ParseConfig(R"(
[site]
utc_offset_hours = 7

[analytics]
fps = 4
detector = "none"
decode = "keyframes"

[[cameras]]
id = "cong"
[cameras.main]
url = "rtsp://10.0.0.2/main"
[cameras.sub]
url = "rtsp://10.0.0.2/sub"
[cameras.analytics]
min_area = 0.002
motion_width = 320
[[cameras.analytics.zones]]
id = "san"
points = [[0.1, 0.2], [0.6, 0.2], [0.6, 0.9], [0.1, 0.9]]
[[cameras.analytics.masks]]
points = [[0.8, 0.0], [1.0, 0.0], [1.0, 0.3]]
[[cameras.analytics.lines]]
id = "cong"
points = [[0.5, 0.1], [0.5, 0.9]]
[[cameras.analytics.rules]]
id = "dem"
kind = "enter"
zone = "san"
classes = ["person", "motorbike"]
min_confidence = 0.5
schedule = "22:00-05:00"
[[cameras.analytics.rules]]
id = "lang-vang"
kind = "dwell"
zone = "san"
dwell_s = 30
[[cameras.analytics.rules]]
id = "vao"
kind = "cross"
line = "cong"
direction = "left"

[[cameras]]
id = "ngo"
[cameras.main]
url = "rtsp://10.0.0.3/main"
)", "site.toml", "/etc/anninh", issues);
  ASSERT_TRUE(issues.empty()) << Issues(issues);
  ASSERT_EQ(c.cameras.size(), 2u);
  const AnalyticsConfig& a = c.cameras[0].analytics;
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.stream, "sub");
  EXPECT_DOUBLE_EQ(a.fps, 4);  // from [analytics]
  EXPECT_EQ(a.detector, "none");
  EXPECT_EQ(a.decode, AnalyticsConfig::Decode::kKeyframes);  // from [analytics]
  EXPECT_DOUBLE_EQ(a.min_area, 0.002);
  EXPECT_EQ(a.motion_width, 320);
  EXPECT_EQ(c.cameras[1].analytics.motion_width, 160) << "the default";
  ASSERT_EQ(a.rules.zones.size(), 1u);
  EXPECT_EQ(a.rules.zones[0].polygon.size(), 4u);
  ASSERT_EQ(a.masks.size(), 1u);
  ASSERT_EQ(a.rules.lines.size(), 1u);
  EXPECT_FLOAT_EQ(a.rules.lines[0].b.y, 0.9f);
  ASSERT_EQ(a.rules.rules.size(), 3u);
  EXPECT_EQ(a.rules.rules[0].classes, (std::vector<std::string>{"person", "motorbike"}));
  ASSERT_TRUE(a.rules.rules[0].schedule);
  EXPECT_EQ(a.rules.rules[0].schedule->start_minute, 22 * 60);
  EXPECT_EQ(a.rules.rules[0].schedule->end_minute, 5 * 60);
  EXPECT_EQ(a.rules.rules[1].kind, analytics::RuleKind::kDwell);
  EXPECT_EQ(a.rules.rules[1].dwell_ns, 30'000'000'000);
  EXPECT_EQ(a.rules.rules[2].target, "cong");
  EXPECT_EQ(a.rules.rules[2].direction, "left");
  EXPECT_EQ(a.rules.utc_offset_minutes, 7 * 60);
  EXPECT_TRUE(analytics::Validate(a.rules).empty());
  // No [cameras.analytics]: off, and it would use the main stream.
  EXPECT_FALSE(c.cameras[1].analytics.enabled);
  EXPECT_EQ(c.cameras[1].analytics.stream, "main");
}

TEST(ConfigTest, AnalyticsMistakesAreAllReportedWithTheirLines) {
  std::vector<ConfigIssue> issues;
  ParseConfig(R"([[cameras]]
id = "cong"
[cameras.main]
url = "rtsp://10.0.0.2/main"
[cameras.analytics]
stream = "sub"
detector = "yolo"
motion_width = 8
[[cameras.analytics.zones]]
id = "san"
points = [[0.1, 0.2], [1.6, 0.2], [0.6, 0.9]]
[[cameras.analytics.lines]]
id = "cong"
points = [[0.5, 0.1], [0.5, 0.5], [0.5, 0.9]]
[[cameras.analytics.rules]]
id = "dem"
kind = "enter"
zone = "nowhere"
schedule = "10pm-5am"
[[cameras.analytics.rules]]
id = "vao"
kind = "cross"
line = "cong"
direction = "north"
classes = ["ghost"]
)", "site.toml", "/etc/anninh", issues);
  const std::string all = Issues(issues);
  EXPECT_NE(all.find("site.toml:6: cameras[0].analytics.stream: the camera has no [cameras.sub] stream"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:7: cameras[0].analytics.detector: must be"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:8: cameras[0].analytics.motion_width: must be 0 or at least 32"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:11: cameras[0].analytics.zones[0].points: must be at least 3 [x, y] points"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:14: cameras[0].analytics.lines[0].points: a line has exactly two points"), std::string::npos) << all;
  EXPECT_NE(all.find("rule 'dem' names zone 'nowhere'"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:19: cameras[0].analytics.rules[0].schedule: must be \"HH:MM-HH:MM\""), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:24: cameras[0].analytics.rules[1].direction: must be"), std::string::npos) << all;
  EXPECT_NE(all.find("site.toml:25: cameras[0].analytics.rules[1].classes: must be a list"), std::string::npos) << all;
  EXPECT_NE(all.find("rule 'vao' names line 'cong'"), std::string::npos) << all << "(the line was invalid, so it is missing)";
}

TEST(ConfigTest, AnalyticsDecodeIsAllOrKeyframes) {
  std::vector<ConfigIssue> issues;
  Config c = ParseConfig(R"([[cameras]]
id = "cong"
[cameras.main]
url = "rtsp://10.0.0.2/main"
[cameras.analytics]
)", "site.toml", "/etc/anninh", issues);
  ASSERT_TRUE(issues.empty()) << Issues(issues);
  EXPECT_EQ(c.cameras[0].analytics.decode, AnalyticsConfig::Decode::kAdaptive)
      << "keyframes only while still, every reference picture once something moves";
  ParseConfig(R"([analytics]
decode = "sometimes"
)", "site.toml", "/etc/anninh", issues);
  EXPECT_NE(Issues(issues).find("site.toml:2: analytics.decode: must be \"all\", \"keyframes\" or \"adaptive\""), std::string::npos)
      << Issues(issues);
}

}  // namespace
}  // namespace anninh::app
