#include "record/retention_policy.h"

#include <algorithm>
#include <set>

namespace anninh::record {

std::string_view ToString(DeleteReason r) {
  switch (r) {
    case DeleteReason::kAge: return "age";
    case DeleteReason::kSize: return "size";
    case DeleteReason::kFreeSpace: return "free space";
  }
  return "?";
}

std::uint64_t FloorBytes(const FloorConfig& floor, std::uint64_t total_bytes) {
  const auto by_percent =
      static_cast<std::uint64_t>(static_cast<double>(total_bytes) * floor.min_free_percent / 100);
  return std::max(by_percent, std::min(floor.min_free_bytes, total_bytes / 2));
}

bool Overlaps(const store::HoldRow& hold, const store::SegmentRow& segment) {
  if (hold.camera_id != segment.camera_id) return false;
  // Same rule as the index's SQL: a zero-length segment is the instant it starts.
  const WallNs end = std::max(segment.end, segment.start + 1);
  return hold.start < end && hold.end > segment.start;
}

RetentionPlan PlanRetention(const RetentionInput& in) {
  RetentionPlan plan;
  std::set<std::int64_t> chosen;
  auto held = [&](const store::SegmentRow& s) {
    return std::any_of(in.holds.begin(), in.holds.end(),
                       [&](const store::HoldRow& h) { return Overlaps(h, s); });
  };
  std::uint64_t freed = 0;
  auto take = [&](const store::SegmentRow& s, DeleteReason why) {
    chosen.insert(s.id);
    freed += s.bytes;
    plan.deletions.push_back({s, why});
  };

  // Rules 1 and 2: per camera and class. `oldest` is oldest first, so once a segment is
  // neither too old nor needed for the size limit, no younger one is either.
  for (const CameraUsage& cam : in.cameras) {
    for (int c = 0; c < store::kRetentionClassCount; ++c) {
      const RetentionLimits& lim = cam.limits[static_cast<std::size_t>(c)];
      std::uint64_t remaining = cam.retained_bytes[static_cast<std::size_t>(c)];
      const WallNs cutoff =
          lim.days > 0 ? in.now - static_cast<WallNs>(lim.days * static_cast<double>(kNsPerDay))
                       : INT64_MIN;
      bool satisfied = false;
      for (const store::SegmentRow& s : cam.oldest) {
        if (static_cast<int>(s.retention_class) != c || held(s)) continue;
        DeleteReason why;
        if (s.end <= cutoff) {
          why = DeleteReason::kAge;
        } else if (lim.bytes > 0 && remaining > lim.bytes) {
          why = DeleteReason::kSize;
        } else {
          satisfied = true;
          break;
        }
        take(s, why);
        remaining -= std::min(remaining, s.bytes);
      }
      if (!satisfied && !cam.complete) plan.more = true;
    }
  }

  // Rule 3: the free-space floor, globally oldest first.
  const std::uint64_t floor = FloorBytes(in.floor, in.total_bytes);
  if (in.free_bytes + freed >= floor) return plan;
  std::vector<const store::SegmentRow*> rest;
  bool all_complete = true;
  for (const CameraUsage& cam : in.cameras) {
    all_complete = all_complete && cam.complete;
    for (const store::SegmentRow& s : cam.oldest) {
      if (!chosen.count(s.id) && !held(s)) rest.push_back(&s);
    }
  }
  std::sort(rest.begin(), rest.end(), [](const auto* a, const auto* b) {
    return a->start != b->start ? a->start < b->start : a->id < b->id;
  });
  for (const store::SegmentRow* s : rest) {
    if (in.free_bytes + freed >= floor) break;
    take(*s, DeleteReason::kFreeSpace);
  }
  if (in.free_bytes + freed < floor) {
    if (all_complete) {
      plan.floor_shortfall = floor - (in.free_bytes + freed);
    } else {
      plan.more = true;
    }
  }
  return plan;
}

std::optional<double> DaysLeft(const DaysLeftInput& in) {
  if (in.camera_bytes_per_day <= 0 || in.site_bytes_per_day <= 0) return std::nullopt;
  // The disk fills at the site's rate, whichever camera writes; each camera's footage is
  // then pushed out, oldest first, from that day on.
  double days = static_cast<double>(in.free_above_floor) / in.site_bytes_per_day;
  if (in.limits.bytes > 0) {
    const double room = in.limits.bytes > in.retained_bytes
                            ? static_cast<double>(in.limits.bytes - in.retained_bytes)
                            : 0.0;
    days = std::min(days, room / in.camera_bytes_per_day);
  }
  if (in.limits.days > 0 && in.limits.days - in.days_covered <= days) return std::nullopt;
  return days;
}

}  // namespace anninh::record
