// The evaluation pre-fill of a "camera giám sát ANTT" model: what the camera system itself
// recorded about the model's cameras over the evaluation's days — the Đà Nẵng lesson (68%
// of donated cameras dead for lack of upkeep) is that the movement's evaluations must see
// this, not a committee's impression. Each figure comes from the camera system's own
// records: recorded spans (record::Uptime), the event log, the audit log's exports.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store {
class RecordingIndex;
class EventStore;
class AuditStore;
}  // namespace anninh::store

namespace anninh::reports {

// A linked camera as the server sees it now (serve fills this from its CameraSource).
struct LinkedCamera {
  std::string id;
  std::string name;
  bool configured = false;   // still in the config
  bool offline_now = true;   // disabled, not configured, or no stream receiving
  // The part of the period it was linked to the model (0: from the period's start, to its
  // end): a camera linked or unlinked mid-period is judged on its own days only.
  WallNs linked_from = 0;
  WallNs linked_to = 0;
};

struct CameraFigures {
  LinkedCamera camera;
  double working_pct = 0;  // 0..100 of [from, to) within its link
  int events = 0;          // events that began in [from, to) within its link
  int case_exports = 0;    // exports for a case started in [from, to) within its link
};

struct PrefillFigures {
  std::vector<CameraFigures> cameras;
  double working_pct = 0;   // the mean; 0 with no camera
  int working_cameras = 0;  // cameras with working_pct >= kWorkingThreshold
  int offline_now = 0;
  int events = 0;
  int case_exports = 0;
};

// A camera recording at least this share of the period counts as working: the line between
// a camera that is kept up and one that is not (the evaluation's criteria decide the rest).
inline constexpr double kWorkingThreshold = 80.0;

// `events` may be null (no event log): every camera then counts 0 events.
Result<PrefillFigures> CameraPrefill(const store::RecordingIndex& index, const store::EventStore* events,
                                     const store::AuditStore& audit, std::vector<LinkedCamera> cameras,
                                     WallNs from, WallNs to);

// The figures as one paragraph for the evaluation's evidence field: "Từ 01/01/2025 đến
// 30/06/2025: 3 camera, hoạt động bình quân 82,5% thời gian (2 camera từ 80% trở lên); ...".
std::string EvidenceText(const PrefillFigures& f, const std::string& from_date, const std::string& to_date);

}  // namespace anninh::reports
