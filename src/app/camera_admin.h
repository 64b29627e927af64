// Camera administration over the Server and its camera store (docs/design/0016-camera-admin.md):
// the config file's cameras are read-only; those added through the API live in the store,
// are validated by the config file's own reader, and are applied to the running server one
// camera at a time.
//
// Thread-safe: saves and removals are serialised here, then by the Server.
#pragma once

#include <mutex>

#include "serve/camera_admin.h"

namespace anninh::app {

class Server;

class ServerCameraAdmin final : public serve::CameraAdmin {
 public:
  explicit ServerCameraAdmin(Server& server) : server_(server) {}

  Result<std::string> Document(const std::string& id) const override;
  serve::CameraEdit Save(std::string_view document, bool create) override;
  Status Remove(const std::string& id) override;
  Result<ingest::ProbeResult> Test(const serve::ConnectionTest& test) const override;

 private:
  Server& server_;
  std::mutex mu_;
};

}  // namespace anninh::app
