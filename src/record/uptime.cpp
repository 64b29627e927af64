#include "record/uptime.h"

#include <algorithm>

namespace anninh::record {

Result<std::vector<std::vector<double>>> Uptime(const store::RecordingIndex& index,
                                                const std::vector<std::string>& camera_ids,
                                                std::vector<std::int64_t> edges_ns) {
  std::vector<std::vector<double>> out(camera_ids.size());
  if (edges_ns.size() < 2) return out;
  if (!std::is_sorted(edges_ns.begin(), edges_ns.end())) {
    return Fail(ErrorCode::kInvalidArgument, "uptime edges must ascend");
  }
  for (std::size_t c = 0; c < camera_ids.size(); ++c) {
    auto spans = index.Spans({camera_ids[c], "", edges_ns.front(), edges_ns.back()});
    if (!spans) return Fail(std::move(spans).error());
    // Any stream: merge the streams' spans into one covered set.
    std::vector<std::pair<WallNs, WallNs>> runs;
    for (const store::SpanRow& s : *spans) runs.emplace_back(s.start, s.end);
    std::sort(runs.begin(), runs.end());
    std::vector<std::pair<WallNs, WallNs>> merged;
    for (const auto& r : runs) {
      if (!merged.empty() && r.first <= merged.back().second) {
        merged.back().second = std::max(merged.back().second, r.second);
      } else {
        merged.push_back(r);
      }
    }
    std::vector<double>& row = out[c];
    row.reserve(edges_ns.size() - 1);
    for (std::size_t i = 0; i + 1 < edges_ns.size(); ++i) {
      const WallNs from = edges_ns[i], to = edges_ns[i + 1];
      if (to <= from) {
        row.push_back(0);
        continue;
      }
      WallNs covered = 0;
      for (const auto& [a, b] : merged) covered += std::max<WallNs>(0, std::min(b, to) - std::max(a, from));
      row.push_back(static_cast<double>(covered) / static_cast<double>(to - from));
    }
  }
  return out;
}

}  // namespace anninh::record
