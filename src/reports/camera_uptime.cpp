#include "reports/camera_uptime.h"

#include "record/uptime.h"

namespace anninh::reports {

Result<std::map<std::string, double>> WorkingShares(const store::RecordingIndex& index,
                                                    const std::vector<std::string>& cameras, WallNs from, WallNs to) {
  auto uptime = record::Uptime(index, cameras, {from, to});
  if (!uptime) return Fail(std::move(uptime).error());
  std::map<std::string, double> out;
  for (const record::CameraUptime& u : *uptime) out[u.camera_id] = u.total_ratio;
  return out;
}

}  // namespace anninh::reports
