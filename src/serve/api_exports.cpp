// Evidence exports over HTTP: start an export job (which also holds the range when it
// belongs to a case), follow its progress, cancel it, download the signed package, verify
// it, and list cases. The work itself is src/evidence.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "evidence/export_job.h"
#include "evidence/site_key.h"
#include "evidence/verify.h"
#include "serve/api.h"
#include "serve/api_util.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

Response Unavailable() {
  return ErrorResponse(503, "unavailable", "exports are not available: the site key could not be loaded (see the log)");
}

// Export ids are 16 hex digits; anything else cannot name one.
bool IsJobId(const std::string& id) {
  return id.size() == 16 && std::all_of(id.begin(), id.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
         });
}

}  // namespace

Response Api::Site(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  json j = {{"name", options_.site_name},
            {"time_zone", options_.time_zone},
            {"utc_offset_minutes", options_.utc_offset_minutes}};
  if (site_key_) {
    j["public_key"] = site_key_->PublicKeyHex();
    j["fingerprint"] = site_key_->Fingerprint();
  }
  return Json(200, j);
}

// Exports are private to who made them, except to those who manage users.
static bool OwnsJob(const access::Principal& who, const evidence::JobStatus& job) {
  return job.request.exported_by == who.username || who.Can(access::right::kUserManage);
}

Response Api::ListExports(const Call& c) const {
  if (auto s = CheckParams(c.target, {"limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto page = ParsePage(c.target);
  if (!page) return ErrorResponse(page.error());
  if (!exports_) return Unavailable();
  std::vector<evidence::JobStatus> jobs = exports_->List();
  std::erase_if(jobs, [&](const evidence::JobStatus& job) { return !OwnsJob(c.who, job); });
  json out = json::object();
  PutPage(
      out, "exports", jobs, *page,
      [](const evidence::JobStatus& job) { return NumberKey(job.submitted_at) + job.id; },
      [](const evidence::JobStatus& job) { return evidence::JobStatusToJson(job); });
  return Json(200, out);
}

Response Api::StartExport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!exports_) return Unavailable();
  auto parsed = ParseBody(c.request, R"({"camera_id": "cong", "from": "2026-11-29T02:00:00Z", )"
                                     R"("to": "2026-11-29T02:10:00Z", "reason": "...", "case_ref": "12/2026"})");
  if (!parsed) return ErrorResponse(parsed.error());
  const json& body = *parsed;
  if (auto s = CheckKeys(body, {"camera_id", "stream", "from", "to", "reason", "case_ref"}); !s) {
    return ErrorResponse(s.error());
  }
  auto camera_id = JsonString(body, "camera_id", true);
  if (!camera_id) return ErrorResponse(camera_id.error());
  auto cam = VisibleCamera(c.who, *camera_id);
  if (!cam) return ErrorResponse(cam.error());
  auto stream = JsonString(body, "stream", false);
  auto reason = JsonString(body, "reason", true);
  auto case_ref = JsonString(body, "case_ref", false);
  for (const auto* r : {&stream, &reason, &case_ref}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto from = JsonTime(body, "from");
  if (!from) return ErrorResponse(from.error());
  auto to = JsonTime(body, "to");
  if (!to) return ErrorResponse(to.error());
  if (auto s = CheckRange(*from, *to); !s) return ErrorResponse(s.error());

  evidence::ExportRequest request;
  request.camera_id = cam->id;
  request.camera_name = cam->name;
  request.stream = stream->empty() ? "main" : *stream;
  request.from = *from;
  request.to = *to;
  request.exported_by = c.who.username;
  request.reason = *reason;
  if (!case_ref->empty()) request.case_ref = *case_ref;
  // A case's footage must outlive retention: hold the range before exporting it.
  std::int64_t hold_id = 0;
  if (!case_ref->empty()) {
    store::HoldRow hold{0, cam->id, *from, *to, *reason, c.who.Actor(), deps_.clock.Now(), *case_ref};
    if (auto s = deps_.index.AddHold(hold); !s) return ErrorResponse(s.error());
    hold_id = hold.id;
    AuditOrLog(c, "hold.add", cam->id, *from, *to, json({{"id", hold.id}, {"case_ref", *case_ref}}).dump());
  }
  auto id = exports_->Submit(request);
  if (!id) return ErrorResponse(id.error());
  AuditOrLog(c, "export", cam->id, *from, *to,
             json({{"id", *id}, {"stream", request.stream}, {"reason", request.reason}, {"case_ref", *case_ref}}).dump());
  auto status = exports_->Get(*id);
  if (!status) return ErrorResponse(status.error());
  json j = evidence::JobStatusToJson(*status);
  if (hold_id != 0) j["hold_id"] = hold_id;
  Response r = Json(202, j);
  r.headers.emplace_back("Location", "/api/v1/exports/" + *id);
  return r;
}

Response Api::GetExport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!exports_) return Unavailable();
  const std::string& id = c.params[0];
  auto job = IsJobId(id) ? exports_->Get(id) : Result<evidence::JobStatus>(Fail(ErrorCode::kNotFound, ""));
  if (!job || !OwnsJob(c.who, *job)) return ErrorResponse(Error(ErrorCode::kNotFound, "no export '" + id + "'"));
  return Json(200, evidence::JobStatusToJson(*job));
}

Response Api::CancelExport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!exports_) return Unavailable();
  const std::string& id = c.params[0];
  auto job = IsJobId(id) ? exports_->Get(id) : Result<evidence::JobStatus>(Fail(ErrorCode::kNotFound, ""));
  if (!job || !OwnsJob(c.who, *job)) return ErrorResponse(Error(ErrorCode::kNotFound, "no export '" + id + "'"));
  if (auto s = exports_->Cancel(id); !s) return ErrorResponse(s.error());
  AuditOrLog(c, "export.cancel", job->request.camera_id, job->request.from, job->request.to, id);
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Api::DownloadExport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!exports_) return Unavailable();
  const std::string& id = c.params[0];
  auto job = IsJobId(id) ? exports_->Get(id) : Result<evidence::JobStatus>(Fail(ErrorCode::kNotFound, ""));
  if (!job || !OwnsJob(c.who, *job)) return ErrorResponse(Error(ErrorCode::kNotFound, "no export '" + id + "'"));
  if (job->state != evidence::JobState::kDone || !job->package) {
    return ErrorResponse(Error(ErrorCode::kFailedPrecondition,
                               fmt::format("export '{}' is {}; download it when it is done", id, ToString(job->state))));
  }
  auto file = OpenFile::Open(job->package->archive.string());
  if (!file) return ErrorResponse(file.error());
  // One audit entry per download, not per Range request of it.
  if (c.request.range.empty() || c.request.range.rfind("bytes=0-", 0) == 0) {
    AuditOrLog(c, "export.download", job->request.camera_id, job->request.from, job->request.to,
               job->package->archive.filename().string() + " sha256 " + job->package->archive_sha256);
  }
  return FileResponse(c.request, *file, "application/zip", job->package->archive.filename().string(), "attachment",
                      "\"" + job->package->archive_sha256.substr(0, 32) + "\"");
}

Response Api::VerifyExport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!exports_ || !site_key_) return Unavailable();
  const std::string& id = c.params[0];
  auto job = IsJobId(id) ? exports_->Get(id) : Result<evidence::JobStatus>(Fail(ErrorCode::kNotFound, ""));
  if (!job || !OwnsJob(c.who, *job)) return ErrorResponse(Error(ErrorCode::kNotFound, "no export '" + id + "'"));
  if (job->state != evidence::JobState::kDone || !job->package) {
    return ErrorResponse(Error(ErrorCode::kFailedPrecondition, "export '" + id + "' is not done"));
  }
  evidence::VerifyOptions o;
  o.expected_key = site_key_->public_key();
  auto report = evidence::VerifyPackage(job->package->archive, o);
  if (!report) return ErrorResponse(report.error());
  return Json(200, evidence::ReportToJson(*report));
}

Response Api::ListCases(const Call& c) const {
  if (auto s = CheckParams(c.target, {"limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto page = ParsePage(c.target);
  if (!page) return ErrorResponse(page.error());
  // A case is the holds and exports that name it; the holds survive restarts, the
  // in-memory export list does not (the audit log keeps every export).
  std::map<std::string, json> cases;
  auto entry = [&](const std::string& ref) -> json& {
    auto [it, fresh] = cases.try_emplace(ref, json::object());
    if (fresh) it->second = {{"case_ref", ref}, {"holds", json::array()}, {"exports", json::array()}};
    return it->second;
  };
  auto holds = deps_.index.Holds("");
  if (!holds) return ErrorResponse(holds.error());
  const std::set<std::string> visible = VisibleCameraIds(c.who);
  for (const store::HoldRow& h : *holds) {
    if (h.case_ref.empty() || visible.count(h.camera_id) == 0) continue;
    json j = {{"id", h.id}, {"camera_id", h.camera_id}, {"reason", h.reason}, {"created_by", h.created_by}};
    PutTime(j, "from", h.start);
    PutTime(j, "to", h.end);
    entry(h.case_ref)["holds"].push_back(std::move(j));
  }
  if (exports_) {
    for (const evidence::JobStatus& job : exports_->List()) {
      if (!job.request.case_ref || !OwnsJob(c.who, job)) continue;
      entry(*job.request.case_ref)["exports"].push_back(evidence::JobStatusToJson(job));
    }
  }
  std::vector<json> list;
  list.reserve(cases.size());
  for (auto& [ref, j] : cases) list.push_back(std::move(j));
  json out = json::object();
  PutPage(out, "cases", list, *page, [](const json& j) { return j["case_ref"].get<std::string>(); },
          [](const json& j) { return j; });
  return Json(200, out);
}

}  // namespace anninh::serve
