// The timeline: recorded spans, gaps and events of several cameras over any range in
// one call, so a player can draw and seek a synchronised multi-camera timeline without a
// request per camera. It reads spans, not segments (docs/design/0003-serving.md, "Spans"):
// 30 days of 32 cameras is 1.4 M segments but a few thousand spans.
#include <fmt/format.h>

#include <algorithm>

#include "serve/api.h"
#include "serve/api_util.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

// A year and a month: more than any retention a commune keeps, and a bound on the work one
// request may ask for.
constexpr WallNs kMaxTimelineRange = 400LL * 24 * 3600 * kNsPerSecond;
constexpr int kMaxTimelineEvents = 2000;

bool HasStream(const CameraView& c, const std::string& stream) {
  return std::any_of(c.streams.begin(), c.streams.end(),
                     [&](const StreamView& s) { return s.name == stream; });
}

// {"start", "start_ns", "end", "end_ns"} of [start, end) clipped to [from, to).
json Clipped(WallNs start, WallNs end, WallNs from, WallNs to) {
  json j = json::object();
  PutTime(j, "start", std::max(start, from));
  PutTime(j, "end", std::min(end, to));
  return j;
}

}  // namespace

Response Api::Timeline(const Call& c) const {
  if (auto s = CheckParams(c.target, {"cameras", "from", "to", "stream"}); !s)
    return ErrorResponse(s.error());
  auto from = TimeParam(c.target, "from", std::nullopt);
  if (!from) return ErrorResponse(from.error());
  auto to = TimeParam(c.target, "to", std::nullopt);
  if (!to) return ErrorResponse(to.error());
  if (auto s = CheckRange(*from, *to); !s) return ErrorResponse(s.error());
  if (*to - *from > kMaxTimelineRange) {
    return ErrorResponse(
        FieldError("to", fmt::format("must be at most {} days after 'from'",
                                     kMaxTimelineRange / (24 * 3600 * kNsPerSecond))));
  }
  std::string stream = "main";
  if (auto it = c.target.query.find("stream"); it != c.target.query.end()) stream = it->second;
  if (stream.empty()) return ErrorResponse(FieldError("stream", "must not be empty"));

  // The cameras asked for, each visible to the caller (else the same 404 as an unknown one)
  // and with the stream; without `cameras`, every camera the caller sees that has it.
  const std::vector<CameraView> all = deps_.cameras.Cameras();
  std::vector<const CameraView*> chosen;
  if (auto it = c.target.query.find("cameras"); it != c.target.query.end()) {
    auto ids = CameraList(it->second);
    if (!ids) return ErrorResponse(ids.error());
    for (const std::string& id : *ids) {
      auto cam = std::find_if(all.begin(), all.end(), [&](const CameraView& v) {
        return v.id == id && c.who.SeesCamera(v.area);
      });
      if (cam == all.end())
        return ErrorResponse(Error(ErrorCode::kNotFound, "no camera '" + id + "'"));
      if (!HasStream(*cam, stream)) {
        return ErrorResponse(
            Error(ErrorCode::kNotFound, "camera '" + id + "' has no stream '" + stream + "'"));
      }
      chosen.push_back(&*cam);
    }
  } else {
    for (const CameraView& cam : all) {
      if (c.who.SeesCamera(cam.area) && HasStream(cam, stream)) chosen.push_back(&cam);
    }
  }

  json cameras = json::array();
  for (const CameraView* cam : chosen) {
    const store::TimeQuery q{cam->id, stream, *from, *to};
    auto spans = deps_.index.Spans(q);
    if (!spans) return ErrorResponse(spans.error());
    auto gaps = deps_.index.Gaps(q);
    if (!gaps) return ErrorResponse(gaps.error());
    json span_list = json::array();
    for (const store::SpanRow& s : *spans) span_list.push_back(Clipped(s.start, s.end, *from, *to));
    json gap_list = json::array();
    for (const store::GapRow& g : *gaps) {
      json j = Clipped(g.start, g.end, *from, *to);
      j["reason"] = g.reason;
      gap_list.push_back(std::move(j));
    }
    // Events that overlap the range, newest first, at most kMaxTimelineEvents per camera
    // (a timeline draws marks; the event list pages through the rest).
    json event_list = json::array();
    bool truncated = false;
    if (events_) {
      store::EventQuery eq;
      eq.cameras = {cam->id};
      eq.from = *from;
      eq.to = *to;
      eq.limit = kMaxTimelineEvents + 1;
      auto rows = events_->Query(eq);
      if (!rows) return ErrorResponse(rows.error());
      truncated = rows->size() > static_cast<std::size_t>(kMaxTimelineEvents);
      if (truncated) rows->pop_back();
      for (const store::EventRow& e : *rows) {
        json j = {{"id", e.id}, {"rule", e.rule}, {"zone", e.zone}, {"class", e.object_class},
                  {"open", e.end == 0}, {"reviewed", e.reviewed}};
        PutTime(j, "start", e.start);
        PutOptionalTime(j, "end", e.end);
        event_list.push_back(std::move(j));
      }
    }
    cameras.push_back({{"id", cam->id},
                       {"stream", stream},
                       {"spans", std::move(span_list)},
                       {"gaps", std::move(gap_list)},
                       {"events", std::move(event_list)},
                       {"events_truncated", truncated}});
  }
  json out = json::object();
  PutTime(out, "from", *from);
  PutTime(out, "to", *to);
  out["cameras"] = std::move(cameras);
  return Json(200, out);
}

}  // namespace anninh::serve
