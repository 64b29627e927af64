// What a model keeps beside its status (docs/ref/api.md, "Movement"): its activities log and
// its attachments. Both hang off a model the caller reaches (ModelFor: another village's
// model answers "no model N"), reading needs movement.read and adding movement.edit, and
// every addition is audited.
#include <fmt/format.h>

#include <algorithm>

#include "movement/file_type.h"
#include "movement/registry.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

json ActivityJson(const movement::Activity& a) {
  return {{"id", a.id}, {"on_date", a.on_date}, {"text", a.text}, {"by", a.by}};
}

json AttachmentJson(const movement::Attachment& f) {
  return {{"id", f.id}, {"name", f.name}, {"sha256", f.sha256}, {"bytes", f.bytes}, {"by", f.by}};
}

// Content-Disposition for a user-given name (RFC 6266): an ASCII stand-in for old clients and
// the real name percent-encoded, so quotes, semicolons or line breaks in it never reach the
// header as such.
std::string Disposition(const std::string& name) {
  std::string ascii, encoded;
  for (unsigned char ch : name) {
    const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                       ch == '.' || ch == '-' || ch == '_';
    ascii += plain ? static_cast<char>(ch) : '_';
    if (plain) {
      encoded += static_cast<char>(ch);
    } else {
      encoded += fmt::format("%{:02X}", ch);
    }
  }
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded);
}

}  // namespace

Response Api::ListActivities(const Call& c) const {
  auto m = ModelFor(c, {"limit", "cursor"});
  if (!m) return ErrorResponse(m.error());
  auto activities = movement_->models().Activities(m->id);  // ModelFor found the registry enabled
  if (!activities) return ErrorResponse(activities.error());
  auto page = PagedJson(c.target, *activities, "activities", [](const auto& x) { return ActivityJson(x); });
  if (!page) return ErrorResponse(page.error());
  return Json(200, *page);
}

Response Api::AddActivity(const Call& c) const {
  auto m = ModelFor(c);
  if (!m) return ErrorResponse(m.error());
  auto body = ParseBody(c.request, R"({"on_date": "2025-09-20", "text": "Tuần tra đêm cùng công an xã"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"on_date", "text"}); !s) return ErrorResponse(s.error());
  auto on_date = JsonString(*body, "on_date", false);
  if (!on_date) return ErrorResponse(on_date.error());
  auto text = JsonString(*body, "text", true);
  if (!text) return ErrorResponse(text.error());
  auto made = movement_->models().AddActivity(c.who.Actor(), m->id, *on_date, *text);
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "activity.add", "", 0, 0, fmt::format("model {} activity {} on {}", m->id, made->id, made->on_date));
  return Json(201, ActivityJson(*made));
}

Response Api::ListAttachments(const Call& c) const {
  auto m = ModelFor(c);
  if (!m) return ErrorResponse(m.error());
  auto files = movement_->attachments().ForModel(m->id);
  if (!files) return ErrorResponse(files.error());
  json list = json::array();
  for (const auto& f : *files) list.push_back(AttachmentJson(f));
  return Json(200, {{"attachments", std::move(list)}});
}

// The body is the file itself (the upload convention: not multipart), its name in ?name=.
// Its kind is judged from its bytes (movement/file_type.h), not from the name or the
// Content-Type header.
Response Api::UploadAttachment(const Call& c) const {
  auto m = ModelFor(c, {"name"});
  if (!m) return ErrorResponse(m.error());
  auto it = c.target.query.find("name");
  if (it == c.target.query.end() || it->second.empty()) return ErrorResponse(FieldError("name", "is required"));
  auto made = movement_->attachments().Add(c.who.Actor(), m->id, it->second, c.request.body);
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "attachment.add", "", 0, 0,
             fmt::format("model {} attachment {} '{}' {} bytes sha256 {}", m->id, made->id, made->name, made->bytes,
                         made->sha256));
  return Json(201, AttachmentJson(*made));
}

Response Api::DownloadAttachment(const Call& c) const {
  auto m = ModelFor(c);
  if (!m) return ErrorResponse(m.error());
  auto id = ParseId(c.params[1], "attachment");
  if (!id) return ErrorResponse(id.error());
  auto files = movement_->attachments().ForModel(m->id);
  if (!files) return ErrorResponse(files.error());
  auto f = std::find_if(files->begin(), files->end(), [&](const auto& a) { return a.id == *id; });
  if (f == files->end()) return ErrorResponse(Error(ErrorCode::kNotFound, fmt::format("no attachment {}", *id)));
  auto content = movement_->attachments().Read(m->id, *id);  // the SHA-256 checked again
  if (!content) return ErrorResponse(content.error());
  auto type = movement::SniffFileType(*content, f->name);
  Response r;
  r.content_type = type ? std::string(type->mime) : "application/octet-stream";
  r.body = std::move(*content);
  r.headers.emplace_back("Content-Disposition", Disposition(f->name));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("ETag", "\"" + f->sha256 + "\"");
  return r;
}

}  // namespace anninh::serve
