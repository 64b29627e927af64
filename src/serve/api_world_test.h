// For the API's unit tests: everything an Api needs, real and in a temporary folder (SQLite
// index, access and audit stores, video cache) with cameras set by the test.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "core/fs.h"
#include "evidence/export_job.h"
#include "evidence/site_key.h"
#include "serve/api.h"
#include "store/sqlite/sqlite_access_store.h"
#include "store/sqlite/sqlite_audit_store.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support/temp_dir.h"

namespace anninh::serve {

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

struct ApiWorld {
  explicit ApiWorld(const std::filesystem::path& dir, const Clock& clock) {
    (void)fs::MakeDirsDurable(dir / "recordings");
    index = store::sqlite::SqliteRecordingIndex::Open(dir / "index.db").value();
    cache = VideoCache::Open({dir / "cache"}).value();
    access_store = store::sqlite::SqliteAccessStore::Open(dir / "index.db").value();
    audit_store = store::sqlite::SqliteAuditStore::Open(dir / "index.db").value();
    audit = access::AuditLog::Open(*audit_store, dir / "audit.head", clock).value();
    access::AccessOptions ao;
    ao.password_cost = access::PasswordCost::Minimum();  // hundreds of sign-ins stay fast
    access = std::make_unique<access::AccessControl>(*access_store, *audit, clock, ao);
    options.recordings_dir = dir / "recordings";
    options.audit_head = dir / "audit.head";
    evidence::ExportJobsOptions eo;
    eo.context = {dir / "recordings", index.get(), &site_key, &clock, dir / "exports", "test site", "anninh test"};
    exports = std::make_unique<evidence::ExportJobs>(std::move(eo));
  }
  // Call after setting `cameras`; the Api reads them on every request anyway.
  std::unique_ptr<Api> MakeApi(const Clock& clock) {
    auto api = std::make_unique<Api>(options, ApiDeps{cameras, *index, *cache, *access, *audit, *audit_store, clock});
    api->EnableEvidence(*exports, site_key);
    return api;
  }

  StaticCameras cameras;
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index;
  std::unique_ptr<VideoCache> cache;
  std::unique_ptr<store::sqlite::SqliteAccessStore> access_store;
  std::unique_ptr<store::sqlite::SqliteAuditStore> audit_store;
  std::unique_ptr<access::AuditLog> audit;
  std::unique_ptr<access::AccessControl> access;
  evidence::SiteKey site_key = evidence::SiteKey::Generate();
  std::unique_ptr<evidence::ExportJobs> exports;  // after everything it reads
  ApiOptions options;
};

}  // namespace anninh::serve
