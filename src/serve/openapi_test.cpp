// The API against its contract, docs/ref/openapi.yaml (issue 5). One walk calls every route
// the server registers, each at least once successfully and once refused, against a real
// index, real recordings and real access control; every answer is kept as a sample.
// tools/openapi/check.py then checks that the document's operations are exactly Api::routes()
// (with their rights) and validates each sample's status, content type, headers and body
// against the document, so a handler that drifts from it, or a route added without it,
// fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "access/totp.h"
#include "media/snapshot.h"
#include "app/camera_admin.h"
#include "app/server.h"
#include "serve/api_world_test.h"
#include "support/process.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::serve {
namespace {

using nlohmann::json;

constexpr WallNs kT0 = 1'750'000'000'000'000'000;  // 2025-06-15T15:06:40Z
constexpr WallNs kSecond = kNsPerSecond;
const std::string kPassword = "mật khẩu dài đủ";
const std::string kSource = ANNINH_SOURCE_DIR;

std::string Header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CameraView cong = StreamingCamera("cong", "Cổng UBND xã", "thon-dong");
    cong.streams[0].ingest.since = kT0;
    StreamView sub;
    sub.name = "sub";  // not running: "disabled"
    cong.streams.push_back(sub);
    CameraView cho;
    cho.id = "cho";
    cho.name = "Chợ xã";
    cho.area = "thon-tay";
    cho.enabled = false;
    cho.streams = {sub};
    world_.cameras.cameras = {cong, cho};
    api_ = world_.MakeApi(clock_);
    for (auto [name, role] :
         {std::pair{"admin", "admin"}, {"lan.nt", "officer"}, {"xuan.pt", "viewer"}}) {
      std::vector<std::string> areas;
      if (std::string(role) == "viewer") areas = {"thon-dong"};
      auto a = world_.access->CreateAccount({"test", ""}, {name, "", kPassword, role, areas, {}});
      ASSERT_TRUE(a) << a.error().ToString();
      ids_[name] = a->id;
      tokens_[name] = world_.access->CreateToken({"test", ""}, a->id, "t", std::chrono::seconds(0))
                          .value()
                          .token;
    }
  }

  // Sends `r` as `who` (an account's API token; "" for no credentials, and a request that
  // carries a cookie keeps it), expects `status`, and keeps the exchange as a sample.
  Response Call(int status, Request r, const std::string& who = "admin", Api* api = nullptr) {
    if (!who.empty() && r.cookie.empty()) r.authorization = "Bearer " + tokens_[who];
    Response resp = (api ? api : api_.get())->Handle(r);
    EXPECT_EQ(resp.status, status) << ToString(r.method) << " " << r.target << ": " << resp.body;
    json headers = json::object();
    for (const auto& [k, v] : resp.headers) headers[k] = v;
    samples_.push_back({{"method", std::string(ToString(r.method))},
                        {"route", RouteOf(r)},
                        {"target", r.target},
                        // An upload's raw file is not JSON (nor always UTF-8): kept out.
                        {"request_body", json::accept(r.body) ? r.body : std::string()},
                        {"status", resp.status},
                        {"content_type", resp.content_type},
                        {"headers", std::move(headers)},
                        {"body", resp.body},
                        {"file_bytes", resp.file ? resp.file->length : 0}});
    return resp;
  }
  Response Get(int status, const std::string& target, const std::string& who = "admin") {
    return Call(status, {Method::kGet, target}, who);
  }
  Response Send(int status, Method m, const std::string& target, const json& body,
                const std::string& who = "admin") {
    return Call(status, {m, target, "", body.is_null() ? "" : body.dump()}, who);
  }

  // The registered pattern a request's path matches, as the router would pick it.
  std::string RouteOf(const Request& r) const {
    const std::string path = r.target.substr(0, r.target.find('?'));
    for (const RouteInfo& route : api_->routes()) {
      if (route.method == r.method && Matches(route.pattern, path)) return route.pattern;
    }
    ADD_FAILURE() << ToString(r.method) << " " << r.target << " matches no route";
    return {};
  }
  static std::vector<std::string_view> Segments(std::string_view path) {
    std::vector<std::string_view> out;
    for (std::size_t slash; (slash = path.find('/')) != std::string_view::npos;
         path.remove_prefix(slash + 1)) {
      out.push_back(path.substr(0, slash));
    }
    out.push_back(path);
    return out;
  }
  // "{name}" matches any one non-empty segment, like the router.
  static bool Matches(std::string_view pattern, std::string_view path) {
    const auto want = Segments(pattern), got = Segments(path);
    if (want.size() != got.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {
      const bool param = !want[i].empty() && want[i].front() == '{';
      if (param ? got[i].empty() : want[i] != got[i]) return false;
    }
    return true;
  }

  // Writes the routes and samples and runs the checker on them.
  testing::CommandResult Check(const json& samples) {
    json routes = json::array();
    for (const RouteInfo& r : api_->routes()) {
      const std::string right = r.policy.open            ? "open"
                                : r.policy.right.empty() ? "signed-in"
                                                         : std::string(r.policy.right);
      routes.push_back(
          {{"method", std::string(ToString(r.method))}, {"pattern", r.pattern}, {"right", right}});
    }
    const auto file = dir_ / "samples.json";
    std::ofstream(file) << json({{"routes", routes}, {"samples", samples}})
                               .dump(1, ' ', false, json::error_handler_t::replace);
    return testing::RunCommand("/usr/bin/python3 '" + kSource + "/tools/openapi/check.py' '" +
                               kSource + "/docs/ref/openapi.yaml' '" + file.string() + "'");
  }

  static std::string VideoTarget(WallNs from, WallNs to) {
    return "/api/v1/cameras/cong/video.mp4?from=" + std::to_string(from) +
           "&to=" + std::to_string(to);
  }

  testing::TempDir dir_;
  SimulatedClock clock_{kT0 + 3600 * kSecond};
  ApiWorld world_{dir_.path(), clock_};
  testing::SyntheticVideo video_{320, 240, 25, 25};
  std::unique_ptr<Api> api_;
  std::map<std::string, std::int64_t> ids_;
  std::map<std::string, std::string> tokens_;
  json samples_ = json::array();
};

TEST_F(OpenApiTest, EveryRouteIsDocumentedAndAnswersAsDocumented) {
  Get(200, "/healthz", "");
  Get(400, "/healthz?%zz", "");  // a malformed escape: refused before any handler
  Get(200, "/metrics");
  Get(401, "/metrics", "");
  Get(403, "/metrics", "xuan.pt");

  // First-run setup, on a server with no accounts yet.
  {
    testing::TempDir fresh;
    ApiWorld first(fresh.path(), clock_);
    auto api = first.MakeApi(clock_);
    json body = {{"setup_token", "wrong"},
                 {"username", "admin"},
                 {"password", kPassword},
                 {"display_name", "Trần Văn Bình"}};
    Call(200, {Method::kGet, "/api/v1/setup"}, "", api.get());
    Call(403, {Method::kPost, "/api/v1/setup", "", body.dump()}, "", api.get());
    Call(400, {Method::kPost, "/api/v1/setup", "", "{\"username\": 1}"}, "", api.get());
    body["setup_token"] = first.access->SetupToken();
    Call(201, {Method::kPost, "/api/v1/setup", "", body.dump()}, "", api.get());
    Call(409, {Method::kPost, "/api/v1/setup", "", body.dump()}, "", api.get());
  }
  Get(400, "/api/v1/setup?x=1", "");

  // Sessions: sign-in, the cookie and its CSRF token, the lockout.
  Response in = Send(200, Method::kPost, "/api/v1/session",
                     {{"username", "admin"}, {"password", kPassword}}, "");
  const std::string cookie = Header(in, "Set-Cookie").substr(0, Header(in, "Set-Cookie").find(';'));
  const std::string csrf = json::parse(in.body).value("csrf_token", "");
  Send(400, Method::kPost, "/api/v1/session", {{"username", "admin"}}, "");
  for (int i = 0; i < 5; ++i) {
    Send(401, Method::kPost, "/api/v1/session",
         {{"username", "xuan.pt"}, {"password", "sai mật khẩu rồi"}}, "");
  }
  Response locked = Send(429, Method::kPost, "/api/v1/session",
                         {{"username", "xuan.pt"}, {"password", kPassword}}, "");
  EXPECT_FALSE(Header(locked, "Retry-After").empty());
  Request me{Method::kGet, "/api/v1/session"};
  me.cookie = cookie;
  EXPECT_TRUE(json::parse(Call(200, me).body).contains("csrf_token"));
  Get(200, "/api/v1/session");
  Get(401, "/api/v1/session", "");

  // The second factor and the password, on the officer's own account.
  Response secret = Send(200, Method::kPost, "/api/v1/session/totp/secret", nullptr, "lan.nt");
  Send(401, Method::kPost, "/api/v1/session/totp/secret", nullptr, "");
  const std::string base32 = json::parse(secret.body).value("secret", "");
  Send(400, Method::kPost, "/api/v1/session/totp", {{"secret", base32}, {"code", "000000x"}},
       "lan.nt");
  const std::string code = access::TotpCode(
      access::Base32Decode(base32).value_or(std::vector<std::uint8_t>{}), clock_.Now());
  Send(204, Method::kPost, "/api/v1/session/totp", {{"secret", base32}, {"code", code}}, "lan.nt");
  Send(403, Method::kPost, "/api/v1/session/password",
       {{"current", "không phải nó"}, {"new", "mật khẩu mới dài đủ"}}, "lan.nt");
  Send(400, Method::kPost, "/api/v1/session/password", {{"current", kPassword}}, "lan.nt");
  Send(204, Method::kPost, "/api/v1/session/password",
       {{"current", kPassword}, {"new", "mật khẩu mới dài đủ"}}, "lan.nt");
  EXPECT_TRUE(json::parse(Get(200, "/api/v1/session", "lan.nt").body)["user"].value("totp", false));
  Send(403, Method::kPost, "/api/v1/session/totp/disable", {{"current", kPassword}}, "lan.nt");  // the old one
  Send(400, Method::kPost, "/api/v1/session/totp/disable", json::object(), "lan.nt");
  Send(204, Method::kPost, "/api/v1/session/totp/disable", {{"current", "mật khẩu mới dài đủ"}}, "lan.nt");
  Send(409, Method::kPost, "/api/v1/session/totp/disable", {{"current", "mật khẩu mới dài đủ"}}, "lan.nt");
  EXPECT_FALSE(json::parse(Get(200, "/api/v1/session", "lan.nt").body)["user"].value("totp", true));

  // Cameras, recordings and video, on real segments.
  ASSERT_NO_FATAL_FAILURE(world_.Record(video_, kT0, 2, "cong"));
  std::vector<store::GapRow> gaps{
      {0, "cong", "main", kT0 + 2 * kSecond, kT0 + 5 * kSecond, "stalled"}};
  ASSERT_TRUE(world_.index->Commit({}, gaps).has_value());
  ASSERT_NO_FATAL_FAILURE(world_.Record(video_, kT0 + 5 * kSecond, 2, "cong"));
  Get(200, "/api/v1/cameras");
  Get(200, "/api/v1/cameras", "xuan.pt");
  Get(401, "/api/v1/cameras", "");
  Response rec = Get(200, "/api/v1/cameras/cong/recordings?from=2025-06-15T15:06:40Z&to=" +
                              std::to_string(kT0 + 10 * kSecond) + "&stream=main");
  EXPECT_EQ(json::parse(rec.body)["segments"].size(), 2u);
  EXPECT_EQ(json::parse(rec.body)["gaps"].size(), 1u);
  Get(404, "/api/v1/cameras/ghost/recordings");
  Get(400, "/api/v1/cameras/cong/recordings?from=yesterday");
  Get(200, VideoTarget(kT0, kT0 + 7 * kSecond));
  Call(206, {Method::kGet, VideoTarget(kT0, kT0 + 7 * kSecond), "bytes=0-99"});
  Call(416, {Method::kGet, VideoTarget(kT0, kT0 + 7 * kSecond), "bytes=999999999-"});
  Get(400, "/api/v1/cameras/cong/video.mp4?to=2");
  Get(404, VideoTarget(kT0 - 100 * kSecond, kT0 - 50 * kSecond));
  Response timeline = Get(200, "/api/v1/timeline?cameras=cong&from=2025-06-15T15:06:40Z&to=" +
                                   std::to_string(kT0 + 10 * kSecond) + "&stream=main");
  EXPECT_EQ(json::parse(timeline.body)["cameras"][0]["spans"].size(), 2u);
  EXPECT_EQ(json::parse(timeline.body)["cameras"][0]["gaps"].size(), 1u);
  Get(400, "/api/v1/timeline?cameras=cong");
  Get(404, "/api/v1/timeline?cameras=ghost&from=0&to=1");
  {
    // The timeline's hover picture, health and maintenance notes (the console's extras).
    const std::string thumb = "/api/v1/cameras/cong/thumbnail.jpg?at=";
    Response pic = Get(200, thumb + std::to_string(kT0 + kSecond) + "&width=80");
    EXPECT_EQ(pic.content_type, "image/jpeg");
    EXPECT_EQ(Header(pic, "X-Captured-At"), "2025-06-15T15:06:41.000Z");
    Get(404, thumb + std::to_string(kT0 + 3 * kSecond));  // in the gap
    Get(400, "/api/v1/cameras/cong/thumbnail.jpg");
    Get(400, thumb + std::to_string(kT0) + "&width=4000");
    Get(403, thumb + std::to_string(kT0), "xuan.pt");
    Get(200, "/api/v1/health?days=7");
    Get(200, "/api/v1/health", "xuan.pt");
    Get(400, "/api/v1/health?days=0");
    Get(401, "/api/v1/health", "");
    Send(201, Method::kPost, "/api/v1/cameras/cong/notes", {{"text", "đã lau ống kính"}});
    Send(400, Method::kPost, "/api/v1/cameras/cong/notes", {{"text", ""}});
    Send(403, Method::kPost, "/api/v1/cameras/cong/notes", {{"text", "x"}}, "lan.nt");
    Get(200, "/api/v1/cameras/cong/notes", "xuan.pt");
    Get(404, "/api/v1/cameras/cho/notes", "xuan.pt");
  }

  // Events: one closed with pictures, one still open.
  {
    store::EventRow seen;
    seen.camera_id = "cong";
    seen.rule = "vao-san";
    seen.zone = "san";
    seen.object_class = "person";
    seen.track_id = 3;
    seen.start = kT0 + kSecond;
    seen.end = kT0 + 4 * kSecond;
    seen.last = seen.end;
    seen.peak_confidence = 0.8;
    seen.clip_start = kT0 - 4 * kSecond;
    seen.clip_end = kT0 + 14 * kSecond;
    seen.closed_by = "end";
    ASSERT_TRUE(world_.event_store->Insert(seen).has_value());
    seen.snapshot = "cong/2025-06-15/" + std::to_string(seen.id) + ".jpg";
    seen.thumbnail = "cong/2025-06-15/" + std::to_string(seen.id) + "-thumb.jpg";
    ASSERT_TRUE(world_.event_store->Update(seen).has_value());
    std::filesystem::create_directories(world_.events_dir / "cong" / "2025-06-15");
    std::ofstream(world_.events_dir / seen.snapshot, std::ios::binary) << "\xFF\xD8\xFF\xE0 snapshot";
    std::ofstream(world_.events_dir / seen.thumbnail, std::ios::binary) << "\xFF\xD8\xFF\xE0 thumb";
    store::EventRow open = seen;
    open.start = kT0 + 6 * kSecond;
    open.end = 0;
    open.clip_end = 0;
    open.closed_by.clear();
    open.snapshot.clear();
    open.thumbnail.clear();
    ASSERT_TRUE(world_.event_store->Insert(open).has_value());
    const std::string one = "/api/v1/events/" + std::to_string(seen.id);
    EXPECT_EQ(json::parse(Get(200, "/api/v1/events?cameras=cong&reviewed=false&limit=1").body)["events"].size(), 1u);
    Get(200, "/api/v1/events?class=person&rule=vao-san&zone=san&from=2025-06-15T15:00:00Z", "xuan.pt");
    Get(400, "/api/v1/events?limit=0");
    Get(404, "/api/v1/events?cameras=cho", "xuan.pt");
    Get(200, one);
    Get(404, "/api/v1/events/999999");
    Send(200, Method::kPatch, one, {{"reviewed", true}}, "lan.nt");
    Send(400, Method::kPatch, one, json::object(), "lan.nt");
    Send(403, Method::kPatch, one, {{"reviewed", true}}, "xuan.pt");
    Get(200, one + "/snapshot.jpg", "xuan.pt");
    Get(404, "/api/v1/events/" + std::to_string(open.id) + "/snapshot.jpg");
    Get(200, one + "/thumbnail.jpg");
    Get(400, "/api/v1/events/x/thumbnail.jpg");
    Get(426, "/api/v1/events/live");
    Get(401, "/api/v1/events/live", "");
    Request up{Method::kGet, "/api/v1/events/live"};
    up.authorization = "Bearer " + tokens_["xuan.pt"];
    Upgrade u = api_->HandleUpgrade(up);
    EXPECT_TRUE(u.channel && !u.refused);
    samples_.push_back({{"method", "GET"}, {"route", "/api/v1/events/live"}, {"target", up.target},
                        {"request_body", ""}, {"status", 101}, {"content_type", ""},
                        {"headers", json::object()}, {"body", ""}, {"file_bytes", 0}});
  }

  // Evidence holds; a cookie write without the CSRF token is refused.
  const json hold = {{"camera_id", "cong"},
                     {"from", "2025-06-15T15:00:00Z"},
                     {"to", kT0 + 600 * kSecond},
                     {"reason", "vụ việc 12/2026: trộm xe máy"}};
  Request forged{Method::kPost, "/api/v1/holds", "", hold.dump()};
  forged.cookie = cookie;
  Call(403, forged);
  const std::int64_t hold_id =
      json::parse(Send(201, Method::kPost, "/api/v1/holds", hold).body).value("id", 0);
  Send(400, Method::kPost, "/api/v1/holds",
       {{"camera_id", "cong"}, {"from", 1}, {"to", 2}, {"reason", ""}});
  Get(200, "/api/v1/holds?camera=cong");
  Get(404, "/api/v1/holds?camera=ghost");
  Send(204, Method::kDelete, "/api/v1/holds/" + std::to_string(hold_id), nullptr);
  Send(404, Method::kDelete, "/api/v1/holds/" + std::to_string(hold_id), nullptr);

  // Accounts (the viewer is locked out from above, the officer has a second factor) and roles.
  Get(200, "/api/v1/users");
  Get(403, "/api/v1/users", "lan.nt");
  // Lists page alike (limit, cursor -> next): a first page and the one its cursor names.
  const json first_page = json::parse(Get(200, "/api/v1/users?limit=1").body);
  ASSERT_TRUE(first_page["next"].is_string());
  Get(200, "/api/v1/users?limit=1&cursor=" + first_page["next"].get<std::string>());
  Get(400, "/api/v1/users?cursor=zz");
  const json tuan = {{"username", "tuan.lv"},  {"password", kPassword},
                     {"role", "viewer"},       {"display_name", "Lê Văn Tuấn"},
                     {"areas", {"thon-dong"}}, {"grants", {"playback"}}};
  const std::int64_t tuan_id =
      json::parse(Send(201, Method::kPost, "/api/v1/users", tuan).body).value("id", 0);
  Send(409, Method::kPost, "/api/v1/users", tuan);
  Send(400, Method::kPost, "/api/v1/users",
       {{"username", "Tuấn"}, {"password", kPassword}, {"role", "viewer"}});
  const std::string xuan = "/api/v1/users/" + std::to_string(ids_["xuan.pt"]);
  EXPECT_TRUE(json::parse(Get(200, xuan).body).contains("locked_until"));
  Get(404, "/api/v1/users/999");
  Send(200, Method::kPatch, xuan,
       {{"unlock", true}, {"grants", {"playback"}}, {"display_name", "Phạm Thị Xuân"}});
  Send(409, Method::kPatch, "/api/v1/users/" + std::to_string(ids_["admin"]), {{"disabled", true}});
  Send(204, Method::kDelete, "/api/v1/users/" + std::to_string(ids_["lan.nt"]) + "/totp", nullptr);
  Send(404, Method::kDelete, "/api/v1/users/999/totp", nullptr);
  Send(204, Method::kDelete, "/api/v1/users/" + std::to_string(tuan_id), nullptr);
  Send(409, Method::kDelete, "/api/v1/users/" + std::to_string(ids_["admin"]), nullptr);
  Get(200, "/api/v1/roles");
  Get(401, "/api/v1/roles", "");
  Send(200, Method::kPut, "/api/v1/roles/to-bao-ve",
       {{"rights", {"camera.view", "live.view"}}, {"scope", "assigned"}});
  Send(409, Method::kPut, "/api/v1/roles/admin", {{"rights", {"camera.view"}}, {"scope", "all"}});

  // API tokens.
  const std::int64_t token_id = json::parse(Send(201, Method::kPost, "/api/v1/tokens",
                                                 {{"name", "province hub"}, {"ttl_days", 90}})
                                                .body)
                                    .value("id", 0);
  Send(400, Method::kPost, "/api/v1/tokens", {{"name", "x"}, {"ttl_days", -1}});
  Get(200, "/api/v1/tokens?all");
  Get(200, "/api/v1/tokens", "lan.nt");
  Get(401, "/api/v1/tokens", "");
  Send(204, Method::kDelete, "/api/v1/tokens/" + std::to_string(token_id), nullptr);
  Send(409, Method::kDelete, "/api/v1/tokens/" + std::to_string(token_id), nullptr);
  Send(404, Method::kDelete, "/api/v1/tokens/999", nullptr);

  // Live view: the WebSocket's upgrade is admitted by HandleUpgrade (sampled by hand as
  // the 101 it becomes); its plain-HTTP twin answers 426.
  {
    live::LiveStream stream("cong", "main");
    world_.cameras.live["cong/main"] = &stream;
    Request up{Method::kGet, "/api/v1/cameras/cong/live?stream=main"};
    up.authorization = "Bearer " + tokens_["admin"];
    Upgrade u = api_->HandleUpgrade(up);
    EXPECT_TRUE(u.channel && !u.refused);
    samples_.push_back({{"method", "GET"}, {"route", "/api/v1/cameras/{id}/live"}, {"target", up.target},
                        {"request_body", ""}, {"status", 101}, {"content_type", ""},
                        {"headers", json::object()}, {"body", ""}, {"file_bytes", 0}});
    world_.cameras.live.clear();
  }
  {
    // Snapshots: the newest keyframe of the live stream, as JPEG.
    live::LiveStream stream("cong", "main");
    world_.cameras.live["cong/main"] = &stream;
    Get(503, "/api/v1/cameras/cong/snapshot.jpg?stream=main");  // no picture yet
    testing::SyntheticVideo cam(320, 240, 25, 25);
    stream.OnStart(cam.info(), kT0);
    for (int i = 0; i < 3; ++i) stream.OnPacket(cam.Next(kT0));
    Response jpeg = Get(200, "/api/v1/cameras/cong/snapshot.jpg?stream=main&width=160", "xuan.pt");
    EXPECT_EQ(jpeg.body.substr(0, 2), "\xFF\xD8");
    Get(400, "/api/v1/cameras/cong/snapshot.jpg?stream=main&width=1");
    Get(404, "/api/v1/cameras/cho/snapshot.jpg", "xuan.pt");  // another village
    // MJPEG: the response head (its body is streamed by the server, not part of the sample).
    Response mjpeg = Get(200, "/api/v1/cameras/cong/live.mjpeg?stream=main&fps=5", "xuan.pt");
    EXPECT_TRUE(mjpeg.stream);
    Get(400, "/api/v1/cameras/cong/live.mjpeg?fps=0");
    Get(404, "/api/v1/cameras/cho/live.mjpeg", "xuan.pt");
    Get(401, "/api/v1/cameras/cong/live.mjpeg", "");
    world_.cameras.live.clear();
  }
  Get(426, "/api/v1/cameras/cong/live");
  Get(401, "/api/v1/cameras/cong/live", "");

  // Evidence: the site key, an export of a case (which holds its range), its package.
  Get(200, "/api/v1/site");
  Get(401, "/api/v1/site", "");
  const json export_body = {{"camera_id", "cong"},     {"from", kT0}, {"to", kT0 + 7 * kSecond},
                            {"reason", "trộm xe máy"}, {"case_ref", "12/2026"}};
  const std::string export_id =
      json::parse(Send(202, Method::kPost, "/api/v1/exports", export_body).body).value("id", "");
  ASSERT_TRUE(world_.exports->Wait(export_id, std::chrono::seconds(60)));
  Send(400, Method::kPost, "/api/v1/exports", {{"camera_id", "cong"}, {"from", kT0}, {"to", kT0 + 1}});
  Send(404, Method::kPost, "/api/v1/exports", {{"camera_id", "ghost"}, {"from", 1}, {"to", 2}, {"reason", "x"}});
  Get(200, "/api/v1/exports");
  Get(403, "/api/v1/exports", "xuan.pt");
  EXPECT_EQ(json::parse(Get(200, "/api/v1/exports/" + export_id).body).value("state", ""), "done");
  Get(404, "/api/v1/exports/0123456789abcdef");
  Get(200, "/api/v1/exports/" + export_id + "/package.zip");
  Get(404, "/api/v1/exports/0123456789abcdef/package.zip");
  EXPECT_EQ(json::parse(Get(200, "/api/v1/exports/" + export_id + "/verify").body).value("ok", false), true);
  Get(404, "/api/v1/exports/not-an-id/verify");
  Send(409, Method::kDelete, "/api/v1/exports/" + export_id, nullptr);  // already done
  {
    // One export runs at a time: the third of three submitted at once is still queued.
    json quick = export_body;
    quick.erase("case_ref");
    std::string last;
    for (int i = 0; i < 3; ++i) last = json::parse(Send(202, Method::kPost, "/api/v1/exports", quick).body).value("id", "");
    Send(204, Method::kDelete, "/api/v1/exports/" + last, nullptr);
  }
  Send(404, Method::kDelete, "/api/v1/exports/0123456789abcdef", nullptr);
  const json cases = json::parse(Get(200, "/api/v1/cases").body);
  ASSERT_EQ(cases["cases"].size(), 1u);
  EXPECT_EQ(cases["cases"][0]["holds"].size(), 1u);
  EXPECT_EQ(cases["cases"][0]["exports"].size(), 1u);
  Get(403, "/api/v1/cases", "xuan.pt");

  // The audit log, paged, and its verification.
  const json audit_page = json::parse(Get(200, "/api/v1/audit?limit=2").body);
  EXPECT_TRUE(audit_page.contains("next_before"));
  ASSERT_TRUE(audit_page["next"].is_string());
  Get(200, "/api/v1/audit?limit=2&cursor=" + audit_page["next"].get<std::string>());
  Get(200, "/api/v1/audit?action=playback&camera=cong&from=2025-06-15T00:00:00Z");
  Get(400, "/api/v1/audit?limit=0");
  Get(200, "/api/v1/audit/verify");
  Get(403, "/api/v1/audit/verify", "lan.nt");

  // Movement records: the unit list (dry run, then applied), people, a model through its
  // lifecycle with an evaluation, and the reports.
  const std::string units =
      "code,name,level,parent,effective,predecessors\n"
      "33,Tỉnh Hưng Yên,province,,2004-01-01\n"
      "12970,Xã Tiền Hải,commune,33,2004-01-01\n"
      "12970.01,Thôn Đông,village,12970,2004-01-01\n";
  Send(200, Method::kPost, "/api/v1/units/import", {{"csv", units}, {"dry_run", true}});
  Send(200, Method::kPost, "/api/v1/units/import", {{"csv", units}});
  Send(400, Method::kPost, "/api/v1/units/import", {{"csv", "code,name\n"}});
  Get(200, "/api/v1/units?as_of=2025-06-01");
  Get(200, "/api/v1/units?parent=12970");
  Get(400, "/api/v1/units?as_of=01/06/2025");
  Get(200, "/api/v1/units/12970.01?as_of=2025-06-01");
  Get(200, "/api/v1/units/12970?as_of=2000-01-01");  // not begun then: "unit" is null
  Get(404, "/api/v1/units/99999");
  const json person = json::parse(
      Send(201, Method::kPost, "/api/v1/people",
           {{"name", "Nguyễn Thị Lan"}, {"birth_year", 1975}, {"gender", "nu"}, {"unit_code", "12970.01"}, {"phone", "0912345678"}})
          .body);
  Send(400, Method::kPost, "/api/v1/people", {{"name", "X"}, {"unit_code", "12970"}, {"gender", "female"}});
  Get(200, "/api/v1/people?unit=12970&q=lan&limit=10");
  Get(400, "/api/v1/people?limit=0");
  Get(403, "/api/v1/people", "xuan.pt");
  Get(200, "/api/v1/model-types");
  Get(403, "/api/v1/model-types", "xuan.pt");
  const json model = json::parse(Send(201, Method::kPost, "/api/v1/models",
                                      {{"name", "Camera an ninh thôn Đông"},
                                       {"type", "camera"},
                                       {"unit_code", "12970.01"},
                                       {"points", 3},
                                       {"teams", 1},
                                       {"goals", "Giữ gìn an ninh, trật tự"},
                                       {"created_on", "2025-06-01"}})
                                     .body);
  const std::string model_path = "/api/v1/models/" + std::to_string(model["id"].get<std::int64_t>());
  Send(400, Method::kPost, "/api/v1/models", {{"name", "X"}, {"type", "camera"}, {"unit_code", "00000"}});
  const json post = json::parse(
      Send(201, Method::kPost, "/api/v1/people/" + std::to_string(person["id"].get<std::int64_t>()) + "/positions",
           {{"kind", "model_leader"}, {"model_id", model["id"]}, {"start_date", "2025-06-01"}})
          .body);
  {
    // One person with their posts; an edit; a post ended.
    const std::string one = "/api/v1/people/" + std::to_string(person["id"].get<std::int64_t>());
    Get(200, one);
    Get(404, "/api/v1/people/99999");
    Send(200, Method::kPatch, one, {{"phone", "0987654321"}, {"birth_year", 1976}});
    Send(400, Method::kPatch, one, {{"gender", "female"}});
    const std::string post_path = one + "/positions/" + std::to_string(post["id"].get<std::int64_t>());
    Send(400, Method::kPatch, post_path, {{"end_date", "2025-01-01"}});
    Send(200, Method::kPatch, post_path, {{"end_date", "2025-12-31"}});
    Send(404, Method::kPatch, one + "/positions/99999", {{"end_date", "2025-12-31"}});
  }
  {
    // A mediation model's cases: received, closed; refused for another type and bad dates.
    const json hoa_giai = json::parse(Send(201, Method::kPost, "/api/v1/models",
                                           {{"name", "Tổ hòa giải thôn Đông"},
                                            {"type", "tu_hoa_giai"},
                                            {"unit_code", "12970.01"},
                                            {"created_on", "2025-01-05"}})
                                          .body);
    const std::string mediation_cases =
        "/api/v1/models/" + std::to_string(hoa_giai["id"].get<std::int64_t>()) + "/mediation-cases";
    const json made = json::parse(
        Send(201, Method::kPost, mediation_cases, {{"received_on", "2025-06-02"}, {"subject", "Tranh chấp lối đi chung"}}).body);
    Send(201, Method::kPost, mediation_cases,
         {{"received_on", "2025-05-02"}, {"subject", "Mâu thuẫn hàng xóm"}, {"outcome", "reconciled"},
          {"closed_on", "2025-05-10"}});
    Send(400, Method::kPost, mediation_cases, {{"received_on", "2025-06-02"}, {"subject", "x"}, {"outcome", "reconciled"}});
    Send(409, Method::kPost, model_path + "/mediation-cases", {{"subject", "x"}});
    Get(200, mediation_cases + "?limit=10");
    Get(403, mediation_cases, "xuan.pt");
    const std::string one_case = mediation_cases + "/" + std::to_string(made["id"].get<std::int64_t>());
    Send(200, Method::kPatch, one_case, {{"outcome", "not_reconciled"}, {"closed_on", "2025-06-10"}});
    Send(400, Method::kPatch, one_case, {{"closed_on", "2025-05-01"}});
    Send(404, Method::kPatch, mediation_cases + "/99999", {{"outcome", "withdrawn"}, {"closed_on", "2025-06-10"}});
  }
  Send(400, Method::kPost, "/api/v1/people/" + std::to_string(person["id"].get<std::int64_t>()) + "/positions",
       {{"kind", "bishop"}, {"start_date", "2025-06-01"}});
  Send(409, Method::kPost, model_path + "/transitions", {{"to", "active"}});
  Send(200, Method::kPost, model_path + "/transitions",
       {{"to", "launched"}, {"on_date", "2025-06-05"}, {"decision_no", "12/QĐ-UBND"}, {"decision_date", "2025-06-05"},
        {"decision_issuer", "UBND xã Tiền Hải"}});
  Send(200, Method::kPost, model_path + "/transitions", {{"to", "active"}, {"on_date", "2025-06-06"}});
  Send(201, Method::kPost, model_path + "/evaluations",
       {{"period", "2025-Q1"}, {"scores", {{"to_chuc", 20}, {"hieu_qua", 30}, {"nhan_dan", 40}}}, {"comments", "hỏng 3 camera"}});
  Send(201, Method::kPost, model_path + "/evaluations",
       {{"period", "2025-Q2"}, {"criteria_set_id", 1}, {"scores", {{"to_chuc", 20}, {"hieu_qua", 30}, {"nhan_dan", 40}}}});
  Send(409, Method::kPost, model_path + "/evaluations",
       {{"period", "2025-Q2"}, {"scores", {{"to_chuc", 20}, {"hieu_qua", 30}, {"nhan_dan", 40}}}});
  Send(201, Method::kPost, model_path + "/activities", {{"on_date", "2025-06-10"}, {"text", "Tuần tra đêm"}});
  Send(400, Method::kPost, model_path + "/activities", {{"on_date", "10/06/2025"}, {"text", "x"}});
  Get(200, model_path + "/activities?limit=5");
  Get(404, "/api/v1/models/99999/activities");
  const json file = json::parse(
      Call(201, {Method::kPost, model_path + "/attachments?name=Q%C4%90%2012.pdf", "", "%PDF-1.4 quyết định"}).body);
  Call(400, {Method::kPost, model_path + "/attachments?name=a.pdf", "", "MZ not a pdf"});
  Get(200, model_path + "/attachments");
  Get(403, model_path + "/attachments", "xuan.pt");
  Get(200, model_path + "/attachments/" + std::to_string(file["id"].get<std::int64_t>()));
  Get(404, model_path + "/attachments/99999");
  Get(200, "/api/v1/criteria-sets");
  Get(403, "/api/v1/criteria-sets", "xuan.pt");
  Send(201, Method::kPost, "/api/v1/criteria-sets",
       {{"name", "Camera 2026"}, {"criteria", {{{"key", "hoat_dong"}, {"name", "Camera hoạt động"}, {"weight", 60}}}}});
  Send(400, Method::kPost, "/api/v1/criteria-sets", {{"name", "Rỗng"}, {"criteria", json::array()}});
  Send(201, Method::kPost, "/api/v1/model-types", {{"code", "an_toan_giao_thong"}, {"name", "Tự quản an toàn giao thông"}});
  Send(409, Method::kPost, "/api/v1/model-types", {{"code", "an_toan_giao_thong"}, {"name", "Lần nữa"}});
  Send(403, Method::kPost, "/api/v1/model-types", {{"code", "x"}, {"name", "x"}}, "lan.nt");
  Get(200, model_path);
  Get(404, "/api/v1/models/99999");
  Get(200, "/api/v1/models?unit=12970&status=active&type=camera&q=camera&limit=5");
  Get(400, "/api/v1/models?status=dead");
  Get(200, "/api/v1/reports/flagged?unit=12970&consecutive=2");
  Get(400, "/api/v1/reports/flagged?consecutive=0");
  Get(200, "/api/v1/reports/rollup?unit=33&as_of=2025-06-15&period=2025-Q2");
  Get(200, "/api/v1/reports/rollup?unit=12970&as_of=2025-06-15&from=2025-05-01");
  Get(400, "/api/v1/reports/rollup");
  Get(404, "/api/v1/reports/rollup?unit=99");
  // The camera model's cameras and its evaluation pre-fill; report jobs.
  Send(200, Method::kPut, model_path + "/cameras", {{"camera_ids", {"cong", "cho"}}, {"on_date", "2025-06-01"}});
  Send(400, Method::kPut, model_path + "/cameras", {{"camera_ids", {"cong"}}, {"on_date", "2025-05-01"}});
  Send(404, Method::kPut, model_path + "/cameras", {{"camera_ids", {"ghost"}}});
  Get(200, model_path + "/cameras");
  Get(404, "/api/v1/models/99999/cameras");
  Get(200, model_path + "/evaluations/prefill?period=2025-Q2");
  Get(200, model_path + "/evaluations/prefill?from=2025-06-01&to=2025-06-15");
  Get(400, model_path + "/evaluations/prefill?from=2025-06-01");
  const std::string report_id =
      json::parse(Send(202, Method::kPost, "/api/v1/reports", {{"unit", "12970"}, {"period", "2025-Q2"}, {"format", "xlsx"}})
                      .body)
          .value("id", "");
  ASSERT_TRUE(world_.report_jobs->Wait(report_id, std::chrono::seconds(60)));
  Send(400, Method::kPost, "/api/v1/reports", {{"unit", "12970"}, {"format", "odt"}});
  Send(404, Method::kPost, "/api/v1/reports", {{"unit", "99"}, {"format", "xlsx"}});
  Get(200, "/api/v1/reports?limit=5");
  Get(400, "/api/v1/reports?limit=0");
  EXPECT_EQ(json::parse(Get(200, "/api/v1/reports/" + report_id).body).value("state", ""), "done");
  Get(404, "/api/v1/reports/0123456789abcdef");
  Get(200, "/api/v1/reports/" + report_id + "/file");  // the file's bytes: reports_test opens them
  Get(404, "/api/v1/reports/0123456789abcdef/file");
  Send(409, Method::kDelete, "/api/v1/reports/" + report_id, nullptr);  // already done
  {
    // One report runs at a time: a spreadsheet queued behind a PDF can be cancelled.
    Send(202, Method::kPost, "/api/v1/reports", {{"unit", "12970"}, {"format", "pdf"}});
    const std::string queued =
        json::parse(Send(202, Method::kPost, "/api/v1/reports", {{"unit", "12970"}, {"format", "xlsx"}}).body)
            .value("id", "");
    Send(204, Method::kDelete, "/api/v1/reports/" + queued, nullptr);
  }
  Send(404, Method::kDelete, "/api/v1/reports/0123456789abcdef", nullptr);

  // Commendations and festivals: the catalogue and rules; a medal refused, then proposed once
  // earlier service is recorded; its steps to a hand-over at a festival; histories, the
  // report, a photo and the compliance view.
  Get(200, "/api/v1/award-forms");
  Get(403, "/api/v1/award-forms", "xuan.pt");
  Get(200, "/api/v1/awards/rules");
  Get(403, "/api/v1/awards/rules", "xuan.pt");
  const std::string person_id = std::to_string(person["id"].get<std::int64_t>());
  const std::string person_path = "/api/v1/people/" + person_id;
  const json medal = {{"form_code", "knc_bv_antq"},
                      {"recipient", {{"kind", "person"}, {"person_id", person["id"]}}},
                      {"proposing_unit", "12970"},
                      {"achievement", "15 năm tham gia dân phòng, tổ bảo vệ ANTT"},
                      {"period", "2000-2025"}};
  Send(409, Method::kPost, "/api/v1/awards", medal);
  Get(200, "/api/v1/awards/eligibility?person=" + person_id + "&date=2025-06-15");
  Get(400, "/api/v1/awards/eligibility?person=x");
  Send(201, Method::kPost, person_path + "/service",
       {{"track", "dan_phong"}, {"post", "Đội dân phòng xã"}, {"start_date", "2000-01-01"}, {"end_date", "2015-01-01"},
        {"hardship", false}});
  Send(400, Method::kPost, person_path + "/service", {{"track", "army"}, {"start_date", "2000-01-01"}});
  const json complaint = json::parse(
      Send(201, Method::kPost, person_path + "/holds", {{"kind", "complaint"}, {"opened_on", "2025-01-01"}, {"note", "x"}})
          .body);
  Send(400, Method::kPost, person_path + "/holds", {{"kind", "gossip"}, {"opened_on", "2025-01-01"}});
  const std::string close_path = person_path + "/holds/" + std::to_string(complaint["id"].get<std::int64_t>()) + "/close";
  Send(200, Method::kPost, close_path, {{"closed_on", "2025-02-01"}});
  Send(409, Method::kPost, close_path, {{"closed_on", "2025-02-02"}});
  const json award = json::parse(Send(201, Method::kPost, "/api/v1/awards", medal).body);
  const std::string award_path = "/api/v1/awards/" + std::to_string(award["id"].get<std::int64_t>());
  Send(400, Method::kPost, "/api/v1/awards", {{"form_code", "knc_bv_antq"}, {"recipient", "Lan"}});
  Get(200, "/api/v1/awards?status=proposed&form=knc_bv_antq&limit=5");
  Get(400, "/api/v1/awards?status=lost");
  Send(200, Method::kPost, award_path + "/steps", {{"to", "reviewed"}, {"note", "đủ hồ sơ"}});
  Send(409, Method::kPost, award_path + "/steps", {{"to", "handed_over"}});
  const json festival = json::parse(
      Send(201, Method::kPost, "/api/v1/festivals",
           {{"unit_code", "12970"}, {"year", 2025}, {"held_on", "2025-06-15"}, {"programme", "Phần lễ; phần hội"},
            {"participants", 300}, {"guests", "Công an tỉnh"},
            {"points", {{{"kind", "commune"}, {"name", "Nhà văn hóa xã"}}, {{"kind", "school"}, {"name", "Trường THCS"}}}},
            {"gifts", {{{"recipient", "Gia đình chính sách"}, {"description", "Quà"}, {"value_vnd", 500000}}}},
            {"models", {model["id"]}}})
          .body);
  const std::string festival_path = "/api/v1/festivals/" + std::to_string(festival["id"].get<std::int64_t>());
  Send(400, Method::kPost, "/api/v1/festivals", {{"unit_code", "12970"}, {"year", 2025}, {"held_on", "2024-08-19"}});
  Send(200, Method::kPost, award_path + "/steps",
       {{"to", "decided"}, {"decision_no", "1234/QĐ-BCA"}, {"decision_date", "2025-06-15"},
        {"signer", "Bộ trưởng Bộ Công an"}, {"issuing_body", "Bộ Công an"}});
  Send(200, Method::kPost, award_path + "/steps", {{"to", "handed_over"}, {"festival_id", festival["id"]}});
  Get(200, award_path);
  Get(404, "/api/v1/awards/99999");
  Get(200, person_path + "/awards");
  Get(404, "/api/v1/people/99999/awards");
  Get(200, "/api/v1/awards/history?model=" + std::to_string(model["id"].get<std::int64_t>()));
  Get(400, "/api/v1/awards/history");
  Get(200, "/api/v1/awards/dossier?ids=" + std::to_string(award["id"].get<std::int64_t>()));
  Get(404, "/api/v1/awards/dossier?ids=99999");
  Get(200, "/api/v1/festivals?year=2025&unit=33");
  Get(400, "/api/v1/festivals?year=25");
  Get(200, festival_path);
  Get(404, "/api/v1/festivals/99999");
  Send(200, Method::kPut, festival_path, {{"held_on", "2025-06-15"}, {"participants", 450}, {"models", {model["id"]}}});
  Send(400, Method::kPut, festival_path, {{"held_on", "2025-06-15"}, {"year", 2024}});
  Get(200, festival_path + "/report");
  Get(404, "/api/v1/festivals/99999/report");
  testing::SyntheticVideo video(160, 120, 25, 25);
  const std::string jpeg = media::KeyframeToJpeg(video.info(), *video.Next().av, {}).value();
  const json photo = json::parse(Call(201, {Method::kPost, festival_path + "/photos?name=khai-mac.jpg", "", jpeg}).body);
  Call(400, {Method::kPost, festival_path + "/photos?name=x.jpg", "", "<svg onload=alert(1)>"});
  const std::string photo_path = festival_path + "/photos/" + std::to_string(photo["id"].get<std::int64_t>());
  Get(200, photo_path);
  Get(404, festival_path + "/photos/99999");
  Get(200, photo_path + "/thumbnail");
  Get(404, festival_path + "/photos/99999/thumbnail");
  Get(200, "/api/v1/festivals/compliance?unit=33&year=2025");
  Get(400, "/api/v1/festivals/compliance?year=2025");

  // The dossier's documents as a report job, and the catalogue and rules as data.
  const std::string dossier_id =
      json::parse(Send(202, Method::kPost, "/api/v1/awards/dossier/documents",
                       {{"ids", {award["id"]}}, {"kind", "trich-ngang"}, {"format", "xlsx"}, {"number", "27/TTr-BCĐ"}})
                      .body)
          .value("id", "");
  ASSERT_TRUE(world_.report_jobs->Wait(dossier_id, std::chrono::seconds(60)));
  Send(400, Method::kPost, "/api/v1/awards/dossier/documents", {{"ids", json::array()}, {"kind", "to-trinh"}, {"format", "docx"}});
  Send(404, Method::kPost, "/api/v1/awards/dossier/documents", {{"ids", {99999}}, {"kind", "to-trinh"}, {"format", "docx"}});
  Send(201, Method::kPost, "/api/v1/award-forms",
       {{"code", "gk_truong_cong_an_xa"}, {"name", "Giấy khen của Trưởng Công an xã"}, {"issuer", "Công an xã"},
        {"recipients", "both"}});
  Send(409, Method::kPost, "/api/v1/award-forms",
       {{"code", "gk_truong_cong_an_xa"}, {"name", "x"}, {"issuer", "x"}, {"recipients", "both"}});
  Send(400, Method::kPost, "/api/v1/award-forms", {{"code", "Bad Code"}, {"name", "x"}, {"issuer", "x"}, {"recipients", "both"}});
  Send(200, Method::kPut, "/api/v1/award-forms/gk_truong_cong_an_xa", {{"issuer", "Công an xã Tiền Hải"}});
  Send(400, Method::kPut, "/api/v1/award-forms/gk_truong_cong_an_xa", {{"recipients", "everyone"}});
  Send(404, Method::kPut, "/api/v1/award-forms/none", {{"name", "x"}});
  Send(409, Method::kPut, "/api/v1/award-forms/knc_bv_antq", {{"recipients", "both"}});
  Send(204, Method::kDelete, "/api/v1/award-forms/gk_truong_cong_an_xa", nullptr);
  Send(200, Method::kDelete, "/api/v1/award-forms/knc_bv_antq", nullptr);  // used: retired
  Send(404, Method::kDelete, "/api/v1/award-forms/none", nullptr);
  Send(201, Method::kPost, "/api/v1/awards/rules",
       {{"circular", "05/2027/TT-BCA"}, {"effective_from", "2027-01-01"}, {"team_years_men", 12}});
  Send(409, Method::kPost, "/api/v1/awards/rules", {{"circular", "06/2027/TT-BCA"}, {"effective_from", "2026-01-01"}});
  Send(400, Method::kPost, "/api/v1/awards/rules", {{"circular", "07/2027/TT-BCA"}});

  // Camera administration, over the app's real camera admin on a real (unstarted) server:
  // a camera added through the API, read, edited, tested and removed.
  {
    app::Config site;
    site.data_dir = dir_ / "camera-admin";
    site.http_listen = "";
    auto server = app::Server::Create(site, clock_).value();
    app::ServerCameraAdmin admin(*server);
    api_->EnableCameraAdmin(&admin);
    const json doc = {{"id", "ngo-3"},
                      {"name", "Ngõ 3"},
                      {"area", "thon-dong"},
                      {"main", {{"url", "rtsp://127.0.0.1:1/stream1"}, {"username", "admin"}, {"password", "bi-mat"}}},
                      {"analytics",
                       {{"detector", "none"},
                        {"zones", {{{"id", "san"}, {"points", {{0.1, 0.1}, {0.9, 0.1}, {0.5, 0.9}}}}}},
                        {"lines", {{{"id", "cong"}, {"points", {{0.5, 0}, {0.5, 1}}}}}},
                        {"rules", {{{"id", "vao"}, {"kind", "enter"}, {"zone", "san"}, {"classes", {"person"}}},
                                   {{"id", "qua"}, {"kind", "cross"}, {"line", "cong"}, {"direction", "left"},
                                    {"schedule", "22:00-05:00"}}}}}}};
    Send(201, Method::kPost, "/api/v1/cameras", doc);
    Send(409, Method::kPost, "/api/v1/cameras", doc);
    Send(400, Method::kPost, "/api/v1/cameras", {{"id", "x"}, {"main", {{"url", "/etc/passwd"}}}, {"typo", 1}});
    Send(403, Method::kPost, "/api/v1/cameras", doc, "xuan.pt");
    world_.cameras.cameras.push_back(StreamingCamera("ngo-3", "Ngõ 3", "thon-dong"));
    Response got = Get(200, "/api/v1/cameras/ngo-3/config");
    EXPECT_EQ(got.body.find("bi-mat"), std::string::npos);
    Get(404, "/api/v1/cameras/khong-co/config");
    Get(403, "/api/v1/cameras/ngo-3/config", "xuan.pt");
    json edited = json::parse(got.body);
    edited["name"] = "Ngõ 3 (sửa)";
    Send(200, Method::kPut, "/api/v1/cameras/ngo-3", edited);
    Send(400, Method::kPut, "/api/v1/cameras/ngo-3", {{"id", "khac"}});
    Send(200, Method::kPost, "/api/v1/cameras/test", {{"url", "rtsp://127.0.0.1:1/stream1"}, {"camera_id", "ngo-3"}});
    Send(400, Method::kPost, "/api/v1/cameras/test", {{"url", "/etc/passwd"}});
    Send(204, Method::kDelete, "/api/v1/cameras/ngo-3", nullptr);
    Send(404, Method::kDelete, "/api/v1/cameras/khong-co", nullptr);
    world_.cameras.cameras.pop_back();
    api_->EnableCameraAdmin(nullptr);
  }

  // News, links and search (docs/design/0015-news-and-search.md).
  const json article = json::parse(Send(201, Method::kPost, "/api/v1/news",
                                        {{"title", "Ngày hội ở Tiền Hải"},
                                         {"summary", "Tóm tắt"},
                                         {"body", "**Nội dung** <script>x</script>"},
                                         {"category", "Hoạt động"},
                                         {"unit_code", "12970"},
                                         {"byline", "Ban biên tập"}})
                                       .body);
  Send(400, Method::kPost, "/api/v1/news", {{"title", " "}});
  const std::string article_id = std::to_string(article["id"].get<std::int64_t>());
  const std::string news_path = "/api/v1/news/" + article_id;
  Send(200, Method::kPatch, news_path, {{"summary", "Tóm tắt mới"}});
  Send(400, Method::kPatch, news_path, {{"colour", "red"}});
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "picture";
  const json image = json::parse(Call(201, {Method::kPost, news_path + "/images?name=anh.png", "", png}).body);
  Call(400, {Method::kPost, news_path + "/images?name=anh.svg", "", "<svg onload=alert(1)/>"});
  Get(404, image["url"].get<std::string>(), "");  // a draft's picture
  Send(200, Method::kPost, news_path + "/transitions", {{"to", "review"}, {"note", ""}});
  Send(409, Method::kPost, news_path + "/transitions", {{"to", "unpublished"}});
  Send(400, Method::kPost, news_path + "/transitions", {{"to", "gone"}});
  Send(200, Method::kPost, news_path + "/transitions", {{"to", "published"}});
  Get(200, "/api/v1/news?state=published&limit=5");
  Get(400, "/api/v1/news?state=gone");
  Get(200, news_path);
  Get(404, "/api/v1/news/99999");
  Get(200, "/api/v1/public/news?category=Ho%E1%BA%A1t%20%C4%91%E1%BB%99ng&limit=5", "");
  Get(400, "/api/v1/public/news?colour=red", "");
  Get(200, "/api/v1/public/news/" + article_id, "");
  Get(404, "/api/v1/public/news/99999", "");
  Get(200, "/api/v1/public/feed.atom", "");
  Get(400, "/api/v1/public/feed.atom?x=1", "");
  Get(200, image["url"].get<std::string>(), "");
  Get(404, "/api/v1/public/images/" + std::string(64, '0'), "");
  const json link = json::parse(
      Send(201, Method::kPost, "/api/v1/links", {{"title", "Bộ Công an"}, {"url", "https://bocongan.gov.vn/"}, {"position", 1}})
          .body);
  Send(400, Method::kPost, "/api/v1/links", {{"title", "x"}, {"url", "javascript:alert(1)"}});
  const std::string link_path = "/api/v1/links/" + std::to_string(link["id"].get<std::int64_t>());
  Send(200, Method::kPatch, link_path, {{"title", "Bộ Công an"}, {"url", "https://bocongan.gov.vn/vi"}});
  Send(404, Method::kPatch, "/api/v1/links/99999", {{"title", "x"}, {"url", "https://x.vn/"}});
  Get(200, "/api/v1/public/links", "");
  Get(400, "/api/v1/public/links?x=1", "");
  Send(200, Method::kDelete, link_path, nullptr);
  Send(404, Method::kDelete, link_path, nullptr);
  Get(200, "/api/v1/search?q=tien%20hai&limit=10", "");
  Get(200, "/api/v1/search?q=ngay%20hoi&kinds=news,unit,model,person,camera");
  Get(400, "/api/v1/search?q=x&kinds=secret", "");

  // Signing out ends the cookie session; without the CSRF token it does not.
  Request out{Method::kDelete, "/api/v1/session"};
  out.cookie = cookie;
  Call(403, out);
  out.csrf_token = csrf;
  Call(204, out);
  Send(401, Method::kDelete, "/api/v1/session", nullptr, "");

  auto checked = Check(samples_);
  EXPECT_EQ(checked.exit_code, 0) << checked.output;

  // The checker itself can fail: one member renamed in one real answer is caught.
  json drifted = samples_;
  for (json& s : drifted) {
    if (s["route"] == "/api/v1/cameras/{id}/recordings" && s["status"] == 200) {
      std::string body = s["body"];
      body.replace(body.find("\"gaps\""), 6, "\"holes\"");
      s["body"] = body;
      break;
    }
  }
  auto caught = Check(drifted);
  EXPECT_EQ(caught.exit_code, 1) << caught.output;
  EXPECT_NE(caught.output.find("GET /api/v1/cameras/{id}/recordings -> 200"), std::string::npos)
      << caught.output;
  EXPECT_NE(caught.output.find("'holes' was unexpected"), std::string::npos) << caught.output;
}

TEST_F(OpenApiTest, ErrorsNameTheFieldAtFault) {
  struct Case {
    Method method;
    std::string target;
    std::string body;
    std::string field;  // "" when no single input is at fault
  } cases[] = {
      {Method::kPost, "/api/v1/holds", R"({"camera_id":"cong","from":1,"to":2,"reason":""})",
       "reason"},
      {Method::kPost, "/api/v1/holds",
       R"({"camera_id":"cong","from":"hôm qua","to":2,"reason":"x"})", "from"},
      {Method::kPost, "/api/v1/holds", R"({"camera_id":"cong","from":1,"reason":"x"})", "to"},
      {Method::kPost, "/api/v1/holds",
       R"({"camera_id":"cong","from":1,"to":2,"reason":"x","extra":1})", "extra"},
      {Method::kPost, "/api/v1/holds", "{not json", ""},
      {Method::kGet, "/api/v1/cameras/cong/recordings?from=yesterday", "", "from"},
      {Method::kGet, "/api/v1/cameras/cong/recordings?form=1", "", "form"},
      {Method::kGet, "/api/v1/cameras/cong/recordings?from=20&to=10", "", ""},
      {Method::kGet, "/api/v1/audit?before=x", "", "before"},
      {Method::kGet, "/api/v1/audit?limit=5000", "", "limit"},
      {Method::kGet, "/api/v1/holds?cursor=0", "", "cursor"},
      {Method::kGet, "/api/v1/cameras/cong/recordings?limit=0", "", "limit"},
      {Method::kPost, "/api/v1/tokens", R"({"name":"x","ttl_days":"90"})", "ttl_days"},
      {Method::kPut, "/api/v1/roles/to-bao-ve", R"({"scope":"all"})", "rights"},
  };
  for (const Case& c : cases) {
    Response r = Call(400, {c.method, c.target, "", c.body});
    const json error = json::parse(r.body)["error"];
    EXPECT_EQ(error["code"], "invalid_argument") << c.target << " " << c.body;
    EXPECT_EQ(error.value("field", ""), c.field) << c.target << " " << c.body << ": " << r.body;
    EXPECT_EQ(error.contains("field"), !c.field.empty()) << r.body;
  }
}

}  // namespace
}  // namespace anninh::serve
