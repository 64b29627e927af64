// What the HTTP API and /metrics know about cameras: their configuration and live state.
// The app implements it on top of its Server, so serve never depends on app.
#pragma once

#include <string>
#include <vector>

#include "ingest/stream_status.h"
#include "live/live_stream.h"
#include "record/recorder_status.h"
#include "record/retention_policy.h"

namespace anninh::serve {

struct StreamView {
  std::string name;           // "main" or "sub"
  std::string redacted_url;   // never the password
  bool record = false;        // configured to be recorded
  bool running = false;       // has a live ingest session (the camera is enabled)
  ingest::StreamStatus ingest;
  record::RecorderStatus recorder;
};

struct CameraView {
  std::string id;
  std::string name;
  std::string area;  // the village / tổ dân phố it serves; scopes who may see it
  bool enabled = true;
  bool editable = false;  // added through the API; the config file's cameras are read-only
  // Its configured retention ([retention] days/bytes or the camera's own): health shows
  // how many days of footage the disk and these limits will hold.
  record::RetentionLimits retention;
  std::vector<StreamView> streams;
};

// Thread-safe: called from the HTTP worker threads.
class CameraSource {
 public:
  virtual ~CameraSource() = default;
  // Every configured camera, in config order, with a snapshot of its streams' state.
  virtual std::vector<CameraView> Cameras() const = 0;
  // The live view of a running stream; null when the camera or stream is not running. The
  // stream lives as long as the server that serves it.
  virtual live::LiveStream* Live(const std::string& /*camera_id*/, const std::string& /*stream*/) const {
    return nullptr;
  }
};

}  // namespace anninh::serve
