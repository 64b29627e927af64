// Camera health as events, end to end: the real test camera is stopped, the server raises
// "camera_offline" after the camera's threshold and says so over a real WebSocket to a
// subscriber of /api/v1/events/live; the camera comes back, the event closes, and the
// footage around it is in the event retention class.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/config.h"
#include "app/server.h"
#include "store/event_store.h"
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

// Reads feed messages until one for `rule` with `change` arrives (or the time is up).
std::optional<json> AwaitChange(testing::WsClient& ws, const std::string& change, std::chrono::seconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < deadline) {
    testing::WsMessage m;
    // One read for the time left: a read that times out ends the client.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!ws.Read(m, std::max(left, std::chrono::milliseconds(1)))) return std::nullopt;
    if (!m.text) continue;
    json j = json::parse(m.data, nullptr, false);
    if (j.is_object() && j["change"] == change && j["event"]["rule"] == "camera_offline") return j;
  }
  return std::nullopt;
}

TEST(EventsIntegrationTest, AnOfflineCameraRaisesAnEventOverTheLiveFeedAndRecoveryClosesIt) {
  testing::TestCam cam;
  testing::TempDir dir;
  {
    std::ofstream f(dir / "anninh.toml");
    f << "[server]\ndata_dir = \"data\"\n"
      << "[recording]\nsegment_seconds = 2\n"
      << "[ingest]\nconnect_timeout_s = 2\nstall_timeout_s = 2\n"
      << "[events]\noffline_after_s = 2\n"
      << "[http]\nlisten = \"127.0.0.1:0\"\n"
      << "[[cameras]]\nid = \"gate\"\n[cameras.main]\nurl = \"" << cam.Url("/clock/main") << "\"\n";
  }
  const app::Config config = app::LoadConfig(dir / "anninh.toml").value();
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  const int port = server->http_port();
  ASSERT_NE(port, 0);
  const std::string cli = std::string(ANNINH_BINARY) + " ";
  const std::string cfg = (dir / "anninh.toml").string();
  auto admin = testing::RunCommand("echo 'mật khẩu dài đủ' | " + cli +
                                   "admin create --password-stdin --username admin --config " + cfg);
  ASSERT_EQ(admin.exit_code, 0) << admin.output;
  auto made = testing::RunCommand(cli + "token create --user admin --name t --config " + cfg + " 2>/dev/null");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const std::string token = made.output.substr(0, made.output.find('\n'));
  ASSERT_TRUE(testing::WaitUntil([&] {
    auto s = server->Status();
    return !s.empty() && s[0].ingest.state == ingest::StreamState::kStreaming;
  }, 15s));
  std::this_thread::sleep_for(3s);

  testing::WsClient ws(port, "/api/v1/events/live", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(ws.ok());
  // Refused without credentials, over the same socket path.
  EXPECT_EQ(testing::HttpCall(port, "GET", "/api/v1/events").status, 401);

  ASSERT_EQ(cam.Control("stop /clock/main"), "ok");
  const WallNs stopped = SystemClock::Get().Now();
  auto opened = AwaitChange(ws, "opened", 20s);
  ASSERT_TRUE(opened) << "no camera_offline event within 20 s";
  const json& e = (*opened)["event"];
  EXPECT_EQ(e["camera_id"], "gate");
  EXPECT_EQ(e["open"], true);
  // It starts when the camera went dark (its last packet), not when the threshold passed.
  EXPECT_LE(std::abs(e["start_ns"].get<WallNs>() - stopped), 2 * kNsPerSecond) << e;

  ASSERT_EQ(cam.Control("start /clock/main"), "ok");
  auto closed = AwaitChange(ws, "closed", 20s);
  ASSERT_TRUE(closed) << "the event did not close within 20 s of the camera returning";
  EXPECT_EQ((*closed)["event"]["id"], e["id"]);
  EXPECT_EQ((*closed)["event"]["closed_by"], "end");
  const WallNs end = (*closed)["event"]["end_ns"].get<WallNs>();
  EXPECT_GT(end, e["start_ns"].get<WallNs>());

  // The list says the same; the footage recorded once the camera was back, inside the
  // post-roll, is kept under the event class.
  testing::HttpReply list = testing::HttpCall(port, "GET", "/api/v1/events?rule=camera_offline",
                                              {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(list.status, 200) << list.body;
  // (A slow first connection at start-up may have raised and closed one before it.)
  const json listed = json::parse(list.body)["events"];
  ASSERT_GE(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], e["id"]) << "newest first";
  EXPECT_EQ(listed[0]["open"], false);
  ASSERT_TRUE(testing::WaitUntil([&] {
    const auto segments = server->index().Segments({"gate", "main", end, end + 10 * kNsPerSecond}).value();
    for (const auto& s : segments) {
      if (s.retention_class == store::RetentionClass::kEvent) return true;
    }
    return false;
  }, 15s)) << "no segment of the clip range is in the event class";
  server->Stop();
  auto row = server->events().Get(e["id"].get<std::int64_t>()).value();
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->closed_by, "end");
  EXPECT_TRUE(server->events().OpenEvents().value().empty()) << "a clean stop leaves nothing open";
}

// /metrics of a running server that analyses a camera: the analysis and event-log families
// are there and move (docs/ref/api.md).
TEST(EventsIntegrationTest, MetricsCountTheAnalysisOfARunningServer) {
  testing::TestCam cam;
  testing::TempDir dir;
  {
    std::ofstream f(dir / "anninh.toml");
    f << "[server]\ndata_dir = \"data\"\n"
      << "[http]\nlisten = \"127.0.0.1:0\"\n"
      << "[analytics]\ndetector = \"none\"\n"
      << "[[cameras]]\nid = \"gate\"\nname = \"Cổng\"\n[cameras.main]\nurl = \"" << cam.Url("/people/sub")
      << "\"\nrecord = false\n[cameras.analytics]\n";
  }
  const app::Config config = app::LoadConfig(dir / "anninh.toml").value();
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  const int port = server->http_port();
  ASSERT_NE(port, 0);
  const std::string cli = std::string(ANNINH_BINARY) + " ";
  const std::string cfg = (dir / "anninh.toml").string();
  auto admin = testing::RunCommand("echo 'mật khẩu dài đủ' | " + cli +
                                   "admin create --password-stdin --username admin --config " + cfg);
  ASSERT_EQ(admin.exit_code, 0) << admin.output;
  auto made = testing::RunCommand(cli + "token create --user admin --name t --config " + cfg + " 2>/dev/null");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const std::string token = made.output.substr(0, made.output.find('\n'));

  std::string text;
  // The value of one sample of the scrape in `text`; -1 when it is missing.
  auto value = [&](const std::string& series) {
    const std::string prefix = series + " ";
    for (std::size_t at = 0; (at = text.find(prefix, at)) != std::string::npos; at += prefix.size()) {
      if (at == 0 || text[at - 1] == '\n') return std::stod(text.substr(at + prefix.size()));
    }
    return -1.0;
  };
  const std::string gate = "{camera=\"gate\",name=\"Cổng\",stream=\"main\"}";
  ASSERT_TRUE(testing::WaitUntil([&] {
    testing::HttpReply r = testing::HttpCall(port, "GET", "/metrics", {{"Authorization", "Bearer " + token}});
    text = r.body;
    return r.status == 200 && value("anninh_analysis_frames_total" + gate) >= 10;
  }, 30s)) << "no 10 analysed pictures within 30 s:\n" << text;
  const double frames = value("anninh_analysis_frames_total" + gate);
  const double decoded = value("anninh_analysis_decoded_frames_total" + gate);
  EXPECT_GE(decoded, frames) << "every analysed picture was decoded, and the references between";
  EXPECT_GE(value("anninh_analysis_packets_total" + gate), decoded);
  EXPECT_GE(value("anninh_analysis_dropped_gops_total" + gate), 0);
  EXPECT_GE(value("anninh_analysis_motion_frames_total" + gate), 1) << "people walk in that footage";
  EXPECT_GE(value("anninh_analysis_detector_runs_total" + gate), 0);
  EXPECT_GE(value("anninh_event_log_reported_total"), 0);
  EXPECT_GE(value("anninh_event_log_dropped_total"), 0);
  server->Stop();
}

}  // namespace
}  // namespace anninh
