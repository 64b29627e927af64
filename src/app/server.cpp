#include "app/server.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "access/access_control.h"
#include "access/audit_log.h"
#include "app/server_cameras.h"
#include "evidence/export_job.h"
#include "evidence/site_key.h"
#include "core/fs.h"
#include "ingest/session_factory.h"
#include "live/live_stream.h"
#include "record/persister.h"
#include "record/retention.h"
#include "record/stream_recorder.h"
#include "rtsp/event_loop.h"
#include "serve/service.h"
#include "store/sqlite/sqlite_access_store.h"
#include "store/sqlite/sqlite_audit_store.h"
#include "store/sqlite/sqlite_recording_index.h"

namespace anninh::app {

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

record::RetentionConfig MakeRetentionConfig(const Config& config) {
  record::RetentionConfig rc;
  rc.floor = {config.min_free_percent, config.min_free_bytes};
  rc.interval = config.retention_interval;
  rc.reserve_file = config.data_dir / "retention.reserve";
  for (const CameraConfig& cam : config.cameras) {
    record::CameraRetention c;
    c.camera_id = cam.id;
    c.limits[static_cast<std::size_t>(store::RetentionClass::kContinuous)] = cam.retention;
    rc.cameras.push_back(std::move(c));
  }
  return rc;
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
  std::optional<evidence::SiteKey> site_key;         // none: exports disabled (logged)
  std::unique_ptr<evidence::ExportJobs> exports;
  std::unique_ptr<record::Persister> persister;
  std::unique_ptr<record::Retention> retention;  // the only deleter of media
  record::RecoveryReport recovery;
  const Clock* clock = nullptr;
  // The native RTSP client's event loop, shared by every rtsp:// TCP stream; declared
  // before the streams so it outlives their sessions. Null with rtsp_client = "ffmpeg".
  std::unique_ptr<rtsp::EventLoop> loop;

  struct Stream {
    std::string camera_id;
    std::string name;
    std::unique_ptr<record::StreamRecorder> recorder;  // null when not recorded
    std::unique_ptr<live::LiveStream> live;            // live view; idle unless watched
    std::unique_ptr<ingest::Session> session;
  };
  std::vector<Stream> streams;
  bool started = false;
  // HTTP (issue 3): declared last so it is destroyed first; it reads everything above.
  std::unique_ptr<ServerCameras> cameras;
  std::unique_ptr<serve::Service> http;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Create(const Config& config, const Clock& clock) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->clock = &clock;
  auto lock = DataDirLock::Acquire(config.data_dir);
  if (!lock) return Fail(std::move(lock).error());
  impl->lock = std::move(*lock);
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

  impl->persister = std::make_unique<record::Persister>(*impl->index, config.recordings_dir(),
                                                        config.sync_interval);
  impl->retention = std::make_unique<record::Retention>(
      *impl->index, config.recordings_dir(), MakeRetentionConfig(config), clock);
  for (const CameraConfig& cam : config.cameras) {
    if (!cam.enabled) continue;
    for (const auto* stream : {&cam.main, &cam.sub}) {
      if (!stream->has_value()) continue;
      const StreamConfig& sc = **stream;
      Impl::Stream s;
      s.camera_id = cam.id;
      s.name = sc.options.stream;
      std::vector<media::PacketSink*> sinks;
      if (sc.record) {
        auto last = impl->index->LastSegment(cam.id, sc.options.stream);
        std::optional<WallNs> last_end;
        if (last && last->has_value()) last_end = (*last)->end;
        s.recorder = std::make_unique<record::StreamRecorder>(
            cam.id, sc.options.stream, config.recordings_dir(), *impl->persister, config.segmenter,
            last_end);
        s.recorder->SetDiskFullListener([r = impl->retention.get()] { r->RequestRun(); });
        sinks.push_back(s.recorder.get());
      }
      s.live = std::make_unique<live::LiveStream>(cam.id, sc.options.stream);
      sinks.push_back(s.live.get());
      if (config.rtsp_client == "native" && ingest::UsesNativeRtsp(sc.options) && !impl->loop) {
        impl->loop = std::make_unique<rtsp::EventLoop>(config.loop_threads);
      }
      s.session = ingest::MakeSession(sc.options, clock, std::move(sinks), impl->loop.get());
      impl->streams.push_back(std::move(s));
    }
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

void Server::Start() {
  if (impl_->started) return;
  impl_->started = true;
  impl_->persister->Start();
  impl_->retention->Start();  // its first round runs before the cameras add more
  for (auto& s : impl_->streams) s.session->Start();
  spdlog::info("recording {} stream(s)", impl_->streams.size());
  // HTTP last: it serves what recording produces. Not being able to listen (port in use)
  // is logged, and recording goes on.
  if (!impl_->config.http_listen.empty()) {
    if (!impl_->cameras) impl_->cameras = std::make_unique<ServerCameras>(*this);
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
    o.live_transcode = impl_->config.live_transcode;
    o.max_transcodes = impl_->config.max_transcodes;
    serve::ServiceDeps deps{*impl_->cameras, *impl_->index, *impl_->access, *impl_->audit,
                            *impl_->audit_store, *impl_->clock};
    if (impl_->exports) {
      deps.exports = impl_->exports.get();
      deps.site_key = &*impl_->site_key;
    }
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
  impl_->started = false;
  if (impl_->http) {  // first: no request may read a session or the index being stopped
    impl_->http->Stop();
    impl_->http.reset();
  }
  // Sessions first: their OnStop closes the open segments and queues them; then the
  // persister's last round makes them durable and indexed.
  for (auto& s : impl_->streams) s.session->Stop();
  impl_->persister->Stop();
  impl_->retention->Stop();
  spdlog::info("stopped; {} segment(s) committed this run", impl_->persister->segments_committed());
}

std::vector<StreamReport> Server::Status() const {
  std::vector<StreamReport> out;
  const std::string retention_problem = impl_->retention->Status().problem;
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
  for (const auto& s : impl_->streams) {
    if (s.camera_id == camera_id && s.name == stream) return s.live.get();
  }
  return nullptr;
}

const record::RecoveryReport& Server::recovery_report() const { return impl_->recovery; }
const Config& Server::config() const { return impl_->config; }
store::RecordingIndex& Server::index() { return *impl_->index; }

}  // namespace anninh::app
