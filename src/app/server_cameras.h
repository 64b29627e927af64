// The cameras as the HTTP API sees them: the config joined with each session's live state.
#pragma once

#include <vector>

#include "serve/camera_source.h"

namespace anninh::app {

class Server;

// Thread-safe (Server::Status and config() are).
class ServerCameras final : public serve::CameraSource {
 public:
  explicit ServerCameras(const Server& server) : server_(server) {}
  std::vector<serve::CameraView> Cameras() const override;
  live::LiveStream* Live(const std::string& camera_id, const std::string& stream) const override;

 private:
  const Server& server_;
};

}  // namespace anninh::app
