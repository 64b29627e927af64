// What retention deletes, decided by a pure function: no clock, no disk, no index, so every
// rule is unit-tested exactly with made-up numbers (docs/design/0002-retention.md).
//
// The rules, applied in this order:
//   1. per camera and retention class, by age: a segment that ended before now - days goes;
//   2. per camera and class, by size: the oldest go until the camera's bytes are within
//      its limit;
//   3. site-wide free-space floor: while the recordings disk has less free than the floor,
//      the globally oldest segments go, whichever camera they belong to.
// A segment that overlaps an evidence hold is never chosen, whatever the rule.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/recording_index.h"

namespace anninh::record {

constexpr WallNs kNsPerDay = 86'400 * kNsPerSecond;

// How long one camera's recordings of one class are kept; 0 means no limit of that kind.
struct RetentionLimits {
  double days = 30;
  std::uint64_t bytes = 0;
};

// One camera as retention sees it this round.
struct CameraUsage {
  std::string camera_id;
  // Indexed by store::RetentionClass. The runner gives a camera missing from the config
  // (renamed or removed) no limits ({0, 0}): only the free-space floor removes its
  // footage, so a typo in the config never deletes a camera's history by age.
  std::array<RetentionLimits, store::kRetentionClassCount> limits{};
  // Bytes per class of every segment of the camera not already being deleted, held or not
  // (holds count against the size limit: what they keep pushes older unheld footage out).
  std::array<std::uint64_t, store::kRetentionClassCount> retained_bytes{};
  // The camera's oldest segments, oldest first, not held and not being deleted. May be
  // only the first batch of them: `complete` says whether it is all of them.
  std::vector<store::SegmentRow> oldest;
  bool complete = true;
};

struct FloorConfig {
  double min_free_percent = 5;
  std::uint64_t min_free_bytes = 2'000'000'000;
};

struct RetentionInput {
  WallNs now = 0;
  std::vector<CameraUsage> cameras;
  // Re-checked here although the index already leaves held segments out of `oldest`:
  // deleting evidence is the one mistake that cannot be undone.
  std::vector<store::HoldRow> holds;
  std::uint64_t free_bytes = 0;
  std::uint64_t total_bytes = 0;
  FloorConfig floor;
};

enum class DeleteReason { kAge, kSize, kFreeSpace };
std::string_view ToString(DeleteReason r);

struct Deletion {
  store::SegmentRow segment;
  DeleteReason reason;
};

struct RetentionPlan {
  std::vector<Deletion> deletions;  // oldest first per rule
  // Bytes still missing under the free-space floor once the plan is done, when the batches
  // were complete and nothing more may be deleted (everything left is held): 0 otherwise.
  std::uint64_t floor_shortfall = 0;
  // A camera's batch ran out before a rule was satisfied: run again after this plan.
  bool more = false;
};

// The free space the floor asks for on a disk of `total_bytes`. The byte floor is capped at
// half the disk, so a floor meant for a 2 TB disk does not empty a small one.
std::uint64_t FloorBytes(const FloorConfig& floor, std::uint64_t total_bytes);

bool Overlaps(const store::HoldRow& hold, const store::SegmentRow& segment);

RetentionPlan PlanRetention(const RetentionInput& input);

// For `anninh recordings`: days until a camera's footage starts being deleted for lack of
// room (its size limit, or the disk reaching the floor), at the current write rates.
// nullopt when the age limit comes first (the camera reaches a steady state at `days`), or
// when nothing is being written.
struct DaysLeftInput {
  RetentionLimits limits;
  std::uint64_t retained_bytes = 0;
  double days_covered = 0;            // from its oldest retained segment to now
  double camera_bytes_per_day = 0;    // this camera's recent write rate
  double site_bytes_per_day = 0;      // all cameras' recent write rate
  std::uint64_t free_above_floor = 0; // free bytes before the floor is reached
};
std::optional<double> DaysLeft(const DaysLeftInput& in);

}  // namespace anninh::record
