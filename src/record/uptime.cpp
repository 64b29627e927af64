#include "record/uptime.h"

#include <algorithm>

namespace anninh::record {
namespace {

struct Interval {
  WallNs start;
  WallNs end;
};

// The union of the spans, clipped to [from, to), sorted and disjoint.
std::vector<Interval> Union(std::vector<store::SpanRow>& spans, WallNs from, WallNs to) {
  std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  std::vector<Interval> out;
  for (const auto& s : spans) {
    const WallNs start = std::max(s.start, from);
    const WallNs end = std::min(s.end, to);
    if (end <= start) continue;
    if (!out.empty() && start <= out.back().end) {
      out.back().end = std::max(out.back().end, end);
    } else {
      out.push_back({start, end});
    }
  }
  return out;
}

}  // namespace

Result<std::vector<CameraUptime>> Uptime(const store::RecordingIndex& index,
                                         const std::vector<std::string>& camera_ids,
                                         const std::vector<WallNs>& edges) {
  if (edges.size() < 2) return Fail(ErrorCode::kInvalidArgument, "uptime needs a window: at least two edges");
  for (std::size_t i = 1; i < edges.size(); ++i) {
    if (edges[i] <= edges[i - 1]) return Fail(ErrorCode::kInvalidArgument, "uptime edges must increase");
  }
  const WallNs from = edges.front();
  const WallNs to = edges.back();
  std::vector<CameraUptime> out;
  out.reserve(camera_ids.size());
  for (const std::string& id : camera_ids) {
    auto spans = index.Spans({.camera_id = id, .stream = "", .from = from, .to = to});
    if (!spans) return Fail(std::move(spans).error().Wrap("uptime of " + id));
    const std::vector<Interval> covered = Union(*spans, from, to);
    CameraUptime u;
    u.camera_id = id;
    u.covered_ns.assign(edges.size() - 1, 0);
    // Both lists are sorted: walk them together.
    std::size_t b = 0;
    for (const Interval& iv : covered) {
      while (b + 1 < edges.size() && edges[b + 1] <= iv.start) ++b;
      for (std::size_t k = b; k + 1 < edges.size() && edges[k] < iv.end; ++k) {
        u.covered_ns[k] += std::min(iv.end, edges[k + 1]) - std::max(iv.start, edges[k]);
      }
    }
    u.ratios.reserve(u.covered_ns.size());
    for (std::size_t k = 0; k < u.covered_ns.size(); ++k) {
      u.ratios.push_back(static_cast<double>(u.covered_ns[k]) / static_cast<double>(edges[k + 1] - edges[k]));
      u.total_covered_ns += u.covered_ns[k];
    }
    u.total_ratio = static_cast<double>(u.total_covered_ns) / static_cast<double>(to - from);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace anninh::record
