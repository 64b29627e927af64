// What the web console needs beside the recording and event routes
// (docs/design/0012-web-console.md): a picture of a camera at a past moment from its
// recordings (the timeline's hover thumbnails) and maintenance notes per camera (health).
// Rights like their neighbours: a recorded picture is playback, notes are read by whoever
// sees the camera and written by who manages cameras; cameras outside the caller's areas
// are 404.
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "core/time_format.h"
#include "media/recorded_picture.h"
#include "serve/api.h"
#include "serve/api_util.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

json NoteJson(const store::NoteRow& n) {
  json j = {{"id", n.id}, {"camera_id", n.camera_id}, {"author", n.author}, {"text", n.text}};
  PutTime(j, "at", n.at);
  return j;
}

Response NotesNotEnabled() {
  return ErrorResponse(Error(ErrorCode::kUnavailable, "maintenance notes are not enabled on this server"));
}

}  // namespace

Response Api::RecordedThumbnail(const Call& c) const {
  if (auto s = CheckParams(c.target, {"at", "stream", "width"}); !s) return ErrorResponse(s.error());
  auto cam = VisibleCamera(c.who, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  auto at = TimeParam(c.target, "at", std::nullopt);
  if (!at) return ErrorResponse(at.error());
  int width = 160;
  if (auto it = c.target.query.find("width"); it != c.target.query.end()) {
    auto w = ParseId(it->second, "'width'");
    if (!w || *w < 16 || *w > 640) return ErrorResponse(FieldError("width", "must be 16 to 640 pixels"));
    width = static_cast<int>(*w);
  }
  // The sub stream when it is recorded: its segments are a fraction of the main stream's
  // bytes, and the file is read up to the keyframe wanted.
  std::string stream;
  if (auto it = c.target.query.find("stream"); it != c.target.query.end()) {
    stream = it->second;
  } else {
    stream = "main";
    for (const StreamView& s : cam->streams) {
      if (s.name == "sub" && s.record) stream = "sub";
    }
  }
  bool known = false;
  for (const StreamView& s : cam->streams) known = known || s.name == stream;
  if (!known) {
    return ErrorResponse(Error(ErrorCode::kNotFound, "camera '" + cam->id + "' has no stream '" + stream + "'"));
  }
  auto rows = deps_.index.Segments({cam->id, stream, *at, *at + 1});
  if (!rows) return ErrorResponse(rows.error());
  if (rows->empty()) {
    return ErrorResponse(Error(ErrorCode::kNotFound, fmt::format("nothing of camera '{}' ({}) is recorded at {}",
                                                                 cam->id, stream, FormatIso8601(*at))));
  }
  const store::SegmentRow& seg = rows->front();
  // Moments within one second of a segment share a key: a pointer sweeping the bar asks
  // for many nearby times, which mostly land on the same keyframe.
  const std::string key = fmt::format("{}|{}|{}", seg.id, width, (*at - seg.start) / kNsPerSecond);
  CachedPicture picture = recorded_pictures_.Get(key);
  if (!picture.jpeg) {
    auto path = fs::ConfinedPath(options_.recordings_dir, seg.path);
    if (!path) {
      spdlog::error("http: index row {} names a path outside the recordings: {}", seg.id, path.error().message());
      return ErrorResponse(500, "internal", "the index names a file outside the recordings folder");
    }
    auto made = media::RecordedPictureAt(*path, seg.start, *at, {.max_width = width, .quality = 6});
    if (!made) return ErrorResponse(made.error());
    picture = {std::make_shared<const std::string>(std::move(made->jpeg)), made->at};
    recorded_pictures_.Put(key, picture);
  }
  // A picture of the past is playback: audited once per caller and camera per window.
  if (FirstInWindow({"thumbnail " + c.who.Actor(), cam->id, 0, 0})) {
    AuditOrLog(c, "playback.thumbnail", cam->id, picture.at, picture.at, stream);
  }
  Response r;
  r.content_type = "image/jpeg";
  r.body = *picture.jpeg;
  // Recorded footage does not change; private, because it is someone's right to see it.
  r.headers.emplace_back("Cache-Control", "private, max-age=3600");
  r.headers.emplace_back("X-Captured-At", FormatIso8601(picture.at));
  return r;
}

Response Api::ListNotes(const Call& c) const {
  if (auto s = CheckParams(c.target, {"limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto page = ParsePage(c.target);
  if (!page) return ErrorResponse(page.error());
  auto cam = VisibleCamera(c.who, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  if (!notes_) return NotesNotEnabled();
  // A camera's logbook is short (a note a week is a lot): read it whole, page it here.
  auto notes = notes_->Notes(cam->id, 0, std::numeric_limits<int>::max());
  if (!notes) return ErrorResponse(notes.error());
  json out = {{"camera_id", cam->id}};
  PutPage(out, "notes", *notes, *page,
          [](const store::NoteRow& n) { return NumberKey(std::numeric_limits<std::int64_t>::max() - n.id); },
          NoteJson);
  return Json(200, out);
}

Response Api::AddNote(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto cam = VisibleCamera(c.who, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  if (!notes_) return NotesNotEnabled();
  auto body = ParseBody(c.request, R"({"text": "đã thay bộ nguồn"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"text"}); !s) return ErrorResponse(s.error());
  auto text = JsonString(*body, "text", true);
  if (!text) return ErrorResponse(text.error());
  if (text->empty()) return ErrorResponse(FieldError("text", "must not be empty"));
  if (text->size() > 2000) return ErrorResponse(FieldError("text", "must be at most 2000 bytes"));
  store::NoteRow note;
  note.camera_id = cam->id;
  note.at = deps_.clock.Now();
  note.author = c.who.Actor();
  note.text = std::move(*text);
  if (auto s = notes_->AddNote(note); !s) return ErrorResponse(s.error());
  AuditOrLog(c, "camera.note", cam->id, 0, 0, json({{"id", note.id}, {"text", note.text}}).dump());
  Response r = Json(201, NoteJson(note));
  r.headers.emplace_back("Location", fmt::format("/api/v1/cameras/{}/notes", cam->id));
  return r;
}

}  // namespace anninh::serve
