// The recording index: which segments exist on disk for which camera and stream, and
// where the gaps are. The recorder writes it; the CLI, the API and fsck read it.
//
// This is an interface so a PostgreSQL implementation can follow behind it; the
// SQLite one (sqlite/sqlite_recording_index.h) is the default for a commune's PC.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store {

// How long a segment is kept is decided per class. Segments are continuous unless they
// overlap an event's clip range: then they are kEvent and get their own, longer limits
// (docs/design/0009-events.md). The index stores the class by name ("continuous", "event"):
// a segment committed over an open or stored event is committed as "event", and storing an
// event moves the segments it covers (store/event_store.h).
enum class RetentionClass { kContinuous, kEvent };
inline constexpr int kRetentionClassCount = 2;
inline std::string_view ToString(RetentionClass c) {
  switch (c) {
    case RetentionClass::kContinuous: break;
    case RetentionClass::kEvent: return "event";
  }
  return "continuous";
}
// Unknown names read as continuous: an older build sees a newer class and keeps to the
// continuous limits rather than failing.
inline RetentionClass ParseRetentionClass(std::string_view name) {
  return name == "event" ? RetentionClass::kEvent : RetentionClass::kContinuous;
}

struct SegmentRow {
  std::int64_t id = 0;  // assigned by the index
  std::string camera_id;
  std::string stream;  // "main" or "sub"
  std::string path;    // relative to the recordings root
  WallNs start = 0;    // wall time of the first frame
  WallNs end = 0;      // wall time just after the last frame
  std::int64_t frames = 0;
  std::uint64_t bytes = 0;
  std::string sha256;  // lowercase hex
  std::string codec;   // "h264", "hevc+aac", ...
  int discontinuities = 0;  // timestamp repairs inside the segment
  bool recovered = false;   // indexed by start-up recovery after a crash
  RetentionClass retention_class = RetentionClass::kContinuous;
};

struct GapRow {
  std::int64_t id = 0;
  std::string camera_id;
  std::string stream;
  WallNs start = 0;
  WallNs end = 0;
  std::string reason;  // "unauthorized", "stalled", "recorder not running", ...
};

// An evidence hold: recordings of a camera in [start, end) that retention must never
// delete, until the hold is released.
struct HoldRow {
  std::int64_t id = 0;
  std::string camera_id;
  WallNs start = 0;
  WallNs end = 0;
  std::string reason;      // "vụ việc 12/2026: trộm xe máy", shown to people
  std::string created_by;  // user or "cli"
  WallNs created_at = 0;
  std::string case_ref;    // the case (vụ việc) it belongs to; empty when none
};

// A span: a maximal run of one camera stream's segments in which each starts no later than
// kSpanTolerance after the furthest end before it. The timeline draws spans, not segments:
// a month of one camera is ~43,000 segments but a few hundred spans. The index keeps spans
// exact as segments are committed, marked deleting or deleted
// (docs/design/0003-serving.md, "Spans").
struct SpanRow {
  std::string camera_id;
  std::string stream;
  WallNs start = 0;
  WallNs end = 0;
};
// Segments closer than this are one span: a segment cut starts a few frames after the last
// one ends, and a reconnect that loses under 2 s is not worth a break on the timeline.
// Migration v6 backfills with the same value; changing it needs a migration that rebuilds.
inline constexpr WallNs kSpanTolerance = 2 * kNsPerSecond;

// Half-open time window [from, to) filter; empty camera/stream means all.
struct TimeQuery {
  std::string camera_id;
  std::string stream;
  WallNs from = 0;
  WallNs to = INT64_MAX;
};

struct StreamTotals {
  std::string camera_id;
  std::string stream;
  std::int64_t segments = 0;
  std::uint64_t bytes = 0;
  WallNs first_start = 0;
  WallNs last_end = 0;
  WallNs recorded_ns = 0;  // sum of segment durations
};

// Thread-safe.
class RecordingIndex {
 public:
  virtual ~RecordingIndex() = default;

  // Adds segments and gaps in one transaction; fills in their ids. Either all are
  // committed or none is.
  virtual Status Commit(std::span<SegmentRow> segments, std::span<GapRow> gaps) = 0;

  // Segments overlapping the window, ordered by start.
  virtual Result<std::vector<SegmentRow>> Segments(const TimeQuery& q) const = 0;
  virtual Result<std::vector<GapRow>> Gaps(const TimeQuery& q) const = 0;
  // Spans overlapping the window (not clipped), ordered by camera, stream and start. Like
  // Segments, they leave out segments marked deleting.
  virtual Result<std::vector<SpanRow>> Spans(const TimeQuery& q) const = 0;
  virtual Result<std::optional<SegmentRow>> LastSegment(const std::string& camera_id,
                                                        const std::string& stream) const = 0;
  virtual Result<std::optional<SegmentRow>> SegmentByPath(const std::string& path) const = 0;
  virtual Result<std::vector<StreamTotals>> Totals() const = 0;

  // Removes the row (used by reconciliation when the file is gone).
  virtual Status DeleteSegment(std::int64_t id) = 0;

  // Evidence holds (issue 3). AddHold fills in id; an empty camera, an empty reason or
  // start >= end is kInvalidArgument. ReleaseHold of an unknown id is kNotFound.
  // Holds() with an empty camera id lists all.
  virtual Status AddHold(HoldRow& hold) = 0;
  virtual Status ReleaseHold(std::int64_t id) = 0;
  virtual Result<std::vector<HoldRow>> Holds(const std::string& camera_id) const = 0;

  // --- Retention (record/retention.h is the only caller that deletes) ---
  //
  // Rows marked deleting are invisible to every query above (Segments, LastSegment,
  // SegmentByPath, Totals): their files are going away.

  // The camera's oldest segments (any stream), oldest first, at most `limit`, leaving out
  // those marked deleting and those overlapping a hold.
  virtual Result<std::vector<SegmentRow>> OldestUnheld(const std::string& camera_id,
                                                       int limit) const = 0;
  struct ClassBytes {
    std::string camera_id;
    RetentionClass retention_class = RetentionClass::kContinuous;
    std::uint64_t bytes = 0;
  };
  // Bytes per camera and class of the segments not being deleted.
  virtual Result<std::vector<ClassBytes>> RetainedBytes() const = 0;
  // Bytes under hold per camera (segments overlapping a hold), for reports.
  virtual Result<std::vector<std::pair<std::string, std::uint64_t>>> HeldBytes() const = 0;
  // Step 1 of the ordered delete: marks the rows deleting in one transaction, except those
  // that overlap a hold at that moment (a hold placed after the plan still wins). Returns
  // the rows actually marked.
  virtual Result<std::vector<SegmentRow>> MarkDeleting(std::span<const std::int64_t> ids) = 0;
  // Rows marked deleting: what a crash interrupted, or what is in progress.
  virtual Result<std::vector<SegmentRow>> DeletingSegments() const = 0;
  // Last step: removes rows that are marked deleting (others are left alone).
  virtual Status FinishDeleting(std::span<const std::int64_t> ids) = 0;
};

}  // namespace anninh::store
