// The console's extras: a recorded picture at a time (GET /api/v1/cameras/{id}/thumbnail.jpg),
// camera health per site day (GET /api/v1/health) and maintenance notes, with their rights,
// their audit and what bad input does (a clear error; nothing recorded is lost).
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "serve/api_world_test.h"

namespace anninh::serve {
namespace {

using nlohmann::json;

constexpr WallNs kT0 = kWorldT0;  // 2025-06-15T15:06:40Z, 22:06:40 in Vietnam
constexpr WallNs kS = kNsPerSecond;
// Local (UTC+7) midnight starting 16/06/2025 is 17:00:00Z on the 15th.
constexpr WallNs kMidnight = kT0 + 6800 * kS;
constexpr WallNs kHour = 3600 * kS;

class ApiConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CameraView cong = StreamingCamera("cong", "Cổng UBND", "thon-dong");
    cong.retention = {30, 48'000'000};
    CameraView cho = StreamingCamera("cho", "Chợ", "thon-tay");
    cho.streams[0].ingest.state = ingest::StreamState::kOffline;
    cho.streams[0].ingest.reason = "unreachable";
    cho.streams[0].ingest.since = kMidnight + kHour;
    world_.cameras.cameras = {cong, cho};
    api_ = world_.MakeApi(clock_);
    for (auto [name, role, areas] : {std::tuple{"admin", "admin", std::vector<std::string>{}},
                                     std::tuple{"officer", "officer", std::vector<std::string>{}},
                                     std::tuple{"viewer", "viewer", std::vector<std::string>{"thon-dong"}}}) {
      auto a = world_.access->CreateAccount({"test", ""}, {name, "", kWorldPassword, role, areas, {}});
      ASSERT_TRUE(a) << a.error().ToString();
      tokens_[name] = world_.access->CreateToken({"test", ""}, a->id, "t", std::chrono::seconds(0)).value().token;
    }
  }

  Response Call(const std::string& who, Method m, const std::string& target, const std::string& body = "") {
    Request r{m, target, "", body};
    r.authorization = "Bearer " + tokens_[who];
    return api_->Handle(r);
  }
  static std::string Header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return {};
  }
  static store::SegmentRow Seg(const std::string& cam, WallNs start, WallNs end, std::uint64_t bytes) {
    store::SegmentRow r;
    r.camera_id = cam;
    r.stream = "main";
    r.path = cam + "/" + std::to_string(start) + ".mp4";
    r.start = start;
    r.end = end;
    r.bytes = bytes;
    r.sha256 = "ab";
    r.codec = "h264";
    return r;
  }

  testing::TempDir dir_;
  SimulatedClock clock_{kMidnight + 12 * kHour};  // noon on 16/06
  ApiWorld world_{dir_.path(), clock_};
  std::unique_ptr<Api> api_;
  std::map<std::string, std::string> tokens_;
  testing::SyntheticVideo video_;
};

TEST_F(ApiConsoleTest, RecordedThumbnailShowsTheKeyframeAtOrBeforeTheMomentAndIsCached) {
  ASSERT_NO_FATAL_FAILURE(world_.Record(video_, kT0, 3, "cong"));
  const std::string base = "/api/v1/cameras/cong/thumbnail.jpg?at=";
  Response a = Call("officer", Method::kGet, base + std::to_string(kT0 + 2 * kS + kS / 2));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.content_type, "image/jpeg");
  EXPECT_EQ(static_cast<unsigned char>(a.body[0]), 0xFF);
  EXPECT_EQ(Header(a, "X-Captured-At"), "2025-06-15T15:06:42.000Z");
  Response b = Call("officer", Method::kGet, base + std::to_string(kT0 + kS / 2));
  EXPECT_EQ(Header(b, "X-Captured-At"), "2025-06-15T15:06:40.000Z");
  EXPECT_NE(a.body, b.body);
  // Cached: the same picture even after the file is gone (it is read once).
  for (const auto& entry : std::filesystem::recursive_directory_iterator(world_.options.recordings_dir)) {
    if (entry.is_regular_file()) std::filesystem::remove(entry.path());
  }
  Response again = Call("officer", Method::kGet, base + std::to_string(kT0 + 2 * kS + kS / 2));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, a.body);
  // Viewing the past is audited once per window, as playback.
  store::AuditQuery q;
  q.action = "playback.thumbnail";
  auto audit = world_.audit_store->Query(q).value();
  EXPECT_EQ(audit.size(), 1u);
}

TEST_F(ApiConsoleTest, ADamagedSegmentIsAClearErrorAndStaysIndexed) {
  ASSERT_NO_FATAL_FAILURE(world_.Record(video_, kT0, 2, "cong"));
  for (const auto& entry : std::filesystem::recursive_directory_iterator(world_.options.recordings_dir)) {
    if (entry.is_regular_file()) std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << std::string(999, 'x');
  }
  Response r = Call("officer", Method::kGet, "/api/v1/cameras/cong/thumbnail.jpg?at=" + std::to_string(kT0 + kS));
  EXPECT_GE(r.status, 500) << r.body;
  EXPECT_FALSE(json::parse(r.body)["error"].value("message", "").empty());
  EXPECT_EQ(world_.index->Segments({"cong", "main", kT0, kT0 + 2 * kS}).value().size(), 1u);
  // Nothing recorded at that moment, an unknown stream, a bad time: 404, 404, 400.
  EXPECT_EQ(Call("officer", Method::kGet, "/api/v1/cameras/cong/thumbnail.jpg?at=" + std::to_string(kT0 - kS)).status, 404);
  EXPECT_EQ(Call("officer", Method::kGet, "/api/v1/cameras/cong/thumbnail.jpg?stream=sub&at=" + std::to_string(kT0)).status, 404);
  EXPECT_EQ(Call("officer", Method::kGet, "/api/v1/cameras/cong/thumbnail.jpg?at=hôm-qua").status, 400);
}

TEST_F(ApiConsoleTest, HealthGivesUptimePerSiteDayOfflineReasonsAndStorageDays) {
  // cong: six hours of today (00:00-06:00 local) in one segment of 6 MB; nothing yesterday.
  std::vector<store::SegmentRow> segs = {Seg("cong", kMidnight, kMidnight + 6 * kHour, 6'000'000),
                                         Seg("cho", kMidnight - 2 * kHour, kMidnight - kHour, 1000)};
  ASSERT_TRUE(world_.index->Commit(segs, {}).has_value());
  Response r = Call("officer", Method::kGet, "/api/v1/health?days=2");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  ASSERT_EQ(j["days"].size(), 2u);
  EXPECT_EQ(j["days"][0]["start"], "2025-06-14T17:00:00.000Z");  // 15/06 00:00 in Vietnam
  EXPECT_EQ(j["days"][1]["start"], "2025-06-15T17:00:00.000Z");
  ASSERT_EQ(j["cameras"].size(), 2u);
  const json& cong = j["cameras"][0];
  EXPECT_EQ(cong["id"], "cong");
  EXPECT_EQ(cong["state"], "online");
  // The site began recording at 22:00 yesterday (cho's oldest footage): the days count
  // from then, not from yesterday's midnight.
  EXPECT_EQ(j["watched_from_ns"], kMidnight - 2 * kHour);
  EXPECT_DOUBLE_EQ(cong["uptime"][0].get<double>(), 0.0);  // nothing in its 2 watched hours
  EXPECT_DOUBLE_EQ(cong["uptime"][1].get<double>(), 0.5);  // 6 of the 12 hours so far today
  EXPECT_NEAR(cong["uptime_total"].get<double>(), 6.0 / 14.0, 1e-9);
  EXPECT_EQ(cong["storage"]["bytes"], 6'000'000);
  EXPECT_DOUBLE_EQ(cong["storage"]["bytes_per_day"].get<double>(), 24'000'000.0);
  // 48 MB allowed at 24 MB a day: two days, fewer than the 30 configured.
  EXPECT_NEAR(cong["storage"]["capacity_days"].get<double>(), 2.0, 1e-9);
  const json& cho = j["cameras"][1];
  EXPECT_EQ(cho["state"], "offline");
  EXPECT_NEAR(cho["uptime"][0].get<double>(), 1.0 / 2.0, 1e-9);
  // Three days back, the first is wholly before the site recorded: no data, not 0 %.
  const json three = json::parse(Call("officer", Method::kGet, "/api/v1/health?days=3").body);
  EXPECT_TRUE(three["cameras"][0]["uptime"][0].is_null());
  EXPECT_DOUBLE_EQ(three["cameras"][0]["uptime"][2].get<double>(), 0.5);
  ASSERT_EQ(j["offline"].size(), 1u);
  EXPECT_EQ(j["offline"][0]["camera_id"], "cho");
  EXPECT_EQ(j["offline"][0]["reason"], "unreachable");
  EXPECT_EQ(j["offline"][0]["since_ns"], kMidnight + kHour);

  // A viewer sees only their village's camera, and its offline list is theirs too.
  const json v = json::parse(Call("viewer", Method::kGet, "/api/v1/health").body);
  ASSERT_EQ(v["cameras"].size(), 1u);
  EXPECT_EQ(v["cameras"][0]["id"], "cong");
  EXPECT_EQ(v["cameras"][0]["uptime"].size(), 7u);
  EXPECT_TRUE(v["offline"].empty());
  EXPECT_EQ(Call("officer", Method::kGet, "/api/v1/health?days=91").status, 400);
  EXPECT_EQ(Call("officer", Method::kGet, "/api/v1/health?day=7").status, 400);
}

TEST_F(ApiConsoleTest, NotesAreAuditedScopedAndBoundedWithoutLosingAny) {
  const std::string path = "/api/v1/cameras/cong/notes";
  Response added = Call("admin", Method::kPost, path, json{{"text", "đã thay bộ nguồn"}}.dump());
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(json::parse(added.body)["author"], "admin (token 1)");  // the caller as the audit log names it
  EXPECT_EQ(Call("admin", Method::kPost, path, json{{"text", std::string(2001, 'x')}}.dump()).status, 400);
  EXPECT_EQ(Call("admin", Method::kPost, path, R"({"text": "x", "extra": 1})").status, 400);
  EXPECT_EQ(Call("admin", Method::kPost, path, "{not json").status, 400);
  EXPECT_EQ(Call("officer", Method::kPost, path, json{{"text", "x"}}.dump()).status, 403);
  const json list = json::parse(Call("viewer", Method::kGet, path).body);
  ASSERT_EQ(list["notes"].size(), 1u) << "only the good note is stored";
  EXPECT_EQ(list["notes"][0]["text"], "đã thay bộ nguồn");
  EXPECT_EQ(Call("viewer", Method::kGet, "/api/v1/cameras/cho/notes").status, 404);
  store::AuditQuery q;
  q.action = "camera.note";
  auto audit = world_.audit_store->Query(q).value();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].camera_id, "cong");
}

}  // namespace
}  // namespace anninh::serve
