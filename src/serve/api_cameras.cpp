// Camera administration (docs/design/0016-camera-admin.md): the editable document of a
// camera, adding, replacing and removing the cameras kept in the database, and "test
// connection". All need camera.manage, and, like every camera route, only reach cameras in
// the caller's areas: a camera outside them answers 404, and one cannot be created in or
// moved to an area the caller does not hold. Passwords are never answered or audited.
#include "serve/api.h"

#include "serve/api_util.h"

#include <nlohmann/json.hpp>

#include "ingest/stream_options.h"
#include "ingest/stream_status.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

Response NoAdmin() {
  return ErrorResponse(503, "unavailable", "camera administration is not enabled on this server");
}

// 400 with every validation problem, so the form can mark each field at once.
Response IssuesResponse(const std::vector<CameraIssue>& issues) {
  json list = json::array();
  for (const CameraIssue& i : issues) list.push_back({{"key", i.key}, {"message", i.message}});
  std::string first = issues.empty() ? "" : issues.front().key + ": " + issues.front().message;
  json body = {{"error",
                {{"code", "invalid_argument"},
                 {"message", std::to_string(issues.size()) + " problem(s) in the camera: " + first},
                 {"issues", std::move(list)}}}};
  return Json(400, body);
}

// What the audit log keeps of a document: what changed hands, never a password.
std::string AuditDetail(const json& doc) {
  json d = {{"name", doc.value("name", "")}, {"area", doc.value("area", "")}};
  for (const char* s : {"main", "sub"}) {
    if (doc.contains(s) && doc[s].is_object() && doc[s].contains("url") && doc[s]["url"].is_string()) {
      d[s] = ingest::RedactedUrl(doc[s]["url"].get<std::string>());
    }
  }
  return d.dump();
}

}  // namespace

Response Api::CameraDocument(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!camera_admin_) return NoAdmin();
  auto cam = VisibleCamera(c.who, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  auto doc = camera_admin_->Document(cam->id);
  if (!doc) return ErrorResponse(doc.error());
  return JsonResponse(200, std::move(*doc));
}

Response Api::CreateCamera(const Call& c) const { return SaveCamera(c, /*create=*/true); }

Response Api::UpdateCamera(const Call& c) const { return SaveCamera(c, /*create=*/false); }

Response Api::SaveCamera(const Call& c, bool create) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!camera_admin_) return NoAdmin();
  auto parsed = ParseBody(c.request, R"({"id": "cong-chinh", "name": "Cổng chính", "area": "thon-dong", )"
                                     R"("main": {"url": "rtsp://192.168.1.10/stream1", "username": "admin", "password": "..."}})");
  if (!parsed) return ErrorResponse(parsed.error());
  json body = std::move(*parsed);
  if (!create) {
    // The path names the camera; a body may repeat the id but not change it.
    auto existing = VisibleCamera(c.who, c.params[0]);
    if (!existing) return ErrorResponse(existing.error());
    if (body.contains("id") && body["id"] != existing->id) {
      return ErrorResponse(FieldError("id", "cannot change; add a new camera and delete this one instead"));
    }
    body["id"] = existing->id;
  }
  const std::string area = body.contains("area") && body["area"].is_string() ? body["area"].get<std::string>() : "";
  if (!c.who.SeesCamera(area)) {
    return ErrorResponse(Error(ErrorCode::kPermissionDenied,
                               area.empty() ? "only a role that sees every camera may add one in no area"
                                            : "you do not hold the area '" + area + "'")
                             .WithField("area"));
  }
  CameraEdit edit = camera_admin_->Save(body.dump(), create);
  if (!edit.issues.empty()) return IssuesResponse(edit.issues);
  if (!edit.status) return ErrorResponse(edit.status.error());
  const std::string id = body.value("id", "");
  AuditOrLog(c, create ? "camera.create" : "camera.update", id, 0, 0, AuditDetail(body));
  Response r = JsonResponse(create ? 201 : 200, std::move(edit.document));
  if (create) r.headers.emplace_back("Location", "/api/v1/cameras/" + id + "/config");
  return r;
}

Response Api::DeleteCamera(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!camera_admin_) return NoAdmin();
  auto cam = VisibleCamera(c.who, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  if (auto s = camera_admin_->Remove(cam->id); !s) return ErrorResponse(s.error());
  AuditOrLog(c, "camera.delete", cam->id, 0, 0, json({{"name", cam->name}, {"area", cam->area}}).dump());
  Response r;
  r.status = 204;
  return r;
}

Response Api::TestCamera(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!camera_admin_) return NoAdmin();
  auto parsed = ParseBody(c.request, R"({"url": "rtsp://192.168.1.10/stream1", "username": "admin", "password": "..."})");
  if (!parsed) return ErrorResponse(parsed.error());
  const json& body = *parsed;
  if (auto s = CheckKeys(body, {"url", "username", "password", "camera_id", "stream"}); !s) return ErrorResponse(s.error());
  ConnectionTest test;
  for (auto [key, target] : {std::pair{"url", &test.url}, std::pair{"username", &test.username},
                             std::pair{"password", &test.password}, std::pair{"camera_id", &test.camera_id},
                             std::pair{"stream", &test.stream}}) {
    auto v = JsonString(body, key, std::string_view(key) == "url");
    if (!v) return ErrorResponse(v.error());
    if (!v->empty()) *target = std::move(*v);
  }
  if (!test.camera_id.empty()) {
    // Stored credentials are lent only for a camera the caller may manage.
    auto cam = VisibleCamera(c.who, test.camera_id);
    if (!cam) return ErrorResponse(cam.error());
  }
  auto result = camera_admin_->Test(test);
  if (!result) return ErrorResponse(result.error());
  const ingest::ProbeResult& p = *result;
  json out = {{"ok", p.ok},         {"state", p.ok ? "ok" : "failed"}, {"reason", p.reason},
              {"detail", p.detail}, {"elapsed_ms", p.elapsed.count()}};
  if (!p.codec.empty()) {
    out["video"] = {{"codec", p.codec}, {"width", p.width}, {"height", p.height}, {"fps", p.fps}};
  }
  out["audio"] = p.audio;
  AuditOrLog(c, "camera.test", test.camera_id, 0, 0,
             json({{"url", ingest::RedactedUrl(test.url)}, {"ok", p.ok}, {"reason", p.reason}}).dump());
  return Json(200, out);
}

}  // namespace anninh::serve
