// Camera health as events: a camera offline longer than its threshold raises rule
// "camera_offline" (an Observation with track 0 into the event log), and its recovery ends
// it. The app feeds it the cameras' ingest state once a second; it keeps no thread.
//
// Thread-compatible: one caller (the app's health loop).
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "events/event.h"

namespace anninh::events {

struct CameraState {
  std::string camera_id;
  bool online = false;  // some stream of the camera is delivering video
  // Online: since when. Offline: since when, as best known (its last packet, or when it
  // started trying). An outage is timed from the first `since` seen offline, so a camera
  // whose state flips between connecting and offline while it retries is still one outage.
  WallNs since = 0;
};

struct CameraHealthOptions {
  WallNs default_threshold = 30 * kNsPerSecond;
  std::map<std::string, WallNs> thresholds;  // per camera
};

class CameraHealth {
 public:
  CameraHealth(ObservationSink& sink, CameraHealthOptions options)
      : sink_(sink), options_(std::move(options)) {}

  // Raises camera_offline for each camera offline for longer than its threshold (the event
  // starts when it went offline), and ends it when the camera is back (at that moment). A
  // camera missing from `states` (disabled, removed) is left as it is.
  void Check(const std::vector<CameraState>& states, WallNs now);

 private:
  ObservationSink& sink_;
  const CameraHealthOptions options_;
  std::map<std::string, WallNs> offline_since_;  // cameras offline now
  std::map<std::string, WallNs> raised_;         // camera -> offline since, event raised
};

}  // namespace anninh::events
