// The event log over HTTP (docs/ref/api.md, "Events"): the list with filters and cursor
// pagination, one event, marking it reviewed, its snapshot and thumbnail, and the live
// feed's WebSocket. Every answer is limited to the cameras the caller may see; an event of
// another village's camera answers like one that does not exist.
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/event_feed.h"
#include "serve/event_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

constexpr int kMaxLimit = 1000;

Response NotEnabled() {
  return ErrorResponse(Error(ErrorCode::kUnavailable, "the event log is not running on this server"));
}

// The cursor is the last event of a page, "start_ns.id": opaque to clients, exact for the
// newest-first order (start, then id).
std::string Cursor(const store::EventRow& r) { return fmt::format("{}.{}", r.start, r.id); }

Result<std::pair<WallNs, std::int64_t>> ParseCursor(const std::string& text) {
  const auto dot = text.find('.');
  auto bad = [] { return Fail(FieldError("cursor", "must be the `next` of a previous page")); };
  if (dot == std::string::npos) return bad();
  WallNs start = 0;
  std::int64_t id = 0;
  auto a = std::from_chars(text.data(), text.data() + dot, start);
  auto b = std::from_chars(text.data() + dot + 1, text.data() + text.size(), id);
  if (a.ec != std::errc() || a.ptr != text.data() + dot || b.ec != std::errc() ||
      b.ptr != text.data() + text.size() || id <= 0) {
    return bad();
  }
  return std::pair{start, id};
}

Result<std::string> ReadSmallFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "the picture is no longer kept");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

Result<store::EventRow> Api::VisibleEvent(const Call& c, std::string_view what) const {
  auto id = ParseId(c.params[0], what);
  if (!id) return Fail(std::move(id).error());
  auto row = events_->Get(*id);
  if (!row) return Fail(std::move(row).error());
  // An event of a camera the caller cannot see does not exist for them.
  if (!row->has_value() || !VisibleCamera(c.who, (*row)->camera_id)) {
    return Fail(ErrorCode::kNotFound, "no event " + std::to_string(*id));
  }
  return std::move(**row);
}

Response Api::ListEvents(const Call& c) const {
  if (!events_) return NotEnabled();
  if (auto s = CheckParams(c.target, {"cameras", "from", "to", "class", "zone", "rule", "reviewed",
                                      "limit", "cursor"});
      !s) {
    return ErrorResponse(s.error());
  }
  store::EventQuery q;
  auto from = TimeParam(c.target, "from", WallNs{0});
  if (!from) return ErrorResponse(from.error());
  auto to = TimeParam(c.target, "to", INT64_MAX);
  if (!to) return ErrorResponse(to.error());
  if (auto s = CheckRange(*from, *to); !s) return ErrorResponse(s.error());
  q.from = *from;
  q.to = *to;
  auto text = [&](const char* name) -> std::string {
    auto it = c.target.query.find(name);
    return it == c.target.query.end() ? std::string() : it->second;
  };
  q.object_class = text("class");
  q.zone = text("zone");
  q.rule = text("rule");
  if (auto it = c.target.query.find("reviewed"); it != c.target.query.end()) {
    if (it->second != "true" && it->second != "false") {
      return ErrorResponse(FieldError("reviewed", "must be true or false"));
    }
    q.reviewed = it->second == "true";
  }
  if (auto it = c.target.query.find("limit"); it != c.target.query.end()) {
    auto n = ParseId(it->second, "'limit'");
    if (!n || *n > kMaxLimit) {
      return ErrorResponse(FieldError("limit", fmt::format("must be 1 to {}", kMaxLimit)));
    }
    q.limit = static_cast<int>(*n);
  }
  if (auto it = c.target.query.find("cursor"); it != c.target.query.end()) {
    auto cursor = ParseCursor(it->second);
    if (!cursor) return ErrorResponse(cursor.error());
    q.before = *cursor;
  }
  // The cameras asked for must each be visible (else the same 404 as an unknown camera);
  // without `cameras`, a caller limited to areas gets the cameras of their areas.
  const std::set<std::string> visible = VisibleCameraIds(c.who);
  if (auto it = c.target.query.find("cameras"); it != c.target.query.end()) {
    auto ids = CameraList(it->second);
    if (!ids) return ErrorResponse(ids.error());
    for (const std::string& id : *ids) {
      if (visible.count(id) == 0) return ErrorResponse(Error(ErrorCode::kNotFound, "no camera '" + id + "'"));
    }
    q.cameras = std::move(*ids);
  } else if (c.who.scope != access::Scope::kAll) {
    if (visible.empty()) return Json(200, {{"events", json::array()}, {"next", nullptr}});
    q.cameras.assign(visible.begin(), visible.end());
  }
  const int limit = q.limit;
  q.limit = limit + 1;  // one more says whether there is a next page
  auto rows = events_->Query(q);
  if (!rows) return ErrorResponse(rows.error());
  json list = json::array();
  json next = nullptr;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const store::EventRow& r = (*rows)[i];
    if (static_cast<int>(i) == limit) {
      next = Cursor((*rows)[i - 1]);
      break;
    }
    list.push_back(EventJson(r));
  }
  return Json(200, {{"events", std::move(list)}, {"next", std::move(next)}});
}

Response Api::GetEvent(const Call& c) const {
  if (!events_) return NotEnabled();
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto row = VisibleEvent(c, "an event");
  if (!row) return ErrorResponse(row.error());
  return Json(200, EventJson(*row));
}

Response Api::ReviewEvent(const Call& c) const {
  if (!events_) return NotEnabled();
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto parsed = ParseBody(c.request, R"({"reviewed": true})");
  if (!parsed) return ErrorResponse(parsed.error());
  if (auto s = CheckKeys(*parsed, {"reviewed"}); !s) return ErrorResponse(s.error());
  auto reviewed = JsonBool(*parsed, "reviewed");
  if (!reviewed) return ErrorResponse(reviewed.error());
  if (!*reviewed) return ErrorResponse(FieldError("reviewed", "is required (true or false)"));
  auto row = VisibleEvent(c, "an event");
  if (!row) return ErrorResponse(row.error());
  const WallNs now = deps_.clock.Now();
  if (auto s = events_->SetReviewed(row->id, **reviewed, c.who.Actor(), now); !s) {
    return ErrorResponse(s.error());
  }
  AuditOrLog(c, "event.review", row->camera_id, row->start, row->end,
             json({{"id", row->id}, {"reviewed", **reviewed}}).dump());
  auto updated = events_->Get(row->id);
  if (!updated || !updated->has_value()) return ErrorResponse(Error(ErrorCode::kNotFound, "no event " + std::to_string(row->id)));
  return Json(200, EventJson(**updated));
}

Response Api::EventPicture(const Call& c, bool thumbnail) const {
  if (!events_) return NotEnabled();
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto row = VisibleEvent(c, "an event");
  if (!row) return ErrorResponse(row.error());
  const std::string& rel = thumbnail ? row->thumbnail : row->snapshot;
  if (rel.empty()) {
    return ErrorResponse(Error(ErrorCode::kNotFound, "event " + std::to_string(row->id) + " has no picture"));
  }
  // The path comes from the index, not the request, and is still confined to the folder.
  auto path = fs::ConfinedPath(events_dir_, rel);
  if (!path) {
    spdlog::error("http: event {} names a picture outside the events folder: {}", row->id, rel);
    return ErrorResponse(500, "internal", "the index names a file outside the events folder");
  }
  auto bytes = ReadSmallFile(*path);
  if (!bytes) return ErrorResponse(bytes.error());
  // Audited like camera snapshots: once per caller and event per 10 minutes.
  if (FirstInWindow({"event.snapshot " + c.who.Actor(), row->camera_id, row->id, thumbnail ? 1 : 0})) {
    AuditOrLog(c, "event.snapshot", row->camera_id, row->start, row->end,
               json({{"id", row->id}, {"thumbnail", thumbnail}}).dump());
  }
  Response r;
  r.content_type = "image/jpeg";
  r.body = std::move(*bytes);
  r.headers.emplace_back("Cache-Control", "private, max-age=3600");
  return r;
}

Response Api::EventSnapshot(const Call& c) const { return EventPicture(c, false); }
Response Api::EventThumbnail(const Call& c) const { return EventPicture(c, true); }

Response Api::EventsLiveWithoutUpgrade(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  Response r = ErrorResponse(426, "upgrade_required",
                             "the event feed is a WebSocket: connect with Upgrade: websocket (docs/ref/api.md, Events)");
  r.headers.emplace_back("Upgrade", "websocket");
  return r;
}

Upgrade Api::EventsUpgrade(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return {nullptr, ErrorResponse(s.error())};
  if (!event_feed_) return {nullptr, NotEnabled()};
  // The request is gone when messages flow: the credentials are copied, and admitted again
  // for every message.
  const std::string cookie = c.request.cookie, authorization = c.request.authorization;
  EventFeedChannel::Hooks hooks;
  hooks.visible_cameras = [this, cookie, authorization]() -> std::optional<std::set<std::string>> {
    Request again;
    again.cookie = cookie;
    again.authorization = authorization;
    access::Principal who;
    if (Admit(again, {access::right::kCameraView}, who)) return std::nullopt;
    return VisibleCameraIds(who);
  };
  return {std::make_shared<EventFeedChannel>(*event_feed_, std::move(hooks)), std::nullopt};
}

}  // namespace anninh::serve
