#include "app/server.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "ingest/stream_session.h"
#include "record/persister.h"
#include "record/stream_recorder.h"
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

struct Server::Impl {
  Config config;
  std::unique_ptr<DataDirLock> lock;
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index;
  std::unique_ptr<record::Persister> persister;
  record::RecoveryReport recovery;

  struct Stream {
    std::string camera_id;
    std::string name;
    std::unique_ptr<record::StreamRecorder> recorder;  // null when not recorded
    std::unique_ptr<ingest::StreamSession> session;
  };
  std::vector<Stream> streams;
  bool started = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Create(const Config& config, const Clock& clock) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  auto lock = DataDirLock::Acquire(config.data_dir);
  if (!lock) return Fail(std::move(lock).error());
  impl->lock = std::move(*lock);
  if (auto s = fs::MakeDirsDurable(config.recordings_dir()); !s) return Fail(std::move(s).error());

  auto index = store::sqlite::SqliteRecordingIndex::Open(config.index_path());
  if (!index) return Fail(std::move(index).error());
  impl->index = std::move(*index);

  // Recovery runs before any camera connects, so nothing it touches is being written.
  auto report = record::Reconcile(*impl->index, config.recordings_dir(), {.repair = true});
  if (!report) return Fail(std::move(report).error().Wrap("start-up recovery"));
  impl->recovery = std::move(*report);
  if (!impl->recovery.clean()) {
    spdlog::warn("start-up recovery: {} problem(s), {} action(s); see above",
                 impl->recovery.problems.size(), impl->recovery.actions.size());
  }

  impl->persister = std::make_unique<record::Persister>(*impl->index, config.recordings_dir(),
                                                        config.sync_interval);
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
        sinks.push_back(s.recorder.get());
      }
      s.session = std::make_unique<ingest::StreamSession>(sc.options, clock, std::move(sinks));
      impl->streams.push_back(std::move(s));
    }
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

void Server::Start() {
  if (impl_->started) return;
  impl_->started = true;
  impl_->persister->Start();
  for (auto& s : impl_->streams) s.session->Start();
  spdlog::info("recording {} stream(s)", impl_->streams.size());
}

void Server::Stop() {
  if (!impl_->started) return;
  impl_->started = false;
  // Sessions first: their OnStop closes the open segments and queues them; then the
  // persister's last round makes them durable and indexed.
  for (auto& s : impl_->streams) s.session->Stop();
  impl_->persister->Stop();
  spdlog::info("stopped; {} segment(s) committed this run", impl_->persister->segments_committed());
}

std::vector<StreamReport> Server::Status() const {
  std::vector<StreamReport> out;
  for (const auto& s : impl_->streams) {
    StreamReport r;
    r.camera_id = s.camera_id;
    r.stream = s.name;
    r.recording = s.recorder != nullptr;
    r.ingest = s.session->Status();
    if (s.recorder) r.recorder = s.recorder->Status();
    out.push_back(std::move(r));
  }
  return out;
}

const record::RecoveryReport& Server::recovery_report() const { return impl_->recovery; }
const Config& Server::config() const { return impl_->config; }
store::RecordingIndex& Server::index() { return *impl_->index; }

}  // namespace anninh::app
