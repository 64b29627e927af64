// The event routes through Api::Handle with a real event store: filters, pagination, camera
// scope (another village's events are as unknown as missing ones), reviewing (audited),
// pictures, the timeline's events, and the live feed's per-message checks.
#include <fstream>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "serve/api_world_test.h"
#include "events/event_log.h"
#include "serve/event_json.h"

namespace anninh::serve {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr WallNs kT0 = kWorldT0;
constexpr WallNs kS = kNsPerSecond;

class Output final : public ChannelOutput {
 public:
  void SendText(std::string text) override {
    std::lock_guard lock(mu);
    texts.push_back(std::move(text));
  }
  void SendBinary(std::shared_ptr<const std::string>, Priority) override {}
  void Close(int code, std::string) override {
    std::lock_guard lock(mu);
    closed = code;
  }
  std::size_t Count() {
    std::lock_guard lock(mu);
    return texts.size();
  }
  int Closed() {
    std::lock_guard lock(mu);
    return closed;
  }
  std::mutex mu;
  std::vector<std::string> texts;
  int closed = 0;
};

bool WaitFor(const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  return done();
}

class ApiEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto [id, area] : {std::pair{"cong", "thon-dong"}, std::pair{"cho", "thon-tay"}}) {
      world_.cameras.cameras.push_back(StreamingCamera(id, id, area));
    }
    api_ = world_.MakeApi(clock_);
    for (auto [role, areas] : {std::pair{"officer", std::vector<std::string>{}},
                               std::pair{"viewer", std::vector<std::string>{"thon-dong"}},
                               std::pair{"auditor", std::vector<std::string>{}}}) {
      auto a = world_.access->CreateAccount({"test", ""}, {role, "", kWorldPassword, role, areas, {}});
      ASSERT_TRUE(a) << a.error().ToString();
      ids_[role] = a->id;
      tokens_[role] = world_.access->CreateToken({"test", ""}, a->id, "t", std::chrono::seconds(0)).value().token;
    }
    // Six events, 100 s apart, alternating cameras; the last one still open.
    for (int i = 0; i < 6; ++i) {
      store::EventRow e;
      e.camera_id = i % 2 ? "cho" : "cong";
      e.rule = i < 3 ? "vao-san" : "vuot-rao";
      e.zone = "san";
      e.object_class = i == 2 ? "car" : "person";
      e.start = kT0 + i * 100 * kS;
      e.end = i == 5 ? 0 : e.start + 10 * kS;
      e.last = e.start;
      e.peak_confidence = 0.5;
      e.clip_start = e.start - 5 * kS;
      e.clip_end = e.end ? e.end + 10 * kS : 0;
      ASSERT_TRUE(world_.event_store->Insert(e).has_value());
      rows_.push_back(e);
    }
  }
  Response As(const std::string& role, Method m, const std::string& target, const std::string& body = "") {
    Request r{m, target, "", body};
    r.authorization = "Bearer " + tokens_[role];
    r.remote = "10.0.0.9";
    return api_->Handle(r);
  }
  json List(const std::string& role, const std::string& query = "") {
    Response r = As(role, Method::kGet, "/api/v1/events" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return json::parse(r.body);
  }
  static std::vector<std::int64_t> Ids(const json& list) {
    std::vector<std::int64_t> ids;
    for (const json& e : list["events"]) ids.push_back(e["id"].get<std::int64_t>());
    return ids;
  }
  std::vector<store::AuditRow> Audit(const std::string& action) {
    store::AuditQuery q;
    q.action = action;
    return world_.audit_store->Query(q).value();
  }
  std::string Url(int i) const { return "/api/v1/events/" + std::to_string(rows_[static_cast<std::size_t>(i)].id); }

  testing::TempDir dir_;
  SimulatedClock clock_{kT0 + 3600 * kS};
  ApiWorld world_{dir_.path(), clock_};
  std::unique_ptr<Api> api_;
  std::map<std::string, std::int64_t> ids_;
  std::map<std::string, std::string> tokens_;
  std::vector<store::EventRow> rows_;
};

TEST_F(ApiEventsTest, ListIsNewestFirstFilteredAndScopedToTheCallersCameras) {
  json all = List("officer");
  ASSERT_EQ(all["events"].size(), 6u);
  EXPECT_EQ(all["events"][0]["id"], rows_[5].id);
  EXPECT_EQ(all["events"][0]["open"], true);
  EXPECT_TRUE(all["events"][0]["end"].is_null());
  EXPECT_EQ(all["events"][1]["clip"]["from_ns"], rows_[4].start - 5 * kS);
  EXPECT_EQ(all["events"][1]["clip"]["to_ns"], rows_[4].end + 10 * kS);
  EXPECT_TRUE(all["next"].is_null());

  // The viewer of thon-dong sees cong's events only; asking for cho is as if it did not exist.
  EXPECT_EQ(Ids(List("viewer")), (std::vector<std::int64_t>{rows_[4].id, rows_[2].id, rows_[0].id}));
  Response other = As("viewer", Method::kGet, "/api/v1/events?cameras=cho");
  Response ghost = As("viewer", Method::kGet, "/api/v1/events?cameras=ghost");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(json::parse(other.body)["error"]["message"], "no camera 'cho'");
  EXPECT_EQ(ghost.status, 404);

  EXPECT_EQ(Ids(List("officer", "?cameras=cho")), (std::vector<std::int64_t>{rows_[5].id, rows_[3].id, rows_[1].id}));
  EXPECT_EQ(Ids(List("officer", "?class=car")), (std::vector<std::int64_t>{rows_[2].id}));
  EXPECT_EQ(List("officer", "?rule=vuot-rao")["events"].size(), 3u);
  EXPECT_EQ(List("officer", "?zone=khac")["events"].size(), 0u);
  EXPECT_EQ(List("officer", "?reviewed=false")["events"].size(), 6u);
  EXPECT_EQ(List("officer", "?reviewed=true")["events"].size(), 0u);
  // [150 s, 250 s) overlaps events 1 ([100, 110)? no) and 2 ([200, 210)).
  const std::string range = "?from=" + std::to_string(kT0 + 150 * kS) + "&to=" + std::to_string(kT0 + 250 * kS);
  EXPECT_EQ(Ids(List("officer", range)), (std::vector<std::int64_t>{rows_[2].id}));
}

TEST_F(ApiEventsTest, PagesWithACursorVisitEveryEventOnce) {
  std::vector<std::int64_t> seen;
  std::string query = "?limit=4";
  for (int page = 0; page < 5; ++page) {
    json j = List("officer", query);
    for (std::int64_t id : Ids(j)) seen.push_back(id);
    if (j["next"].is_null()) break;
    query = "?limit=4&cursor=" + j["next"].get<std::string>();
  }
  ASSERT_EQ(seen.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(seen[i], rows_[5 - i].id);
}

TEST_F(ApiEventsTest, BadParametersAreClear400s) {
  for (const char* q : {"?limit=0", "?limit=1001", "?limit=x", "?reviewed=maybe", "?cursor=abc",
                        "?cursor=1.x", "?form=1", "?cameras=cong,,cho", "?from=2&to=1"}) {
    Response r = As("officer", Method::kGet, std::string("/api/v1/events") + q);
    EXPECT_EQ(r.status, 400) << q << ": " << r.body;
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "invalid_argument") << q;
  }
}

TEST_F(ApiEventsTest, OneEventIsScopedLikeItsCamera) {
  Response got = As("viewer", Method::kGet, Url(0));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(json::parse(got.body)["camera_id"], "cong");
  Response other = As("viewer", Method::kGet, Url(1));  // cho's
  Response ghost = As("viewer", Method::kGet, "/api/v1/events/99999");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(ghost.status, 404);
  EXPECT_EQ(json::parse(other.body)["error"]["code"], json::parse(ghost.body)["error"]["code"]);
  EXPECT_EQ(As("viewer", Method::kGet, "/api/v1/events/abc").status, 400);
}

TEST_F(ApiEventsTest, ReviewingNeedsTheRightIsAuditedAndValidated) {
  EXPECT_EQ(As("viewer", Method::kPatch, Url(0), R"({"reviewed":true})").status, 403);
  for (const char* bad : {"", "{}", R"({"reviewed":"yes"})", R"({"reviewed":true,"note":1})", "[true]"}) {
    Response r = As("officer", Method::kPatch, Url(0), bad);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
  }
  EXPECT_FALSE(world_.event_store->Get(rows_[0].id).value()->reviewed) << "nothing changed";
  Response ok = As("officer", Method::kPatch, Url(0), R"({"reviewed":true})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  json e = json::parse(ok.body);
  EXPECT_EQ(e["reviewed"], true);
  EXPECT_EQ(e["reviewed_by"], "officer (token " + std::to_string(world_.access->Tokens(ids_["officer"]).value().front().id) + ")");
  EXPECT_EQ(e["reviewed_at_ns"], clock_.Now());
  auto audit = Audit("event.review");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].camera_id, "cong");
  EXPECT_EQ(audit[0].remote, "10.0.0.9");
  EXPECT_EQ(List("officer", "?reviewed=true")["events"].size(), 1u);
  // And back.
  ASSERT_EQ(As("officer", Method::kPatch, Url(0), R"({"reviewed":false})").status, 200);
  EXPECT_EQ(List("officer", "?reviewed=true")["events"].size(), 0u);
}

TEST_F(ApiEventsTest, PicturesAreServedFromTheEventsFolderOnlyAndAudited) {
  store::EventRow e = rows_[0];
  e.snapshot = "cong/2025-06-15/" + std::to_string(e.id) + ".jpg";
  e.thumbnail = "cong/2025-06-15/" + std::to_string(e.id) + "-thumb.jpg";
  ASSERT_TRUE(world_.event_store->Update(e).has_value());
  std::filesystem::create_directories(world_.events_dir / "cong" / "2025-06-15");
  std::ofstream(world_.events_dir / e.snapshot, std::ios::binary) << "\xFF\xD8 big";
  std::ofstream(world_.events_dir / e.thumbnail, std::ios::binary) << "\xFF\xD8 small";
  Response snap = As("viewer", Method::kGet, Url(0) + "/snapshot.jpg");
  ASSERT_EQ(snap.status, 200) << snap.body;
  EXPECT_EQ(snap.content_type, "image/jpeg");
  EXPECT_EQ(snap.body, "\xFF\xD8 big");
  EXPECT_EQ(As("viewer", Method::kGet, Url(0) + "/thumbnail.jpg").body, "\xFF\xD8 small");
  EXPECT_EQ(As("viewer", Method::kGet, Url(0) + "/snapshot.jpg").status, 200);
  EXPECT_EQ(Audit("event.snapshot").size(), 2u) << "snapshot and thumbnail once each per 10 minutes";
  EXPECT_EQ(json::parse(As("viewer", Method::kGet, Url(0)).body)["snapshot_url"], Url(0) + "/snapshot.jpg");

  EXPECT_EQ(As("viewer", Method::kGet, Url(2) + "/snapshot.jpg").status, 404) << "no picture";
  EXPECT_EQ(As("viewer", Method::kGet, Url(1) + "/snapshot.jpg").status, 404) << "another village";
  // A row that names a file outside the folder (a damaged index) is never served.
  std::ofstream(dir_.path() / "secret.txt") << "secret";
  store::EventRow evil = rows_[4];
  evil.snapshot = "../secret.txt";
  ASSERT_TRUE(world_.event_store->Update(evil).has_value());
  Response refused = As("officer", Method::kGet, Url(4) + "/snapshot.jpg");
  EXPECT_EQ(refused.status, 500);
  EXPECT_EQ(refused.body.find("secret"), std::string::npos);
}

TEST_F(ApiEventsTest, TheTimelineCarriesEvents) {
  Response r = As("officer", Method::kGet,
                  "/api/v1/timeline?cameras=cong,cho&from=" + std::to_string(kT0) + "&to=" + std::to_string(kT0 + 1000 * kS));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  ASSERT_EQ(j["cameras"].size(), 2u);
  EXPECT_EQ(j["cameras"][0]["events"].size(), 3u);
  EXPECT_EQ(j["cameras"][1]["events"].size(), 3u);
  EXPECT_EQ(j["cameras"][1]["events"][0]["open"], true);
  EXPECT_EQ(j["cameras"][0]["events_truncated"], false);
}

TEST_F(ApiEventsTest, TheLiveFeedSendsOnlyVisibleCamerasAndRechecksEachMessage) {
  auto upgrade = [&](const std::string& role, const std::string& origin = "") {
    Request r{Method::kGet, "/api/v1/events/live"};
    r.authorization = "Bearer " + tokens_[role];
    r.host = "anninh.local";
    r.origin = origin;
    return api_->HandleUpgrade(r);
  };
  EXPECT_EQ(upgrade("auditor").refused->status, 403);
  EXPECT_EQ(upgrade("viewer", "https://evil.example").refused->status, 403);
  Upgrade viewer = upgrade("viewer", "https://anninh.local");
  ASSERT_TRUE(viewer.channel) << viewer.refused->body;
  auto out = std::make_shared<Output>();
  viewer.channel->Start(out);
  EXPECT_EQ(world_.event_feed->subscribers(), 1u);

  world_.event_feed->OnEvent(events::ToEvent(rows_[1]), events::Change::kOpened);  // cho
  world_.event_feed->OnEvent(events::ToEvent(rows_[0]), events::Change::kClosed);   // cong
  ASSERT_TRUE(WaitFor([&] { return out->Count() >= 1; }));
  std::this_thread::sleep_for(50ms);
  ASSERT_EQ(out->Count(), 1u) << "cho is another village's camera";
  json msg = json::parse(out->texts[0]);
  EXPECT_EQ(msg["type"], "event");
  EXPECT_EQ(msg["change"], "closed");
  EXPECT_EQ(msg["event"]["id"], rows_[0].id);
  EXPECT_EQ(msg["event"]["camera_id"], "cong");

  // Revoked: the next message closes the subscription instead of being sent.
  ASSERT_TRUE(world_.access->RevokeToken({"test", ""}, world_.access->Tokens(ids_["viewer"]).value().front().id));
  world_.event_feed->OnEvent(events::ToEvent(rows_[2]), events::Change::kOpened);
  ASSERT_TRUE(WaitFor([&] { return out->Closed() != 0; }));
  EXPECT_EQ(out->Closed(), 1008);
  EXPECT_EQ(out->Count(), 1u);
  viewer.channel->Stop();
  EXPECT_EQ(world_.event_feed->subscribers(), 0u);
}

}  // namespace
}  // namespace anninh::serve
