#include "app/server_cameras.h"

#include "app/server.h"

namespace anninh::app {

std::vector<serve::CameraView> ServerCameras::Cameras() const {
  std::vector<StreamReport> reports = server_.Status();
  std::vector<serve::CameraView> out;
  for (const CameraConfig& cam : server_.Cameras()) {
    serve::CameraView view;
    view.id = cam.id;
    view.name = cam.name;
    view.area = cam.area;
    view.enabled = cam.enabled;
    view.editable = cam.stored;
    view.retention = cam.retention;
    for (const auto* stream : {&cam.main, &cam.sub}) {
      if (!stream->has_value()) continue;
      const StreamConfig& sc = **stream;
      serve::StreamView s;
      s.name = sc.options.stream;
      s.redacted_url = ingest::RedactedUrl(sc.options.url);
      s.record = sc.record;
      for (StreamReport& r : reports) {
        if (r.camera_id == cam.id && r.stream == s.name) {
          s.running = true;
          s.ingest = std::move(r.ingest);
          s.recorder = std::move(r.recorder);
        }
      }
      view.streams.push_back(std::move(s));
    }
    out.push_back(std::move(view));
  }
  return out;
}

live::LiveStream* ServerCameras::Live(const std::string& camera_id, const std::string& stream) const {
  return server_.Live(camera_id, stream);
}

}  // namespace anninh::app
