// The composition root of `anninh serve`: opens the data folder, recovers what a crash
// left, and wires each camera stream's ingest session to its recorder. The only place
// that names concrete implementations (SQLite index, the RTSP event loop; ingest sessions
// come from ingest::MakeSession).
//
// Thread contract: Create/Start/Stop from the main thread; Status() from any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "core/clock.h"
#include "ingest/stream_status.h"
#include "record/recorder_status.h"
#include "record/recovery.h"
#include "store/recording_index.h"

namespace anninh::live {
class LiveStream;
}
namespace anninh::events {
class ObservationSink;
class EventListener;
}  // namespace anninh::events
namespace anninh::store {
class EventStore;
class CameraStore;
}

namespace anninh::app {

struct StreamReport {
  std::string camera_id;
  std::string stream;
  bool recording = false;
  ingest::StreamStatus ingest;
  record::RecorderStatus recorder;
};

class Server {
 public:
  // Takes the data folder's lock (one server per folder), opens the index, runs
  // recovery. Fails with a clear error if any of that fails; starts nothing.
  static Result<std::unique_ptr<Server>> Create(const Config& config, const Clock& clock);
  ~Server();

  void Start();
  void Stop();

  std::vector<StreamReport> Status() const;

  // Cameras at run time (docs/design/0016-camera-admin.md). Every camera now: the config
  // file's, then those of the camera store. Thread-safe.
  std::vector<CameraConfig> Cameras() const;
  // Starts `camera`, or restarts it with new settings: only its own pipeline (ingest,
  // recording, live, analysis) stops and starts again; its open segments are closed and
  // kept; other cameras are not touched. Fails (and changes nothing) when its analysis
  // cannot be built. Thread-safe; changes are serialised.
  anninh::Status ApplyCamera(const CameraConfig& camera);  // (Status() above is the streams' state)
  // Stops a camera and forgets it. Its recordings and events stay. Thread-safe.
  anninh::Status RemoveCamera(const std::string& id);
  // The cameras added through the API.
  store::CameraStore& camera_store();
  const Clock& clock() const;
  // The live view of a running stream, or null.
  live::LiveStream* Live(const std::string& camera_id, const std::string& stream) const;
  // The alerts dispatcher as an event listener, for the event log; null without alerts.
  // Valid from Start() until the Server is destroyed.
  events::EventListener* alert_listener() const;
  const record::RecoveryReport& recovery_report() const;
  const Config& config() const;
  store::RecordingIndex& index();
  store::EventStore& events();

  // Seams for analytics and alerts (docs/design/0009-events.md). The event log is the
  // ObservationSink the analysis pipeline reports to; its Report never blocks. Listeners
  // (alerts) are told of every stored change, on the log's thread; add them before Start.
  events::ObservationSink& observation_sink();
  void AddEventListener(events::EventListener* listener);
  // The HTTP server's bound port (Config::http_listen may say port 0); 0 when not serving.
  int http_port() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Holds the data folder's lock file (flock) for as long as it lives, so two servers, or
// a server and `fsck --repair`, never write the same recordings.
class DataDirLock {
 public:
  static Result<std::unique_ptr<DataDirLock>> Acquire(const std::filesystem::path& data_dir);
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace anninh::app
