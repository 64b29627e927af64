// The event log's rows (docs/design/0009-events.md): what analytics and camera health saw,
// aggregated into events by src/events. The event log writes them; the API, the timeline
// and retention read them.
//
// An interface so a PostgreSQL implementation can follow; the SQLite one
// (sqlite/sqlite_event_store.h) shares the recording index's database, which lets storing
// an event and moving the segments it covers into the "event" retention class be one
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store {

struct EventRow {
  std::int64_t id = 0;  // assigned by the store
  std::string camera_id;
  std::string rule;  // rule id from the config, or "camera_offline"
  std::string zone;
  std::string object_class;
  std::string direction;
  std::int64_t track_id = 0;
  WallNs start = 0;
  WallNs end = 0;   // 0 while open
  WallNs last = 0;  // the newest observation: where a crash leaves an open event
  double peak_confidence = 0;
  double box_x = 0, box_y = 0, box_w = 0, box_h = 0;  // normalised, at peak confidence
  // The recordings that show it. While open, clip_end is 0 here; the store keeps every
  // segment from clip_start on in the event class until the event closes.
  WallNs clip_start = 0;
  WallNs clip_end = 0;
  // Files under the events folder, relative to it; empty when there is none. Never from
  // user input: the event log names them from the camera id and the row id.
  std::string snapshot;
  std::string thumbnail;
  std::string closed_by;  // "", "end", "max_duration", "shutdown", "restart"
  bool reviewed = false;
  std::string reviewed_by;
  WallNs reviewed_at = 0;
};

// Filters are ANDed; empty/unset means any. Newest first (start, then id).
struct EventQuery {
  std::vector<std::string> cameras;  // any of these; empty: every camera
  WallNs from = 0;                   // events that overlap [from, to); open events reach now
  WallNs to = INT64_MAX;
  std::string object_class;
  std::string zone;
  std::string rule;
  std::optional<bool> reviewed;
  // Pagination: only events older than this (start, id) in the newest-first order.
  std::optional<std::pair<WallNs, std::int64_t>> before;
  int limit = 100;
};

// Thread-safe.
class EventStore {
 public:
  virtual ~EventStore() = default;

  // Stores a new event and fills in its id. In the same transaction, every segment of the
  // camera that overlaps the clip range (from clip_start on while the event is open) moves
  // to the "event" retention class.
  virtual Status Insert(EventRow& row) = 0;
  // Rewrites the mutable fields (end, last, confidence, box, clip range, files, closed_by)
  // and moves newly covered segments to the event class, in one transaction. kNotFound for
  // an unknown id.
  virtual Status Update(const EventRow& row) = 0;
  virtual Result<std::optional<EventRow>> Get(std::int64_t id) const = 0;
  virtual Result<std::vector<EventRow>> Query(const EventQuery& q) const = 0;
  // Events still open: at start-up, those a crash left.
  virtual Result<std::vector<EventRow>> OpenEvents() const = 0;
  // kNotFound for an unknown id.
  virtual Status SetReviewed(std::int64_t id, bool reviewed, const std::string& by, WallNs at) = 0;

  // Pruning: closed events of the camera that ended before `before`, oldest first.
  virtual Result<std::vector<EventRow>> EndedBefore(const std::string& camera_id, WallNs before,
                                                    int limit) const = 0;
  virtual Status Delete(std::span<const std::int64_t> ids) = 0;
};

}  // namespace anninh::store
