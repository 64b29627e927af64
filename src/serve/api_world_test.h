// For the API's unit tests: everything an Api needs, real and in a temporary folder (SQLite
// index, access and audit stores, video cache) with cameras set by the test, and real
// recorded segments (encoded H.264 in fMP4, indexed) for the playback routes.
#pragma once

#include <unistd.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/fs.h"
#include "evidence/export_job.h"
#include "evidence/site_key.h"
#include "media/fmp4_writer.h"
#include "awards/book.h"
#include "movement/registry.h"
#include "news/newsroom.h"
#include "search/index.h"
#include "record/layout.h"
#include "reports/report_jobs.h"
#include "serve/api.h"
#include "serve/event_feed.h"
#include "store/sqlite/sqlite_access_store.h"
#include "store/sqlite/sqlite_audit_store.h"
#include "store/sqlite/sqlite_note_store.h"
#include "store/sqlite/sqlite_event_store.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::serve {

// A fixed instant (2025-06-15T15:06:40Z) and a password the policy accepts, for API tests.
inline constexpr WallNs kWorldT0 = 1'750'000'000'000'000'000;
inline const std::string kWorldPassword = "mật khẩu dài đủ";

// The configured cameras, as the app would report them.
class StaticCameras final : public CameraSource {
 public:
  std::vector<CameraView> Cameras() const override { return cameras; }
  live::LiveStream* Live(const std::string& camera_id, const std::string& stream) const override {
    auto it = live.find(camera_id + "/" + stream);
    return it == live.end() ? nullptr : it->second;
  }
  std::vector<CameraView> cameras;
  std::map<std::string, live::LiveStream*> live;  // "camera/stream"
};

// A camera whose recorded main stream is live: H.264, 320x240, streaming.
inline CameraView StreamingCamera(const std::string& id, const std::string& name, const std::string& area) {
  CameraView cam;
  cam.id = id;
  cam.name = name;
  cam.area = area;
  StreamView main;
  main.name = "main";
  main.redacted_url = "rtsp://admin:***@10.0.0.5/main";
  main.record = true;
  main.running = true;
  main.ingest.state = ingest::StreamState::kStreaming;
  main.ingest.codec = "h264";
  main.ingest.width = 320;
  main.ingest.height = 240;
  cam.streams.push_back(main);
  return cam;
}

struct ApiWorld {
  explicit ApiWorld(const std::filesystem::path& dir, const Clock& clock) {
    (void)fs::MakeDirsDurable(dir / "recordings");
    index = store::sqlite::SqliteRecordingIndex::Open(dir / "index.db").value();
    cache = VideoCache::Open({dir / "cache"}).value();
    access_store = store::sqlite::SqliteAccessStore::Open(dir / "index.db").value();
    audit_store = store::sqlite::SqliteAuditStore::Open(dir / "index.db").value();
    event_store = store::sqlite::SqliteEventStore::Open(dir / "index.db").value();
    notes = store::sqlite::SqliteNoteStore::Open(dir / "index.db").value();
    event_feed = std::make_unique<EventFeed>(event_store.get());
    events_dir = dir / "events";
    audit = access::AuditLog::Open(*audit_store, dir / "audit.head", clock).value();
    access::AccessOptions ao;
    ao.password_cost = access::PasswordCost::Minimum();  // hundreds of sign-ins stay fast
    access = std::make_unique<access::AccessControl>(*access_store, *audit, clock, ao);
    options.recordings_dir = dir / "recordings";
    options.audit_head = dir / "audit.head";
    evidence::ExportJobsOptions eo;
    eo.context = {dir / "recordings", index.get(), &site_key, &clock, dir / "exports", "test site", "anninh test"};
    exports = std::make_unique<evidence::ExportJobs>(std::move(eo));
    registry = movement::Registry::Open(dir / "index.db", dir / "attachments", clock).value();
    book = awards::Book::Open(dir / "index.db", dir / "photos", clock).value();
    reports::ReportJobsOptions ro;
    ro.registry = registry.get();
    ro.book = book.get();
    ro.index = index.get();
    ro.clock = &clock;
    ro.dir = dir / "reports";
    report_jobs = std::make_unique<reports::ReportJobs>(std::move(ro));
    newsroom = news::Newsroom::Open(dir / "index.db", dir / "news" / "images", clock).value();
    search_index = search::Index::Open(dir / "index.db").value();
  }
  // Call after setting `cameras`; the Api reads them on every request anyway.
  std::unique_ptr<Api> MakeApi(const Clock& clock) {
    auto api = std::make_unique<Api>(options, ApiDeps{cameras, *index, *cache, *access, *audit, *audit_store, clock});
    api->EnableEvidence(*exports, site_key);
    api->EnableEvents(*event_store, *event_feed, events_dir);
    api->EnableMovement(*registry);
    api->EnableAwards(*book);
    api->EnableReports(*report_jobs);
    api->EnableNotes(*notes);
    api->EnableNews(*newsroom, *search_index);
    return api;
  }

  // Records `seconds` of `video` starting at `start` as one indexed segment of the camera's
  // main stream. Fails the test (not returns) on error; call through ASSERT_NO_FATAL_FAILURE.
  void Record(testing::SyntheticVideo& video, WallNs start, int seconds, const std::string& camera) {
    const std::string rel = record::SegmentRelPath(camera, "main", start);
    auto path = options.recordings_dir / rel;
    ASSERT_TRUE(fs::MakeDirsDurable(path.parent_path()).has_value());
    auto writer = media::Fmp4Writer::Create(path, video.info()).value();
    std::int64_t first = -1;
    for (int i = 0; i < seconds * 25; ++i) {
      media::Packet p = video.Next();
      if (first < 0) first = p.dts;
      p.dts -= first;
      p.pts -= first;
      ASSERT_TRUE(writer->Write(p).has_value());
    }
    auto done = writer->Finish().value();
    ::close(done.fd);
    store::SegmentRow row;
    row.camera_id = camera;
    row.stream = "main";
    row.path = rel;
    row.start = start;
    row.end = start + seconds * kNsPerSecond;
    row.frames = done.frames;
    row.bytes = done.bytes;
    row.sha256 = done.sha256;
    row.codec = "h264";
    std::vector<store::SegmentRow> rows{row};
    ASSERT_TRUE(index->Commit(rows, {}).has_value());
  }

  StaticCameras cameras;
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index;
  std::unique_ptr<VideoCache> cache;
  std::unique_ptr<store::sqlite::SqliteAccessStore> access_store;
  std::unique_ptr<store::sqlite::SqliteAuditStore> audit_store;
  std::unique_ptr<store::sqlite::SqliteEventStore> event_store;
  std::unique_ptr<store::sqlite::SqliteNoteStore> notes;
  std::unique_ptr<EventFeed> event_feed;
  std::filesystem::path events_dir;
  std::unique_ptr<access::AuditLog> audit;
  std::unique_ptr<access::AccessControl> access;
  evidence::SiteKey site_key = evidence::SiteKey::Generate();
  std::unique_ptr<evidence::ExportJobs> exports;  // after everything it reads
  std::unique_ptr<movement::Registry> registry;  // movement records
  std::unique_ptr<awards::Book> book;            // commendations and festivals
  std::unique_ptr<reports::ReportJobs> report_jobs;  // after the registry it reads
  std::unique_ptr<news::Newsroom> newsroom;
  std::unique_ptr<search::Index> search_index;
  ApiOptions options;
};

// A test of routes with real access control: an Api over its own world on 2025-09-23, and
// people signed in with a role and areas. As() sends a request as one of them, Ok() also
// checks the status and gives back the JSON answer.
class ApiPeopleTest : public ::testing::Test {
 protected:
  struct Person {
    const char* name;
    const char* role;
    std::vector<std::string> areas;
  };

  // Builds the Api, imports the administrative units `units` (CSV) and creates each person
  // with an API token. Call from SetUp through ASSERT_NO_FATAL_FAILURE.
  void Populate(const char* units, std::initializer_list<Person> people) {
    api_ = world_.MakeApi(clock_);
    ASSERT_TRUE(world_.registry->ImportUnits(units, false));
    for (const Person& w : people) {
      auto a = world_.access->CreateAccount({"test", ""}, {w.name, "", kWorldPassword, w.role, w.areas, {}});
      ASSERT_TRUE(a) << a.error().ToString();
      tokens_[w.name] = world_.access->CreateToken({"test", ""}, a->id, "t", std::chrono::seconds(0)).value().token;
    }
  }

  Response As(const std::string& who, Method m, const std::string& target, const nlohmann::json& body = nullptr) {
    return Raw(who, m, target, body.is_null() ? "" : body.dump());
  }
  // A raw body (an upload), not JSON.
  Response Raw(const std::string& who, Method m, const std::string& target, std::string body) {
    Request r{m, target, "", std::move(body)};
    r.authorization = "Bearer " + tokens_[who];
    r.remote = "10.0.0.9";
    return api_->Handle(r);
  }
  nlohmann::json Ok(int status, const std::string& who, Method m, const std::string& target,
                    const nlohmann::json& body = nullptr) {
    Response r = As(who, m, target, body);
    EXPECT_EQ(r.status, status) << target << ": " << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }
  std::size_t AuditCount(const std::string& action) {
    store::AuditQuery q;
    q.action = action;
    return world_.audit_store->Query(q).value().size();
  }

  testing::TempDir dir_;
  SimulatedClock clock_{kWorldT0 + 100LL * 24 * 3600 * kNsPerSecond};  // 2025-09-23
  ApiWorld world_{dir_.path(), clock_};
  std::unique_ptr<Api> api_;
  std::map<std::string, std::string> tokens_;
};

}  // namespace anninh::serve
