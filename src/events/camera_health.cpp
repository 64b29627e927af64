#include "events/camera_health.h"

#include "events/event_log.h"

namespace anninh::events {

void CameraHealth::Check(const std::vector<CameraState>& states, WallNs now) {
  for (const CameraState& s : states) {
    auto raised = raised_.find(s.camera_id);
    Observation o;
    o.camera_id = s.camera_id;
    o.rule = std::string(kCameraOfflineRule);
    o.object_class = "camera";
    o.confidence = 1;
    if (s.online) {
      offline_since_.erase(s.camera_id);
      if (raised == raised_.end()) continue;
      o.phase = Phase::kEnd;
      o.time_ns = std::max(s.since, raised->second);
      raised_.erase(raised);
      sink_.Report(std::move(o));
      continue;
    }
    const WallNs since = offline_since_.try_emplace(s.camera_id, s.since).first->second;
    if (raised != raised_.end()) continue;
    auto t = options_.thresholds.find(s.camera_id);
    const WallNs threshold = t == options_.thresholds.end() ? options_.default_threshold : t->second;
    if (now - since < threshold) continue;
    o.phase = Phase::kStart;
    o.time_ns = since;
    raised_[s.camera_id] = since;
    sink_.Report(std::move(o));
  }
}

}  // namespace anninh::events
