#include "app/server.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "access/access_control.h"
#include "access/audit_log.h"
#include "alerts/dispatcher.h"
#include "app/camera_admin.h"
#include "app/camera_document.h"
#include "app/server_cameras.h"
#include "events/camera_health.h"
#include "events/event_log.h"
#include "evidence/export_job.h"
#include "evidence/site_key.h"
#include "core/fs.h"
#include "ingest/session_factory.h"
#include "live/live_stream.h"
#include "record/persister.h"
#include "record/retention.h"
#include "app/server_analytics.h"
#include "record/stream_recorder.h"
#include "rtsp/event_loop.h"
#include "serve/event_feed.h"
#include "serve/service.h"
#include "awards/book.h"
#include "movement/registry.h"
#include "reports/report_jobs.h"
#include "news/newsroom.h"
#include "search/index.h"
#include "store/sqlite/sqlite_access_store.h"
#include "store/sqlite/sqlite_audit_store.h"
#include "store/sqlite/sqlite_camera_store.h"
#include "store/sqlite/sqlite_event_store.h"
#include "store/sqlite/sqlite_note_store.h"
#include "store/sqlite/sqlite_recording_index.h"

namespace anninh::app {

namespace {

// Where the web console's built files are when the config does not say: installed beside
// the binary (<prefix>/bin/anninh, <prefix>/share/anninh/web), or in the source tree the
// binary was built in (build/<preset>/src/app/anninh, web/dist). Empty: not found.
std::filesystem::path FindWebRoot() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path dir = exe.parent_path();
  for (const std::filesystem::path& candidate :
       {dir / ".." / "share" / "anninh" / "web", dir / ".." / ".." / ".." / ".." / "web" / "dist"}) {
    if (std::filesystem::is_regular_file(candidate / "index.html", ec)) return candidate.lexically_normal();
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<DataDirLock>> DataDirLock::Acquire(const std::filesystem::path& data_dir) {
  if (auto s = fs::MakeDirsDurable(data_dir); !s) return Fail(std::move(s).error());
  auto path = data_dir / "anninh.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(ErrnoError(errno, "open " + path.string()));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Fail(ErrorCode::kFailedPrecondition,
                "another anninh process is using " + data_dir.string() +
                    " (stop it first; the lock is " + path.string() + ")");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0 && ::write(fd, pid.data(), pid.size()) < 0) { /* informative only */ }
  return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() { ::close(fd_); }

namespace {

std::vector<record::CameraRetention> CameraRetentions(const std::vector<CameraConfig>& cameras) {
  std::vector<record::CameraRetention> out;
  for (const CameraConfig& cam : cameras) {
    record::CameraRetention c;
    c.camera_id = cam.id;
    c.limits[static_cast<std::size_t>(store::RetentionClass::kContinuous)] = cam.retention;
    // Footage that shows an event is kept at least as long as continuous footage; it
    // counts against no size limit of its own (the free-space floor still applies).
    const double days = cam.retention.days == 0 ? 0 : std::max(cam.event_days, cam.retention.days);
    c.limits[static_cast<std::size_t>(store::RetentionClass::kEvent)] = {days, 0};
    out.push_back(std::move(c));
  }
  return out;
}

record::RetentionConfig MakeRetentionConfig(const Config& config) {
  record::RetentionConfig rc;
  rc.floor = {config.min_free_percent, config.min_free_bytes};
  rc.interval = config.retention_interval;
  rc.reserve_file = config.data_dir / "retention.reserve";
  rc.cameras = CameraRetentions(config.cameras);
  return rc;
}

// Adds the cameras of the camera store to `config`. A stored camera that no longer
// validates (the file's defaults changed under it) or whose id the file now uses is left
// out and logged: the file wins, and nothing stored is deleted.
void AddStoredCameras(const store::CameraStore& store, Config& config) {
  auto rows = store.List();
  if (!rows) {
    spdlog::error("cameras: the camera store cannot be read: {}", rows.error().ToString());
    return;
  }
  for (const store::CameraRow& row : *rows) {
    if (std::any_of(config.cameras.begin(), config.cameras.end(), [&](const CameraConfig& c) { return c.id == row.id; })) {
      spdlog::error("camera {}: the config file defines it too; the file's settings are used and the stored "
                    "ones ignored (delete one of them)", row.id);
      continue;
    }
    std::vector<ConfigIssue> issues;
    CameraConfig cam = ParseCameraDocument(nlohmann::json::parse(row.document, nullptr, false), config, issues);
    if (!issues.empty()) {
      for (const ConfigIssue& i : issues) spdlog::error("camera {} (stored): {}: {}", row.id, i.key, i.message);
      continue;
    }
    cam.stored = true;
    config.cameras.push_back(std::move(cam));
  }
}

events::EventLogOptions MakeEventLogOptions(const Config& config) {
  events::EventLogOptions o;
  o.events_dir = config.events_dir();
  o.pre_roll = config.event_pre_roll;
  o.post_roll = config.event_post_roll;
  o.max_duration = config.event_max_duration;
  o.default_cooldown = config.event_cooldown;
  o.cooldowns = config.event_cooldowns;
  for (const CameraConfig& cam : config.cameras) {
    // Events go with the footage that shows them: the same days as the event class.
    const double days = cam.retention.days == 0 ? 0 : std::max(cam.event_days, cam.retention.days);
    if (days > 0) o.keep[cam.id] = static_cast<WallNs>(days * 86'400.0 * 1e9);
  }
  return o;
}

// The cameras' state for camera health: online when some stream delivers video; an outage
// is timed from the newest packet of any stream, or, for a camera never heard from, from
// when its streams started trying.
std::vector<events::CameraState> CameraStates(const std::vector<StreamReport>& streams) {
  std::map<std::string, events::CameraState> cams;
  for (const StreamReport& r : streams) {
    const ingest::StreamStatus& st = r.ingest;
    if (st.state == ingest::StreamState::kStopped) continue;
    auto [it, fresh] = cams.try_emplace(r.camera_id, events::CameraState{r.camera_id, false, 0});
    events::CameraState& c = it->second;
    if (st.state == ingest::StreamState::kStreaming) {
      c.since = c.online ? std::min(c.since, st.since) : st.since;
      c.online = true;
    } else if (!c.online) {
      const WallNs since = st.last_packet != 0 ? st.last_packet : st.since;
      c.since = fresh ? since : std::max(c.since, since);
    }
  }
  std::vector<events::CameraState> out;
  for (auto& [id, c] : cams) out.push_back(std::move(c));
  return out;
}

// Each start is audited with the config file's hash; a hash that differs from the last
// start's is recorded as a config change, so edits to cameras, retention or listeners made
// between runs are visible in the audit log.
void AuditStart(const store::AuditStore& store, access::AuditLog& audit, const Config& config) {
  store::AuditQuery q;
  q.action = "server.start";
  q.limit = 1;
  auto last = store.Query(q);
  const std::string detail =
      nlohmann::json({{"config", config.file.string()}, {"config_sha256", config.sha256},
                      {"cameras", config.cameras.size()}})
          .dump();
  if (last && !last->empty()) {
    const auto previous = nlohmann::json::parse(last->front().detail, nullptr, false);
    if (previous.is_object() && previous.value("config_sha256", "") != config.sha256) {
      (void)audit.Record({"system", "config.change", "", 0, 0,
                          nlohmann::json({{"from_sha256", previous.value("config_sha256", "")},
                                          {"to_sha256", config.sha256}})
                              .dump(),
                          "local"});
    }
  }
  if (auto s = audit.Record({"system", "server.start", "", 0, 0, detail, "local"}); !s) {
    spdlog::error("audit: {}", s.error().ToString());
  }
}

}  // namespace

struct Server::Impl {
  Config config;
  std::unique_ptr<DataDirLock> lock;
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index;
  std::unique_ptr<store::sqlite::SqliteAccessStore> access_store;
  std::unique_ptr<store::sqlite::SqliteAuditStore> audit_store;
  std::unique_ptr<access::AuditLog> audit;
  std::unique_ptr<access::AccessControl> access;
  std::unique_ptr<movement::Registry> registry;  // the movement's records
  std::unique_ptr<awards::Book> awards;          // commendations and festivals
  std::unique_ptr<reports::ReportJobs> report_jobs;  // its reports as files
  std::unique_ptr<news::Newsroom> newsroom;       // news and website links
  std::unique_ptr<search::Index> search_index;    // the one search
  std::optional<evidence::SiteKey> site_key;         // none: exports disabled (logged)
  std::unique_ptr<evidence::ExportJobs> exports;
  std::unique_ptr<record::Persister> persister;
  std::unique_ptr<record::Retention> retention;  // the only deleter of media
  // Events (issue 4): the store, the log (analytics' ObservationSink), the WebSocket feed
  // it tells, and camera health fed by a small thread from the streams' state.
  std::unique_ptr<store::sqlite::SqliteEventStore> event_store;
  std::unique_ptr<store::sqlite::SqliteNoteStore> notes;  // maintenance notes (health)
  std::unique_ptr<serve::EventFeed> event_feed;
  std::unique_ptr<events::EventLog> event_log;
  std::unique_ptr<events::CameraHealth> camera_health;
  std::thread health_thread;
  std::mutex health_mu;
  std::condition_variable health_cv;
  bool health_stopping = false;  // guarded by health_mu
  record::RecoveryReport recovery;
  const Clock* clock = nullptr;
  // The native RTSP client's event loop, shared by every rtsp:// TCP stream; declared
  // before the streams so it outlives their sessions. Null with rtsp_client = "ffmpeg".
  std::unique_ptr<rtsp::EventLoop> loop;

  std::unique_ptr<store::sqlite::SqliteCameraStore> camera_store;

  struct Stream {
    std::string camera_id;
    std::string name;
    std::unique_ptr<record::StreamRecorder> recorder;  // null when not recorded
    live::LiveStream* live = nullptr;                  // in `lives`; idle unless watched
    CameraAnalysis analysis;                           // empty when not analysed
    std::unique_ptr<ingest::Session> session;
  };
  // Live views by "camera/stream". Never destroyed before the server: the HTTP server holds
  // pointers to them (Live), and a restarted camera's new session feeds the same one.
  std::map<std::string, std::unique_ptr<live::LiveStream>> lives;
  std::vector<Stream> streams;
  // Guards `streams`, `lives` and `config.cameras`, which cameras changed at run time alter.
  mutable std::mutex streams_mu;
  // Serialises camera changes with each other and with Start/Stop.
  std::mutex apply_mu;

  // One camera's pipelines, not started. Errors: its analysis cannot be built.
  Result<std::vector<Stream>> BuildStreams(const CameraConfig& cam);
  // Alerts (docs/design/0010-alerts.md): null when [alerts] is absent or disabled. Declared
  // after the streams: analytics, through the event log, reports into it.
  std::unique_ptr<alerts::Dispatcher> alerts;
  bool started = false;
  // HTTP (issue 3): declared last so it is destroyed first; it reads everything above.
  std::unique_ptr<ServerCameras> cameras;
  std::unique_ptr<ServerCameraAdmin> camera_admin;
  std::unique_ptr<serve::Service> http;
};

Result<std::vector<Server::Impl::Stream>> Server::Impl::BuildStreams(const CameraConfig& cam) {
  std::vector<Stream> out;
  if (!cam.enabled) return out;
  for (const auto* stream : {&cam.main, &cam.sub}) {
    if (!stream->has_value()) continue;
    const StreamConfig& sc = **stream;
    Stream s;
    s.camera_id = cam.id;
    s.name = sc.options.stream;
    std::vector<media::PacketSink*> sinks;
    if (sc.record) {
      auto last = index->LastSegment(cam.id, sc.options.stream);
      std::optional<WallNs> last_end;
      if (last && last->has_value()) last_end = (*last)->end;
      s.recorder = std::make_unique<record::StreamRecorder>(cam.id, sc.options.stream, config.recordings_dir(),
                                                            *persister, config.segmenter, last_end);
      s.recorder->SetDiskFullListener([r = retention.get()] { r->RequestRun(); });
      sinks.push_back(s.recorder.get());
    }
    {
      std::lock_guard guard(streams_mu);
      auto& slot = lives[cam.id + "/" + sc.options.stream];
      if (!slot) slot = std::make_unique<live::LiveStream>(cam.id, sc.options.stream);
      s.live = slot.get();
    }
    sinks.push_back(s.live);
    if (cam.analytics.enabled && cam.analytics.stream == sc.options.stream) {
      auto analysis = MakeCameraAnalysis(cam, *event_log);
      if (!analysis) return Fail(std::move(analysis).error());
      s.analysis = std::move(*analysis);
      sinks.push_back(s.analysis.sink.get());
    }
    if (config.rtsp_client == "native" && ingest::UsesNativeRtsp(sc.options) && !loop) {
      loop = std::make_unique<rtsp::EventLoop>(config.loop_threads);
    }
    s.session = ingest::MakeSession(sc.options, *clock, std::move(sinks), loop.get());
    out.push_back(std::move(s));
  }
  return out;
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Create(const Config& config, const Clock& clock) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->clock = &clock;
  auto lock = DataDirLock::Acquire(config.data_dir);
  if (!lock) return Fail(std::move(lock).error());
  impl->lock = std::move(*lock);
  auto camera_store = store::sqlite::SqliteCameraStore::Open(config.index_path());
  if (!camera_store) return Fail(std::move(camera_store).error());
  impl->camera_store = std::move(*camera_store);
  AddStoredCameras(*impl->camera_store, impl->config);
  if (auto s = fs::MakeDirsDurable(config.recordings_dir()); !s) return Fail(std::move(s).error());

  auto index = store::sqlite::SqliteRecordingIndex::Open(config.index_path());
  if (!index) return Fail(std::move(index).error());
  impl->index = std::move(*index);
  auto access_store = store::sqlite::SqliteAccessStore::Open(config.index_path());
  if (!access_store) return Fail(std::move(access_store).error());
  impl->access_store = std::move(*access_store);
  auto audit_store = store::sqlite::SqliteAuditStore::Open(config.index_path());
  if (!audit_store) return Fail(std::move(audit_store).error());
  impl->audit_store = std::move(*audit_store);
  auto audit = access::AuditLog::Open(*impl->audit_store, config.audit_head_path(), clock);
  if (!audit) return Fail(std::move(audit).error());
  impl->audit = std::move(*audit);
  impl->access = std::make_unique<access::AccessControl>(*impl->access_store, *impl->audit, clock,
                                                         access::AccessOptions{});
  AuditStart(*impl->audit_store, *impl->audit, config);
  const Config& all = impl->config;  // the file's cameras and the stored ones
  auto registry = movement::Registry::Open(config.index_path(), config.data_dir / "movement" / "attachments", clock);
  if (!registry) return Fail(std::move(registry).error());
  impl->registry = std::move(*registry);
  auto book = awards::Book::Open(config.index_path(), config.data_dir / "festival" / "photos", clock);
  if (!book) return Fail(std::move(book).error());
  impl->awards = std::move(*book);
  {
    reports::ReportJobsOptions ro;
    ro.registry = impl->registry.get();
    ro.book = impl->awards.get();  // the award dossiers' documents run as report jobs
    ro.index = impl->index.get();
    ro.clock = &clock;
    ro.dir = config.data_dir / "reports";
    ro.convert.soffice = config.reports_soffice;
    ro.convert.timeout = config.reports_soffice_timeout;
    ro.workers = config.reports_workers;
    ro.retention = config.reports_retention;
    impl->report_jobs = std::make_unique<reports::ReportJobs>(std::move(ro));
  }
  auto newsroom = news::Newsroom::Open(config.index_path(), config.data_dir / "news" / "images", clock);
  if (!newsroom) return Fail(std::move(newsroom).error());
  impl->newsroom = std::move(*newsroom);
  auto search_index = search::Index::Open(config.index_path());
  if (!search_index) return Fail(std::move(search_index).error());
  impl->search_index = std::move(*search_index);
  // Whatever was queued while the server was down (CLI imports) is indexed before serving.
  if (auto n = impl->search_index->Refresh(); !n) spdlog::warn("search: {}", n.error().ToString());

  // Recovery runs before any camera connects, so nothing it touches is being written.
  auto report = record::Reconcile(*impl->index, config.recordings_dir(), {.repair = true});
  if (!report) return Fail(std::move(report).error().Wrap("start-up recovery"));
  impl->recovery = std::move(*report);
  if (!impl->recovery.clean()) {
    spdlog::warn("start-up recovery: {} problem(s), {} action(s); see above",
                 impl->recovery.problems.size(), impl->recovery.actions.size());
  }

  // The site key signs evidence packages. A damaged key file is never replaced (packages
  // signed with it must keep verifying): exports are disabled and the reason logged, and
  // recording goes on.
  if (auto key = evidence::SiteKey::LoadOrCreate(evidence::SiteKeyPath(config.data_dir))) {
    impl->site_key = std::move(*key);
    evidence::ExportJobsOptions eo;
    eo.context = {config.recordings_dir(), impl->index.get(), &*impl->site_key, &clock,
                  evidence::DefaultExportDir(config.data_dir), config.site_name,
                  std::string("anninh ") + ANNINH_VERSION};
    impl->exports = std::make_unique<evidence::ExportJobs>(std::move(eo));
  } else {
    spdlog::error("exports disabled: {}", key.error().ToString());
  }

  auto event_store = store::sqlite::SqliteEventStore::Open(config.index_path());
  if (!event_store) return Fail(std::move(event_store).error());
  impl->event_store = std::move(*event_store);
  auto notes = store::sqlite::SqliteNoteStore::Open(config.index_path());
  if (!notes) return Fail(std::move(notes).error());
  impl->notes = std::move(*notes);
  if (auto s = fs::MakeDirsDurable(config.events_dir()); !s) return Fail(std::move(s).error());
  impl->event_feed = std::make_unique<serve::EventFeed>(impl->event_store.get());
  impl->event_log = std::make_unique<events::EventLog>(*impl->event_store, MakeEventLogOptions(all), clock);
  impl->event_log->AddListener(impl->event_feed.get());
  events::CameraHealthOptions health;
  health.default_threshold = config.camera_defaults.offline_after;  // cameras added later
  for (const CameraConfig& cam : all.cameras) health.thresholds[cam.id] = cam.offline_after;
  impl->camera_health = std::make_unique<events::CameraHealth>(*impl->event_log, std::move(health));

  impl->persister = std::make_unique<record::Persister>(*impl->index, config.recordings_dir(),
                                                        config.sync_interval);
  impl->retention = std::make_unique<record::Retention>(
      *impl->index, config.recordings_dir(), MakeRetentionConfig(all), clock);
  for (const CameraConfig& cam : all.cameras) {
    auto streams = impl->BuildStreams(cam);
    if (!streams) return Fail(std::move(streams).error());
    for (auto& s : *streams) impl->streams.push_back(std::move(s));
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

void Server::Start() {
  std::lock_guard apply(impl_->apply_mu);
  if (impl_->started) return;
  impl_->started = true;
  impl_->persister->Start();
  impl_->retention->Start();  // its first round runs before the cameras add more
  // Alerts before the cameras, so the first event already has somewhere to go. A sink that
  // cannot be set up (e.g. an unreadable MQTT CA file) is logged; recording goes on.
  const alerts::AlertsOptions& ao = impl_->config.alerts;
  if (ao.enabled && !impl_->alerts && (ao.mqtt.enabled || !ao.webhooks.empty())) {
    if (auto d = alerts::Dispatcher::Create(ao, *impl_->clock)) {
      impl_->alerts = std::move(*d);
      impl_->event_log->AddListener(impl_->alerts.get());  // once: the log keeps listeners across restarts
      spdlog::info("alerts: {} sink(s)", impl_->alerts->Metrics().sinks.size());
    } else {
      spdlog::error("alerts: disabled: {}", d.error().ToString());
    }
  }
  // Closes what a crash left open before anything new is reported.
  if (auto s = impl_->event_log->Start(); !s) spdlog::error("events: {}", s.error().ToString());
  {
    std::lock_guard lock(impl_->streams_mu);
    for (auto& s : impl_->streams) s.session->Start();
  }
  {
    std::lock_guard lock(impl_->health_mu);
    impl_->health_stopping = false;
  }
  impl_->health_thread = std::thread([this] {
    std::unique_lock lock(impl_->health_mu);
    while (!impl_->health_cv.wait_for(lock, std::chrono::seconds(1), [&] { return impl_->health_stopping; })) {
      lock.unlock();
      impl_->camera_health->Check(CameraStates(Status()), impl_->clock->Now());
      lock.lock();
    }
  });
  spdlog::info("recording {} stream(s)", impl_->streams.size());
  // HTTP last: it serves what recording produces. Not being able to listen (port in use)
  // is logged, and recording goes on.
  if (!impl_->config.http_listen.empty()) {
    if (!impl_->cameras) impl_->cameras = std::make_unique<ServerCameras>(*this);
    if (!impl_->camera_admin) impl_->camera_admin = std::make_unique<ServerCameraAdmin>(*this);
    serve::ServiceOptions o;
    o.http.listen = impl_->config.http_listen;
    o.http.tls_cert_file = impl_->config.tls_cert.string();
    o.http.tls_key_file = impl_->config.tls_key.string();
    o.http.trusted_proxies = impl_->config.trusted_proxies;
    o.recordings_dir = impl_->config.recordings_dir();
    o.cache_dir = impl_->config.data_dir / "cache" / "video";
    o.audit_head = impl_->config.audit_head_path();
    o.secure_cookies = impl_->config.secure_cookies;
    o.site_name = impl_->config.site_name;
    o.time_zone = impl_->config.time_zone;
    o.utc_offset_minutes = impl_->config.analytics.rules.utc_offset_minutes;
    o.web_root = impl_->config.web_root ? *impl_->config.web_root : FindWebRoot();
    if (o.web_root.empty()) {
      spdlog::info("http: no web console ({})", impl_->config.web_root ? "web_root = \"\"" :
                   "web/dist not built; `make web`, or set [http] web_root");
    } else {
      spdlog::info("http: web console from {}", o.web_root.string());
    }
    o.live_transcode = impl_->config.live_transcode;
    o.max_transcodes = impl_->config.max_transcodes;
    o.upload_limit = impl_->config.upload_limit;
    serve::ServiceDeps deps{*impl_->cameras, *impl_->index, *impl_->access, *impl_->audit,
                            *impl_->audit_store, *impl_->clock};
    if (impl_->exports) {
      deps.exports = impl_->exports.get();
      deps.site_key = &*impl_->site_key;
    }
    o.events_dir = impl_->config.events_dir();
    deps.events = impl_->event_store.get();
    deps.event_feed = impl_->event_feed.get();
    if (impl_->alerts) deps.alert_metrics = [d = impl_->alerts.get()] { return d->Metrics(); };
    // Cameras may be changed at run time (camera admin): read the streams under their lock.
    deps.analysis_metrics = [impl = impl_.get()] {
      serve::AnalysisMetrics m;
      std::lock_guard lock(impl->streams_mu);
      for (const Impl::Stream& s : impl->streams) {
        if (!s.analysis.sink) continue;
        serve::AnalysisStreamMetrics& row = m.streams.emplace_back();
        row.camera = s.camera_id;
        row.stream = s.name;
        for (const CameraConfig& c : impl->config.cameras) {
          if (c.id == s.camera_id) row.name = c.name;
        }
        row.sink = s.analysis.sink->counters();
        row.analyzer = s.analysis.analyzer->counters();
      }
      m.event_log = impl->event_log->Stats();
      return m;
    };
    deps.registry = impl_->registry.get();
    deps.awards = impl_->awards.get();
    deps.report_jobs = impl_->report_jobs.get();
    deps.camera_admin = impl_->camera_admin.get();
    deps.notes = impl_->notes.get();
    deps.newsroom = impl_->newsroom.get();
    deps.search_index = impl_->search_index.get();
    auto http = serve::Service::Start(o, deps);
    if (http) {
      impl_->http = std::move(*http);
      spdlog::info("http: listening on {}", impl_->http->address());
      if (impl_->access->NeedsSetup()) {
        // No default password: the first administrator is made with this one-time token
        // (POST /api/v1/setup, or the web console's first-run page) or `anninh admin create`.
        spdlog::warn("first run: no accounts yet. Create the administrator with the setup token {} "
                     "(POST http://{}/api/v1/setup) or run `anninh admin create`",
                     impl_->access->SetupToken(), impl_->http->address());
      }
    } else {
      spdlog::error("http: not serving: {}", http.error().ToString());
    }
  }
}

int Server::http_port() const { return impl_->http ? impl_->http->port() : 0; }

void Server::Stop() {
  if (!impl_->started) return;
  if (impl_->http) {  // first: no request may read a session or the index being stopped
    impl_->http->Stop();
    impl_->http.reset();
  }
  std::lock_guard apply(impl_->apply_mu);  // after HTTP: no camera change is under way
  impl_->started = false;
  {
    std::lock_guard lock(impl_->health_mu);
    impl_->health_stopping = true;
  }
  impl_->health_cv.notify_all();
  if (impl_->health_thread.joinable()) impl_->health_thread.join();
  // Sessions first: their OnStop closes the open segments and queues them; then the
  // persister's last round makes them durable and indexed.
  {
    std::lock_guard lock(impl_->streams_mu);
    for (auto& s : impl_->streams) s.session->Stop();
  }
  // Open events end now ("shutdown"), so a clean stop leaves none for the next start.
  impl_->event_log->Stop();
  impl_->persister->Stop();
  impl_->retention->Stop();
  // After the sources of events: what is still queued is sent or dead-lettered.
  if (impl_->alerts) impl_->alerts->Stop();
  spdlog::info("stopped; {} segment(s) committed this run", impl_->persister->segments_committed());
}

std::vector<StreamReport> Server::Status() const {
  std::vector<StreamReport> out;
  const std::string retention_problem = impl_->retention->Status().problem;
  std::lock_guard lock(impl_->streams_mu);
  for (const auto& s : impl_->streams) {
    StreamReport r;
    r.camera_id = s.camera_id;
    r.stream = s.name;
    r.recording = s.recorder != nullptr;
    r.ingest = s.session->Status();
    if (s.recorder) r.recorder = s.recorder->Status();
    // A camera that cannot write says why retention cannot help (e.g. all footage held).
    if (!r.recorder.last_error.empty() && !retention_problem.empty()) {
      r.recorder.last_error += "; " + retention_problem;
    }
    out.push_back(std::move(r));
  }
  return out;
}

live::LiveStream* Server::Live(const std::string& camera_id, const std::string& stream) const {
  std::lock_guard lock(impl_->streams_mu);
  for (const auto& s : impl_->streams) {
    if (s.camera_id == camera_id && s.name == stream) return s.live;
  }
  return nullptr;
}

std::vector<CameraConfig> Server::Cameras() const {
  std::lock_guard lock(impl_->streams_mu);
  return impl_->config.cameras;
}

Status Server::ApplyCamera(const CameraConfig& camera) {
  std::lock_guard apply(impl_->apply_mu);
  // Built before the old pipeline stops, so a camera whose new analysis cannot be built
  // keeps running as it was.
  auto fresh = impl_->BuildStreams(camera);
  if (!fresh) return Fail(std::move(fresh).error());
  std::vector<Impl::Stream> old;
  std::vector<CameraConfig> cameras;
  {
    std::lock_guard lock(impl_->streams_mu);
    auto& all = impl_->streams;
    for (auto it = all.begin(); it != all.end();) {
      if (it->camera_id == camera.id) {
        old.push_back(std::move(*it));
        it = all.erase(it);
      } else {
        ++it;
      }
    }
    auto& list = impl_->config.cameras;
    auto at = std::find_if(list.begin(), list.end(), [&](const CameraConfig& c) { return c.id == camera.id; });
    if (at != list.end()) *at = camera;
    else list.push_back(camera);
    cameras = list;
  }
  // Stopping a session closes its open segment (OnStop) and queues it for the persister:
  // nothing recorded is lost. Other cameras' sessions are never touched.
  for (auto& s : old) s.session->Stop();
  old.clear();
  {
    std::lock_guard lock(impl_->streams_mu);
    for (auto& s : *fresh) {
      if (impl_->started) s.session->Start();
      impl_->streams.push_back(std::move(s));
    }
  }
  impl_->retention->SetCameras(CameraRetentions(cameras));
  spdlog::info("camera {}: {} with {} stream(s)", camera.id, camera.enabled ? "(re)started" : "disabled",
               fresh->size());
  return {};
}

Status Server::RemoveCamera(const std::string& id) {
  std::lock_guard apply(impl_->apply_mu);
  std::vector<Impl::Stream> old;
  std::vector<CameraConfig> cameras;
  {
    std::lock_guard lock(impl_->streams_mu);
    auto& list = impl_->config.cameras;
    auto at = std::find_if(list.begin(), list.end(), [&](const CameraConfig& c) { return c.id == id; });
    if (at == list.end()) return Fail(ErrorCode::kNotFound, "no camera " + id);
    list.erase(at);
    cameras = list;
    auto& all = impl_->streams;
    for (auto it = all.begin(); it != all.end();) {
      if (it->camera_id == id) {
        old.push_back(std::move(*it));
        it = all.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& s : old) s.session->Stop();
  old.clear();
  impl_->retention->SetCameras(CameraRetentions(cameras));
  spdlog::info("camera {}: removed; its recordings stay", id);
  return {};
}

store::CameraStore& Server::camera_store() { return *impl_->camera_store; }
const Clock& Server::clock() const { return *impl_->clock; }

events::EventListener* Server::alert_listener() const { return impl_->alerts.get(); }

const record::RecoveryReport& Server::recovery_report() const { return impl_->recovery; }
const Config& Server::config() const { return impl_->config; }
store::RecordingIndex& Server::index() { return *impl_->index; }
store::EventStore& Server::events() { return *impl_->event_store; }
events::ObservationSink& Server::observation_sink() { return *impl_->event_log; }
void Server::AddEventListener(events::EventListener* listener) { impl_->event_log->AddListener(listener); }

}  // namespace anninh::app
