// Everything `anninh serve` exposes over HTTP, assembled: the video cache, the API and the
// server. The app starts one with its camera source and index.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "access/access_control.h"
#include "access/audit_log.h"
#include "core/clock.h"
#include "alerts/metrics.h"
#include "core/error.h"
#include "serve/camera_source.h"
#include "serve/analysis_metrics.h"
#include "serve/http_server.h"
#include "store/event_store.h"
#include "store/note_store.h"
#include "store/recording_index.h"

namespace anninh::evidence {
class ExportJobs;
class SiteKey;
}  // namespace anninh::evidence
namespace anninh::awards {
class Book;
}  // namespace anninh::awards
namespace anninh::reports {
class ReportJobs;
}
namespace anninh::movement {
class Registry;
}

namespace anninh::news {
class Newsroom;
}  // namespace anninh::news
namespace anninh::search {
class Index;
}  // namespace anninh::search

namespace anninh::serve {

class EventFeed;
class CameraAdmin;

struct ServiceOptions {
  HttpServerOptions http;
  std::filesystem::path recordings_dir;
  std::filesystem::path cache_dir;  // <data>/cache/video
  std::uint64_t cache_max_bytes = 2'000'000'000;
  std::filesystem::path audit_head;
  std::filesystem::path events_dir;  // <data>/events: event snapshots and thumbnails
  bool secure_cookies = false;
  std::string site_name = "anninh";
  std::string time_zone = "Asia/Ho_Chi_Minh";  // [site] time_zone, for the console's dates
  int utc_offset_minutes = 7 * 60;             // [site] utc_offset_hours: the server's days
  // The web console's built files (web/dist); empty: no console, the API only.
  std::filesystem::path web_root;
  bool live_transcode = true;  // [live] transcode
  int max_transcodes = 1;      // [live] max_transcodes
  std::size_t upload_limit = 32u << 20;  // [http] upload_limit_mb: the largest file an upload route takes
};

// What the service reads and writes besides the recordings; owned by the app.
struct ServiceDeps {
  const CameraSource& cameras;
  store::RecordingIndex& index;
  access::AccessControl& access;
  access::AuditLog& audit;
  const store::AuditStore& audit_store;
  const Clock& clock;
  evidence::ExportJobs* exports = nullptr;        // optional: exports answer 503 without
  const evidence::SiteKey* site_key = nullptr;
  // Optional: the event routes answer 503 without. Both outlive the service.
  store::EventStore* events = nullptr;
  EventFeed* event_feed = nullptr;
  std::function<alerts::AlertMetrics()> alert_metrics = nullptr;  // optional: /metrics adds the alert families
  awards::Book* awards = nullptr;  // optional: commendations and festivals (needs the registry)
  std::function<AnalysisMetrics()> analysis_metrics = nullptr;     // optional: and the analysis ones
  news::Newsroom* newsroom = nullptr;      // optional, with search_index: news and search answer 503 without
  search::Index* search_index = nullptr;
  movement::Registry* registry = nullptr;  // optional: the movement's routes answer 503 without
  reports::ReportJobs* report_jobs = nullptr;  // optional: the report-job routes answer 503 without
  CameraAdmin* camera_admin = nullptr;     // optional: the camera admin routes answer 503 without
  store::NoteStore* notes = nullptr;       // optional: the maintenance-note routes answer 503 without
};

class Service {
 public:
  static Result<std::unique_ptr<Service>> Start(const ServiceOptions& options, const ServiceDeps& deps);
  ~Service();
  void Stop();
  int port() const;
  std::string address() const;

 private:
  struct Impl;
  explicit Service(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace anninh::serve
