// Live view routes: the WebSocket upgrade for /api/v1/cameras/{id}/live and its plain-HTTP
// twin, which only says how to use it; the MJPEG fallback; snapshots.
#include <fmt/format.h>

#include "core/time_format.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "live/h264_transcoder.h"
#include "media/snapshot.h"
#include "serve/live_channel.h"
#include "serve/mjpeg_source.h"

namespace anninh::serve {

namespace {

// "http://host:port" or "https://host" -> "host:port" / "host".
std::string_view OriginHost(std::string_view origin) {
  auto p = origin.find("://");
  if (p != std::string_view::npos) origin.remove_prefix(p + 3);
  return origin.substr(0, origin.find('/'));
}

}  // namespace

Response Api::LiveWithoutUpgrade(const Call& c) const {
  if (auto s = CheckParams(c.target, {"stream"}); !s) return ErrorResponse(s.error());
  Response r = ErrorResponse(426, "upgrade_required",
                             "live view is a WebSocket: connect with Upgrade: websocket (docs/ref/api.md, Live view)");
  r.headers.emplace_back("Upgrade", "websocket");
  return r;
}

Response Api::Snapshot(const Call& c) const {
  if (auto s = CheckParams(c.target, {"stream", "width"}); !s) return ErrorResponse(s.error());
  auto cam = VisibleCamera(c.who, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  std::string stream;
  auto found = LiveStreamFor(c, *cam, stream);
  if (!found) return ErrorResponse(found.error());
  live::LiveStream* live = *found;
  int width = 0;
  if (auto it = c.target.query.find("width"); it != c.target.query.end()) {
    auto w = ParseId(it->second, "'width'");
    if (!w || *w < 16 || *w > 7680) {
      return ErrorResponse(FieldError("width", "must be 16 to 7680 pixels"));
    }
    width = static_cast<int>(*w);
  }
  auto key = live->LastKeyframe();
  if (!key) {
    Response r = ErrorResponse(Error(ErrorCode::kUnavailable, "no picture from camera '" + cam->id + "' yet"));
    r.headers.emplace_back("Retry-After", "2");
    return r;
  }
  const std::string cache_key = cam->id + "/" + stream + "/" + std::to_string(width);
  std::shared_ptr<const std::string> jpeg;
  {
    std::lock_guard lock(snapshot_mu_);
    auto it = snapshots_.find(cache_key);
    if (it != snapshots_.end() && it->second.keyframe_wall == key->wall) jpeg = it->second.jpeg;
  }
  if (!jpeg) {
    auto made = media::KeyframeToJpeg(*key->info, *key->packet, {.max_width = width});
    if (!made) return ErrorResponse(made.error());
    jpeg = std::make_shared<const std::string>(std::move(*made));
    std::lock_guard lock(snapshot_mu_);
    snapshots_[cache_key] = {key->wall, jpeg};
  }
  if (FirstInWindow({"snapshot " + c.who.Actor(), cam->id, 0, 0})) {
    AuditOrLog(c, "snapshot", cam->id, key->wall, key->wall, stream);
  }
  Response r;
  r.content_type = "image/jpeg";
  r.body = *jpeg;
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Captured-At", FormatIso8601(key->wall));
  return r;
}

Upgrade Api::HandleUpgrade(const Request& request) const {
  auto target = ParseTarget(request.target);
  if (!target) return {nullptr, ErrorResponse(target.error())};
  const auto& seg = target->segments;
  const bool camera_live =
      seg.size() == 5 && seg[0] == "api" && seg[1] == "v1" && seg[2] == "cameras" && seg[4] == "live";
  const bool events_live = seg.size() == 4 && seg[0] == "api" && seg[1] == "v1" && seg[2] == "events" && seg[3] == "live";
  if (!camera_live && !events_live) {
    return {nullptr, ErrorResponse(404, "not_found", "no WebSocket at " + request.target)};
  }
  // A browser sends the cookie with a cross-site WebSocket handshake whatever CSRF tokens
  // say; the Origin it must send tells us where the page came from (RFC 6455 10.2).
  if (!request.origin.empty() && OriginHost(request.origin) != request.host) {
    return {nullptr, ErrorResponse(403, "permission_denied", "WebSocket from another site (Origin " + request.origin + ")")};
  }
  access::Principal who;
  if (events_live) {
    if (auto refused = Admit(request, {access::right::kCameraView}, who)) return {nullptr, std::move(*refused)};
    const std::vector<std::string> no_params;
    return EventsUpgrade(Call{request, *target, no_params, who});
  }
  if (auto refused = Admit(request, {access::right::kLiveView}, who)) return {nullptr, std::move(*refused)};
  std::vector<std::string> params{seg[3]};
  return LiveUpgrade(Call{request, *target, params, who});
}

Upgrade Api::LiveUpgrade(const Call& c) const {
  if (auto s = CheckParams(c.target, {"stream", "transcode"}); !s) return {nullptr, ErrorResponse(s.error())};
  auto cam = VisibleCamera(c.who, c.params[0]);
  if (!cam) return {nullptr, ErrorResponse(cam.error())};
  std::string stream;
  auto live = LiveStreamFor(c, *cam, stream);
  if (!live) return {nullptr, ErrorResponse(live.error())};
  auto it = c.target.query.find("transcode");
  if (it == c.target.query.end()) {
    return {std::make_shared<LiveChannel>(LiveChannel::SourceOf(**live), LiveHooks(c, *cam, stream, ""), deps_.clock),
            std::nullopt};
  }
  // The H.264 view of an H.265 stream (docs/design/0007-live-view.md, "Transcode").
  if (it->second != "h264") return {nullptr, ErrorResponse(FieldError("transcode", "the only transcode is 'h264'"))};
  if (!options_.live_transcode) {
    return {nullptr, ErrorResponse(Error(ErrorCode::kUnavailable,
                                         "live transcoding is turned off on this server ([live] transcode = false)"))};
  }
  live::LiveStream& source = **live;
  if (source.Describe().codec.rfind("hevc", 0) != 0) {
    return {nullptr, ErrorResponse(FieldError("transcode", "stream '" + stream + "' is not H.265; watch it as it is"))};
  }
  live::H264Transcoder& transcoder = source.Transcoded();
  const int max = options_.max_transcodes;
  if (!transcoder.CanSubscribe(max)) {
    Response r = ErrorResponse(Error(ErrorCode::kResourceExhausted,
                                     fmt::format("{} live transcode(s) already running, the most this server allows "
                                                 "([live] max_transcodes); watch the sub stream or MJPEG instead",
                                                 live::H264Transcoder::Running())));
    r.headers.emplace_back("Retry-After", "30");
    return {nullptr, std::move(r)};
  }
  LiveChannel::Source from{[&transcoder, max](live::LiveViewer& v, std::string& refused) -> std::shared_ptr<void> {
                             auto sub = transcoder.Subscribe(v, max);
                             if (!sub) {
                               refused = sub.error().message();
                               return nullptr;
                             }
                             return std::shared_ptr<void>(std::move(*sub));
                           },
                           [&source] { return source.Describe(); }};
  return {std::make_shared<LiveChannel>(std::move(from), LiveHooks(c, *cam, stream, "h264"), deps_.clock),
          std::nullopt};
}

Response Api::LiveMjpeg(const Call& c) const {
  if (auto s = CheckParams(c.target, {"stream", "fps"}); !s) return ErrorResponse(s.error());
  auto cam = VisibleCamera(c.who, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  int fps = 2;  // enough to see what happens, cheap for a commune PC and a phone link
  if (auto it = c.target.query.find("fps"); it != c.target.query.end()) {
    auto f = ParseId(it->second, "'fps'");
    if (!f || *f < 1 || *f > live::JpegFeed::kMaxFps) {
      return ErrorResponse(FieldError("fps", fmt::format("must be 1 to {} pictures a second", live::JpegFeed::kMaxFps)));
    }
    fps = static_cast<int>(*f);
  }
  std::string stream;
  auto live = LiveStreamFor(c, *cam, stream);
  if (!live) return ErrorResponse(live.error());
  Response r;
  r.content_type = MjpegSource::ContentType();
  r.headers.emplace_back("Cache-Control", "no-store");
  r.stream = std::make_shared<MjpegSource>((*live)->Jpegs(), fps, LiveHooks(c, *cam, stream, "mjpeg"), deps_.clock);
  return r;
}

Result<live::LiveStream*> Api::LiveStreamFor(const Call& c, const CameraView& cam, std::string& stream) const {
  if (auto it = c.target.query.find("stream"); it != c.target.query.end()) {
    stream = it->second;
  } else {
    // Grids use the sub stream when there is one; ask for "main" on focus.
    stream = "main";
    for (const StreamView& s : cam.streams) {
      if (s.name == "sub") stream = "sub";
    }
  }
  live::LiveStream* live = deps_.cameras.Live(cam.id, stream);
  if (!live) return Fail(ErrorCode::kNotFound, "camera '" + cam.id + "' has no running stream '" + stream + "'");
  return live;
}

LiveChannel::Hooks Api::LiveHooks(const Call& c, const CameraView& cam, const std::string& stream_name,
                                  std::string_view kind) const {
  // Everything a viewer needs later is copied: the request is gone by then.
  const std::string cookie = c.request.cookie, authorization = c.request.authorization;
  const std::string camera = cam.id, area = cam.area, actor = c.who.Actor(), remote = c.request.remote;
  // The audit detail says which stream, and how it was watched when not over WebSocket.
  const std::string stream = kind.empty() ? stream_name : stream_name + " " + std::string(kind);
  LiveChannel::Hooks hooks;
  hooks.still_allowed = [this, cookie, authorization, camera, area] {
    Request again;
    again.cookie = cookie;
    again.authorization = authorization;
    access::Principal who;
    return !Admit(again, {access::right::kLiveView}, who).has_value() && who.SeesCamera(area);
  };
  hooks.on_start = [this, actor, camera, stream, remote] {
    (void)deps_.audit.Record({actor, "live.start", camera, 0, 0, stream, remote});
  };
  hooks.on_stop = [this, actor, camera, stream, remote](double seconds) {
    (void)deps_.audit.Record({actor, "live.stop", camera, 0, 0, fmt::format("{} {:.0f} s", stream, seconds), remote});
  };
  return hooks;
}

}  // namespace anninh::serve
