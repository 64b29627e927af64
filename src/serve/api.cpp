#include "serve/api.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "core/time_format.h"
#include "media/remux.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

Response Json(int status, const json& body) {
  return JsonResponse(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

// Unknown parameters are refused rather than ignored: "form=" for "from=" would otherwise
// silently mean "from the beginning".
Status CheckParams(const Target& t, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : t.query) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown query parameter '" + key + "'" + (list.empty() ? "" : "; expected " + list));
    }
  }
  return {};
}

Result<WallNs> TimeParam(const Target& t, const std::string& name, std::optional<WallNs> fallback) {
  auto it = t.query.find(name);
  if (it == t.query.end() || it->second.empty()) {
    if (fallback) return *fallback;
    return Fail(ErrorCode::kInvalidArgument,
                "'" + name + "' is required (RFC 3339 UTC like 2026-11-29T02:15:00Z, or nanoseconds)");
  }
  auto v = ParseTime(it->second);
  if (!v) return Fail(std::move(v).error().Wrap(name));
  return *v;
}

Status CheckRange(WallNs from, WallNs to) {
  if (from >= to) {
    return Fail(ErrorCode::kInvalidArgument,
                "'from' (" + FormatIso8601(from) + ") must be before 'to' (" + FormatIso8601(to) + ")");
  }
  return {};
}

Result<CameraView> FindCamera(const CameraSource& source, const std::string& id) {
  for (CameraView& c : source.Cameras()) {
    if (c.id == id) return std::move(c);
  }
  return Fail(ErrorCode::kNotFound, "no camera '" + id + "'");
}

const StreamView* FindStream(const CameraView& c, const std::string& name) {
  for (const StreamView& s : c.streams) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

void PutTime(json& j, const char* name, WallNs t) {
  j[name] = FormatIso8601(t);
  j[std::string(name) + "_ns"] = t;
}

json HoldJson(const store::HoldRow& h) {
  json j = {{"id", h.id}, {"camera_id", h.camera_id}, {"reason", h.reason}, {"created_by", h.created_by}};
  PutTime(j, "from", h.start);
  PutTime(j, "to", h.end);
  PutTime(j, "created_at", h.created_at);
  return j;
}

// A time in a JSON body: an RFC 3339 string or integer nanoseconds, like the query.
Result<WallNs> JsonTime(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return Fail(ErrorCode::kInvalidArgument, std::string("'") + name + "' is required");
  if (it->is_number_integer()) return it->get<WallNs>();
  if (it->is_string()) {
    auto v = ParseTime(it->get<std::string>());
    if (!v) return Fail(std::move(v).error().Wrap(name));
    return *v;
  }
  return Fail(ErrorCode::kInvalidArgument,
              std::string("'") + name + "' must be an RFC 3339 string or integer nanoseconds");
}

Result<std::string> JsonString(const json& body, const char* name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return Fail(ErrorCode::kInvalidArgument, std::string("'") + name + "' is required");
    return std::string();
  }
  if (!it->is_string()) return Fail(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be a string");
  return it->get<std::string>();
}

}  // namespace

Api::Api(ApiOptions options, const CameraSource& cameras, store::RecordingIndex& index,
         VideoCache& cache, const Clock& clock)
    : options_(std::move(options)), cameras_(cameras), index_(index), cache_(cache), clock_(clock) {
  auto bind = [this](Response (Api::*h)(const RouteContext&) const) {
    return [this, h](const RouteContext& c) { return (this->*h)(c); };
  };
  router_.Add(Method::kGet, "/healthz", bind(&Api::Healthz));
  router_.Add(Method::kGet, "/metrics", bind(&Api::Metrics));
  router_.Add(Method::kGet, "/api/v1/cameras", bind(&Api::Cameras));
  router_.Add(Method::kGet, "/api/v1/cameras/{id}/recordings", bind(&Api::Recordings));
  router_.Add(Method::kGet, "/api/v1/cameras/{id}/video.mp4", bind(&Api::Video));
  router_.Add(Method::kGet, "/api/v1/holds", bind(&Api::ListHolds));
  router_.Add(Method::kPost, "/api/v1/holds", bind(&Api::AddHold));
  router_.Add(Method::kDelete, "/api/v1/holds/{id}", bind(&Api::ReleaseHold));
}

Response Api::Healthz(const RouteContext&) const { return Json(200, {{"status", "ok"}}); }

Response Api::Metrics(const RouteContext& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  std::optional<fs::SpaceInfo> disk;
  if (auto space = fs::Space(options_.recordings_dir)) disk = *space;
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = RenderMetrics(cameras_.Cameras(), disk, rates_, clock_.Monotonic());
  return r;
}

Response Api::Cameras(const RouteContext& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  json out = json::array();
  for (const CameraView& cam : cameras_.Cameras()) {
    json streams = json::array();
    for (const StreamView& s : cam.streams) {
      const ingest::StreamStatus& st = s.ingest;
      json j = {{"name", s.name},
                {"url", s.redacted_url},
                {"record", s.record},
                {"state", s.running ? std::string(ToString(st.state)) : std::string("disabled")},
                {"reason", st.reason},
                {"detail", st.detail},
                {"codec", st.codec},
                {"width", st.width},
                {"height", st.height},
                {"packets", st.packets},
                {"bytes", st.bytes},
                {"reconnects", st.reconnects},
                {"stalls", st.stalls},
                {"recorder",
                 {{"segments", s.recorder.segments_closed},
                  {"bytes_written", s.recorder.bytes_written},
                  {"last_error", s.recorder.last_error}}}};
      PutTime(j, "since", st.since);
      streams.push_back(std::move(j));
    }
    out.push_back({{"id", cam.id}, {"name", cam.name}, {"enabled", cam.enabled}, {"streams", std::move(streams)}});
  }
  return Json(200, {{"cameras", std::move(out)}});
}

Response Api::Recordings(const RouteContext& c) const {
  if (auto s = CheckParams(c.target, {"from", "to", "stream"}); !s) return ErrorResponse(s.error());
  auto cam = FindCamera(cameras_, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  auto from = TimeParam(c.target, "from", WallNs{0});
  if (!from) return ErrorResponse(from.error());
  auto to = TimeParam(c.target, "to", clock_.Now());
  if (!to) return ErrorResponse(to.error());
  if (auto s = CheckRange(*from, *to); !s) return ErrorResponse(s.error());
  std::string stream;
  if (auto it = c.target.query.find("stream"); it != c.target.query.end()) {
    stream = it->second;
    if (!FindStream(*cam, stream)) {
      return ErrorResponse(Error(ErrorCode::kNotFound, "camera '" + cam->id + "' has no stream '" + stream + "'"));
    }
  }
  store::TimeQuery q{cam->id, stream, *from, *to};
  auto segments = index_.Segments(q);
  if (!segments) return ErrorResponse(segments.error());
  auto gaps = index_.Gaps(q);
  if (!gaps) return ErrorResponse(gaps.error());

  json out = {{"camera_id", cam->id}};
  PutTime(out, "from", *from);
  PutTime(out, "to", *to);
  json segs = json::array();
  for (const store::SegmentRow& s : *segments) {
    json j = {{"id", s.id},         {"stream", s.stream}, {"frames", s.frames},
              {"bytes", s.bytes},   {"codec", s.codec},   {"sha256", s.sha256},
              {"recovered", s.recovered}, {"discontinuities", s.discontinuities}};
    PutTime(j, "start", s.start);
    PutTime(j, "end", s.end);
    segs.push_back(std::move(j));
  }
  json gap_list = json::array();
  for (const store::GapRow& g : *gaps) {
    json j = {{"stream", g.stream}, {"reason", g.reason}};
    PutTime(j, "start", g.start);
    PutTime(j, "end", g.end);
    gap_list.push_back(std::move(j));
  }
  out["segments"] = std::move(segs);
  out["gaps"] = std::move(gap_list);
  return Json(200, out);
}

Response Api::Video(const RouteContext& c) const {
  if (auto s = CheckParams(c.target, {"from", "to", "stream"}); !s) return ErrorResponse(s.error());
  auto cam = FindCamera(cameras_, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  auto from = TimeParam(c.target, "from", std::nullopt);
  if (!from) return ErrorResponse(from.error());
  auto to = TimeParam(c.target, "to", std::nullopt);
  if (!to) return ErrorResponse(to.error());
  if (auto s = CheckRange(*from, *to); !s) return ErrorResponse(s.error());
  if (*to - *from > options_.max_video_range) {
    return ErrorResponse(Error(ErrorCode::kInvalidArgument,
                               fmt::format("the range is longer than the {} h one video may cover; ask for less",
                                           options_.max_video_range / (3600 * kNsPerSecond))));
  }
  std::string stream = "main";
  if (auto it = c.target.query.find("stream"); it != c.target.query.end()) stream = it->second;
  if (!FindStream(*cam, stream)) {
    return ErrorResponse(Error(ErrorCode::kNotFound, "camera '" + cam->id + "' has no stream '" + stream + "'"));
  }

  auto rows = index_.Segments({cam->id, stream, *from, *to});
  if (!rows) return ErrorResponse(rows.error());
  if (rows->empty()) {
    return ErrorResponse(Error(ErrorCode::kNotFound,
                               fmt::format("nothing of camera '{}' ({}) is recorded between {} and {}", cam->id,
                                           stream, FormatIso8601(*from), FormatIso8601(*to))));
  }
  std::vector<media::RemuxSegment> segments;
  segments.reserve(rows->size());
  // The key names the segments used, so a range that grows as recording continues is
  // assembled again rather than served short from the cache.
  std::string key = fmt::format("{}|{}|{}|{}|", cam->id, stream, *from, *to);
  for (const store::SegmentRow& row : *rows) {
    auto path = fs::ConfinedPath(options_.recordings_dir, row.path);
    if (!path) {
      spdlog::error("http: index row {} names a path outside the recordings: {}", row.id,
                    path.error().message());
      return ErrorResponse(500, "internal", "the index names a file outside the recordings folder");
    }
    segments.push_back({std::move(*path), row.start, row.end});
    key += fmt::format("{}:{},", row.id, row.end);
  }
  auto file = cache_.Get(key, [&](const std::filesystem::path& tmp) -> Status {
    auto r = media::RemuxRange(segments, *from, *to, tmp);
    if (!r) return Fail(std::move(r).error());
    return {};
  });
  if (!file) return ErrorResponse(file.error());

  const std::uint64_t size = (*file)->size();
  Response r;
  r.content_type = "video/mp4";
  r.headers.emplace_back("Accept-Ranges", "bytes");
  r.headers.emplace_back("ETag", "\"" + VideoCache::FileName(key).substr(0, 32) + "\"");
  std::string name = fmt::format("{}-{}-{}.mp4", cam->id, stream, FormatIso8601(*from));
  std::replace(name.begin(), name.end(), ':', '-');
  r.headers.emplace_back("Content-Disposition", "inline; filename=\"" + name + "\"");
  RangeRequest range = ParseRange(c.request.range, size);
  switch (range.kind) {
    case RangeRequest::Kind::kWhole:
      r.file = FileSlice{*file, 0, size};
      break;
    case RangeRequest::Kind::kPartial:
      r.status = 206;
      r.headers.emplace_back("Content-Range",
                             fmt::format("bytes {}-{}/{}", range.range.first, range.range.last, size));
      r.file = FileSlice{*file, range.range.first, range.range.length()};
      break;
    case RangeRequest::Kind::kUnsatisfiable: {
      Response e = ErrorResponse(416, "range_not_satisfiable",
                                 fmt::format("the video has {} bytes; the requested range is outside it", size));
      e.headers.emplace_back("Content-Range", fmt::format("bytes */{}", size));
      e.headers.emplace_back("Accept-Ranges", "bytes");
      return e;
    }
  }
  return r;
}

Response Api::ListHolds(const RouteContext& c) const {
  if (auto s = CheckParams(c.target, {"camera"}); !s) return ErrorResponse(s.error());
  std::string camera;
  if (auto it = c.target.query.find("camera"); it != c.target.query.end() && !it->second.empty()) {
    auto cam = FindCamera(cameras_, it->second);
    if (!cam) return ErrorResponse(cam.error());
    camera = cam->id;
  }
  auto holds = index_.Holds(camera);
  if (!holds) return ErrorResponse(holds.error());
  json list = json::array();
  for (const store::HoldRow& h : *holds) list.push_back(HoldJson(h));
  return Json(200, {{"holds", std::move(list)}});
}

Response Api::AddHold(const RouteContext& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  const json body = json::parse(c.request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return ErrorResponse(Error(ErrorCode::kInvalidArgument,
                               "the body must be a JSON object like {\"camera_id\": \"cong-chinh\", "
                               "\"from\": \"2026-11-29T02:00:00Z\", \"to\": \"2026-11-29T03:00:00Z\", "
                               "\"reason\": \"...\"}"));
  }
  auto camera_id = JsonString(body, "camera_id", true);
  if (!camera_id) return ErrorResponse(camera_id.error());
  auto cam = FindCamera(cameras_, *camera_id);
  if (!cam) return ErrorResponse(cam.error());
  auto from = JsonTime(body, "from");
  if (!from) return ErrorResponse(from.error());
  auto to = JsonTime(body, "to");
  if (!to) return ErrorResponse(to.error());
  if (auto s = CheckRange(*from, *to); !s) return ErrorResponse(s.error());
  auto reason = JsonString(body, "reason", true);
  if (!reason) return ErrorResponse(reason.error());
  if (reason->empty()) return ErrorResponse(Error(ErrorCode::kInvalidArgument, "'reason' must not be empty"));
  auto created_by = JsonString(body, "created_by", false);
  if (!created_by) return ErrorResponse(created_by.error());

  store::HoldRow hold;
  hold.camera_id = cam->id;
  hold.start = *from;
  hold.end = *to;
  hold.reason = std::move(*reason);
  hold.created_by = created_by->empty() ? "api" : std::move(*created_by);
  hold.created_at = clock_.Now();
  if (auto s = index_.AddHold(hold); !s) return ErrorResponse(s.error());
  spdlog::info("http: hold {} placed on {} {} → {}: {}", hold.id, hold.camera_id, FormatIso8601(hold.start),
               FormatIso8601(hold.end), hold.reason);
  Response r = Json(201, HoldJson(hold));
  r.headers.emplace_back("Location", "/api/v1/holds/" + std::to_string(hold.id));
  return r;
}

Response Api::ReleaseHold(const RouteContext& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  const std::string& text = c.params[0];
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0 || text[0] == '+') {
    return ErrorResponse(Error(ErrorCode::kInvalidArgument, "a hold id is a positive integer"));
  }
  if (auto s = index_.ReleaseHold(id); !s) return ErrorResponse(s.error());
  spdlog::info("http: hold {} released", id);
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace anninh::serve
