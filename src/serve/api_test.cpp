// The API's handlers against a real SQLite index, real segment files (encoded H.264) and
// the real cache, without sockets: what each route answers, and what it refuses.
#include "serve/api.h"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/fs.h"
#include "media/segment_probe.h"
#include "serve/api_world_test.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::serve {
namespace {

using nlohmann::json;

constexpr WallNs kT0 = 1'750'000'000'000'000'000;  // 2025-06-15T15:06:40Z
constexpr WallNs kSecond = kNsPerSecond;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CameraView cam = StreamingCamera("cong", "Cổng UBND xã", "");
    cam.streams[0].recorder.last_error = "disk full";
    world_.cameras.cameras.push_back(cam);
    auto admin = world_.access->CreateAccount({"test", ""}, {"admin", "", "mật khẩu dài đủ", "admin", {}, {}}).value();
    token_ = world_.access->CreateToken({"test", ""}, admin.id, "api test", std::chrono::seconds(0)).value().token;
    api_ = world_.MakeApi(clock_);
  }

  // As the administrator, through an API token.
  Response Send(Request r) {
    r.authorization = "Bearer " + token_;
    return api_->Handle(r);
  }

  // Records `seconds` of video starting at `start` as one indexed segment.
  void Record(WallNs start, int seconds, const std::string& camera = "cong") {
    ASSERT_NO_FATAL_FAILURE(world_.Record(video_, start, seconds, camera));
  }

  Response Get(const std::string& target, const std::string& range = "") {
    return Send({Method::kGet, target, range, ""});
  }
  static std::string Code(const Response& r) { return json::parse(r.body)["error"]["code"]; }
  static std::string Bytes(const FileSlice& f) {
    std::string out(f.length, '\0');
    EXPECT_EQ(::pread(f.file->fd(), out.data(), f.length, static_cast<off_t>(f.offset)),
              static_cast<ssize_t>(f.length));
    return out;
  }
  std::string VideoTarget(WallNs from, WallNs to) {
    return "/api/v1/cameras/cong/video.mp4?from=" + std::to_string(from) + "&to=" + std::to_string(to);
  }
  std::size_t CachedFiles() {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_ / "cache")) n += e.path().extension() == ".mp4";
    return n;
  }

  testing::TempDir dir_;
  SimulatedClock clock_{kT0 + 3600 * kSecond};
  ApiWorld world_{dir_.path(), clock_};
  std::unique_ptr<store::sqlite::SqliteRecordingIndex>& index_ = world_.index;
  testing::SyntheticVideo video_{320, 240, 25, 25};
  std::string token_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, HealthzSaysOk) {
  Response r = Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["status"], "ok");
}

TEST_F(ApiTest, CamerasShowConfigAndLiveState) {
  Response r = Get("/api/v1/cameras");
  ASSERT_EQ(r.status, 200);
  json j = json::parse(r.body);
  ASSERT_EQ(j["cameras"].size(), 1u);
  const json& cam = j["cameras"][0];
  EXPECT_EQ(cam["id"], "cong");
  EXPECT_EQ(cam["name"], "Cổng UBND xã");
  const json& s = cam["streams"][0];
  EXPECT_EQ(s["name"], "main");
  EXPECT_EQ(s["url"], "rtsp://admin:***@10.0.0.5/main");
  EXPECT_EQ(s["state"], "streaming");
  EXPECT_EQ(s["codec"], "h264");
  EXPECT_EQ(s["width"], 320);
  EXPECT_EQ(s["recorder"]["last_error"], "disk full");
  EXPECT_TRUE(s.contains("since_ns"));
}

TEST_F(ApiTest, RecordingsListSegmentsAndGapsInTheRange) {
  Record(kT0, 2);
  Record(kT0 + 2 * kSecond, 2);
  std::vector<store::GapRow> gaps{{0, "cong", "main", kT0 + 4 * kSecond, kT0 + 9 * kSecond, "stalled"}};
  ASSERT_TRUE(index_->Commit({}, gaps).has_value());
  Record(kT0 + 9 * kSecond, 2);

  Response r = Get("/api/v1/cameras/cong/recordings?from=" + std::to_string(kT0 + 3 * kSecond) +
                   "&to=2025-06-15T15:06:50Z");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  ASSERT_EQ(j["segments"].size(), 2u);  // [2,4) and [9,11) overlap [3,10)
  EXPECT_EQ(j["segments"][0]["start_ns"], kT0 + 2 * kSecond);
  EXPECT_EQ(j["segments"][0]["start"], "2025-06-15T15:06:42.000Z");
  EXPECT_EQ(j["segments"][0]["frames"], 50);
  ASSERT_EQ(j["gaps"].size(), 1u);
  EXPECT_EQ(j["gaps"][0]["reason"], "stalled");
  EXPECT_FALSE(j["segments"][0].contains("path"));  // file layout stays private
}

// Recordings page by segment; each gap comes once, on the page whose time it starts in.
TEST_F(ApiTest, RecordingsWalkInPagesAndEveryGapComesOnce) {
  for (int i = 0; i < 5; ++i) Record(kT0 + i * 4 * kSecond, 2);  // [0,2) [4,6) [8,10) ...
  std::vector<store::GapRow> gaps;
  for (int i = 0; i < 4; ++i) {
    gaps.push_back({0, "cong", "main", kT0 + (i * 4 + 2) * kSecond, kT0 + (i * 4 + 4) * kSecond, "stalled"});
  }
  ASSERT_TRUE(index_->Commit({}, gaps).has_value());
  const std::string base = "/api/v1/cameras/cong/recordings?from=" + std::to_string(kT0) +
                           "&to=" + std::to_string(kT0 + 60 * kSecond) + "&limit=2";
  std::vector<std::int64_t> starts, gap_starts;
  std::string cursor;
  int pages = 0;
  for (; pages < 10; ++pages) {
    Response r = Get(base + cursor);
    ASSERT_EQ(r.status, 200) << r.body;
    json j = json::parse(r.body);
    ASSERT_LE(j["segments"].size(), 2u);
    for (const json& s : j["segments"]) starts.push_back(s["start_ns"].get<std::int64_t>());
    for (const json& g : j["gaps"]) gap_starts.push_back(g["start_ns"].get<std::int64_t>());
    if (j["next"].is_null()) break;
    cursor = "&cursor=" + j["next"].get<std::string>();
  }
  EXPECT_EQ(pages + 1, 3);
  ASSERT_EQ(starts.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(starts[static_cast<std::size_t>(i)], kT0 + i * 4 * kSecond);
  ASSERT_EQ(gap_starts.size(), 4u) << "every gap once";
  for (int i = 0; i < 4; ++i) EXPECT_EQ(gap_starts[static_cast<std::size_t>(i)], kT0 + (i * 4 + 2) * kSecond);
}

TEST_F(ApiTest, RecordingsRefuseBadInputWithClearErrors) {
  struct Case {
    std::string target;
    int status;
    std::string code;
  } cases[] = {
      {"/api/v1/cameras/nope/recordings", 404, "not_found"},
      {"/api/v1/cameras/cong/recordings?from=yesterday", 400, "invalid_argument"},
      {"/api/v1/cameras/cong/recordings?from=10&to=10", 400, "invalid_argument"},
      {"/api/v1/cameras/cong/recordings?from=20&to=10", 400, "invalid_argument"},
      {"/api/v1/cameras/cong/recordings?form=10", 400, "invalid_argument"},
      {"/api/v1/cameras/cong/recordings?stream=sub", 404, "not_found"},
      {"/api/v1/cameras/%2e%2e/recordings", 400, "invalid_argument"},
      {"/api/v1/cameras/cong%2f..%2f..%2fetc/recordings", 400, "invalid_argument"},
      {"/api/v1/cameras/%252e%252e/recordings", 400, "invalid_argument"},
      {"/api/v1/cameras/cong%00/recordings", 400, "invalid_argument"},
      {"/api/v1/cameras/cong/recordings/", 404, "not_found"},
  };
  for (const Case& c : cases) {
    Response r = Get(c.target);
    EXPECT_EQ(r.status, c.status) << c.target << ": " << r.body;
    EXPECT_EQ(Code(r), c.code) << c.target;
    EXPECT_FALSE(json::parse(r.body)["error"]["message"].get<std::string>().empty());
  }
}

TEST_F(ApiTest, VideoIsTheRequestedRangeAndHonoursByteRanges) {
  Record(kT0, 2);
  Record(kT0 + 2 * kSecond, 2);
  Response r = Get(VideoTarget(kT0 + 1500 * kNsPerMs, kT0 + 3500 * kNsPerMs));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "video/mp4");
  ASSERT_TRUE(r.file.has_value());
  const std::string whole = Bytes(*r.file);
  EXPECT_EQ(r.file->length, r.file->file->size());
  {
    std::ofstream(dir_ / "got.mp4", std::ios::binary) << whole;
    auto probe = media::ProbeSegment(dir_ / "got.mp4").value();
    EXPECT_EQ(probe.video_frames, 63);  // from the keyframe at 1 s to the frame at 3.48 s
    EXPECT_TRUE(probe.starts_with_keyframe);
  }
  auto header = [&](const Response& res, const std::string& name) {
    for (const auto& [k, v] : res.headers) {
      if (k == name) return v;
    }
    return std::string();
  };
  EXPECT_EQ(header(r, "Accept-Ranges"), "bytes");

  Response part = Get(VideoTarget(kT0 + 1500 * kNsPerMs, kT0 + 3500 * kNsPerMs), "bytes=100-1099");
  ASSERT_EQ(part.status, 206);
  EXPECT_EQ(header(part, "Content-Range"), "bytes 100-1099/" + std::to_string(whole.size()));
  EXPECT_EQ(Bytes(*part.file), whole.substr(100, 1000));

  Response tail = Get(VideoTarget(kT0 + 1500 * kNsPerMs, kT0 + 3500 * kNsPerMs), "bytes=-10");
  ASSERT_EQ(tail.status, 206);
  EXPECT_EQ(Bytes(*tail.file), whole.substr(whole.size() - 10));

  Response bad = Get(VideoTarget(kT0 + 1500 * kNsPerMs, kT0 + 3500 * kNsPerMs),
                     "bytes=" + std::to_string(whole.size()) + "-");
  EXPECT_EQ(bad.status, 416);
  EXPECT_EQ(Code(bad), "range_not_satisfiable");
  EXPECT_EQ(header(bad, "Content-Range"), "bytes */" + std::to_string(whole.size()));
  EXPECT_FALSE(bad.file.has_value());
}

TEST_F(ApiTest, VideoIsAssembledOnceAndAgainWhenTheRangeGainsSegments) {
  Record(kT0, 2);
  const std::string target = VideoTarget(kT0, kT0 + 10 * kSecond);
  ASSERT_EQ(Get(target).status, 200);
  ASSERT_EQ(Get(target).status, 200);
  EXPECT_EQ(CachedFiles(), 1u);
  Record(kT0 + 2 * kSecond, 2);  // recording went on: the same URL now covers more
  Response r = Get(target);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(CachedFiles(), 2u);
  std::ofstream(dir_ / "got.mp4", std::ios::binary) << Bytes(*r.file);
  EXPECT_EQ(media::ProbeSegment(dir_ / "got.mp4").value().video_frames, 100);
}

TEST_F(ApiTest, VideoRefusesBadRangesAndMissingRecordings) {
  Record(kT0, 2);
  struct Case {
    std::string target;
    int status;
  } cases[] = {
      {"/api/v1/cameras/cong/video.mp4", 400},                                    // from/to required
      {"/api/v1/cameras/cong/video.mp4?from=5", 400},
      {VideoTarget(kT0 + kSecond, kT0), 400},                                     // backwards
      {VideoTarget(kT0, kT0 + 7 * 3600 * kSecond), 400},                          // too long
      {VideoTarget(kT0 - 100 * kSecond, kT0 - 50 * kSecond), 404},                // nothing recorded
      {"/api/v1/cameras/ghost/video.mp4?from=1&to=2", 404},                       // no such camera
      {VideoTarget(kT0, kT0 + kSecond) + "&stream=sub", 404},                     // no such stream
      {VideoTarget(kT0, kT0 + kSecond) + "&stream=..%2f..%2fmain", 400},          // encoded slash
      {"/api/v1/cameras/cong/video.mp4%00?from=1&to=2", 400},
      {"/api/v1/cameras/cong/..%2fvideo.mp4?from=1&to=2", 400},
  };
  for (const Case& c : cases) {
    Response r = Get(c.target);
    EXPECT_EQ(r.status, c.status) << c.target << ": " << r.body;
    EXPECT_FALSE(r.file.has_value());
    EXPECT_NO_THROW((void)json::parse(r.body)["error"]["code"].get<std::string>()) << c.target;
  }
}

TEST_F(ApiTest, AnIndexRowNamingAPathOutsideTheRecordingsIsNeverOpened) {
  std::ofstream(dir_ / "secret.mp4") << "not for you";
  store::SegmentRow row;
  row.camera_id = "cong";
  row.stream = "main";
  row.path = "../secret.mp4";
  row.start = kT0;
  row.end = kT0 + kSecond;
  std::vector<store::SegmentRow> rows{row};
  ASSERT_TRUE(index_->Commit(rows, {}).has_value());
  Response r = Get(VideoTarget(kT0, kT0 + kSecond));
  EXPECT_EQ(r.status, 500);
  EXPECT_FALSE(r.file.has_value());
}

TEST_F(ApiTest, MetricsAreText) {
  Response r = Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("anninh_stream_state{camera=\"cong\",name=\"Cổng UBND xã\",stream=\"main\",state=\"streaming\"} 1"),
            std::string::npos);
  EXPECT_NE(r.body.find("anninh_disk_free_bytes "), std::string::npos);
}

TEST_F(ApiTest, HoldRequestsAreValidatedBeforeTheStore) {
  struct Case {
    std::string body;
    int status;
  } cases[] = {
      {"{not json", 400},
      {"[1,2]", 400},
      {R"({"from":"2025-06-15T00:00:00Z","to":"2025-06-16T00:00:00Z","reason":"x"})", 400},  // no camera
      {R"({"camera_id":"ghost","from":1,"to":2,"reason":"x"})", 404},
      {R"({"camera_id":"cong","from":"yesterday","to":2,"reason":"x"})", 400},
      {R"({"camera_id":"cong","from":5,"to":5,"reason":"x"})", 400},
      {R"({"camera_id":"cong","from":1,"to":2})", 400},  // no reason
      {R"({"camera_id":"cong","from":1,"to":2,"reason":""})", 400},
      {R"({"camera_id":7,"from":1,"to":2,"reason":"x"})", 400},
  };
  for (const Case& c : cases) {
    Response r = Send({Method::kPost, "/api/v1/holds", "", c.body});
    EXPECT_EQ(r.status, c.status) << c.body << ": " << r.body;
    EXPECT_NO_THROW((void)json::parse(r.body)["error"]["code"].get<std::string>());
  }
  EXPECT_EQ(Send({Method::kDelete, "/api/v1/holds/abc", "", ""}).status, 400);
  EXPECT_EQ(Send({Method::kDelete, "/api/v1/holds/-1", "", ""}).status, 400);
  EXPECT_EQ(Send({Method::kDelete, "/api/v1/holds/%2e%2e", "", ""}).status, 400);
  EXPECT_EQ(Send({Method::kPut, "/api/v1/holds", "", ""}).status, 405);
  EXPECT_EQ(Get("/api/v1/holds?camera=ghost").status, 404);
}

TEST_F(ApiTest, HoldsArePlacedListedAndReleased) {
  Response added = Send({Method::kPost, "/api/v1/holds", "",
                                 R"({"camera_id":"cong","from":"2025-06-15T15:00:00Z",)"
                                 R"("to":"2025-06-15T16:00:00Z","reason":"vụ việc 12/2026"})"});
  ASSERT_EQ(added.status, 201) << added.body;
  json hold = json::parse(added.body);
  const std::int64_t id = hold["id"];
  EXPECT_GT(id, 0);
  EXPECT_EQ(hold["reason"], "vụ việc 12/2026");
  EXPECT_EQ(hold["created_by"], "admin (token 1)");  // who placed it, not what the body claims
  EXPECT_EQ(hold["from"], "2025-06-15T15:00:00.000Z");

  json list = json::parse(Get("/api/v1/holds?camera=cong").body);
  ASSERT_EQ(list["holds"].size(), 1u);
  EXPECT_EQ(list["holds"][0]["id"], id);

  Response released = Send({Method::kDelete, "/api/v1/holds/" + std::to_string(id), "", ""});
  EXPECT_EQ(released.status, 204);
  EXPECT_TRUE(released.body.empty());
  EXPECT_EQ(json::parse(Get("/api/v1/holds").body)["holds"].size(), 0u);
  Response again = Send({Method::kDelete, "/api/v1/holds/" + std::to_string(id), "", ""});
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(Code(again), "not_found");
}

}  // namespace
}  // namespace anninh::serve
