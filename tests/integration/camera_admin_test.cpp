// Cameras added, edited, tested and removed at run time through the HTTP API, against the
// real RTSP test camera (docs/design/0016-camera-admin.md): one server records a camera of
// the config file the whole time, and the test checks that the API's changes never touch it,
// that a restarted camera keeps what it recorded, that passwords are kept but never answered,
// and that stored cameras come back after a restart.
#include <fstream>
#include <optional>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/config.h"
#include "app/server.h"
#include "support.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/testcam.h"

namespace anninh {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::HttpCall;
using testing::HttpReply;
using app::StreamReport;

class CameraAdminTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cam_ = new testing::TestCam({"/people/main=admin:secret", "/clock/main=viewer:pw-kho-doan"});
    dir_ = new testing::TempDir();
    std::ofstream f(*dir_ / "anninh.toml");
    std::string url = cam_->Url("/people/main");
    url.replace(0, 7, "rtsp://admin:secret@");
    f << "[server]\ndata_dir = \"data\"\n"
      << "[recording]\nsegment_seconds = 2\n"
      << "[ingest]\nconnect_timeout_s = 3\nstall_timeout_s = 3\n"
      << "[http]\nlisten = \"127.0.0.1:0\"\n"
      << "[[cameras]]\nid = \"cong\"\nname = \"Cổng\"\narea = \"thon-dong\"\n"
      << "[cameras.main]\nurl = \"" << url << "\"\n";
    f.close();
    StartServer();
    const std::string cli = std::string(ANNINH_BINARY) + " ";
    const std::string cfg = (*dir_ / "anninh.toml").string();
    auto admin = testing::RunCommand("echo 'mật khẩu dài đủ' | " + cli +
                                     "admin create --password-stdin --username admin --config " + cfg);
    ASSERT_EQ(admin.exit_code, 0) << admin.output;
    auto token = testing::RunCommand(cli + "token create --user admin --name tests --config " + cfg + " 2>/dev/null");
    ASSERT_EQ(token.exit_code, 0) << token.output;
    token_ = new std::string(token.output.substr(0, token.output.find('\n')));
    ASSERT_TRUE(testing::WaitUntil([] { return Streaming("cong", "main"); }, 20s));
  }

  static void StartServer() {
    config_ = new app::Config(app::LoadConfig(*dir_ / "anninh.toml").value());
    server_ = app::Server::Create(*config_, SystemClock::Get()).value().release();
    server_->Start();
    port_ = server_->http_port();
  }
  static void StopServer() {
    delete server_;
    server_ = nullptr;
    delete config_;
    config_ = nullptr;
  }

  static void TearDownTestSuite() {
    StopServer();
    delete token_;
    delete dir_;
    delete cam_;
  }

  static std::optional<StreamReport> Report(const std::string& camera, const std::string& stream) {
    for (auto& r : server_->Status()) {
      if (r.camera_id == camera && r.stream == stream) return r;
    }
    return std::nullopt;
  }
  static bool Streaming(const std::string& camera, const std::string& stream) {
    auto r = Report(camera, stream);
    return r && r->ingest.state == ingest::StreamState::kStreaming;
  }

  static HttpReply Call(const std::string& method, const std::string& target, const json& body = nullptr) {
    std::vector<std::pair<std::string, std::string>> headers = {{"Authorization", "Bearer " + *token_}};
    if (!body.is_null()) headers.emplace_back("Content-Type", "application/json");
    return HttpCall(port_, method, target, headers, body.is_null() ? "" : body.dump());
  }

  static json Test(const json& body) {
    HttpReply r = Call("POST", "/api/v1/cameras/test", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body, nullptr, false);
  }

  static inline testing::TestCam* cam_ = nullptr;
  static inline testing::TempDir* dir_ = nullptr;
  static inline app::Config* config_ = nullptr;
  static inline app::Server* server_ = nullptr;
  static inline int port_ = 0;
  static inline std::string* token_ = nullptr;
};

TEST_F(CameraAdminTest, TestConnectionSaysWhatItFoundOrWhyNot) {
  json good = Test({{"url", cam_->Url("/people/sub")}});
  EXPECT_TRUE(good["ok"].get<bool>()) << good;
  EXPECT_EQ(good["video"]["codec"], "h264");
  EXPECT_EQ(good["video"]["width"], 640);
  EXPECT_EQ(good["video"]["height"], 360);

  json wrong_path = Test({{"url", cam_->Url("/khong-co/main")}});
  EXPECT_FALSE(wrong_path["ok"].get<bool>());
  EXPECT_EQ(wrong_path["reason"], "not found") << wrong_path;

  // Nothing listens on port 1 of the loopback address.
  json closed = Test({{"url", "rtsp://127.0.0.1:1/people/main"}});
  EXPECT_FALSE(closed["ok"].get<bool>());
  EXPECT_EQ(closed["reason"], "refused") << closed;

  const std::string secret_url = cam_->Url("/people/main");
  json no_password = Test({{"url", secret_url}});
  EXPECT_EQ(no_password["reason"], "unauthorized") << no_password;
  HttpReply wrong = Call("POST", "/api/v1/cameras/test",
                         {{"url", secret_url}, {"username", "admin"}, {"password", "sai-mat-khau"}});
  EXPECT_EQ(json::parse(wrong.body)["reason"], "unauthorized") << wrong.body;
  EXPECT_EQ(wrong.body.find("sai-mat-khau"), std::string::npos) << "the answer must not echo the password";
  json right = Test({{"url", secret_url}, {"username", "admin"}, {"password", "secret"}});
  EXPECT_TRUE(right["ok"].get<bool>()) << right;

  // Not a network stream: the server's own files are not for the API to open.
  HttpReply file = Call("POST", "/api/v1/cameras/test", {{"url", "/etc/passwd"}});
  EXPECT_EQ(file.status, 400) << file.body;
}

TEST_F(CameraAdminTest, AnInvalidCameraIsRefusedWithEveryProblemAndNothingSaved) {
  json doc = {{"id", "hong"},
              {"name", "Hỏng"},
              {"colour", "đỏ"},
              {"main", {{"url", "/etc/passwd"}}},
              {"analytics",
               {{"zones", {{{"id", "san"}, {"points", {{0.1, 0.1}, {0.5, 0.1}}}}}},
                {"rules", {{{"id", "r1"}, {"kind", "enter"}, {"zone", "khong-co"}}}}}}};
  HttpReply r = Call("POST", "/api/v1/cameras", doc);
  ASSERT_EQ(r.status, 400) << r.body;
  json issues = json::parse(r.body)["error"]["issues"];
  std::set<std::string> keys;
  for (const json& i : issues) keys.insert(i["key"].get<std::string>());
  EXPECT_TRUE(keys.count("colour")) << issues;
  EXPECT_TRUE(keys.count("main.url")) << issues;
  EXPECT_TRUE(keys.count("analytics.zones[0].points")) << issues;
  EXPECT_TRUE(keys.count("analytics.rules")) << issues;
  EXPECT_EQ(Call("GET", "/api/v1/cameras/hong/config").status, 404);
}

TEST_F(CameraAdminTest, TheConfigFilesCamerasAreReadOnly) {
  HttpReply doc = Call("GET", "/api/v1/cameras/cong/config");
  ASSERT_EQ(doc.status, 200) << doc.body;
  json j = json::parse(doc.body);
  EXPECT_EQ(j["source"], "config");
  EXPECT_EQ(j["main"]["password_set"], true) << "the password is in the file's URL";
  EXPECT_NE(j["main"]["url"].get<std::string>().find("***"), std::string::npos);
  EXPECT_EQ(doc.body.find("secret"), std::string::npos) << doc.body;
  EXPECT_EQ(Call("PUT", "/api/v1/cameras/cong", {{"name", "Đổi"}, {"main", {{"url", cam_->Url("/people/sub")}}}}).status, 409);
  EXPECT_EQ(Call("DELETE", "/api/v1/cameras/cong").status, 409);
  EXPECT_EQ(Call("POST", "/api/v1/cameras", {{"id", "cong"}, {"main", {{"url", cam_->Url("/people/sub")}}}}).status, 409);
}

TEST_F(CameraAdminTest, AddEditRemoveTouchOnlyThatCameraAndKeepItsFootage) {
  const auto cong_before = Report("cong", "main").value();
  ASSERT_EQ(cong_before.ingest.state, ingest::StreamState::kStreaming);

  // Credentials in the URL are stored apart from it and never answered.
  std::string url = cam_->Url("/clock/main");
  url.replace(0, 7, "rtsp://viewer:pw-kho-doan@");
  json doc = {{"id", "ngo"},
              {"name", "Ngõ 3"},
              {"area", "thon-dong"},
              {"retain_days", 7},
              {"main", {{"url", url}}},
              {"analytics",
               {{"detector", "none"},
                {"zones", {{{"id", "san"}, {"points", {{0.1, 0.1}, {0.9, 0.1}, {0.9, 0.9}}}}}},
                {"privacy_masks", {{{"points", {{0, 0}, {0.2, 0}, {0.2, 0.2}}}}}},
                {"rules", {{{"id", "vao-san"}, {"kind", "enter"}, {"zone", "san"}, {"schedule", "22:00-05:00"}}}}}}};
  HttpReply created = Call("POST", "/api/v1/cameras", doc);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body.find("pw-kho-doan"), std::string::npos) << created.body;
  ASSERT_TRUE(testing::WaitUntil([] { return Streaming("ngo", "main"); }, 20s)) << "the stored password is used";
  HttpReply got = Call("GET", "/api/v1/cameras/ngo/config");
  ASSERT_EQ(got.status, 200);
  json g = json::parse(got.body);
  EXPECT_EQ(g["source"], "api");
  EXPECT_EQ(g["main"]["username"], "viewer");
  EXPECT_EQ(g["main"]["password_set"], true);
  EXPECT_EQ(g["main"]["url"], cam_->Url("/clock/main"));
  EXPECT_EQ(got.body.find("pw-kho-doan"), std::string::npos);
  json list = json::parse(Call("GET", "/api/v1/cameras").body)["cameras"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["id"], "ngo");
  EXPECT_EQ(list[1]["editable"], true);
  EXPECT_EQ(list[0]["editable"], false);

  // Test connection for the saved camera without re-entering its password.
  json stored_test = Test({{"url", cam_->Url("/clock/main")}, {"camera_id", "ngo"}});
  EXPECT_TRUE(stored_test["ok"].get<bool>()) << stored_test;

  ASSERT_TRUE(testing::WaitUntil([] {
    return server_->index().Segments({"ngo", "main", 0, INT64_MAX}).value().size() >= 2;
  }, 20s));
  const auto before_edit = server_->index().Segments({"ngo", "main", 0, INT64_MAX}).value();

  // An edit that gives no password keeps the stored one; the camera restarts alone.
  g["name"] = "Ngõ 3 (đã sửa)";
  g["main"].erase("password_set");
  HttpReply edited = Call("PUT", "/api/v1/cameras/ngo", g);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(json::parse(edited.body)["name"], "Ngõ 3 (đã sửa)");
  ASSERT_TRUE(testing::WaitUntil([] { return Streaming("ngo", "main"); }, 20s));
  std::this_thread::sleep_for(1s);  // the persister commits the segment the restart closed
  const auto after_edit = server_->index().Segments({"ngo", "main", 0, INT64_MAX}).value();
  ASSERT_GE(after_edit.size(), before_edit.size());
  for (std::size_t i = 0; i < before_edit.size(); ++i) EXPECT_EQ(after_edit[i].path, before_edit[i].path);

  // Disabled: no stream runs; enabled again: it streams.
  g["enabled"] = false;
  ASSERT_EQ(Call("PUT", "/api/v1/cameras/ngo", g).status, 200);
  EXPECT_FALSE(Report("ngo", "main").has_value());

  // The other camera's session was never restarted by any of this.
  const auto cong_after = Report("cong", "main").value();
  EXPECT_EQ(cong_after.ingest.state, ingest::StreamState::kStreaming);
  EXPECT_EQ(cong_after.ingest.reconnects, cong_before.ingest.reconnects);
  EXPECT_EQ(cong_after.ingest.since, cong_before.ingest.since);

  // Audited, without the password.
  auto audit = Call("GET", "/api/v1/audit?action=camera.create");
  EXPECT_NE(audit.body.find("\"ngo\""), std::string::npos) << audit.body;
  EXPECT_EQ(audit.body.find("pw-kho-doan"), std::string::npos);

  g["enabled"] = true;
  ASSERT_EQ(Call("PUT", "/api/v1/cameras/ngo", g).status, 200);
  ASSERT_TRUE(testing::WaitUntil([] { return Streaming("ngo", "main"); }, 20s));
}

TEST_F(CameraAdminTest, StoredCamerasComeBackAfterARestartAndDeletingKeepsFootage) {
  StopServer();
  StartServer();
  ASSERT_TRUE(testing::WaitUntil([] { return Streaming("ngo", "main"); }, 20s)) << "the stored camera is back";
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/cameras/ngo/config").body)["name"], "Ngõ 3 (đã sửa)");
  const auto footage = server_->index().Segments({"ngo", "main", 0, INT64_MAX}).value();
  ASSERT_FALSE(footage.empty());
  ASSERT_EQ(Call("DELETE", "/api/v1/cameras/ngo").status, 204);
  EXPECT_FALSE(Report("ngo", "main").has_value());
  EXPECT_EQ(Call("GET", "/api/v1/cameras/ngo/config").status, 404);
  std::this_thread::sleep_for(1s);
  EXPECT_GE(server_->index().Segments({"ngo", "main", 0, INT64_MAX}).value().size(), footage.size())
      << "a deleted camera's recordings stay";
  EXPECT_TRUE(Streaming("cong", "main"));
}

}  // namespace
}  // namespace anninh
