// Everything `anninh serve` exposes over HTTP, assembled: the video cache, the API and the
// server. The app starts one with its camera source and index.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "serve/camera_source.h"
#include "serve/http_server.h"
#include "store/recording_index.h"

namespace anninh::serve {

struct ServiceOptions {
  HttpServerOptions http;
  std::filesystem::path recordings_dir;
  std::filesystem::path cache_dir;  // <data>/cache/video
  std::uint64_t cache_max_bytes = 2'000'000'000;
};

class Service {
 public:
  static Result<std::unique_ptr<Service>> Start(const ServiceOptions& options,
                                                const CameraSource& cameras,
                                                store::RecordingIndex& index, const Clock& clock);
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
