// How much of a time window each camera was working: the share of it covered by recorded
// spans, any stream. The one definition behind the health screen's charts, the camera
// model's evaluation pre-fill and the movement reports, so that their figures agree.
//
// "Recorded" is the honest measure anninh has: a camera that streams but is not recorded
// (record = false on every stream) counts as not working here; such cameras are rare in a
// commune's 24/7 set-up, and the health screen says which they are.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "core/clock.h"
#include "store/recording_index.h"

namespace anninh::record {

struct CameraUptime {
  std::string camera_id;
  // Per bucket [edges[i], edges[i+1]): the recorded time and its share of the bucket (0–1).
  std::vector<WallNs> covered_ns;
  std::vector<double> ratios;
  WallNs total_covered_ns = 0;  // over [edges.front(), edges.back())
  double total_ratio = 0;
};

// edges: at least two instants, strictly increasing (e.g. local midnights for a per-day
// chart, or just {from, to}). One index query per camera; streams are merged first, so a
// camera recording main and sub at once counts once.
Result<std::vector<CameraUptime>> Uptime(const store::RecordingIndex& index,
                                         const std::vector<std::string>& camera_ids,
                                         const std::vector<WallNs>& edges);

}  // namespace anninh::record
