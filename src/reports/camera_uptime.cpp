#include "reports/camera_uptime.h"

#include <algorithm>

#include "store/recording_index.h"

#if __has_include("record/uptime.h")
#include "record/uptime.h"
#define ANNINH_HAS_RECORD_UPTIME 1
#endif

namespace anninh::reports {

Result<std::map<std::string, double>> WorkingShares(const store::RecordingIndex& index,
                                                    const std::vector<std::string>& cameras, WallNs from, WallNs to) {
#ifdef ANNINH_HAS_RECORD_UPTIME
  auto shares = record::Uptime(index, cameras, std::vector<std::int64_t>{from, to});
  if (!shares) return Fail(std::move(shares).error());
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < cameras.size(); ++i) out[cameras[i]] = (*shares)[i].empty() ? 0.0 : (*shares)[i][0];
  return out;
#else
  // TEMPORARY, until the lead's shared contract (record/uptime.h) is merged into this branch:
  // the union of the recorded spans of any stream, clipped to [from, to). Deleted then.
  std::map<std::string, double> out;
  for (const std::string& camera : cameras) {
    store::TimeQuery q;
    q.camera_id = camera;
    q.from = from;
    q.to = to;
    auto spans = index.Spans(q);
    if (!spans) return Fail(std::move(spans).error());
    std::vector<std::pair<WallNs, WallNs>> parts;
    for (const auto& s : *spans) parts.emplace_back(std::max(s.start, from), std::min(s.end, to));
    std::sort(parts.begin(), parts.end());
    WallNs covered = 0, reach = from;
    for (auto [a, b] : parts) {
      a = std::max(a, reach);
      if (b > a) {
        covered += b - a;
        reach = b;
      }
    }
    out[camera] = static_cast<double>(covered) / static_cast<double>(to - from);
  }
  return out;
#endif
}

}  // namespace anninh::reports
