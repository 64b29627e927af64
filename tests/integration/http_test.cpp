// The HTTP API over real sockets against a server recording the real RTSP test camera:
// the serving acceptance tests of issue 3 (docs/design/0003-serving.md). One server records
// for ~15 s (4 s segments) in SetUpTestSuite; every test then asks it things over HTTP.
#include <unistd.h>

#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/config.h"
#include "app/server.h"
#include "core/time_format.h"
#include "live/h264_transcoder.h"
#include "live/jpeg_feed.h"
#include "support.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/testcam.h"
#include "support/ws_client.h"

namespace anninh {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::HttpCall;
using testing::HttpReply;

// A camera name that needs escaping in Prometheus labels: Vietnamese, a quote, a backslash.
const std::string kCameraName = "Cổng \"chợ\" \\ Đình";

class HttpIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cam_ = new testing::TestCam({"/people/main=admin:secret"});
    dir_ = new testing::TempDir();
    std::string url = cam_->Url("/people/main");
    url.replace(0, 7, "rtsp://admin:secret@");
    std::ofstream f(*dir_ / "anninh.toml");
    f << "[server]\ndata_dir = \"data\"\nlog_level = \"info\"\n"
      << "[recording]\nsegment_seconds = 4\n"
      << "[ingest]\nconnect_timeout_s = 3\nstall_timeout_s = 3\n"
      << "[http]\nlisten = \"127.0.0.1:0\"\ntrusted_proxies = [\"127.0.0.1\"]\n"
      << "[[cameras]]\nid = \"cong\"\nname = \"Cổng \\\"chợ\\\" \\\\ Đình\"\n"
      << "[cameras.main]\nurl = \"" << url << "\"\n"
      // An H.265-only camera, watched live through the H.264 transcode; not recorded.
      << "[[cameras]]\nid = \"hevc\"\nname = \"Chỉ H.265\"\n"
      << "[cameras.main]\nurl = \"" << cam_->Url("/hevc/main") << "\"\nrecord = false\n";
    f.close();
    config_ = new app::Config(app::LoadConfig(*dir_ / "anninh.toml").value());
    server_ = app::Server::Create(*config_, SystemClock::Get()).value().release();
    server_->Start();
    port_ = server_->http_port();
    // The administrator and the API token these tests use, made with the CLI as a site would.
    const std::string cli = std::string(ANNINH_BINARY) + " ";
    const std::string cfg = (*dir_ / "anninh.toml").string();
    auto admin = testing::RunCommand("echo 'mật khẩu dài đủ' | " + cli + "admin create --password-stdin --username admin --config " + cfg);
    ASSERT_EQ(admin.exit_code, 0) << admin.output;
    auto token = testing::RunCommand(cli + "token create --user admin --name tests --config " + cfg + " 2>/dev/null");
    ASSERT_EQ(token.exit_code, 0) << token.output;
    token_ = new std::string(token.output.substr(0, token.output.find('\n')));
    ASSERT_EQ(token_->rfind("anninh_", 0), 0u) << *token_;
    ASSERT_NE(port_, 0) << "the HTTP server did not start";
    ASSERT_TRUE(testing::WaitUntil([] {
      auto s = server_->Status();
      return !s.empty() && s[0].ingest.state == ingest::StreamState::kStreaming;
    }, 15s));
    std::this_thread::sleep_for(15s);
  }

  static void TearDownTestSuite() {
    delete token_;
    delete server_;
    delete config_;
    delete dir_;
    delete cam_;
  }

  // A request as the administrator (API token).
  static HttpReply Call(const std::string& method, const std::string& target,
                        std::vector<std::pair<std::string, std::string>> headers = {}, const std::string& body = "") {
    headers.emplace_back("Authorization", "Bearer " + *token_);
    return HttpCall(port_, method, target, headers, body);
  }

  static std::vector<store::SegmentRow> Segments() {
    return server_->index().Segments({"cong", "main", 0, INT64_MAX}).value();
  }
  static std::string VideoTarget(WallNs from, WallNs to) {
    return "/api/v1/cameras/cong/video.mp4?from=" + FormatIso8601(from) + "&to=" + FormatIso8601(to);
  }
  static void ExpectJsonError(const HttpReply& r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/json") << what;
    json j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << what << ": " << r.body;
    EXPECT_TRUE(j["error"]["code"].is_string()) << what;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << what;
  }

  // Saves `bytes` as `name` and asks ffprobe for "codec,width,frames decoded" of its video.
  static testing::CommandResult ProbeFrames(const std::string& name, const std::string& bytes) {
    std::ofstream(*dir_ / name, std::ios::binary) << bytes;
    return testing::RunCommand("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                               "stream=codec_name,width,nb_read_frames -of csv=p=0 '" + (*dir_ / name).string() + "'");
  }

  static inline testing::TestCam* cam_ = nullptr;
  static inline testing::TempDir* dir_ = nullptr;
  static inline app::Config* config_ = nullptr;
  static inline app::Server* server_ = nullptr;
  static inline int port_ = 0;
  static inline std::string* token_ = nullptr;
};

TEST_F(HttpIntegrationTest, HealthzAnswers) {
  HttpReply r = Call("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["status"], "ok");
}

TEST_F(HttpIntegrationTest, RangeVideoPlaysAndItsDurationMatchesTheRequest) {
  auto segs = Segments();
  ASSERT_GE(segs.size(), 3u) << "15 s of 4 s segments";
  // Across segment boundaries, starting mid-GOP.
  const WallNs from = segs[0].start + 1500 * kNsPerMs;
  const WallNs to = segs.back().end - 500 * kNsPerMs;
  HttpReply r = Call("GET", VideoTarget(from, to));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "video/mp4");
  EXPECT_EQ(r.Header("accept-ranges"), "bytes");
  EXPECT_EQ(r.Header("content-length"), std::to_string(r.body.size()));
  auto file = *dir_ / "range.mp4";
  std::ofstream(file, std::ios::binary) << r.body;

  json probe = testing::FfProbe(file);
  ASSERT_FALSE(probe.is_null()) << "ffprobe rejects the range MP4";
  const double duration = std::stod(probe["format"]["duration"].get<std::string>());
  // FormatIso8601 keeps milliseconds; the output starts at the keyframe at or before
  // `from`, so it may be up to one GOP (1 s for the test camera) longer than asked.
  const double asked = static_cast<double>(to - from) / 1e9;
  EXPECT_GE(duration, asked - 0.1);
  EXPECT_LE(duration, asked + 1.0 + 0.1);
  EXPECT_EQ(probe["streams"][0]["codec_name"], "h264");
  EXPECT_GT(testing::FfProbeVideoPackets(file), static_cast<int>(asked * 20));
  // Assembled once into the cache, under the data folder.
  EXPECT_FALSE(std::filesystem::is_empty(config_->data_dir / "cache" / "video"));
}

TEST_F(HttpIntegrationTest, ARangeRequestReturnsExactlyTheRequestedBytes) {
  auto segs = Segments();
  ASSERT_GE(segs.size(), 2u);
  const std::string target = VideoTarget(segs[0].start, segs[1].end);
  HttpReply whole = Call("GET", target);
  ASSERT_EQ(whole.status, 200);
  const std::string size = std::to_string(whole.body.size());
  ASSERT_GT(whole.body.size(), 10'000u);

  HttpReply part = Call("GET", target, {{"Range", "bytes=1000-4999"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.Header("content-range"), "bytes 1000-4999/" + size);
  EXPECT_EQ(part.Header("content-length"), "4000");
  EXPECT_EQ(part.body, whole.body.substr(1000, 4000));

  HttpReply open = Call("GET", target, {{"Range", "bytes=5000-"}});
  EXPECT_EQ(open.status, 206);
  EXPECT_EQ(open.body, whole.body.substr(5000));

  HttpReply suffix = Call("GET", target, {{"Range", "bytes=-777"}});
  EXPECT_EQ(suffix.status, 206);
  EXPECT_EQ(suffix.body, whole.body.substr(whole.body.size() - 777));

  HttpReply beyond = Call("GET", target, {{"Range", "bytes=" + size + "-"}});
  ExpectJsonError(beyond, 416, "range past the end");
  EXPECT_EQ(beyond.Header("content-range"), "bytes */" + size);
}

TEST_F(HttpIntegrationTest, RecordingsListWhatTheIndexHolds) {
  auto segs = Segments();
  HttpReply r = Call("GET", "/api/v1/cameras/cong/recordings?from=" +
                                           std::to_string(segs.front().start) + "&to=" +
                                           FormatIso8601(segs.back().end + kNsPerSecond));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_GE(j["segments"].size(), segs.size());
  EXPECT_EQ(j["segments"][0]["start_ns"], segs[0].start);
  EXPECT_EQ(j["segments"][0]["stream"], "main");
}

TEST_F(HttpIntegrationTest, CamerasShowLiveStateAndNoPassword) {
  HttpReply r = Call("GET", "/api/v1/cameras");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("secret"), std::string::npos) << r.body;
  json cam = json::parse(r.body)["cameras"][0];
  EXPECT_EQ(cam["id"], "cong");
  EXPECT_EQ(cam["name"], kCameraName);
  json s = cam["streams"][0];
  EXPECT_EQ(s["state"], "streaming");
  EXPECT_EQ(s["codec"], "h264");
  EXPECT_GT(s["width"].get<int>(), 0);
  EXPECT_GT(s["packets"].get<std::uint64_t>(), 0u);
  EXPECT_GT(s["recorder"]["bytes_written"].get<std::uint64_t>(), 0u);
  EXPECT_NE(s["url"].get<std::string>().find("admin:***@"), std::string::npos);
}

TEST_F(HttpIntegrationTest, IdsAndRangesThatDoNotExistAreClear4xxJson) {
  auto segs = Segments();
  const WallNs t = segs[0].start;
  ExpectJsonError(Call("GET", "/api/v1/cameras/ghost/video.mp4?from=1&to=2"), 404, "unknown camera");
  ExpectJsonError(Call("GET", "/api/v1/cameras/ghost/recordings"), 404, "unknown camera");
  ExpectJsonError(Call("GET", VideoTarget(t - 3600 * kNsPerSecond, t - 1800 * kNsPerSecond)), 404,
                  "nothing recorded then");
  ExpectJsonError(Call("GET", VideoTarget(t + kNsPerSecond, t)), 400, "from after to");
  ExpectJsonError(Call("GET", VideoTarget(t, t)), 400, "empty range");
  ExpectJsonError(Call("GET", "/api/v1/cameras/cong/video.mp4?from=today&to=2"), 400, "bad time");
  ExpectJsonError(Call("GET", "/api/v1/cameras/cong/video.mp4"), 400, "no range");
  ExpectJsonError(Call("GET", VideoTarget(t, t + kNsPerSecond) + "&stream=sub"), 404, "no sub stream");
  ExpectJsonError(Call("GET", "/api/v2/anything"), 404, "unknown route");
  ExpectJsonError(Call("DELETE", "/api/v1/cameras"), 405, "wrong method");
  ExpectJsonError(Call("POST", "/api/v1/holds", {}, "{\"camera_id\": "), 400, "malformed JSON");
  ExpectJsonError(Call("DELETE", "/api/v1/holds/999999"), 404, "unknown hold");
}

TEST_F(HttpIntegrationTest, TraversalAndEncodingTricksInAnyPathParameterAreRefused) {
  const std::string q = "?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z";
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/cameras/../../../../etc/passwd",
           "/api/v1/cameras/..%2f..%2f..%2fetc%2fpasswd/recordings",
           "/api/v1/cameras/%2e%2e/%2e%2e/recordings",
           "/api/v1/cameras/%2E%2E/video.mp4" + q,
           "/api/v1/cameras/cong%2f..%2f..%2findex.db/video.mp4" + q,
           "/api/v1/cameras/..%5c..%5cindex.db/recordings",
           "/api/v1/cameras/%252e%252e%252f/recordings",
           "/api/v1/cameras/cong%00/recordings",
           "/api/v1/cameras/cong/..%2fvideo.mp4" + q,
           "/api/v1/cameras/cong/video.mp4" + q + "&stream=..%2f..%2fmain",
           "/api/v1/cameras/cong/video.mp4" + q + "&stream=%2e%2e",
           "/..%2f..%2fetc%2fpasswd",
           "/api/v1/holds/..%2f1",
       }) {
    HttpReply r = Call(target.rfind("/api/v1/holds/", 0) == 0 ? "DELETE" : "GET", target);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " -> " << r.status << " " << r.body;
    ExpectJsonError(r, r.status, target);
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
  }
}

TEST_F(HttpIntegrationTest, MetricsParseAsPrometheusText) {
  ASSERT_EQ(Call("GET", "/metrics").status, 200);
  std::this_thread::sleep_for(1500ms);  // rates are over the interval between scrapes
  HttpReply r = Call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  std::ofstream(*dir_ / "metrics.txt", std::ios::binary) << r.body;
  // Debian's python3-prometheus-client: the reference parser, not a regex.
  std::ofstream(*dir_ / "parse.py") << R"(
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for family in text_string_to_metric_families(f.read()):
        out[family.name] = {"type": family.type, "samples": [
            {"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]}
print(json.dumps(out))
)";
  auto parsed = testing::RunCommand("/usr/bin/python3 '" + (*dir_ / "parse.py").string() + "' '" +
                                    (*dir_ / "metrics.txt").string() + "'");
  ASSERT_EQ(parsed.exit_code, 0) << parsed.output << "\n" << r.body;
  json m = json::parse(parsed.output);

  auto value = [&](const std::string& family, const std::string& sample, const std::string& state = "") {
    for (const json& s : m[family]["samples"]) {
      if (s["name"] != sample) continue;
      if (s["labels"]["camera"] != "cong" || s["labels"]["stream"] != "main") continue;
      if (!state.empty() && s["labels"]["state"] != state) continue;
      EXPECT_EQ(s["labels"]["name"], kCameraName);  // escaping round-trips through the parser
      return s["value"].get<double>();
    }
    ADD_FAILURE() << "no " << sample << " " << state;
    return -1.0;
  };
  EXPECT_EQ(m["anninh_stream_state"]["type"], "gauge");
  EXPECT_EQ(value("anninh_stream_state", "anninh_stream_state", "streaming"), 1);
  EXPECT_EQ(value("anninh_stream_state", "anninh_stream_state", "offline"), 0);
  EXPECT_GT(value("anninh_stream_receive_bytes_per_second", "anninh_stream_receive_bytes_per_second"), 1000);
  const double fps = value("anninh_stream_frames_per_second", "anninh_stream_frames_per_second");
  EXPECT_GT(fps, 10);
  EXPECT_LT(fps, 40);
  EXPECT_EQ(m["anninh_stream_received_bytes"]["type"], "counter");
  EXPECT_GT(value("anninh_stream_received_bytes", "anninh_stream_received_bytes_total"), 0);
  EXPECT_GT(value("anninh_recorder_written_bytes", "anninh_recorder_written_bytes_total"), 0);
  EXPECT_GE(value("anninh_stream_reconnects", "anninh_stream_reconnects_total"), 0);
  EXPECT_GT(m["anninh_disk_free_bytes"]["samples"][0]["value"].get<double>(), 0);
  EXPECT_GT(m["anninh_disk_total_bytes"]["samples"][0]["value"].get<double>(), 0);
}

TEST_F(HttpIntegrationTest, HoldsArePlacedListedAndReleasedOverHttp) {
  auto segs = Segments();
  json body = {{"camera_id", "cong"}, {"from", FormatIso8601(segs[0].start)},
               {"to", FormatIso8601(segs[0].end)}, {"reason", "vụ việc 12/2026: trộm xe máy"}};
  HttpReply added = Call("POST", "/api/v1/holds", {{"Content-Type", "application/json"}}, body.dump());
  ASSERT_EQ(added.status, 201) << added.body;
  const std::int64_t id = json::parse(added.body)["id"];
  EXPECT_EQ(added.Header("location"), "/api/v1/holds/" + std::to_string(id));
  json list = json::parse(Call("GET", "/api/v1/holds?camera=cong").body);
  bool found = false;
  for (const json& h : list["holds"]) found = found || (h["id"] == id && h["reason"] == body["reason"]);
  EXPECT_TRUE(found) << list;
  EXPECT_EQ(Call("DELETE", "/api/v1/holds/" + std::to_string(id)).status, 204);
  ExpectJsonError(Call("DELETE", "/api/v1/holds/" + std::to_string(id)), 404, "released twice");
}

TEST_F(HttpIntegrationTest, WithoutCredentialsEverythingButHealthIsRefused) {
  for (const char* target : {"/api/v1/cameras", "/metrics", "/api/v1/cameras/cong/recordings", "/api/v1/audit"}) {
    HttpReply r = HttpCall(port_, "GET", target);
    ExpectJsonError(r, 401, target);
    EXPECT_NE(r.Header("www-authenticate").find("Bearer"), std::string::npos);
  }
  EXPECT_EQ(HttpCall(port_, "GET", "/healthz").status, 200);
  // Setup is over once an administrator exists.
  EXPECT_EQ(json::parse(HttpCall(port_, "GET", "/api/v1/setup").body)["needed"], false);
}

TEST_F(HttpIntegrationTest, BrowserSignInSetsACookieThatWorksUntilSignOut) {
  HttpReply login = HttpCall(port_, "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                             R"({"username":"admin","password":"mật khẩu dài đủ"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.Header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = json::parse(login.body)["csrf_token"];
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/cameras", {{"Cookie", cookie}}).status, 200);
  EXPECT_EQ(HttpCall(port_, "DELETE", "/api/v1/session", {{"Cookie", cookie}}).status, 403);  // no CSRF token
  EXPECT_EQ(HttpCall(port_, "DELETE", "/api/v1/session", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}).status, 204);
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/cameras", {{"Cookie", cookie}}).status, 401);
}

TEST_F(HttpIntegrationTest, PlaybackIsAuditedOnceAndTheChainVerifies) {
  auto segs = Segments();
  const std::string target = VideoTarget(segs[0].start, segs[0].end);
  ASSERT_EQ(Call("GET", target).status, 200);
  ASSERT_EQ(Call("GET", target, {{"Range", "bytes=0-99"}}).status, 206);  // the same viewing
  HttpReply audit = Call("GET", "/api/v1/audit?action=playback&camera=cong");
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::size_t same = 0;
  const json entries = json::parse(audit.body)["entries"];
  for (const json& e : entries) {
    // The query carried millisecond times, so compare in that form.
    if (e["from"] == FormatIso8601(segs[0].start) && e["to"] == FormatIso8601(segs[0].end)) {
      ++same;
      EXPECT_EQ(e["actor"], "admin (token 1)");
      EXPECT_EQ(e["remote"], "127.0.0.1");
    }
  }
  HttpReply start = Call("GET", "/api/v1/audit?action=server.start");
  EXPECT_NE(start.body.find("config_sha256"), std::string::npos) << "each start is audited with the config's hash";
  EXPECT_EQ(same, 1u) << audit.body << "\n" << FormatIso8601(segs[0].start) << " " << FormatIso8601(segs[0].end);
  auto verify = testing::RunCommand(std::string(ANNINH_BINARY) + " audit verify --config " +
                                    (*dir_ / "anninh.toml").string());
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("intact"), std::string::npos) << verify.output;
}

// On its own data folder: edit one audit row with plain SQL, as someone with the file would.
TEST_F(HttpIntegrationTest, AuditVerifyNamesAnEditedEntry) {
  testing::TempDir d;
  {
    std::ofstream f(d / "anninh.toml");
    f << "[server]\ndata_dir = \"data\"\n";
  }
  const std::string cfg = (d / "anninh.toml").string();
  const std::string cli = std::string(ANNINH_BINARY) + " ";
  for (const char* user : {"first.admin", "second.admin"}) {
    auto r = testing::RunCommand("echo 'mật khẩu dài đủ' | " + cli + "admin create --password-stdin --username " +
                                 user + " --config " + cfg);
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  auto bad = testing::RunCommand("echo short | " + cli + "admin create --password-stdin --username x.y --config " + cfg);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("at least 10 characters"), std::string::npos) << bad.output;
  ASSERT_EQ(testing::RunCommand(cli + "audit verify --config " + cfg).exit_code, 0);
  auto edit = testing::RunCommand("sqlite3 '" + (d / "data" / "index.db").string() +
                                  "' \"UPDATE audit SET actor = 'nobody' WHERE seq = 1\"");
  ASSERT_EQ(edit.exit_code, 0) << edit.output;
  auto verify = testing::RunCommand(cli + "audit verify --config " + cfg);
  EXPECT_EQ(verify.exit_code, 1) << verify.output;
  EXPECT_NE(verify.output.find("entry 1:"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("ALTERED"), std::string::npos) << verify.output;
}

// Live view: a WebSocket viewer gets a playable picture within a second of subscribing.
TEST_F(HttpIntegrationTest, LiveViewDeliversPlayableFragmentsWithinASecond) {
  const auto start = std::chrono::steady_clock::now();
  testing::WsClient ws(port_, "/api/v1/cameras/cong/live?stream=main", {{"Authorization", "Bearer " + *token_}});
  ASSERT_TRUE(ws.ok());
  testing::WsMessage m;
  ASSERT_TRUE(ws.Read(m));
  ASSERT_TRUE(m.text) << "first comes the init description";
  json init = json::parse(m.data);
  EXPECT_EQ(init["type"], "init");
  EXPECT_NE(init["mime"].get<std::string>().find("avc1."), std::string::npos) << init;
  std::string mp4;
  ASSERT_TRUE(ws.Read(m));
  ASSERT_FALSE(m.text);
  mp4 += m.data;  // the init segment
  ASSERT_TRUE(ws.Read(m));
  ASSERT_FALSE(m.text);
  mp4 += m.data;  // the pre-buffered GOP, starting at a keyframe
  const auto first_picture = std::chrono::steady_clock::now() - start;
  EXPECT_LT(first_picture, 1s) << "a new viewer must see a picture within 1 s";
  while (std::chrono::steady_clock::now() - start < 3s && ws.Read(m)) {
    if (!m.text) mp4 += m.data;
  }
  auto probe = ProbeFrames("live.mp4", mp4);
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_EQ(probe.output.substr(0, 10), "h264,1280,") << probe.output;
  const int frames = std::atoi(probe.output.substr(probe.output.rfind(',') + 1).c_str());
  EXPECT_GT(frames, 40) << "about 3 s at 25 fps, from the keyframe before subscribing";
  // The viewing is audited when it starts.
  ws.Close();
  std::this_thread::sleep_for(300ms);
  HttpReply audit = Call("GET", "/api/v1/audit?action=live.&camera=cong");
  EXPECT_NE(audit.body.find("live.start"), std::string::npos) << audit.body;
}

TEST_F(HttpIntegrationTest, SnapshotIsTheNewestKeyframeAsJpeg) {
  HttpReply r = Call("GET", "/api/v1/cameras/cong/snapshot.jpg?stream=main&width=320");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "image/jpeg");
  std::ofstream(*dir_ / "snap.jpg", std::ios::binary) << r.body;
  auto probe = testing::RunCommand("ffprobe -v error -show_entries stream=width,height -of csv=p=0 '" +
                                   (*dir_ / "snap.jpg").string() + "'");
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_EQ(probe.output.substr(0, probe.output.find('\n')), "320,180");  // 1280x720 scaled
  EXPECT_FALSE(r.Header("x-captured-at").empty());
}

TEST_F(HttpIntegrationTest, FiftyViewersShareOneCameraConnection) {
  std::vector<std::unique_ptr<testing::WsClient>> viewers;
  for (int i = 0; i < 50; ++i) {
    viewers.push_back(std::make_unique<testing::WsClient>(port_, "/api/v1/cameras/cong/live?stream=main",
                                                          std::vector<std::pair<std::string, std::string>>{
                                                              {"Authorization", "Bearer " + *token_}}));
    ASSERT_TRUE(viewers.back()->ok()) << i;
  }
  for (auto& v : viewers) {
    testing::WsMessage m;
    int binary = 0;
    while (binary < 2 && v->Read(m)) binary += !m.text;
    EXPECT_EQ(binary, 2) << "init and media for every viewer";
  }
  EXPECT_EQ(cam_->Control("clients /people/main"), "ok 1");
  HttpReply cams = Call("GET", "/api/v1/cameras");
  EXPECT_EQ(json::parse(cams.body)["cameras"][0]["streams"][0]["live"]["viewers"], 50) << cams.body;
}

TEST_F(HttpIntegrationTest, LiveViewIsRefusedWithoutRightsOrFromAnotherSite) {
  // The handshake request a browser sends (RFC 6455 4.1), answered with plain HTTP when refused.
  auto upgrade = [&](const std::string& target, const std::vector<std::pair<std::string, std::string>>& extra) {
    std::string raw = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                      "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    for (const auto& [k, v] : extra) raw += k + ": " + v + "\r\n";
    return testing::ParseHttpReply(testing::HttpRaw(port_, raw + "\r\n", 5s));
  };
  const std::pair<std::string, std::string> auth{"Authorization", "Bearer " + *token_};
  ExpectJsonError(upgrade("/api/v1/cameras/cong/live", {}), 401, "no credentials");
  ExpectJsonError(upgrade("/api/v1/cameras/ghost/live", {auth}), 404, "unknown camera");
  ExpectJsonError(upgrade("/api/v1/cameras/cong/live?stream=sub", {auth}), 404, "no sub stream");
  ExpectJsonError(upgrade("/api/v1/cameras/cong/live", {auth, {"Origin", "http://evil.example"}}), 403, "another site");
  ExpectJsonError(Call("GET", "/api/v1/cameras/cong/live"), 426, "plain HTTP: use a WebSocket");
}

// Behind a reverse proxy on the same machine (127.0.0.1 is trusted in this config), the
// audit log records the client nginx saw, not the proxy, and not what the client claims.
TEST_F(HttpIntegrationTest, BehindATrustedProxyTheAuditNamesTheForwardedClient) {
  HttpReply login = HttpCall(port_, "POST", "/api/v1/session",
                             {{"Content-Type", "application/json"}, {"X-Forwarded-For", "198.51.100.66, 203.0.113.7"}},
                             R"({"username": "khong-ai", "password": "sai mat khau"})");
  EXPECT_EQ(login.status, 401) << login.body;
  HttpReply audit = Call("GET", "/api/v1/audit?action=login.failed");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("\"remote\":\"203.0.113.7\""), std::string::npos) << audit.body;
  EXPECT_EQ(audit.body.find("198.51.100.66"), std::string::npos) << "the client's own claim is not believed";
}

// An H.265-only camera is watched in browsers without HEVC through the on-demand H.264
// view: the init segment says avc1, the fragments decode, a second viewer shares the
// transcoder, and the cameras list says the view uses it.
TEST_F(HttpIntegrationTest, TranscodedViewOfAnH265CameraIsPlayableH264) {
  ASSERT_TRUE(testing::WaitUntil([] {
    auto s = server_->Status();
    return s.size() == 2 && s[1].ingest.state == ingest::StreamState::kStreaming;
  }, 15s));
  const std::vector<std::pair<std::string, std::string>> auth{{"Authorization", "Bearer " + *token_}};
  const std::string target = "/api/v1/cameras/hevc/live?stream=main&transcode=h264";
  testing::WsClient ws(port_, target, auth);
  ASSERT_TRUE(ws.ok());
  testing::WsMessage m;
  std::string mp4;
  std::string mime;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 6s && ws.Read(m, 5s)) {
    if (m.text) {
      json j = json::parse(m.data);
      if (j["type"] == "init") mime = j["mime"];
    } else {
      mp4 += m.data;
    }
    if (mime.empty() || mp4.size() < 50'000) continue;
    if (std::chrono::steady_clock::now() - start > 4s) break;
  }
  EXPECT_NE(mime.find("avc1."), std::string::npos) << mime;
  // A second viewer joins the same transcoder.
  testing::WsClient second(port_, target, auth);
  ASSERT_TRUE(second.ok());
  int binary = 0;
  while (binary < 2 && second.Read(m, 5s)) binary += !m.text;
  EXPECT_EQ(binary, 2) << "init and media for the second viewer";
  EXPECT_EQ(live::H264Transcoder::Running(), 1) << "one transcoder for both viewers";
  auto probe = ProbeFrames("transcoded.mp4", mp4);
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_EQ(probe.output.substr(0, 10), "h264,1280,") << probe.output;
  EXPECT_GT(std::atoi(probe.output.substr(probe.output.rfind(',') + 1).c_str()), 10);
  json cams = json::parse(Call("GET", "/api/v1/cameras").body)["cameras"];
  ASSERT_EQ(cams.size(), 2u);
  EXPECT_EQ(cams[1]["view"]["transcode"], true) << cams[1]["view"];
  // Plain H.264 needs no transcode; when both viewers leave the transcoder stops.
  auto upgrade_status = [&](const std::string& t) {
    std::string raw = "GET " + t + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                      "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + *token_ + "\r\n\r\n";
    return testing::ParseHttpReply(testing::HttpRaw(port_, raw, 5s)).status;
  };
  EXPECT_EQ(upgrade_status("/api/v1/cameras/cong/live?transcode=h264"), 400);
  ws.Close();
  second.Close();
  EXPECT_TRUE(testing::WaitUntil([] { return live::H264Transcoder::Running() == 0; }, 5s));
}

// The JPEGs of an MJPEG response (multipart/x-mixed-replace, boundary "anninhframe"): every
// complete part, by its Content-Length.
std::vector<std::string> MjpegParts(const std::string& raw) {
  std::vector<std::string> parts;
  std::size_t p = raw.find("\r\n\r\n");  // the end of the response head
  while ((p = raw.find("--anninhframe\r\n", p)) != std::string::npos) {
    const auto len_at = raw.find("Content-Length: ", p);
    const auto body_at = raw.find("\r\n\r\n", p);
    if (len_at == std::string::npos || body_at == std::string::npos) break;
    const std::size_t len = std::stoul(raw.substr(len_at + 16, raw.find("\r\n", len_at) - len_at - 16));
    if (body_at + 4 + len > raw.size()) break;  // cut off by the end of the read
    parts.push_back(raw.substr(body_at + 4, len));
    p = body_at + 4 + len;
  }
  return parts;
}

std::string MjpegRequest(const std::string& target, const std::string& token) {
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
}

// MJPEG fallback: parts arrive at the asked rate and decode as JPEGs of the stream's size.
TEST_F(HttpIntegrationTest, MjpegDeliversJpegsOfTheStreamSize) {
  const std::string raw =
      testing::HttpRaw(port_, MjpegRequest("/api/v1/cameras/cong/live.mjpeg?fps=5", *token_), 2500ms);
  HttpReply head = testing::ParseHttpReply(raw.substr(0, raw.find("\r\n\r\n") + 4));
  ASSERT_EQ(head.status, 200) << raw.substr(0, 500);
  EXPECT_EQ(head.Header("content-type"), "multipart/x-mixed-replace; boundary=anninhframe");
  auto parts = MjpegParts(raw);
  // 5 a second for 2.5 s; the first at once (from the buffered GOP), a margin for a busy CI.
  EXPECT_GE(parts.size(), 6u);
  EXPECT_LE(parts.size(), 20u) << "about what fps asks (25 frames a second arrive)";
  ASSERT_FALSE(parts.empty());
  std::ofstream(*dir_ / "mjpeg.jpg", std::ios::binary) << parts.back();
  auto probe = testing::RunCommand("ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 '" +
                                   (*dir_ / "mjpeg.jpg").string() + "'");
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_EQ(probe.output.substr(0, probe.output.find('\n')), "mjpeg,1280,720");
  // Audited like live view; the stop once the server noticed the client left.
  ASSERT_TRUE(testing::WaitUntil([] { return live::JpegFeed::RunningDecoders() == 0; }, 5s))
      << "the decoder stops with the last viewer";
  HttpReply audit = Call("GET", "/api/v1/audit?action=live.&camera=cong");
  EXPECT_NE(audit.body.find("main mjpeg"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("live.stop"), std::string::npos) << audit.body;
}

// Two viewers share one decoder, and one that stops reading holds up neither the other
// viewer nor the camera.
TEST_F(HttpIntegrationTest, MjpegViewersShareOneDecoderAndAStalledOneStallsNobody) {
  const int stalled = testing::SendRaw(port_, MjpegRequest("/api/v1/cameras/cong/live.mjpeg?fps=10", *token_), 4096);
  ASSERT_TRUE(testing::WaitUntil([] { return live::JpegFeed::RunningDecoders() == 1; }, 5s));
  auto reader = std::async(std::launch::async, [] {
    return testing::HttpRaw(port_, MjpegRequest("/api/v1/cameras/cong/live.mjpeg?fps=10", *token_), 4s);
  });
  ASSERT_TRUE(testing::WaitUntil([] {
    auto cams = Call("GET", "/api/v1/cameras");
    return json::parse(cams.body)["cameras"][0]["streams"][0]["live"]["mjpeg_viewers"] == 2;
  }, 5s));
  EXPECT_EQ(live::JpegFeed::RunningDecoders(), 1) << "one decoder for both viewers";
  const auto parts = MjpegParts(reader.get());
  // 10 a second for 4 s while the other client reads nothing at all.
  EXPECT_GE(parts.size(), 25u);
  ::close(stalled);
  ASSERT_TRUE(testing::WaitUntil([] { return live::JpegFeed::RunningDecoders() == 0; }, 5s));
  EXPECT_EQ(server_->Status()[0].ingest.state, ingest::StreamState::kStreaming);
}

TEST_F(HttpIntegrationTest, MjpegIsRefusedWithoutRightsOrForAnUnseenCamera) {
  ExpectJsonError(HttpCall(port_, "GET", "/api/v1/cameras/cong/live.mjpeg"), 401, "no credentials");
  ExpectJsonError(Call("GET", "/api/v1/cameras/ghost/live.mjpeg"), 404, "unknown camera");
  ExpectJsonError(Call("GET", "/api/v1/cameras/cong/live.mjpeg?stream=sub"), 404, "no sub stream");
  ExpectJsonError(Call("GET", "/api/v1/cameras/cong/live.mjpeg?fps=11"), 400, "too fast");
  ExpectJsonError(Call("GET", "/api/v1/cameras/cong/live.mjpeg?fps=0"), 400, "too slow");
  ExpectJsonError(Call("GET", "/api/v1/cameras/cong/live.mjpeg?width=5"), 400, "unknown parameter");
}

}  // namespace
}  // namespace anninh
