#include "alerts/alert.h"

#include <nlohmann/json.hpp>

#include "core/time_format.h"

namespace anninh::alerts {

std::string_view ToString(events::Change change) {
  switch (change) {
    case events::Change::kOpened: return "opened";
    case events::Change::kUpdated: return "updated";
    case events::Change::kClosed: return "closed";
  }
  return "unknown";
}

std::string BuildPayload(const events::Event& e, events::Change change, std::string_view site,
                         std::string_view public_url) {
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string event_link = base + "/api/v1/events/" + std::to_string(e.id);
  nlohmann::json j = {
      {"id", e.id},
      {"site", site},
      {"change", ToString(change)},
      {"camera", e.camera_id},
      {"rule", e.rule},
      {"zone", e.zone},
      {"class", e.object_class},
      {"direction", e.direction},
      {"track_id", e.track_id},
      {"start", FormatIso8601(e.start_ns)},
      {"start_ns", e.start_ns},
      // An open event has no end yet: null rather than the epoch.
      {"end", e.end_ns ? nlohmann::json(FormatIso8601(e.end_ns)) : nlohmann::json(nullptr)},
      {"end_ns", e.end_ns ? nlohmann::json(e.end_ns) : nlohmann::json(nullptr)},
      {"confidence", e.peak_confidence},
      {"box", {{"x", e.box.x}, {"y", e.box.y}, {"w", e.box.w}, {"h", e.box.h}}},
      {"links", {{"event", event_link}, {"snapshot", event_link + "/snapshot.jpg"}}},
  };
  // Invalid UTF-8 in a camera's config must not make the payload unserialisable.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace anninh::alerts
