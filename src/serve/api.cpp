#include "serve/api.h"

#include "serve/api_util.h"

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

const StreamView* FindStream(const CameraView& c, const std::string& name) {
  for (const StreamView& s : c.streams) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

json HoldJson(const store::HoldRow& h) {
  json j = {{"id", h.id},         {"camera_id", h.camera_id},   {"reason", h.reason},
            {"case_ref", h.case_ref}, {"created_by", h.created_by}};
  PutTime(j, "from", h.start);
  PutTime(j, "to", h.end);
  PutTime(j, "created_at", h.created_at);
  return j;
}

constexpr WallNs kPlaybackAuditWindow = 600 * kNsPerSecond;

// Which stream a console should show in a grid and on focus. H.265 plays through Media
// Source Extensions only where the browser has a hardware decoder for it (Chromium on many
// PCs does not), so a camera whose main stream is H.265 and whose sub stream is H.264 is
// focused on the sub stream, and the answer says so. A camera with only H.265 streams is
// focused through the on-demand H.264 transcode when the server allows one ([live]
// transcode), where the browser cannot play HEVC itself.
json ViewChoice(const CameraView& cam, bool transcode) {
  const StreamView* sub = nullptr;
  const StreamView* main = nullptr;
  for (const StreamView& s : cam.streams) {
    if (s.name == "sub") sub = &s;
    if (s.name == "main") main = &s;
  }
  auto is_hevc = [](const StreamView* s) { return s && s->ingest.codec.rfind("hevc", 0) == 0; };
  json v = {{"grid", sub ? "sub" : "main"}, {"focus", "main"}, {"transcode", false}, {"note", ""}};
  if (is_hevc(main)) {
    if (sub && !is_hevc(sub)) {
      v["focus"] = "sub";
      v["note"] = "main is H.265, which many browsers cannot play; showing the H.264 sub stream";
    } else if (transcode) {
      v["transcode"] = true;
      v["note"] = "H.265 only: where the browser cannot play HEVC (MediaSource.isTypeSupported), focus with "
                  "live?stream=main&transcode=h264 (H.264 made on demand) and use live.mjpeg in grids";
    } else {
      v["note"] = "H.265 only: plays where the browser supports HEVC (check MediaSource.isTypeSupported)";
    }
  }
  return v;
}

}  // namespace

Api::Api(ApiOptions options, ApiDeps deps) : options_(std::move(options)), deps_(deps) {
  using access::right::kCameraView, access::right::kPlayback, access::right::kHoldManage,
      access::right::kSystemRead, access::right::kUserManage, access::right::kAuditRead;
  const RoutePolicy open{"", true}, signed_in{};
  Add(Method::kGet, "/healthz", open, &Api::Healthz);
  Add(Method::kGet, "/metrics", {kSystemRead}, &Api::Metrics);
  Add(Method::kGet, "/api/v1/setup", open, &Api::SetupState);
  Add(Method::kPost, "/api/v1/setup", open, &Api::Setup);
  Add(Method::kPost, "/api/v1/session", open, &Api::Login);
  Add(Method::kGet, "/api/v1/session", signed_in, &Api::SessionInfo);
  Add(Method::kDelete, "/api/v1/session", signed_in, &Api::Logout);
  Add(Method::kPost, "/api/v1/session/password", signed_in, &Api::ChangePassword);
  Add(Method::kPost, "/api/v1/session/totp/secret", signed_in, &Api::NewTotpSecret);
  Add(Method::kPost, "/api/v1/session/totp", signed_in, &Api::EnableTotp);
  Add(Method::kPost, "/api/v1/session/totp/disable", signed_in, &Api::DisableOwnTotp);
  Add(Method::kGet, "/api/v1/cameras", {kCameraView}, &Api::Cameras);
  // Camera administration: "test" is registered before "{id}" (the first matching route wins).
  using access::right::kCameraManage;
  Add(Method::kPost, "/api/v1/cameras", {kCameraManage}, &Api::CreateCamera);
  Add(Method::kPost, "/api/v1/cameras/test", {kCameraManage}, &Api::TestCamera);
  Add(Method::kGet, "/api/v1/cameras/{id}/config", {kCameraManage}, &Api::CameraDocument);
  Add(Method::kPut, "/api/v1/cameras/{id}", {kCameraManage}, &Api::UpdateCamera);
  Add(Method::kDelete, "/api/v1/cameras/{id}", {kCameraManage}, &Api::DeleteCamera);
  Add(Method::kGet, "/api/v1/cameras/{id}/live", {access::right::kLiveView}, &Api::LiveWithoutUpgrade);
  Add(Method::kGet, "/api/v1/cameras/{id}/live.mjpeg", {access::right::kLiveView}, &Api::LiveMjpeg);
  Add(Method::kGet, "/api/v1/cameras/{id}/snapshot.jpg", {access::right::kSnapshot}, &Api::Snapshot);
  Add(Method::kGet, "/api/v1/cameras/{id}/recordings", {kPlayback}, &Api::Recordings);
  Add(Method::kGet, "/api/v1/cameras/{id}/video.mp4", {kPlayback}, &Api::Video);
  Add(Method::kGet, "/api/v1/timeline", {kPlayback}, &Api::Timeline);
  Add(Method::kGet, "/api/v1/cameras/{id}/thumbnail.jpg", {kPlayback}, &Api::RecordedThumbnail);
  Add(Method::kGet, "/api/v1/health", {kCameraView}, &Api::Health);
  Add(Method::kGet, "/api/v1/cameras/{id}/notes", {kCameraView}, &Api::ListNotes);
  Add(Method::kPost, "/api/v1/cameras/{id}/notes", {access::right::kCameraManage}, &Api::AddNote);
  // Events: "live" is registered before "{id}" (the first matching route wins).
  Add(Method::kGet, "/api/v1/events", {kCameraView}, &Api::ListEvents);
  Add(Method::kGet, "/api/v1/events/live", {kCameraView}, &Api::EventsLiveWithoutUpgrade);
  Add(Method::kGet, "/api/v1/events/{id}", {kCameraView}, &Api::GetEvent);
  Add(Method::kPatch, "/api/v1/events/{id}", {access::right::kEventsReview}, &Api::ReviewEvent);
  Add(Method::kGet, "/api/v1/events/{id}/snapshot.jpg", {access::right::kSnapshot}, &Api::EventSnapshot);
  Add(Method::kGet, "/api/v1/events/{id}/thumbnail.jpg", {access::right::kSnapshot}, &Api::EventThumbnail);
  Add(Method::kGet, "/api/v1/holds", {kHoldManage}, &Api::ListHolds);
  Add(Method::kPost, "/api/v1/holds", {kHoldManage}, &Api::AddHold);
  Add(Method::kDelete, "/api/v1/holds/{id}", {kHoldManage}, &Api::ReleaseHold);
  Add(Method::kGet, "/api/v1/users", {kUserManage}, &Api::ListUsers);
  Add(Method::kPost, "/api/v1/users", {kUserManage}, &Api::CreateUser);
  Add(Method::kGet, "/api/v1/users/{id}", {kUserManage}, &Api::GetUser);
  Add(Method::kPatch, "/api/v1/users/{id}", {kUserManage}, &Api::UpdateUser);
  Add(Method::kDelete, "/api/v1/users/{id}", {kUserManage}, &Api::DeleteUser);
  Add(Method::kDelete, "/api/v1/users/{id}/totp", {kUserManage}, &Api::DisableTotp);
  Add(Method::kGet, "/api/v1/roles", {kUserManage}, &Api::ListRoles);
  Add(Method::kPut, "/api/v1/roles/{name}", {kUserManage}, &Api::PutRole);
  // Anyone signed in manages their own tokens; user.manage reaches everyone's.
  Add(Method::kGet, "/api/v1/tokens", signed_in, &Api::ListTokens);
  Add(Method::kPost, "/api/v1/tokens", signed_in, &Api::CreateToken);
  Add(Method::kDelete, "/api/v1/tokens/{id}", signed_in, &Api::RevokeToken);
  Add(Method::kGet, "/api/v1/site", signed_in, &Api::Site);
  Add(Method::kGet, "/api/v1/exports", {access::right::kExport}, &Api::ListExports);
  Add(Method::kPost, "/api/v1/exports", {access::right::kExport}, &Api::StartExport);
  Add(Method::kGet, "/api/v1/exports/{id}", {access::right::kExport}, &Api::GetExport);
  Add(Method::kDelete, "/api/v1/exports/{id}", {access::right::kExport}, &Api::CancelExport);
  Add(Method::kGet, "/api/v1/exports/{id}/package.zip", {access::right::kExport}, &Api::DownloadExport);
  Add(Method::kGet, "/api/v1/exports/{id}/verify", {access::right::kExport}, &Api::VerifyExport);
  Add(Method::kGet, "/api/v1/cases", {access::right::kExport}, &Api::ListCases);
  Add(Method::kGet, "/api/v1/audit", {kAuditRead}, &Api::QueryAudit);
  Add(Method::kGet, "/api/v1/audit/verify", {kAuditRead}, &Api::VerifyAudit);
  // Movement records: reading needs movement.read, changing movement.edit, both within the
  // caller's units (checked in the handler); the unit list itself needs unit.manage.
  using access::right::kMovementRead, access::right::kMovementEdit, access::right::kUnitManage;
  Add(Method::kGet, "/api/v1/units", {kMovementRead}, &Api::ListUnits);
  Add(Method::kGet, "/api/v1/units/{code}", {kMovementRead}, &Api::GetUnit);
  Add(Method::kPost, "/api/v1/units/import", {kUnitManage}, &Api::ImportUnits);
  Add(Method::kGet, "/api/v1/people", {kMovementRead}, &Api::ListPeople);
  Add(Method::kPost, "/api/v1/people", {kMovementEdit}, &Api::CreatePerson);
  Add(Method::kGet, "/api/v1/people/{id}", {kMovementRead}, &Api::GetPerson);
  Add(Method::kPatch, "/api/v1/people/{id}", {kMovementEdit}, &Api::UpdatePerson);
  Add(Method::kPost, "/api/v1/people/{id}/positions", {kMovementEdit}, &Api::AddPosition);
  Add(Method::kPatch, "/api/v1/people/{id}/positions/{position}", {kMovementEdit}, &Api::EndPosition);
  Add(Method::kGet, "/api/v1/model-types", {kMovementRead}, &Api::ModelTypes);
  Add(Method::kPost, "/api/v1/model-types", {kUnitManage}, &Api::AddModelType);
  Add(Method::kGet, "/api/v1/criteria-sets", {kMovementRead}, &Api::ListCriteriaSets);
  Add(Method::kPost, "/api/v1/criteria-sets", {kUnitManage}, &Api::AddCriteriaSet);
  Add(Method::kGet, "/api/v1/models", {kMovementRead}, &Api::ListModels);
  Add(Method::kPost, "/api/v1/models", {kMovementEdit}, &Api::CreateModel);
  Add(Method::kGet, "/api/v1/models/{id}", {kMovementRead}, &Api::GetModel);
  Add(Method::kPost, "/api/v1/models/{id}/transitions", {kMovementEdit}, &Api::TransitionModel);
  Add(Method::kPost, "/api/v1/models/{id}/evaluations", {kMovementEdit}, &Api::EvaluateModel);
  Add(Method::kGet, "/api/v1/models/{id}/activities", {kMovementRead}, &Api::ListActivities);
  Add(Method::kPost, "/api/v1/models/{id}/activities", {kMovementEdit}, &Api::AddActivity);
  Add(Method::kGet, "/api/v1/models/{id}/attachments", {kMovementRead}, &Api::ListAttachments);
  Add(Method::kPost, "/api/v1/models/{id}/attachments", {kMovementEdit, false, true}, &Api::UploadAttachment);
  Add(Method::kGet, "/api/v1/models/{id}/attachments/{file}", {kMovementRead}, &Api::DownloadAttachment);
  Add(Method::kGet, "/api/v1/reports/rollup", {kMovementRead}, &Api::Rollup);
  Add(Method::kGet, "/api/v1/reports/flagged", {kMovementRead}, &Api::FlaggedModels);
  // Commendations and festivals: the same rights, scoped by the proposing or holding unit.
  Add(Method::kGet, "/api/v1/award-forms", {kMovementRead}, &Api::AwardForms);
  Add(Method::kPost, "/api/v1/award-forms", {kUnitManage}, &Api::AddAwardForm);
  Add(Method::kPut, "/api/v1/award-forms/{code}", {kUnitManage}, &Api::EditAwardForm);
  Add(Method::kDelete, "/api/v1/award-forms/{code}", {kUnitManage}, &Api::RemoveAwardForm);
  Add(Method::kGet, "/api/v1/awards/rules", {kMovementRead}, &Api::MedalRules);
  Add(Method::kPost, "/api/v1/awards/rules", {kUnitManage}, &Api::AddMedalRule);
  Add(Method::kGet, "/api/v1/awards/eligibility", {kMovementRead}, &Api::MedalEligibility);
  Add(Method::kGet, "/api/v1/awards/history", {kMovementRead}, &Api::CollectiveHistory);
  Add(Method::kGet, "/api/v1/awards/dossier", {kMovementRead}, &Api::AwardDossier);
  // Its documents are report jobs: read, cancelled and downloaded at /api/v1/reports/{id}.
  Add(Method::kPost, "/api/v1/awards/dossier/documents", {kMovementRead}, &Api::StartDossier);
  Add(Method::kGet, "/api/v1/awards", {kMovementRead}, &Api::ListAwards);
  Add(Method::kPost, "/api/v1/awards", {kMovementEdit}, &Api::ProposeAward);
  Add(Method::kGet, "/api/v1/awards/{id}", {kMovementRead}, &Api::GetAward);
  Add(Method::kPost, "/api/v1/awards/{id}/steps", {kMovementEdit}, &Api::StepAward);
  Add(Method::kGet, "/api/v1/people/{id}/awards", {kMovementRead}, &Api::PersonAwards);
  Add(Method::kPost, "/api/v1/people/{id}/service", {kMovementEdit}, &Api::AddService);
  Add(Method::kPost, "/api/v1/people/{id}/holds", {kMovementEdit}, &Api::AddPersonHold);
  Add(Method::kPost, "/api/v1/people/{id}/holds/{hold}/close", {kMovementEdit}, &Api::ClosePersonHold);
  Add(Method::kGet, "/api/v1/festivals/compliance", {kMovementRead}, &Api::FestivalCompliance);
  Add(Method::kGet, "/api/v1/festivals", {kMovementRead}, &Api::ListFestivals);
  Add(Method::kPost, "/api/v1/festivals", {kMovementEdit}, &Api::CreateFestival);
  Add(Method::kGet, "/api/v1/festivals/{id}", {kMovementRead}, &Api::GetFestival);
  Add(Method::kPut, "/api/v1/festivals/{id}", {kMovementEdit}, &Api::UpdateFestival);
  Add(Method::kGet, "/api/v1/festivals/{id}/report", {kMovementRead}, &Api::FestivalReport);
  Add(Method::kPost, "/api/v1/festivals/{id}/photos", {kMovementEdit, false, true}, &Api::AddFestivalPhoto);
  Add(Method::kGet, "/api/v1/festivals/{id}/photos/{photo}", {kMovementRead}, &Api::FestivalPhoto);
  Add(Method::kGet, "/api/v1/festivals/{id}/photos/{photo}/thumbnail", {kMovementRead}, &Api::FestivalThumbnail);
  // Report jobs: reading the movement's figures is all a report needs (movement.read), in
  // the caller's units on the report's date; after rollup and flagged, so those stay routes.
  Add(Method::kGet, "/api/v1/reports", {kMovementRead}, &Api::ListReports);
  Add(Method::kPost, "/api/v1/reports", {kMovementRead}, &Api::StartReport);
  Add(Method::kGet, "/api/v1/reports/{id}", {kMovementRead}, &Api::GetReport);
  Add(Method::kDelete, "/api/v1/reports/{id}", {kMovementRead}, &Api::CancelReport);
  Add(Method::kGet, "/api/v1/reports/{id}/file", {kMovementRead}, &Api::DownloadReport);
  Add(Method::kGet, "/api/v1/models/{id}/cameras", {kMovementRead}, &Api::GetModelCameras);
  Add(Method::kPut, "/api/v1/models/{id}/cameras", {kMovementEdit}, &Api::SetModelCameras);
  Add(Method::kGet, "/api/v1/models/{id}/evaluations/prefill", {kMovementRead}, &Api::PrefillEvaluation);
  // Mediation cases of a "tự hòa giải" model (api_mediation.cpp).
  Add(Method::kGet, "/api/v1/models/{id}/mediation-cases", {kMovementRead}, &Api::ListMediationCases);
  Add(Method::kPost, "/api/v1/models/{id}/mediation-cases", {kMovementEdit}, &Api::AddMediationCase);
  Add(Method::kPatch, "/api/v1/models/{id}/mediation-cases/{case}", {kMovementEdit}, &Api::UpdateMediationCase);
  // News and search: the public routes read published articles only; drafts need
  // news.read, writing news.edit, publishing and the links list news.publish (publishing
  // is re-checked in the handler, as the same route submits and publishes).
  using access::right::kNewsRead, access::right::kNewsEdit, access::right::kNewsPublish;
  Add(Method::kGet, "/api/v1/public/news", open, &Api::PublicNews);
  Add(Method::kGet, "/api/v1/public/news/{id}", open, &Api::PublicArticle);
  Add(Method::kGet, "/api/v1/public/feed.atom", open, &Api::PublicFeed);
  Add(Method::kGet, "/api/v1/public/links", open, &Api::PublicLinks);
  Add(Method::kGet, "/api/v1/public/images/{sha256}", open, &Api::PublicImage);
  Add(Method::kGet, "/api/v1/search", open, &Api::Search);
  Add(Method::kGet, "/api/v1/news", {kNewsRead}, &Api::ListNews);
  Add(Method::kPost, "/api/v1/news", {kNewsEdit}, &Api::CreateNews);
  Add(Method::kGet, "/api/v1/news/{id}", {kNewsRead}, &Api::GetNews);
  Add(Method::kPatch, "/api/v1/news/{id}", {kNewsEdit}, &Api::UpdateNews);
  Add(Method::kPost, "/api/v1/news/{id}/transitions", {kNewsEdit}, &Api::TransitionNews);
  Add(Method::kPost, "/api/v1/news/{id}/images", {kNewsEdit, false, true}, &Api::AddNewsImage);
  Add(Method::kPost, "/api/v1/links", {kNewsPublish}, &Api::AddLink);
  Add(Method::kPatch, "/api/v1/links/{id}", {kNewsPublish}, &Api::UpdateLink);
  Add(Method::kDelete, "/api/v1/links/{id}", {kNewsPublish}, &Api::RemoveLink);
}

void Api::Add(Method method, std::string_view pattern, RoutePolicy policy, Member handler) {
  routes_.push_back({method, std::string(pattern), policy});
  router_.Add(method, pattern, [this, policy, handler](const RouteContext& rc) {
    access::Principal who;
    if (auto refused = Admit(rc.request, policy, who)) return std::move(*refused);
    return (this->*handler)(Call{rc.request, rc.target, rc.params, who});
  }, policy.upload ? options_.upload_limit : 0);
}

Result<CameraView> Api::VisibleCamera(const access::Principal& who, const std::string& id) const {
  for (CameraView& c : deps_.cameras.Cameras()) {
    if (c.id == id && who.SeesCamera(c.area)) return std::move(c);
  }
  return Fail(ErrorCode::kNotFound, "no camera '" + id + "'");
}

bool Api::FirstInWindow(const std::tuple<std::string, std::string, WallNs, WallNs>& key) const {
  const WallNs now = deps_.clock.Now();
  std::lock_guard lock(playback_mu_);
  auto it = playback_seen_.find(key);
  if (it != playback_seen_.end() && now - it->second <= kPlaybackAuditWindow) return false;
  if (playback_seen_.size() > 10'000) playback_seen_.clear();  // bounded; worst case re-audits
  playback_seen_[key] = now;
  return true;
}

std::set<std::string> Api::VisibleCameraIds(const access::Principal& who) const {
  std::set<std::string> ids;
  for (const CameraView& c : deps_.cameras.Cameras()) {
    if (who.SeesCamera(c.area)) ids.insert(c.id);
  }
  return ids;
}

void Api::AuditOrLog(const Call& c, std::string action, std::string camera, WallNs from, WallNs to,
                     std::string detail) const {
  if (auto s = deps_.audit.Record({c.who.Actor(), std::move(action), std::move(camera), from, to,
                                   std::move(detail), c.request.remote});
      !s) {
    spdlog::error("audit: {}", s.error().ToString());
  }
}

Response Api::Healthz(const Call&) const { return Json(200, {{"status", "ok"}}); }

Response Api::Metrics(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  std::optional<fs::SpaceInfo> disk;
  if (auto space = fs::Space(options_.recordings_dir)) disk = *space;
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = RenderMetrics(deps_.cameras.Cameras(), disk, rates_, deps_.clock.Monotonic());
  if (alert_metrics_) r.body += RenderAlertMetrics(alert_metrics_());
  return r;
}

Response Api::Cameras(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  json out = json::array();
  for (const CameraView& cam : deps_.cameras.Cameras()) {
    if (!c.who.SeesCamera(cam.area)) continue;
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
      if (live::LiveStream* l = deps_.cameras.Live(cam.id, s.name)) {
        const live::LiveInfo info = l->Describe();
        j["live"] = {{"available", info.live}, {"codec", info.codec}, {"mime", info.mime}, {"viewers", info.viewers},
                     {"mjpeg_viewers", info.jpeg_viewers}};
      }
      streams.push_back(std::move(j));
    }
    out.push_back({{"id", cam.id},
                   {"name", cam.name},
                   {"area", cam.area},
                   {"enabled", cam.enabled},
                   {"editable", cam.editable},
                   {"streams", std::move(streams)},
                   {"view", ViewChoice(cam, options_.live_transcode)}});
  }
  return Json(200, {{"cameras", std::move(out)}});
}

Response Api::Recordings(const Call& c) const {
  if (auto s = CheckParams(c.target, {"from", "to", "stream", "limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto cam = VisibleCamera(c.who, c.params[0]);
  if (!cam) return ErrorResponse(cam.error());
  auto from = TimeParam(c.target, "from", WallNs{0});
  if (!from) return ErrorResponse(from.error());
  auto to = TimeParam(c.target, "to", deps_.clock.Now());
  if (!to) return ErrorResponse(to.error());
  if (auto s = CheckRange(*from, *to); !s) return ErrorResponse(s.error());
  auto page = ParsePage(c.target);
  if (!page) return ErrorResponse(page.error());
  std::string stream;
  if (auto it = c.target.query.find("stream"); it != c.target.query.end()) {
    stream = it->second;
    if (!FindStream(*cam, stream)) {
      return ErrorResponse(Error(ErrorCode::kNotFound, "camera '" + cam->id + "' has no stream '" + stream + "'"));
    }
  }
  store::TimeQuery q{cam->id, stream, *from, *to};
  auto segments = deps_.index.Segments(q);
  if (!segments) return ErrorResponse(segments.error());
  auto gaps = deps_.index.Gaps(q);
  if (!gaps) return ErrorResponse(gaps.error());

  json out = {{"camera_id", cam->id}};
  PutTime(out, "from", *from);
  PutTime(out, "to", *to);
  // Pages of segments by start; each gap goes on the page whose segments' time it starts
  // in (the first page also takes those before its first segment), so a walk through the
  // pages sees every gap once.
  const PageSlice slice = PutPage(
      out, "segments", *segments, *page, [](const store::SegmentRow& s) { return NumberKey(s.start) + NumberKey(s.id); },
      [](const store::SegmentRow& s) {
        json j = {{"id", s.id},         {"stream", s.stream}, {"frames", s.frames},
                  {"bytes", s.bytes},   {"codec", s.codec},   {"sha256", s.sha256},
                  {"recovered", s.recovered}, {"discontinuities", s.discontinuities}};
        PutTime(j, "start", s.start);
        PutTime(j, "end", s.end);
        return j;
      });
  const bool first_page = slice.begin == 0;
  const bool last_page = !slice.next;
  json gap_list = json::array();
  for (const store::GapRow& g : *gaps) {
    if (!first_page && (slice.begin >= segments->size() || g.start < (*segments)[slice.begin].start)) continue;
    if (!last_page && g.start >= (*segments)[slice.end].start) continue;
    json j = {{"stream", g.stream}, {"reason", g.reason}};
    PutTime(j, "start", g.start);
    PutTime(j, "end", g.end);
    gap_list.push_back(std::move(j));
  }
  out["gaps"] = std::move(gap_list);
  return Json(200, out);
}

Response Api::Video(const Call& c) const {
  if (auto s = CheckParams(c.target, {"from", "to", "stream"}); !s) return ErrorResponse(s.error());
  auto cam = VisibleCamera(c.who, c.params[0]);
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

  auto rows = deps_.index.Segments({cam->id, stream, *from, *to});
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
  auto file = deps_.cache.Get(key, [&](const std::filesystem::path& tmp) -> Status {
    auto r = media::RemuxRange(segments, *from, *to, tmp);
    if (!r) return Fail(std::move(r).error());
    return {};
  });
  if (!file) return ErrorResponse(file.error());

  if (FirstInWindow({"playback " + c.who.Actor(), cam->id, *from, *to})) {
    AuditOrLog(c, "playback", cam->id, *from, *to, stream);
  }
  std::string name = fmt::format("{}-{}-{}.mp4", cam->id, stream, FormatIso8601(*from));
  std::replace(name.begin(), name.end(), ':', '-');
  return FileResponse(c.request, *file, "video/mp4", name, "inline",
                      "\"" + VideoCache::FileName(key).substr(0, 32) + "\"");
}

Response Api::ListHolds(const Call& c) const {
  if (auto s = CheckParams(c.target, {"camera", "limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto page = ParsePage(c.target);
  if (!page) return ErrorResponse(page.error());
  std::string camera;
  if (auto it = c.target.query.find("camera"); it != c.target.query.end() && !it->second.empty()) {
    auto cam = VisibleCamera(c.who, it->second);
    if (!cam) return ErrorResponse(cam.error());
    camera = cam->id;
  }
  auto holds = deps_.index.Holds(camera);
  if (!holds) return ErrorResponse(holds.error());
  const std::set<std::string> visible = VisibleCameraIds(c.who);
  std::erase_if(*holds, [&](const store::HoldRow& h) { return visible.count(h.camera_id) == 0; });
  json out = json::object();
  PutPage(out, "holds", *holds, *page, [](const store::HoldRow& h) { return NumberKey(h.id); }, HoldJson);
  return Json(200, out);
}

Response Api::AddHold(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto parsed = ParseBody(c.request, R"({"camera_id": "cong-chinh", "from": "2026-11-29T02:00:00Z", )"
                                     R"("to": "2026-11-29T03:00:00Z", "reason": "..."})");
  if (!parsed) return ErrorResponse(parsed.error());
  const json& body = *parsed;
  if (auto s = CheckKeys(body, {"camera_id", "from", "to", "reason", "case_ref"}); !s) return ErrorResponse(s.error());
  auto case_ref = JsonString(body, "case_ref", false);
  if (!case_ref) return ErrorResponse(case_ref.error());
  auto camera_id = JsonString(body, "camera_id", true);
  if (!camera_id) return ErrorResponse(camera_id.error());
  auto cam = VisibleCamera(c.who, *camera_id);
  if (!cam) return ErrorResponse(cam.error());
  auto from = JsonTime(body, "from");
  if (!from) return ErrorResponse(from.error());
  auto to = JsonTime(body, "to");
  if (!to) return ErrorResponse(to.error());
  if (auto s = CheckRange(*from, *to); !s) return ErrorResponse(s.error());
  auto reason = JsonString(body, "reason", true);
  if (!reason) return ErrorResponse(reason.error());
  if (reason->empty()) return ErrorResponse(FieldError("reason", "must not be empty"));

  store::HoldRow hold;
  hold.camera_id = cam->id;
  hold.start = *from;
  hold.end = *to;
  hold.reason = std::move(*reason);
  hold.created_by = c.who.Actor();
  hold.case_ref = std::move(*case_ref);
  hold.created_at = deps_.clock.Now();
  if (auto s = deps_.index.AddHold(hold); !s) return ErrorResponse(s.error());
  AuditOrLog(c, "hold.add", hold.camera_id, hold.start, hold.end,
             json({{"id", hold.id}, {"reason", hold.reason}}).dump());
  Response r = Json(201, HoldJson(hold));
  r.headers.emplace_back("Location", "/api/v1/holds/" + std::to_string(hold.id));
  return r;
}

Response Api::ReleaseHold(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto id = ParseId(c.params[0], "a hold");
  if (!id) return ErrorResponse(id.error());
  auto holds = deps_.index.Holds("");
  if (!holds) return ErrorResponse(holds.error());
  auto hold = std::find_if(holds->begin(), holds->end(), [&](const store::HoldRow& h) { return h.id == *id; });
  // A hold on a camera the caller cannot see does not exist for them.
  if (hold == holds->end() || !VisibleCamera(c.who, hold->camera_id)) {
    return ErrorResponse(Error(ErrorCode::kNotFound, "no hold " + std::to_string(*id)));
  }
  if (auto s = deps_.index.ReleaseHold(*id); !s) return ErrorResponse(s.error());
  AuditOrLog(c, "hold.release", hold->camera_id, hold->start, hold->end,
             json({{"id", hold->id}, {"reason", hold->reason}}).dump());
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace anninh::serve
