// The event log's counters, for /metrics (docs/ref/api.md); apart from event_log.h so the
// HTTP side includes plain numbers, not the log's threads and store.
#pragma once

#include <cstdint>

namespace anninh::events {

struct EventLogStats {
  std::uint64_t reported = 0;
  std::uint64_t dropped = 0;         // the queue was full
  std::uint64_t ignored = 0;         // kEnd/kUpdate of nothing open, malformed observations
  std::uint64_t opened = 0;
  std::uint64_t extended = 0;        // kStarts folded into an event by the cooldown
  std::uint64_t closed = 0;
  std::uint64_t snapshot_errors = 0; // pictures that did not decode or could not be written
  std::uint64_t store_errors = 0;
  std::uint64_t pruned = 0;
};

}  // namespace anninh::events
