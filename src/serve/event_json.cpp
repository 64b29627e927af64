#include "serve/event_json.h"

#include "core/time_format.h"
#include "serve/api_util.h"

namespace anninh::serve {

using nlohmann::json;

json EventJson(const store::EventRow& r) {
  const std::string self = "/api/v1/events/" + std::to_string(r.id);
  json j = {{"id", r.id},
            {"camera_id", r.camera_id},
            {"rule", r.rule},
            {"zone", r.zone},
            {"class", r.object_class},
            {"direction", r.direction},
            {"track_id", r.track_id},
            {"open", r.end == 0},
            {"peak_confidence", r.peak_confidence},
            {"box", {{"x", r.box_x}, {"y", r.box_y}, {"w", r.box_w}, {"h", r.box_h}}},
            {"closed_by", r.closed_by},
            {"reviewed", r.reviewed},
            {"reviewed_by", r.reviewed_by},
            {"snapshot_url", r.snapshot.empty() ? json(nullptr) : json(self + "/snapshot.jpg")},
            {"thumbnail_url", r.thumbnail.empty() ? json(nullptr) : json(self + "/thumbnail.jpg")}};
  PutTime(j, "start", r.start);
  PutOptionalTime(j, "end", r.end);
  json clip = json::object();
  PutTime(clip, "from", r.clip_start);
  PutOptionalTime(clip, "to", r.end != 0 ? r.clip_end : 0);
  // The recordings that show it, as one playable file (needs the playback right).
  clip["video_url"] = r.end == 0 ? json(nullptr)
                                 : json("/api/v1/cameras/" + r.camera_id + "/video.mp4?from=" +
                                        std::to_string(r.clip_start) + "&to=" + std::to_string(r.clip_end));
  j["clip"] = std::move(clip);
  PutOptionalTime(j, "reviewed_at", r.reviewed ? r.reviewed_at : 0);
  return j;
}

std::string_view ToString(events::Change change) {
  switch (change) {
    case events::Change::kOpened: return "opened";
    case events::Change::kUpdated: return "updated";
    case events::Change::kClosed: return "closed";
  }
  return "updated";
}

}  // namespace anninh::serve
