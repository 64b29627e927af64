// The HTTP API's routes and handlers (docs/ref/api.md), on top of the transport-free
// Request/Response of http.h. Handlers block (SQLite, file assembly): the server runs
// Handle on its worker pool, never on a network thread.
//
// Thread-safe.
#pragma once

#include <filesystem>
#include <memory>

#include "core/clock.h"
#include "serve/camera_source.h"
#include "serve/http.h"
#include "serve/metrics.h"
#include "serve/router.h"
#include "serve/video_cache.h"
#include "store/recording_index.h"

namespace anninh::serve {

struct ApiOptions {
  std::filesystem::path recordings_dir;
  // The longest range one video.mp4 request may ask for: assembly reads every packet.
  WallNs max_video_range = 6LL * 3600 * kNsPerSecond;
};

class Api {
 public:
  Api(ApiOptions options, const CameraSource& cameras, store::RecordingIndex& index,
      VideoCache& cache, const Clock& clock);

  Response Handle(const Request& request) const { return router_.Dispatch(request); }

 private:
  Response Healthz(const RouteContext& c) const;
  Response Cameras(const RouteContext& c) const;
  Response Recordings(const RouteContext& c) const;
  Response Video(const RouteContext& c) const;
  Response Metrics(const RouteContext& c) const;
  Response ListHolds(const RouteContext& c) const;
  Response AddHold(const RouteContext& c) const;
  Response ReleaseHold(const RouteContext& c) const;

  ApiOptions options_;
  const CameraSource& cameras_;
  store::RecordingIndex& index_;
  VideoCache& cache_;
  const Clock& clock_;
  mutable RateMeter rates_;
  Router router_;
};

}  // namespace anninh::serve
