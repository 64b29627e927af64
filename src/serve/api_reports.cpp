// Report jobs and the camera model's links and pre-fill over HTTP (docs/ref/api.md,
// "Reports"). The work is src/reports; here are the rights: a report, like a roll-up, is
// reachable only on a unit in the caller's scope on the report's date (404 otherwise, so
// codes and job ids cannot be probed), and a model's cameras only through a visible model.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>

#include "movement/dates.h"
#include "movement/registry.h"
#include "reports/camera_prefill.h"
#include "reports/report_jobs.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

Response NoReports() {
  return ErrorResponse(Error(ErrorCode::kUnavailable, "reports are not enabled on this server"));
}

std::string Param(const Target& t, const char* name) {
  auto it = t.query.find(name);
  return it == t.query.end() ? "" : it->second;
}

}  // namespace

Result<reports::ReportStatus> Api::VisibleReport(const access::Principal& who, const std::string& id) const {
  const Error missing(ErrorCode::kNotFound, "no report '" + id + "'");
  auto job = reports_->Get(id);
  if (!job) return Fail(missing);
  auto reg = Movement();
  if (!reg) return Fail(std::move(reg).error());
  auto reaches = (*reg)->units().InScope(ScopeOf(who), job->request.unit, job->request.as_of);
  if (!reaches) return Fail(std::move(reaches).error());
  if (!*reaches) return Fail(missing);
  return job;
}

Response Api::ListReports(const Call& c) const {
  if (auto s = CheckParams(c.target, {"limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto page = ParsePage(c.target);
  if (!page) return ErrorResponse(page.error());
  if (!reports_) return NoReports();
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  std::vector<reports::ReportStatus> jobs = reports_->List();
  const movement::UnitScope scope = ScopeOf(c.who);
  std::vector<reports::ReportStatus> visible;
  for (auto& job : jobs) {
    auto reaches = (*reg)->units().InScope(scope, job.request.unit, job.request.as_of);
    if (!reaches) return ErrorResponse(reaches.error());
    if (*reaches) visible.push_back(std::move(job));
  }
  json out = json::object();
  PutPage(
      out, "reports", visible, *page,
      [](const reports::ReportStatus& job) { return NumberKey(job.submitted_at) + job.id; },
      [](const reports::ReportStatus& job) { return reports::ReportStatusToJson(job); });
  return Json(200, out);
}

Response Api::StartReport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!reports_) return NoReports();
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto body = ParseBody(c.request, R"({"unit": "12970", "period": "2025-H1", "format": "docx"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"unit", "format", "period", "as_of", "issuer", "number", "place"}); !s)
    return ErrorResponse(s.error());
  reports::ReportRequest r;
  auto unit = JsonString(*body, "unit", true);
  auto format = JsonString(*body, "format", true);
  auto period = JsonString(*body, "period", false);
  auto as_of = JsonString(*body, "as_of", false);
  auto issuer = JsonString(*body, "issuer", false);
  auto number = JsonString(*body, "number", false);
  auto place = JsonString(*body, "place", false);
  for (const auto* v : {&unit, &format, &period, &as_of, &issuer, &number, &place}) {
    if (!*v) return ErrorResponse(v->error());
  }
  auto fmt_ = reports::ParseFormat(*format);
  if (!fmt_) return ErrorResponse(fmt_.error());
  r.unit = *unit;
  r.format = *fmt_;
  r.period = *period;
  r.as_of = *as_of;
  r.issuer = *issuer;
  r.number = *number;
  r.place = *place;
  r.requested_by = c.who.Actor();
  // The dates first, so the scope is checked on the report's own date (a province's staff
  // report on the communes their province had then).
  if (auto s = reports::Complete(r, deps_.clock.Now()); !s) return ErrorResponse(s.error());
  auto exists = (*reg)->units().AsOf(r.unit, r.as_of);
  if (!exists) return ErrorResponse(exists.error());
  auto reaches = (*reg)->units().InScope(ScopeOf(c.who), r.unit, r.as_of);
  if (!reaches) return ErrorResponse(reaches.error());
  if (!*exists || !*reaches) {
    return ErrorResponse(Error(ErrorCode::kNotFound, fmt::format("no unit '{}' on {}", r.unit, r.as_of)).WithField("unit"));
  }
  auto id = reports_->Submit(r);
  if (!id) return ErrorResponse(id.error());
  AuditOrLog(c, "report.start", "", 0, 0,
             json({{"id", *id}, {"unit", r.unit}, {"format", ToString(r.format)}, {"period", r.period}, {"as_of", r.as_of}})
                 .dump());
  auto job = reports_->Get(*id);
  if (!job) return ErrorResponse(job.error());
  Response out = Json(202, reports::ReportStatusToJson(*job));
  out.headers.emplace_back("Location", "/api/v1/reports/" + *id);
  return out;
}

Response Api::GetReport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!reports_) return NoReports();
  auto job = VisibleReport(c.who, c.params[0]);
  if (!job) return ErrorResponse(job.error());
  return Json(200, reports::ReportStatusToJson(*job));
}

Response Api::CancelReport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!reports_) return NoReports();
  auto job = VisibleReport(c.who, c.params[0]);
  if (!job) return ErrorResponse(job.error());
  if (auto s = reports_->Cancel(job->id); !s) return ErrorResponse(s.error());
  AuditOrLog(c, "report.cancel", "", 0, 0, job->id);
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Api::DownloadReport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (!reports_) return NoReports();
  auto job = VisibleReport(c.who, c.params[0]);
  if (!job) return ErrorResponse(job.error());
  if (job->state != reports::JobState::kDone || !job->file) {
    return ErrorResponse(Error(ErrorCode::kFailedPrecondition,
                               fmt::format("report '{}' is {}; download it when it is done", job->id,
                                           reports::ToString(job->state))));
  }
  auto file = OpenFile::Open(job->file->path.string());
  if (!file) return ErrorResponse(file.error());
  if (c.request.range.empty() || c.request.range.rfind("bytes=0-", 0) == 0) {
    AuditOrLog(c, "report.download", "", 0, 0, job->file->name + " sha256 " + job->file->sha256);
  }
  return FileResponse(c.request, *file, std::string(reports::ContentType(job->request.format)), job->file->name,
                      "attachment", "\"" + job->file->sha256.substr(0, 32) + "\"");
}

Response Api::GetModelCameras(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto m = VisibleModel(c.who, c.params[0]);
  if (!m) return ErrorResponse(m.error());
  auto cameras = movement_->models().Cameras(m->id);
  if (!cameras) return ErrorResponse(cameras.error());
  auto history = movement_->models().CameraHistory(m->id);
  if (!history) return ErrorResponse(history.error());
  json links = json::array();
  for (const movement::CameraLink& l : *history) {
    links.push_back({{"camera_id", l.camera_id}, {"linked_from", l.linked_from}, {"linked_to", l.linked_to}});
  }
  // What PUT accepts: the cameras the caller sees (by area), so a committee or village head
  // without camera.view still picks from their own.
  json choices = json::array();
  for (const CameraView& v : deps_.cameras.Cameras()) {
    if (c.who.SeesCamera(v.area)) choices.push_back({{"id", v.id}, {"name", v.name}});
  }
  return Json(200, {{"model_id", m->id},
                    {"camera_ids", *cameras},
                    {"history", std::move(links)},
                    {"choices", std::move(choices)}});
}

Response Api::SetModelCameras(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto m = VisibleModel(c.who, c.params[0]);
  if (!m) return ErrorResponse(m.error());
  auto body = ParseBody(c.request, R"({"camera_ids": ["cong-ubnd", "cho"], "on_date": "2025-09-01"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"camera_ids", "on_date"}); !s) return ErrorResponse(s.error());
  auto ids = JsonStringList(*body, "camera_ids");
  if (!ids) return ErrorResponse(ids.error());
  if (!*ids) return ErrorResponse(FieldError("camera_ids", "is required"));
  if ((*ids)->size() > 500) return ErrorResponse(FieldError("camera_ids", "holds more than 500 cameras"));
  auto on_date = JsonString(*body, "on_date", false);
  if (!on_date) return ErrorResponse(on_date.error());
  // Only cameras the caller may see: a model cannot be used to learn other villages' ids.
  for (const std::string& id : **ids) {
    if (auto cam = VisibleCamera(c.who, id); !cam) {
      return ErrorResponse(Error(ErrorCode::kNotFound, fmt::format("no camera '{}'", id)).WithField("camera_ids"));
    }
  }
  auto set = movement_->models().SetCameras(m->id, **ids, *on_date);
  if (!set) return ErrorResponse(set.error());
  std::string list;
  for (const std::string& id : *set) list += (list.empty() ? "" : ",") + id;
  AuditOrLog(c, "model.cameras", "", 0, 0,
             fmt::format("model {}: [{}] from {}", m->id, list,
                         on_date->empty() ? movement::VietnamDay(deps_.clock.Now()) : *on_date));
  return GetModelCameras(c);
}

Response Api::PrefillEvaluation(const Call& c) const {
  if (auto s = CheckParams(c.target, {"period", "from", "to"}); !s) return ErrorResponse(s.error());
  auto m = VisibleModel(c.who, c.params[0]);
  if (!m) return ErrorResponse(m.error());
  if (m->type != "camera") {
    return ErrorResponse(Error(ErrorCode::kFailedPrecondition,
                               fmt::format("model {} is not a camera model (type '{}'): nothing to pre-fill", m->id, m->type)));
  }
  // The days: a period, or from and to (both inclusive).
  std::string period = Param(c.target, "period"), from = Param(c.target, "from"), to = Param(c.target, "to");
  if (!period.empty()) {
    if (!from.empty() || !to.empty()) return ErrorResponse(FieldError("period", "give period or from/to, not both"));
    auto p = movement::ParsePeriod(period);
    if (!p) return ErrorResponse(std::move(p).error().WithField("period"));
    from = p->FirstDay();
    to = p->LastDay();
  } else {
    if (from.empty() || to.empty()) return ErrorResponse(FieldError("period", "give period, or from and to"));
    if (auto s = movement::CheckDate("from", from); !s) return ErrorResponse(s.error());
    if (auto s = movement::CheckDate("to", to); !s) return ErrorResponse(s.error());
    if (to < from) return ErrorResponse(FieldError("to", "is before from"));
  }
  const WallNs now = deps_.clock.Now();
  const WallNs begin = movement::VietnamMidnight(from);
  // Up to now: the part of a running period that has passed.
  const WallNs end = std::min(now, movement::VietnamMidnight(movement::AddDays(to, 1)));

  // The cameras linked on some day of the period, each judged over its own days: a pre-fill
  // for a past period uses the cameras linked then, not today's.
  auto linked = movement_->models().CameraLinksDuring(m->id, from, to);
  if (!linked) return ErrorResponse(linked.error());
  std::map<std::string, CameraView> views;
  for (CameraView& v : deps_.cameras.Cameras()) views.emplace(v.id, std::move(v));
  std::vector<reports::LinkedCamera> cameras;
  for (const movement::CameraLink& link : *linked) {
    const std::string& id = link.camera_id;
    const WallNs link_begin = movement::VietnamMidnight(link.linked_from);
    const WallNs link_end = link.linked_to.empty() ? 0 : movement::VietnamMidnight(link.linked_to);
    // Unlinked and linked again within the period: measured from its first link to its last.
    if (!cameras.empty() && cameras.back().id == id) {
      cameras.back().linked_to = link_end;
      continue;
    }
    reports::LinkedCamera lc{id, "", false, true, link_begin, link_end};
    if (auto it = views.find(id); it != views.end()) {
      lc.name = it->second.name;
      lc.configured = true;
      bool streaming = false;
      for (const StreamView& s : it->second.streams) {
        streaming = streaming || (s.running && s.ingest.state == ingest::StreamState::kStreaming);
      }
      lc.offline_now = !it->second.enabled || !streaming;
    }
    cameras.push_back(std::move(lc));
  }
  auto f = reports::CameraPrefill(deps_.index, events_, deps_.audit_store, std::move(cameras), begin, end);
  if (!f) return ErrorResponse(f.error());
  json list = json::array();
  for (const reports::CameraFigures& cf : f->cameras) {
    list.push_back({{"camera_id", cf.camera.id},
                    {"name", cf.camera.name},
                    {"configured", cf.camera.configured},
                    {"working_pct", cf.working_pct},
                    {"offline_now", cf.camera.offline_now},
                    {"events", cf.events},
                    {"case_exports", cf.case_exports}});
  }
  return Json(200, {{"model_id", m->id},
                    {"period", period},
                    {"from", from},
                    {"to", to},
                    {"cameras", std::move(list)},
                    {"totals",
                     {{"cameras", f->cameras.size()},
                      {"working_pct", f->working_pct},
                      {"working_cameras", f->working_cameras},
                      {"offline_now", f->offline_now},
                      {"events", f->events},
                      {"case_exports", f->case_exports}}},
                    {"evidence", reports::EvidenceText(*f, from, to)}});
}

}  // namespace anninh::serve
