// Access control through the API, without sockets: the authorization matrix (every route ×
// every role), camera scoping by village, sessions with CSRF, tokens, lockout, bad input.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "serve/api_world_test.h"
#include "serve/stream_body.h"

namespace anninh::serve {
namespace {

using nlohmann::json;
using Roles = std::set<std::string>;

constexpr WallNs kNow = 1'790'000'000'000'000'000;
const std::string kPassword = "mật khẩu dài đủ";

class ApiAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto [id, area] : {std::pair{"cong", "thon-dong"}, std::pair{"cho", "thon-tay"}, std::pair{"ubnd", ""}}) {
      world_.cameras.cameras.push_back(StreamingCamera(id, id, area));
    }
    api_ = world_.MakeApi(clock_);
    for (const char* role : {"admin", "officer", "viewer", "auditor", "village_head"}) {
      std::vector<std::string> areas;
      if (std::string(role) == "viewer") areas = {"thon-dong"};
      if (std::string(role) == "village_head") areas = {"12970.01"};
      auto a = access_->CreateAccount({"test", ""}, {role, "", kPassword, role, areas, {}});
      ASSERT_TRUE(a) << a.error().ToString();
      ids_[role] = a->id;
      tokens_[role] = access_->CreateToken({"test", ""}, a->id, "t", std::chrono::seconds(0)).value().token;
    }
  }

  Response As(const std::string& role, Request r) {
    if (!role.empty()) r.authorization = "Bearer " + tokens_[role];
    r.remote = "10.0.0.7";
    return api_->Handle(r);
  }
  static std::string Code(const Response& r) {
    auto j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? "" : j["error"].value("code", "");
  }
  std::vector<store::AuditRow> AuditRows(const std::string& action) {
    store::AuditQuery q;
    q.action = action;
    return audit_store_->Query(q).value();
  }
  // Signs in with the password and returns the Set-Cookie value and the CSRF token.
  std::pair<std::string, std::string> SignIn(const std::string& user, const std::string& old_cookie = "") {
    Request r{Method::kPost, "/api/v1/session", "", json({{"username", user}, {"password", kPassword}}).dump()};
    r.cookie = old_cookie;
    Response resp = api_->Handle(r);
    EXPECT_EQ(resp.status, 200) << resp.body;
    std::string cookie;
    for (const auto& [k, v] : resp.headers) {
      if (k == "Set-Cookie") cookie = v.substr(0, v.find(';'));
    }
    EXPECT_NE(cookie.find("anninh_session="), std::string::npos);
    return {cookie, json::parse(resp.body)["csrf_token"].get<std::string>()};
  }

  testing::TempDir dir_;
  SimulatedClock clock_{kNow};
  ApiWorld world_{dir_.path(), clock_};
  std::unique_ptr<access::AccessControl>& access_ = world_.access;
  std::unique_ptr<store::sqlite::SqliteAccessStore>& access_store_ = world_.access_store;
  std::unique_ptr<store::sqlite::SqliteAuditStore>& audit_store_ = world_.audit_store;
  std::unique_ptr<Api> api_;
  std::map<std::string, std::int64_t> ids_;
  std::map<std::string, std::string> tokens_;
};

// Who may call what: written out by hand, not derived from the code, so a change to a
// route's rule or a role's rights fails here until this table is changed on purpose.
// "" is an anonymous caller.
const std::map<std::string, Roles>& ExpectedMatrix() {
  const Roles everyone{"", "admin", "officer", "viewer", "auditor", "village_head"};
  const Roles signed_in{"admin", "officer", "viewer", "auditor", "village_head"};
  const Roles movement{"admin", "officer", "village_head"};  // movement.read / movement.edit
  const Roles video{"admin", "officer"};
  const Roles admin{"admin"};
  static const std::map<std::string, Roles> kMatrix = {
      {"GET /healthz", everyone},
      {"GET /metrics", admin},
      {"GET /api/v1/setup", everyone},
      {"POST /api/v1/setup", everyone},
      {"POST /api/v1/session", everyone},
      {"GET /api/v1/session", signed_in},
      {"DELETE /api/v1/session", signed_in},
      {"POST /api/v1/session/password", signed_in},
      {"POST /api/v1/session/totp/secret", signed_in},
      {"POST /api/v1/session/totp", signed_in},
      {"POST /api/v1/session/totp/disable", signed_in},
      {"GET /api/v1/cameras", {"admin", "officer", "viewer"}},
      {"POST /api/v1/cameras", admin},
      {"POST /api/v1/cameras/test", admin},
      {"GET /api/v1/cameras/{id}/config", admin},
      {"PUT /api/v1/cameras/{id}", admin},
      {"DELETE /api/v1/cameras/{id}", admin},
      {"GET /api/v1/cameras/{id}/live", {"admin", "officer", "viewer"}},
      {"GET /api/v1/cameras/{id}/live.mjpeg", {"admin", "officer", "viewer"}},
      {"GET /api/v1/cameras/{id}/snapshot.jpg", {"admin", "officer", "viewer"}},
      {"GET /api/v1/cameras/{id}/recordings", video},
      {"GET /api/v1/cameras/{id}/video.mp4", video},
      {"GET /api/v1/timeline", video},
      {"GET /api/v1/cameras/{id}/thumbnail.jpg", video},
      {"GET /api/v1/health", {"admin", "officer", "viewer"}},
      {"GET /api/v1/cameras/{id}/notes", {"admin", "officer", "viewer"}},
      {"POST /api/v1/cameras/{id}/notes", admin},
      {"GET /api/v1/events", {"admin", "officer", "viewer"}},
      {"GET /api/v1/events/live", {"admin", "officer", "viewer"}},
      {"GET /api/v1/events/{id}", {"admin", "officer", "viewer"}},
      {"PATCH /api/v1/events/{id}", video},
      {"GET /api/v1/events/{id}/snapshot.jpg", {"admin", "officer", "viewer"}},
      {"GET /api/v1/events/{id}/thumbnail.jpg", {"admin", "officer", "viewer"}},
      {"GET /api/v1/holds", video},
      {"POST /api/v1/holds", video},
      {"DELETE /api/v1/holds/{id}", video},
      {"GET /api/v1/users", admin},
      {"POST /api/v1/users", admin},
      {"GET /api/v1/users/{id}", admin},
      {"PATCH /api/v1/users/{id}", admin},
      {"DELETE /api/v1/users/{id}", admin},
      {"DELETE /api/v1/users/{id}/totp", admin},
      {"GET /api/v1/roles", admin},
      {"PUT /api/v1/roles/{name}", admin},
      {"GET /api/v1/tokens", signed_in},
      {"POST /api/v1/tokens", signed_in},
      {"DELETE /api/v1/tokens/{id}", signed_in},
      {"GET /api/v1/site", signed_in},
      {"GET /api/v1/exports", video},
      {"POST /api/v1/exports", video},
      {"GET /api/v1/exports/{id}", video},
      {"DELETE /api/v1/exports/{id}", video},
      {"GET /api/v1/exports/{id}/package.zip", video},
      {"GET /api/v1/exports/{id}/verify", video},
      {"GET /api/v1/cases", video},
      {"GET /api/v1/audit", {"admin", "auditor"}},
      {"GET /api/v1/audit/verify", {"admin", "auditor"}},
      {"GET /api/v1/units", movement},
      {"GET /api/v1/units/{code}", movement},
      {"POST /api/v1/units/import", admin},
      {"GET /api/v1/people", movement},
      {"POST /api/v1/people", movement},
      {"GET /api/v1/people/{id}", movement},
      {"PATCH /api/v1/people/{id}", movement},
      {"POST /api/v1/people/{id}/positions", movement},
      {"PATCH /api/v1/people/{id}/positions/{position}", movement},
      {"GET /api/v1/model-types", movement},
      {"POST /api/v1/model-types", admin},
      {"GET /api/v1/criteria-sets", movement},
      {"POST /api/v1/criteria-sets", admin},
      {"GET /api/v1/models", movement},
      {"POST /api/v1/models", movement},
      {"GET /api/v1/models/{id}", movement},
      {"POST /api/v1/models/{id}/transitions", movement},
      {"POST /api/v1/models/{id}/evaluations", movement},
      {"GET /api/v1/models/{id}/activities", movement},
      {"POST /api/v1/models/{id}/activities", movement},
      {"GET /api/v1/models/{id}/attachments", movement},
      {"POST /api/v1/models/{id}/attachments", movement},
      {"GET /api/v1/models/{id}/attachments/{file}", movement},
      {"GET /api/v1/reports/rollup", movement},
      {"GET /api/v1/reports/flagged", movement},
      {"GET /api/v1/award-forms", movement},
      {"POST /api/v1/award-forms", admin},
      {"PUT /api/v1/award-forms/{code}", admin},
      {"DELETE /api/v1/award-forms/{code}", admin},
      {"GET /api/v1/awards/rules", movement},
      {"POST /api/v1/awards/rules", admin},
      {"GET /api/v1/awards/eligibility", movement},
      {"GET /api/v1/awards/history", movement},
      {"GET /api/v1/awards/dossier", movement},
      {"POST /api/v1/awards/dossier/documents", movement},
      {"GET /api/v1/awards", movement},
      {"POST /api/v1/awards", movement},
      {"GET /api/v1/awards/{id}", movement},
      {"POST /api/v1/awards/{id}/steps", movement},
      {"GET /api/v1/people/{id}/awards", movement},
      {"POST /api/v1/people/{id}/service", movement},
      {"POST /api/v1/people/{id}/holds", movement},
      {"POST /api/v1/people/{id}/holds/{hold}/close", movement},
      {"GET /api/v1/festivals/compliance", movement},
      {"GET /api/v1/festivals", movement},
      {"POST /api/v1/festivals", movement},
      {"GET /api/v1/festivals/{id}", movement},
      {"PUT /api/v1/festivals/{id}", movement},
      {"GET /api/v1/festivals/{id}/report", movement},
      {"POST /api/v1/festivals/{id}/photos", movement},
      {"GET /api/v1/festivals/{id}/photos/{photo}", movement},
      {"GET /api/v1/festivals/{id}/photos/{photo}/thumbnail", movement},
      {"GET /api/v1/reports", movement},
      {"POST /api/v1/reports", movement},
      {"GET /api/v1/reports/{id}", movement},
      {"DELETE /api/v1/reports/{id}", movement},
      {"GET /api/v1/reports/{id}/file", movement},
      {"GET /api/v1/models/{id}/cameras", movement},
      {"PUT /api/v1/models/{id}/cameras", movement},
      {"GET /api/v1/models/{id}/evaluations/prefill", movement},
      {"GET /api/v1/models/{id}/mediation-cases", movement},
      {"POST /api/v1/models/{id}/mediation-cases", movement},
      {"PATCH /api/v1/models/{id}/mediation-cases/{case}", movement},
      // News: public pages for everyone; drafts and writing for movement staff (news.read,
      // news.edit); publishing and links for admin and officer (news.publish).
      {"GET /api/v1/public/news", everyone},
      {"GET /api/v1/public/news/{id}", everyone},
      {"GET /api/v1/public/feed.atom", everyone},
      {"GET /api/v1/public/links", everyone},
      {"GET /api/v1/public/images/{sha256}", everyone},
      {"GET /api/v1/search", everyone},
      {"GET /api/v1/news", movement},
      {"POST /api/v1/news", movement},
      {"GET /api/v1/news/{id}", movement},
      {"PATCH /api/v1/news/{id}", movement},
      {"POST /api/v1/news/{id}/transitions", movement},
      {"POST /api/v1/news/{id}/images", movement},
      {"POST /api/v1/links", video},
      {"PATCH /api/v1/links/{id}", video},
      {"DELETE /api/v1/links/{id}", video},
  };
  return kMatrix;
}

// A harmless concrete request for a route: ids that do not exist and bodies that fail
// validation, so an allowed call answers 4xx other than 401/403 and changes nothing.
Request Concrete(const RouteInfo& route) {
  std::string target = route.pattern;
  auto replace = [&](const std::string& from, const std::string& to) {
    if (auto p = target.find(from); p != std::string::npos) target.replace(p, from.size(), to);
  };
  if (target.rfind("/api/v1/cameras/", 0) == 0) {
    replace("{id}", "cong");
    if (target.find("video.mp4") != std::string::npos) target += "?from=1&to=2";
  }
  replace("{id}", "999");
  replace("{name}", "viewer");
  const bool write = route.method != Method::kGet;
  return Request(route.method, target, "", write ? "{}" : "");
}

TEST_F(ApiAccessTest, AuthorizationMatrixCoversEveryRouteAndRole) {
  std::set<std::string> seen;
  for (const RouteInfo& route : api_->routes()) {
    const std::string key = std::string(ToString(route.method)) + " " + route.pattern;
    seen.insert(key);
    auto it = ExpectedMatrix().find(key);
    ASSERT_NE(it, ExpectedMatrix().end()) << key << " is not in the expected matrix: add it";
    for (const std::string role : {"", "admin", "officer", "viewer", "auditor", "village_head"}) {
      Response r = As(role, Concrete(route));
      const bool allowed = it->second.count(role) != 0;
      if (allowed) {
        EXPECT_NE(r.status, 401) << key << " as '" << role << "': " << r.body;
        EXPECT_NE(r.status, 403) << key << " as '" << role << "': " << r.body;
      } else {
        EXPECT_EQ(r.status, role.empty() ? 401 : 403) << key << " as '" << role << "': " << r.body;
      }
    }
  }
  EXPECT_EQ(seen.size(), ExpectedMatrix().size()) << "the matrix names routes the API does not have";
}

TEST_F(ApiAccessTest, ViewerSeesOnlyTheirVillagesCameras) {
  json list = json::parse(As("viewer", {Method::kGet, "/api/v1/cameras"}).body);
  ASSERT_EQ(list["cameras"].size(), 1u);
  EXPECT_EQ(list["cameras"][0]["id"], "cong");
  EXPECT_EQ(json::parse(As("officer", {Method::kGet, "/api/v1/cameras"}).body)["cameras"].size(), 3u);

  // Granted playback, the viewer reaches their own camera; another village's camera, found
  // by guessing its id, answers exactly like a camera that does not exist.
  access::AccountPatch grant;
  grant.grants = std::vector<std::string>{"playback"};
  ASSERT_TRUE(access_->UpdateAccount({"test", ""}, ids_["viewer"], grant));
  EXPECT_EQ(As("viewer", {Method::kGet, "/api/v1/cameras/cong/recordings"}).status, 200);
  Response other = As("viewer", {Method::kGet, "/api/v1/cameras/cho/recordings"});
  Response ghost = As("viewer", {Method::kGet, "/api/v1/cameras/ghost/recordings"});
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(Code(other), Code(ghost));
  EXPECT_EQ(json::parse(other.body)["error"]["message"], "no camera 'cho'");
  EXPECT_EQ(As("viewer", {Method::kGet, "/api/v1/cameras/ubnd/video.mp4?from=1&to=2"}).status, 404);
  // Without the grant again, playback is refused outright.
  grant.grants = std::vector<std::string>{};
  ASSERT_TRUE(access_->UpdateAccount({"test", ""}, ids_["viewer"], grant));
  EXPECT_EQ(As("viewer", {Method::kGet, "/api/v1/cameras/cong/recordings"}).status, 403);
}

// The WebSocket subscription is admitted like a request, and re-checked while it lasts.
TEST_F(ApiAccessTest, LiveSubscriptionsAreAuthorizedAndRechecked) {
  live::LiveStream cong("cong", "main"), cho("cho", "main");
  world_.cameras.live["cong/main"] = &cong;
  world_.cameras.live["cho/main"] = &cho;
  auto upgrade = [&](const std::string& role, const std::string& target) {
    Request r{Method::kGet, target};
    if (!role.empty()) r.authorization = "Bearer " + tokens_[role];
    r.host = "anninh.local";
    return api_->HandleUpgrade(r);
  };
  auto status = [](const Upgrade& u) { return u.refused ? u.refused->status : 101; };
  EXPECT_EQ(status(upgrade("", "/api/v1/cameras/cong/live")), 401);
  EXPECT_EQ(status(upgrade("auditor", "/api/v1/cameras/cong/live")), 403);
  EXPECT_EQ(status(upgrade("viewer", "/api/v1/cameras/cho/live")), 404);  // another village
  EXPECT_EQ(status(upgrade("viewer", "/api/v1/cameras/cong/live?stream=sub")), 404);
  EXPECT_EQ(status(upgrade("viewer", "/api/v1/cameras/cong/live?fps=5")), 400);
  EXPECT_EQ(status(upgrade("officer", "/api/v1/cameras/cho/live")), 101);
  Upgrade ok = upgrade("viewer", "/api/v1/cameras/cong/live");
  ASSERT_EQ(status(ok), 101);
  ASSERT_TRUE(ok.channel);
  EXPECT_TRUE(ok.channel->StillAllowed());
  // Moved to another village: the open subscription is no longer allowed.
  access::AccountPatch move;
  move.areas = std::vector<std::string>{"thon-tay"};
  ASSERT_TRUE(access_->UpdateAccount({"test", ""}, ids_["viewer"], move));
  EXPECT_FALSE(ok.channel->StillAllowed());
  // Revoked token: the same.
  Upgrade officer = upgrade("officer", "/api/v1/cameras/cong/live");
  ASSERT_TRUE(officer.channel);
  ASSERT_TRUE(access_->RevokeToken({"test", ""}, access_->Tokens(ids_["officer"]).value().front().id));
  EXPECT_FALSE(officer.channel->StillAllowed());
  // A page from another site cannot open one with the user's cookie.
  Request cross{Method::kGet, "/api/v1/cameras/cong/live"};
  cross.authorization = "Bearer " + tokens_["admin"];
  cross.origin = "https://evil.example";
  cross.host = "anninh.local";
  EXPECT_EQ(status(api_->HandleUpgrade(cross)), 403);
  cross.origin = "https://anninh.local";
  EXPECT_EQ(status(api_->HandleUpgrade(cross)), 101);
}

// Every list pages alike: limit + cursor in, items + next out; walking the pages sees each
// item once, in order, and filters and rights still apply on every page.
TEST_F(ApiAccessTest, EveryListIsPagedAlike) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(access_->CreateAccount({"test", ""}, {"extra" + std::to_string(i), "", kPassword, "viewer", {}, {}}));
    ASSERT_TRUE(access_->CreateToken({"test", ""}, ids_["admin"], "t" + std::to_string(i), std::chrono::seconds(0)));
  }
  for (const char* camera : {"cong", "cho", "cong", "ubnd", "cong"}) {
    ASSERT_EQ(As("admin", {Method::kPost, "/api/v1/holds", "",
                           json({{"camera_id", camera}, {"from", 1}, {"to", 2}, {"reason", "vụ 9"}}).dump()})
                  .status,
              201);
  }
  // Walks a list `limit` at a time; returns the ids seen, failing on any repeat.
  auto walk = [&](const std::string& role, const std::string& path, const std::string& member, int limit) {
    std::vector<std::int64_t> ids;
    std::string cursor;
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    for (int pages = 0; pages < 50; ++pages) {
      Response r = As(role, {Method::kGet, path + sep + "limit=" + std::to_string(limit) + cursor});
      EXPECT_EQ(r.status, 200) << path << ": " << r.body;
      if (r.status != 200) break;
      json j = json::parse(r.body);
      EXPECT_LE(j[member].size(), static_cast<std::size_t>(limit));
      for (const json& item : j[member]) ids.push_back(item.contains("seq") ? item["seq"].get<std::int64_t>()
                                                                             : item["id"].get<std::int64_t>());
      EXPECT_TRUE(j.contains("next")) << path;
      if (j["next"].is_null()) break;
      cursor = "&cursor=" + j["next"].get<std::string>();
    }
    return ids;
  };
  for (const auto& [role, path, member] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"admin", "/api/v1/users", "users"},
           {"admin", "/api/v1/tokens?all", "tokens"},
           {"admin", "/api/v1/holds", "holds"},
           {"officer", "/api/v1/holds?camera=cong", "holds"},
           {"admin", "/api/v1/audit", "entries"},
       }) {
    const auto whole = walk(role, path, member, 1000);
    ASSERT_GE(whole.size(), 3u) << path;
    EXPECT_EQ(walk(role, path, member, 2), whole) << path << ": pages of 2 show the same, in order";
    EXPECT_EQ(walk(role, path, member, 1), whole) << path;
    EXPECT_EQ(std::set<std::int64_t>(whole.begin(), whole.end()).size(), whole.size()) << path;
  }
  EXPECT_EQ(walk("admin", "/api/v1/users", "users", 2).size(), 8u);  // every user ApiWorld makes, village head included
  EXPECT_EQ(walk("officer", "/api/v1/holds?camera=cong", "holds", 2).size(), 3u);
  // Bad paging input is a clear 400 naming the parameter.
  for (const std::string path : {"/api/v1/users", "/api/v1/holds", "/api/v1/tokens", "/api/v1/audit",
                                 "/api/v1/exports", "/api/v1/cases", "/api/v1/cameras/cong/recordings"}) {
    Response bad = As("admin", {Method::kGet, path + "?cursor=not-a-cursor"});
    EXPECT_EQ(bad.status, 400) << path << ": " << bad.body;
    EXPECT_EQ(json::parse(bad.body)["error"].value("field", ""), "cursor") << path;
    EXPECT_EQ(As("admin", {Method::kGet, path + "?limit=1001"}).status, 400) << path;
  }
}

// The MJPEG fallback is admitted like live view and re-checked the same way while it lasts.
TEST_F(ApiAccessTest, MjpegIsAuthorizedAndRecheckedLikeLiveView) {
  live::LiveStream cong("cong", "main"), cho("cho", "main");
  world_.cameras.live["cong/main"] = &cong;
  world_.cameras.live["cho/main"] = &cho;
  const std::string path = "/api/v1/cameras/cong/live.mjpeg";
  EXPECT_EQ(As("", {Method::kGet, path}).status, 401);
  EXPECT_EQ(As("auditor", {Method::kGet, path}).status, 403);
  Response other = As("viewer", {Method::kGet, "/api/v1/cameras/cho/live.mjpeg"});
  EXPECT_EQ(other.status, 404);  // another village's camera, exactly like no camera
  EXPECT_FALSE(other.stream);
  EXPECT_EQ(As("viewer", {Method::kGet, path + "?fps=11"}).status, 400);
  Response ok = As("viewer", {Method::kGet, path + "?fps=10"});
  ASSERT_EQ(ok.status, 200) << ok.body;
  ASSERT_TRUE(ok.stream);
  EXPECT_EQ(ok.content_type, "multipart/x-mixed-replace; boundary=anninhframe");
  EXPECT_TRUE(ok.stream->StillAllowed());
  access::AccountPatch move;
  move.areas = std::vector<std::string>{"thon-tay"};
  ASSERT_TRUE(access_->UpdateAccount({"test", ""}, ids_["viewer"], move));
  EXPECT_FALSE(ok.stream->StillAllowed()) << "moved to another village";
  ok.stream->Stop();
}

// H.265 main streams: the API says to focus on the H.264 sub stream instead.
TEST_F(ApiAccessTest, H265CamerasAreFocusedOnTheirH264SubStream) {
  CameraView cam = StreamingCamera("hevc-cam", "Cổng H.265", "thon-dong");
  cam.streams[0].ingest.codec = "hevc";
  StreamView sub = cam.streams[0];
  sub.name = "sub";
  sub.ingest.codec = "h264";
  cam.streams.push_back(sub);
  CameraView only = StreamingCamera("hevc-only", "Chỉ H.265", "thon-dong");
  only.streams[0].ingest.codec = "hevc+aac";
  world_.cameras.cameras = {cam, only, StreamingCamera("plain", "H.264", "thon-dong")};
  json list = json::parse(As("viewer", {Method::kGet, "/api/v1/cameras"}).body)["cameras"];
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["view"]["grid"], "sub");
  EXPECT_EQ(list[0]["view"]["focus"], "sub");
  EXPECT_NE(list[0]["view"]["note"].get<std::string>().find("H.265"), std::string::npos);
  EXPECT_EQ(list[0]["view"]["transcode"], false) << "the H.264 sub stream is enough";
  EXPECT_EQ(list[1]["view"]["focus"], "main");
  EXPECT_EQ(list[1]["view"]["transcode"], true) << "H.265 only: focus through the H.264 transcode";
  EXPECT_NE(list[1]["view"]["note"].get<std::string>().find("transcode=h264"), std::string::npos);
  EXPECT_EQ(list[2]["view"]["focus"], "main");
  EXPECT_EQ(list[2]["view"]["transcode"], false);
  EXPECT_EQ(list[2]["view"]["note"], "");
}

TEST_F(ApiAccessTest, SessionCookieNeedsCsrfForWrites) {
  auto [cookie, csrf] = SignIn("officer");
  Request get{Method::kGet, "/api/v1/session"};
  get.cookie = "theme=dark; " + cookie;
  Response me = api_->Handle(get);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["user"]["username"], "officer");
  EXPECT_EQ(json::parse(me.body)["csrf_token"], csrf);

  const std::string hold = R"({"camera_id":"cong","from":1,"to":2,"reason":"vụ việc"})";
  Request post{Method::kPost, "/api/v1/holds", "", hold};
  post.cookie = cookie;
  Response no_token = api_->Handle(post);
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(Code(no_token), "csrf");
  post.csrf_token = "wrong";
  EXPECT_EQ(api_->Handle(post).status, 403);
  post.csrf_token = csrf;
  EXPECT_EQ(api_->Handle(post).status, 201);

  Request out{Method::kDelete, "/api/v1/session"};
  out.cookie = cookie;
  out.csrf_token = csrf;
  EXPECT_EQ(api_->Handle(out).status, 204);
  EXPECT_EQ(api_->Handle(get).status, 401);
}

TEST_F(ApiAccessTest, SignInIgnoresAPlantedSessionId) {
  const std::string planted = "anninh_session=attacker-chose-this-value-before-sign-in";
  auto [cookie, csrf] = SignIn("officer", planted);
  EXPECT_NE(cookie, planted);
  Request get{Method::kGet, "/api/v1/session"};
  get.cookie = planted;
  EXPECT_EQ(api_->Handle(get).status, 401);
  get.cookie = cookie;
  EXPECT_EQ(api_->Handle(get).status, 200);
}

TEST_F(ApiAccessTest, SessionCookieIsHttpOnlyAndStrict) {
  Response r = api_->Handle({Method::kPost, "/api/v1/session", "",
                             json({{"username", "viewer"}, {"password", kPassword}}).dump()});
  ASSERT_EQ(r.status, 200);
  auto it = std::find_if(r.headers.begin(), r.headers.end(), [](auto& h) { return h.first == "Set-Cookie"; });
  ASSERT_NE(it, r.headers.end());
  EXPECT_NE(it->second.find("HttpOnly"), std::string::npos);
  EXPECT_NE(it->second.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(it->second.find("Path=/"), std::string::npos);
}

TEST_F(ApiAccessTest, LockoutAnswers429WithRetryAfter) {
  const std::string wrong = json({{"username", "officer"}, {"password", "wrong password"}}).dump();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(As("", {Method::kPost, "/api/v1/session", "", wrong}).status, 401);
  Response locked = As("", {Method::kPost, "/api/v1/session", "",
                            json({{"username", "officer"}, {"password", kPassword}}).dump()});
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(Code(locked), "locked");
  auto it = std::find_if(locked.headers.begin(), locked.headers.end(), [](auto& h) { return h.first == "Retry-After"; });
  ASSERT_NE(it, locked.headers.end());
  EXPECT_EQ(it->second, "60");
  EXPECT_EQ(AuditRows("login.failed").size(), 5u);
  EXPECT_EQ(AuditRows("login.failed")[0].remote, "10.0.0.7");
}

TEST_F(ApiAccessTest, RevokedAndExpiredTokensAndGarbageAreUnauthenticated) {
  Request r{Method::kGet, "/api/v1/session"};
  r.authorization = "Bearer " + tokens_["officer"];
  EXPECT_EQ(api_->Handle(r).status, 200);
  auto created = As("officer", {Method::kPost, "/api/v1/tokens", "", R"({"name":"script","ttl_days":1})"});
  ASSERT_EQ(created.status, 201) << created.body;
  json t = json::parse(created.body);
  Request with_new{Method::kGet, "/api/v1/session"};
  with_new.authorization = "Bearer " + t["token"].get<std::string>();
  EXPECT_EQ(api_->Handle(with_new).status, 200);
  clock_.Advance(std::chrono::hours(25));
  EXPECT_EQ(api_->Handle(with_new).status, 401);
  // Officers revoke their own tokens, not the auditor's.
  const std::int64_t auditor_token = access_->Tokens(ids_["auditor"]).value().front().id;
  EXPECT_EQ(As("officer", {Method::kDelete, "/api/v1/tokens/" + std::to_string(auditor_token)}).status, 404);
  const std::int64_t own = access_->Tokens(ids_["officer"]).value().front().id;
  EXPECT_EQ(As("officer", {Method::kDelete, "/api/v1/tokens/" + std::to_string(own)}).status, 204);
  EXPECT_EQ(api_->Handle(r).status, 401);
  for (const char* bad : {"Bearer ", "Bearer anninh_", "Basic YWRtaW46YWRtaW4=", "Bearer anninh_1_x'; --"}) {
    Request g{Method::kGet, "/api/v1/session"};
    g.authorization = bad;
    EXPECT_EQ(api_->Handle(g).status, 401) << bad;
  }
}

TEST_F(ApiAccessTest, MalformedAndHostileInputGetsAClear4xxAndChangesNothing) {
  const std::int64_t accounts = access_store_->CountAccounts().value();
  for (const char* body : {"{not json", "[]", "null", R"({"username":1,"password":"x"})",
                           R"({"username":"x","password":"y","extra":1})"}) {
    Response r = As("", {Method::kPost, "/api/v1/session", "", body});
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_EQ(Code(r), "invalid_argument");
  }
  EXPECT_EQ(As("", {Method::kPost, "/api/v1/session", "",
                    json({{"username", "' OR '1'='1' --"}, {"password", "' OR '1'='1' --"}}).dump()})
                .status,
            401);
  for (const char* body : {
           R"({"username":"x'); DROP TABLE account; --","password":"mật khẩu dài đủ","role":"viewer"})",
           R"({"username":"ok.name","password":"mật khẩu dài đủ","role":"viewer' OR 1=1 --"})",
           R"({"username":"ok.name","password":"mật khẩu dài đủ","role":"viewer","areas":["a; DROP"]})",
           R"({"username":"ok.name","password":"mật khẩu dài đủ","role":"viewer","grants":["*"]})",
       }) {
    Response r = As("admin", {Method::kPost, "/api/v1/users", "", body});
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
  }
  EXPECT_EQ(access_store_->CountAccounts().value(), accounts);
  // Text that is allowed to hold anything is stored as given, never interpreted.
  Response ok = As("admin", {Method::kPost, "/api/v1/users", "",
                             R"({"username":"xuan.pt","password":"mật khẩu dài đủ","role":"viewer",)"
                             R"("display_name":"Xuân'); DROP TABLE account; --"})"});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["display_name"], "Xuân'); DROP TABLE account; --");
  Response audit = As("admin", {Method::kGet, "/api/v1/audit?actor=%27%20OR%20%271%27%3D%271"});
  ASSERT_EQ(audit.status, 200);
  EXPECT_TRUE(json::parse(audit.body)["entries"].empty());
  EXPECT_EQ(As("admin", {Method::kGet, "/api/v1/users/..%2f1"}).status, 400);
  EXPECT_EQ(As("admin", {Method::kGet, "/api/v1/audit?limit=100000"}).status, 400);
}

TEST_F(ApiAccessTest, FirstRunSetupThroughTheApi) {
  // A fresh database: no accounts, so setup is needed and the token works once.
  testing::TempDir fresh;
  ApiWorld world(fresh.path(), clock_);
  access::AccessControl& control = *world.access;
  auto api_owner = world.MakeApi(clock_);
  Api& api = *api_owner;
  EXPECT_EQ(json::parse(api.Handle({Method::kGet, "/api/v1/setup"}).body)["needed"], true);
  json body = {{"setup_token", "wrong"}, {"username", "admin"}, {"password", kPassword}};
  EXPECT_EQ(api.Handle({Method::kPost, "/api/v1/setup", "", body.dump()}).status, 403);
  body["setup_token"] = control.SetupToken();
  Response made = api.Handle({Method::kPost, "/api/v1/setup", "", body.dump()});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(json::parse(made.body)["user"]["role"], "admin");
  EXPECT_EQ(json::parse(api.Handle({Method::kGet, "/api/v1/setup"}).body)["needed"], false);
  EXPECT_EQ(api.Handle({Method::kPost, "/api/v1/setup", "", body.dump()}).status, 409);
}

TEST_F(ApiAccessTest, AuditRecordsWhoDidWhatAndVerifies) {
  As("officer", {Method::kPost, "/api/v1/holds", "", R"({"camera_id":"cong","from":1,"to":2,"reason":"vụ 7"})"});
  auto holds = AuditRows("hold.add");
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].actor, "officer (token 2)");
  EXPECT_EQ(holds[0].camera_id, "cong");
  EXPECT_EQ(holds[0].remote, "10.0.0.7");
  Response page = As("auditor", {Method::kGet, "/api/v1/audit?action=hold.&limit=1"});
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(json::parse(page.body)["entries"].size(), 1u);
  Response verify = As("auditor", {Method::kGet, "/api/v1/audit/verify"});
  ASSERT_EQ(verify.status, 200);
  EXPECT_EQ(json::parse(verify.body)["ok"], true);
}

}  // namespace
}  // namespace anninh::serve
