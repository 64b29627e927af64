// One alert as every sink receives it: the event that caused it, the change, and the JSON
// body built once by the dispatcher and shared (read-only) by all sinks.
#pragma once

#include <memory>
#include <string>

#include "events/event.h"

namespace anninh::alerts {

struct Alert {
  events::Event event;
  events::Change change = events::Change::kOpened;
  std::string body;  // JSON, docs/design/0010-alerts.md "Payload"
};

using AlertPtr = std::shared_ptr<const Alert>;

std::string_view ToString(events::Change change);  // "opened", "updated", "closed"

// The JSON payload: event id, camera, rule, zone, class, direction, track, start/end
// (ISO 8601 UTC and ns), confidence, change, and links to the event and its snapshot under
// `public_url` (relative when empty).
std::string BuildPayload(const events::Event& event, events::Change change, std::string_view site,
                         std::string_view public_url);

}  // namespace anninh::alerts
