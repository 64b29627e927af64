// GET /api/v1/timeline: several cameras in one answer, spans and gaps clipped to the range,
// camera scope (a camera the caller cannot see is as unknown as a missing one), bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "serve/api_world_test.h"

namespace anninh::serve {
namespace {

using nlohmann::json;

constexpr WallNs kT0 = kWorldT0;
constexpr WallNs kS = kNsPerSecond;

class ApiTimelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto [id, area] : {std::pair{"cong", "thon-dong"}, std::pair{"cho", "thon-tay"}}) {
      world_.cameras.cameras.push_back(StreamingCamera(id, id, area));
    }
    api_ = world_.MakeApi(clock_);
    // An officer sees every camera; a viewer granted playback sees only thon-dong's.
    for (auto [role, areas] : {std::pair{"officer", std::vector<std::string>{}},
                               std::pair{"viewer", std::vector<std::string>{"thon-dong"}}}) {
      auto a = world_.access->CreateAccount({"test", ""},
                                            {role, "", kWorldPassword, role, areas, {"playback"}});
      ASSERT_TRUE(a) << a.error().ToString();
      tokens_[role] = world_.access->CreateToken({"test", ""}, a->id, "t", std::chrono::seconds(0))
                          .value()
                          .token;
    }
    // cong: [0, 120) in two segments, a stall [120, 300), then [300, 360). cho: [0, 60).
    std::vector<store::SegmentRow> segs = {Seg("cong", 0, 60), Seg("cong", 60, 120),
                                           Seg("cong", 300, 360), Seg("cho", 0, 60)};
    std::vector<store::GapRow> gaps = {
        {0, "cong", "main", kT0 + 120 * kS, kT0 + 300 * kS, "stalled"}};
    ASSERT_TRUE(world_.index->Commit(segs, gaps).has_value());
  }
  static store::SegmentRow Seg(const std::string& cam, WallNs from_s, WallNs to_s) {
    store::SegmentRow r;
    r.camera_id = cam;
    r.stream = "main";
    r.path = cam + "/" + std::to_string(from_s) + ".mp4";
    r.start = kT0 + from_s * kS;
    r.end = kT0 + to_s * kS;
    r.sha256 = "ab";
    r.codec = "h264";
    return r;
  }
  Response Get(const std::string& query, const std::string& role = "officer") {
    Request r{Method::kGet, "/api/v1/timeline" + query};
    r.authorization = "Bearer " + tokens_[role];
    return api_->Handle(r);
  }
  // Seconds after kT0 of one camera's [start, end) pairs under `key`.
  static std::vector<std::pair<WallNs, WallNs>> Ranges(const json& cam, const char* key) {
    std::vector<std::pair<WallNs, WallNs>> out;
    for (const json& s : cam[key]) {
      out.emplace_back((s["start_ns"].get<WallNs>() - kT0) / kS,
                       (s["end_ns"].get<WallNs>() - kT0) / kS);
    }
    return out;
  }
  static std::string Range(WallNs from_s, WallNs to_s) {
    return "from=" + std::to_string(kT0 + from_s * kS) + "&to=" + std::to_string(kT0 + to_s * kS);
  }
  static std::string Field(const Response& r) {
    return json::parse(r.body)["error"].value("field", "");
  }

  testing::TempDir dir_;
  SimulatedClock clock_{kT0 + 3600 * kS};
  ApiWorld world_{dir_.path(), clock_};
  std::unique_ptr<Api> api_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(ApiTimelineTest, SeveralCamerasInOneAnswerClippedToTheRange) {
  Response r = Get("?cameras=cong,cho&" + Range(30, 330));
  ASSERT_EQ(r.status, 200) << r.body;
  const json body = json::parse(r.body);
  EXPECT_EQ(body["from_ns"], kT0 + 30 * kS);
  EXPECT_EQ(body["from"], "2025-06-15T15:07:10.000Z");
  ASSERT_EQ(body["cameras"].size(), 2u);
  const json& cong = body["cameras"][0];
  EXPECT_EQ(cong["id"], "cong");  // in the order asked for
  EXPECT_EQ(cong["stream"], "main");
  EXPECT_EQ(Ranges(cong, "spans"), (std::vector<std::pair<WallNs, WallNs>>{{30, 120}, {300, 330}}));
  EXPECT_EQ(Ranges(cong, "gaps"), (std::vector<std::pair<WallNs, WallNs>>{{120, 300}}));
  EXPECT_EQ(cong["gaps"][0]["reason"], "stalled");
  EXPECT_TRUE(cong["events"].is_array() && cong["events"].empty());
  const json& cho = body["cameras"][1];
  EXPECT_EQ(cho["id"], "cho");
  EXPECT_EQ(Ranges(cho, "spans"), (std::vector<std::pair<WallNs, WallNs>>{{30, 60}}));
  EXPECT_TRUE(cho["gaps"].empty());

  // A range with nothing recorded answers empty lists, not an error; repeats count once.
  const json empty = json::parse(Get("?cameras=cho,cho&" + Range(100, 200)).body);
  ASSERT_EQ(empty["cameras"].size(), 1u);
  EXPECT_TRUE(empty["cameras"][0]["spans"].empty());
  // RFC 3339 works like nanoseconds.
  EXPECT_EQ(Get("?cameras=cong&from=2025-06-15T15:00:00Z&to=2025-06-15T16:00:00Z").status, 200);
}

TEST_F(ApiTimelineTest, WithoutCamerasEveryVisibleCameraAndNoOther) {
  const json officer = json::parse(Get("?" + Range(0, 400)).body);
  ASSERT_EQ(officer["cameras"].size(), 2u);
  const json viewer = json::parse(Get("?" + Range(0, 400), "viewer").body);
  ASSERT_EQ(viewer["cameras"].size(), 1u);
  EXPECT_EQ(viewer["cameras"][0]["id"], "cong");
  // Another village's camera is refused exactly like one that does not exist.
  Response other = Get("?cameras=cong,cho&" + Range(0, 400), "viewer");
  Response ghost = Get("?cameras=cong,ghost&" + Range(0, 400), "viewer");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(ghost.status, 404);
  EXPECT_EQ(json::parse(other.body)["error"]["code"], json::parse(ghost.body)["error"]["code"]);
  EXPECT_EQ(Get("?cameras=cong&" + Range(0, 400), "viewer").status, 200);
  // The sub stream is not configured on these cameras.
  EXPECT_EQ(Get("?cameras=cong&stream=sub&" + Range(0, 400)).status, 404);
  EXPECT_TRUE(json::parse(Get("?stream=sub&" + Range(0, 400)).body)["cameras"].empty());
}

TEST_F(ApiTimelineTest, BadParametersNameTheFieldAtFault) {
  EXPECT_EQ(Field(Get("?cameras=cong&to=" + std::to_string(kT0))), "from");
  EXPECT_EQ(Field(Get("?cameras=cong&from=" + std::to_string(kT0))), "to");
  EXPECT_EQ(Field(Get("?cameras=cong&from=yesterday&to=1")), "from");
  EXPECT_EQ(Get("?cameras=cong&" + Range(10, 5)).status, 400);
  EXPECT_EQ(Field(Get("?cameras=cong&from=0&to=" + std::to_string(401LL * 24 * 3600 * kS))), "to");
  EXPECT_EQ(Get("?cameras=cong&from=0&to=" + std::to_string(400LL * 24 * 3600 * kS)).status, 200);
  EXPECT_EQ(Field(Get("?cameras=&" + Range(0, 10))), "cameras");
  EXPECT_EQ(Field(Get("?cameras=cong,,cho&" + Range(0, 10))), "cameras");
  EXPECT_EQ(Field(Get("?stream=&" + Range(0, 10))), "stream");
  EXPECT_EQ(Field(Get("?camera=cong&" + Range(0, 10))), "camera");
  Request anonymous{Method::kGet, "/api/v1/timeline?" + Range(0, 10)};
  EXPECT_EQ(api_->Handle(anonymous).status, 401);
}

}  // namespace
}  // namespace anninh::serve
