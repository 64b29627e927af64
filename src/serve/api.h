// The HTTP API's routes and handlers (docs/ref/api.md), on top of the transport-free
// Request/Response of http.h. Every route declares the right it needs; Handle()
// authenticates the caller (session cookie or API token), checks CSRF on writes made with
// a cookie, checks the right, and only then runs the handler, which checks camera scope.
// Handlers block (SQLite, file assembly): the server runs Handle on its worker pool,
// never on a network thread.
//
// Thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <tuple>

#include "access/access_control.h"
#include "access/audit_log.h"
#include "core/clock.h"
#include "serve/camera_admin.h"
#include "serve/camera_source.h"
#include "serve/channel.h"
#include "serve/http.h"
#include "serve/live_channel.h"
#include "serve/metrics.h"
#include "serve/picture_cache.h"
#include "serve/router.h"
#include "serve/video_cache.h"
#include "store/audit_store.h"
#include "store/event_store.h"
#include "store/note_store.h"
#include "store/recording_index.h"

namespace anninh::evidence {
class ExportJobs;
class SiteKey;
}  // namespace anninh::evidence
namespace anninh::movement {
class Registry;
struct Model;
}  // namespace anninh::movement
namespace anninh::awards {
class Book;
struct Award;
struct Festival;
}  // namespace anninh::awards
namespace anninh::reports {
class ReportJobs;
struct ReportStatus;
}  // namespace anninh::reports
namespace anninh::news {
class Newsroom;
}  // namespace anninh::news
namespace anninh::search {
class Index;
}  // namespace anninh::search

namespace anninh::serve {

class EventFeed;

struct ApiOptions {
  std::filesystem::path recordings_dir;
  std::filesystem::path audit_head;  // the audit log's head file, for /api/v1/audit/verify
  // The longest range one video.mp4 request may ask for: assembly reads every packet.
  WallNs max_video_range = 6LL * 3600 * kNsPerSecond;
  // Add "Secure" to the session cookie: on when serving HTTPS or behind a TLS proxy.
  bool secure_cookies = false;
  std::string site_name = "anninh";  // the issuer shown in authenticator apps
  // The site's zone for the console's dates ([site] time_zone) and its fixed UTC offset
  // ([site] utc_offset_hours), which the server's per-day figures (health) are cut by.
  std::string time_zone = "Asia/Ho_Chi_Minh";
  int utc_offset_minutes = 7 * 60;
  // The on-demand H.264 view of H.265 streams ([live] transcode, max_transcodes).
  bool live_transcode = true;
  int max_transcodes = 1;
  // The largest body an upload route (RoutePolicy::upload) takes: [http] upload_limit_mb.
  std::size_t upload_limit = 32u << 20;
};

// What a handler sees: the request and who made it.
struct Call {
  const Request& request;
  const Target& target;
  const std::vector<std::string>& params;
  const access::Principal& who;  // empty (account_id 0) on public routes
  access::Actor actor() const { return {who.Actor(), request.remote}; }
};

// A route's rule. `right` empty and `open` false: any signed-in caller.
struct RoutePolicy {
  std::string_view right;
  bool open = false;  // no sign-in needed (health, sign-in, first-run setup)
  // Takes a file as its raw body (Content-Type names it; the handler checks the bytes), up
  // to ApiOptions::upload_limit instead of the server's small JSON limit.
  bool upload = false;
};

struct RouteInfo {
  Method method;
  std::string pattern;
  RoutePolicy policy;
};

struct ApiDeps {
  const CameraSource& cameras;
  store::RecordingIndex& index;
  VideoCache& cache;
  access::AccessControl& access;
  access::AuditLog& audit;
  const store::AuditStore& audit_store;
  const Clock& clock;
};

class Api {
 public:
  Api(ApiOptions options, ApiDeps deps);

  Response Handle(const Request& request) const { return router_.Dispatch(request); }
  // For the HTTP server, once a request's headers are in: how large its body may be (0: the
  // server's default). Only upload routes say more.
  std::size_t BodyLimit(Method method, std::string_view target) const { return router_.BodyLimit(method, target); }
  // A WebSocket upgrade request: admitted like a request to the same route, then a channel.
  Upgrade HandleUpgrade(const Request& request) const;
  // Exports and the site key (docs/design/0005-evidence-export.md); without them the export
  // routes answer 503. Call before serving; both must outlive the Api.
  void EnableEvidence(evidence::ExportJobs& jobs, const evidence::SiteKey& key) {
    exports_ = &jobs;
    site_key_ = &key;
  }

  // The event log's rows, pictures and live feed (docs/design/0009-events.md); without them
  // the event routes answer 503 and the timeline has no events. Call before serving; all
  // must outlive the Api.
  void EnableEvents(store::EventStore& store, EventFeed& feed, std::filesystem::path events_dir) {
    events_ = &store;
    event_feed_ = &feed;
    events_dir_ = std::move(events_dir);
  }
  // Alert counters for /metrics (docs/design/0010-alerts.md); without them /metrics has no
  // alert families. Call before serving; the function is called on each scrape.
  void EnableAlertMetrics(std::function<alerts::AlertMetrics()> metrics) { alert_metrics_ = std::move(metrics); }
  // The movement's records (docs/design/0011-movement-records.md); without them those routes
  // answer 503. Call before serving; it must outlive the Api.
  void EnableMovement(movement::Registry& registry) { movement_ = &registry; }
  // Commendations and festivals (docs/design/0014-awards-and-festival.md); they need the
  // movement too. Without them those routes answer 503. It must outlive the Api.
  void EnableAwards(awards::Book& book) { awards_ = &book; }
  // Report jobs (docs/design/0013-reports.md); without them the report-job routes answer
  // 503. Needs EnableMovement too. Call before serving; it must outlive the Api.
  void EnableReports(reports::ReportJobs& jobs) { reports_ = &jobs; }
  // Adding, editing and testing cameras at run time (docs/design/0016-camera-admin.md);
  // without it (null) those routes answer 503. Call before serving; it must outlive the Api.
  void EnableCameraAdmin(CameraAdmin* admin) { camera_admin_ = admin; }
  // Maintenance notes per camera (health, docs/design/0012-web-console.md); without them the
  // note routes answer 503. Call before serving; it must outlive the Api.
  void EnableNotes(store::NoteStore& notes) { notes_ = &notes; }
  // News, links and the search (docs/design/0015-news-and-search.md); without them those
  // routes answer 503. Call before serving; both must outlive the Api.
  void EnableNews(news::Newsroom& newsroom, search::Index& index) {
    news_ = &newsroom;
    search_ = &index;
  }

  // Every registered route with its policy: docs and the authorization-matrix test use it.
  const std::vector<RouteInfo>& routes() const { return routes_; }

  static constexpr std::string_view kSessionCookie = "anninh_session";

 private:
  using Member = Response (Api::*)(const Call&) const;
  void Add(Method method, std::string_view pattern, RoutePolicy policy, Member handler);
  // Authentication, CSRF and the right; nullopt when the request may proceed.
  std::optional<Response> Admit(const Request& request, RoutePolicy policy, access::Principal& who) const;
  // The camera if it exists and `who` may see it; the same 404 otherwise, so ids of other
  // villages' cameras cannot be probed.
  Result<CameraView> VisibleCamera(const access::Principal& who, const std::string& id) const;
  // The ids of every camera `who` may see, from one snapshot of the cameras: for filtering
  // lists without taking a snapshot per row.
  std::set<std::string> VisibleCameraIds(const access::Principal& who) const;
  void AuditOrLog(const Call& c, std::string action, std::string camera, WallNs from, WallNs to,
                  std::string detail) const;

  // Cameras and recordings (api.cpp).
  Response Healthz(const Call& c) const;
  Response Metrics(const Call& c) const;
  Response Cameras(const Call& c) const;
  Response Recordings(const Call& c) const;
  Response Video(const Call& c) const;
  Response ListHolds(const Call& c) const;
  Response AddHold(const Call& c) const;
  Response ReleaseHold(const Call& c) const;
  Response LiveWithoutUpgrade(const Call& c) const;
  Response Snapshot(const Call& c) const;
  Upgrade LiveUpgrade(const Call& c) const;
  // Camera administration (api_cameras.cpp).
  Response CameraDocument(const Call& c) const;
  Response CreateCamera(const Call& c) const;
  Response UpdateCamera(const Call& c) const;
  Response DeleteCamera(const Call& c) const;
  Response TestCamera(const Call& c) const;
  Response SaveCamera(const Call& c, bool create) const;
  // Events (api_events.cpp).
  Response ListEvents(const Call& c) const;
  Response GetEvent(const Call& c) const;
  Response ReviewEvent(const Call& c) const;
  Response EventSnapshot(const Call& c) const;
  Response EventThumbnail(const Call& c) const;
  Response EventsLiveWithoutUpgrade(const Call& c) const;
  Upgrade EventsUpgrade(const Call& c) const;
  // The event with this id if the caller may see its camera; "no event N" otherwise.
  Result<store::EventRow> VisibleEvent(const Call& c, std::string_view what) const;
  Response EventPicture(const Call& c, bool thumbnail) const;
  Response LiveMjpeg(const Call& c) const;
  // The running stream a live request names (?stream=, else the sub stream when the
  // camera has one: grids), or the error response that refuses it.
  Result<live::LiveStream*> LiveStreamFor(const Call& c, const CameraView& cam, std::string& stream) const;
  // Rights re-checks and live.start/live.stop audit, shared by every live viewer kind.
  LiveChannel::Hooks LiveHooks(const Call& c, const CameraView& cam, const std::string& stream,
                               std::string_view kind) const;
  // The multi-camera timeline (api_timeline.cpp).
  Response Timeline(const Call& c) const;
  // The console's extras (api_console.cpp): a recorded picture at a time (timeline hover),
  // camera health (uptime per day, offline, storage) and maintenance notes.
  Response RecordedThumbnail(const Call& c) const;
  Response Health(const Call& c) const;
  Response ListNotes(const Call& c) const;
  Response AddNote(const Call& c) const;
  // People and rights (api_access.cpp).
  Response SetupState(const Call& c) const;
  Response Setup(const Call& c) const;
  Response Login(const Call& c) const;
  Response SessionInfo(const Call& c) const;
  Response Logout(const Call& c) const;
  Response ChangePassword(const Call& c) const;
  Response NewTotpSecret(const Call& c) const;
  Response EnableTotp(const Call& c) const;
  Response DisableOwnTotp(const Call& c) const;
  Response ListUsers(const Call& c) const;
  Response CreateUser(const Call& c) const;
  Response GetUser(const Call& c) const;
  Response UpdateUser(const Call& c) const;
  Response DeleteUser(const Call& c) const;
  Response DisableTotp(const Call& c) const;
  Response ListRoles(const Call& c) const;
  Response PutRole(const Call& c) const;
  Response ListTokens(const Call& c) const;
  Response CreateToken(const Call& c) const;
  Response RevokeToken(const Call& c) const;
  Response QueryAudit(const Call& c) const;
  // Evidence (api_exports.cpp).
  Response Site(const Call& c) const;
  Response ListExports(const Call& c) const;
  Response StartExport(const Call& c) const;
  Response GetExport(const Call& c) const;
  Response CancelExport(const Call& c) const;
  Response DownloadExport(const Call& c) const;
  Response VerifyExport(const Call& c) const;
  Response ListCases(const Call& c) const;
  Response VerifyAudit(const Call& c) const;
  // Movement records (api_movement.cpp: units, people, reports; api_models.cpp: models and
  // evaluations; api_model_catalogue.cpp: types, criteria sets; api_model_records.cpp:
  // activities, attachments).
  Response ListUnits(const Call& c) const;
  Response GetUnit(const Call& c) const;
  Response ImportUnits(const Call& c) const;
  Response ListPeople(const Call& c) const;
  Response CreatePerson(const Call& c) const;
  Response AddPosition(const Call& c) const;
  Response Rollup(const Call& c) const;
  Response FlaggedModels(const Call& c) const;
  Response ModelTypes(const Call& c) const;
  Response AddModelType(const Call& c) const;
  Response ListCriteriaSets(const Call& c) const;
  Response AddCriteriaSet(const Call& c) const;
  Response ListModels(const Call& c) const;
  Response CreateModel(const Call& c) const;
  Response GetModel(const Call& c) const;
  Response TransitionModel(const Call& c) const;
  Response EvaluateModel(const Call& c) const;
  Response ListActivities(const Call& c) const;
  Response AddActivity(const Call& c) const;
  Response ListAttachments(const Call& c) const;
  Response UploadAttachment(const Call& c) const;
  Response DownloadAttachment(const Call& c) const;
  // Commendations (api_awards.cpp) and festivals (api_festivals.cpp).
  Response AwardForms(const Call& c) const;
  Response MedalRules(const Call& c) const;
  Response ListAwards(const Call& c) const;
  Response ProposeAward(const Call& c) const;
  Response GetAward(const Call& c) const;
  Response StepAward(const Call& c) const;
  Response MedalEligibility(const Call& c) const;
  Response CollectiveHistory(const Call& c) const;
  Response AwardDossier(const Call& c) const;
  // The award catalogue and the medal rules as data (api_award_catalogue.cpp).
  Response AddAwardForm(const Call& c) const;
  Response EditAwardForm(const Call& c) const;
  Response RemoveAwardForm(const Call& c) const;
  Response AddMedalRule(const Call& c) const;
  // A dossier's documents as a report job (api_dossier.cpp).
  Response StartDossier(const Call& c) const;
  Response PersonAwards(const Call& c) const;
  Response AddService(const Call& c) const;
  Response AddPersonHold(const Call& c) const;
  Response ClosePersonHold(const Call& c) const;
  Response ListFestivals(const Call& c) const;
  Response CreateFestival(const Call& c) const;
  Response GetFestival(const Call& c) const;
  Response UpdateFestival(const Call& c) const;
  Response FestivalReport(const Call& c) const;
  Response FestivalCompliance(const Call& c) const;
  Response AddFestivalPhoto(const Call& c) const;
  Response FestivalPhoto(const Call& c) const;
  Response FestivalThumbnail(const Call& c) const;
  // The book, or the 503 answer when it (or the movement) is not enabled.
  Result<awards::Book*> AwardsBook() const;
  // The award / festival with this path id if `who` reaches its unit; 404 otherwise.
  Result<awards::Award> VisibleAward(const access::Principal& who, const std::string& id_text) const;
  Result<awards::Festival> VisibleFestival(const access::Principal& who, const std::string& id_text) const;
  // The person with this path id if `who` reaches their unit; "no person N" otherwise.
  Result<std::int64_t> VisiblePerson(const access::Principal& who, const std::string& id_text) const;
  // Report jobs and the camera model's cameras and pre-fill (api_reports.cpp).
  Response ListReports(const Call& c) const;
  Response StartReport(const Call& c) const;
  Response GetReport(const Call& c) const;
  Response CancelReport(const Call& c) const;
  Response DownloadReport(const Call& c) const;
  Response GetModelCameras(const Call& c) const;
  Response SetModelCameras(const Call& c) const;
  Response PrefillEvaluation(const Call& c) const;
  // One person and their posts (api_people.cpp).
  Response GetPerson(const Call& c) const;
  Response UpdatePerson(const Call& c) const;
  Response EndPosition(const Call& c) const;
  // Mediation cases of a "tự hòa giải" model (api_mediation.cpp).
  Response ListMediationCases(const Call& c) const;
  Response AddMediationCase(const Call& c) const;
  Response UpdateMediationCase(const Call& c) const;
  // The report job if its unit is in `who`'s scope on the report's date; "no report" (404)
  // otherwise. Needs reports_.
  Result<reports::ReportStatus> VisibleReport(const access::Principal& who, const std::string& id) const;
  // News, links and search (api_news.cpp, api_search.cpp).
  Response PublicNews(const Call& c) const;
  Response PublicArticle(const Call& c) const;
  Response PublicFeed(const Call& c) const;
  Response PublicLinks(const Call& c) const;
  Response PublicImage(const Call& c) const;
  Response ListNews(const Call& c) const;
  Response CreateNews(const Call& c) const;
  Response GetNews(const Call& c) const;
  Response UpdateNews(const Call& c) const;
  Response TransitionNews(const Call& c) const;
  Response AddNewsImage(const Call& c) const;
  Response AddLink(const Call& c) const;
  Response UpdateLink(const Call& c) const;
  Response RemoveLink(const Call& c) const;
  Response Search(const Call& c) const;
  Result<news::Newsroom*> News() const;
  // The caller on an open route when it sent valid credentials; anonymous otherwise.
  access::Principal OptionalPrincipal(const Request& request) const;
  // The registry, or the 503 answer when it is not enabled.
  Result<movement::Registry*> Movement() const;
  // True when `who` reaches `unit_code` today; records outside answer like missing ones.
  Result<bool> Reaches(const access::Principal& who, const std::string& unit_code) const;
  // The model with this path id if `who` reaches it; "no model N" (404) otherwise.
  Result<movement::Model> VisibleModel(const access::Principal& who, const std::string& id_text) const;
  // The model of a /models/{id}... route: the query checked against `params`, then
  // VisibleModel. Every model handler starts here; when it succeeds movement_ is set.
  Result<movement::Model> ModelFor(const Call& c, std::initializer_list<std::string_view> params = {}) const;

  ApiOptions options_;
  ApiDeps deps_;
  evidence::ExportJobs* exports_ = nullptr;
  const evidence::SiteKey* site_key_ = nullptr;
  store::EventStore* events_ = nullptr;
  EventFeed* event_feed_ = nullptr;
  std::filesystem::path events_dir_;
  std::function<alerts::AlertMetrics()> alert_metrics_;
  movement::Registry* movement_ = nullptr;
  awards::Book* awards_ = nullptr;
  reports::ReportJobs* reports_ = nullptr;
  CameraAdmin* camera_admin_ = nullptr;
  store::NoteStore* notes_ = nullptr;
  mutable PictureCache recorded_pictures_;  // timeline hover thumbnails by segment, second, width
  news::Newsroom* news_ = nullptr;
  search::Index* search_ = nullptr;
  mutable RateMeter rates_;
  Router router_;
  std::vector<RouteInfo> routes_;
  // Playback is audited once per (who, camera, range) per 10 minutes: a browser seeking
  // in one video makes many Range requests, which are one viewing.
  mutable std::mutex playback_mu_;
  mutable std::map<std::tuple<std::string, std::string, WallNs, WallNs>, WallNs> playback_seen_;
  // Returns true when `key` was not audited in the last 10 minutes (and marks it now).
  bool FirstInWindow(const std::tuple<std::string, std::string, WallNs, WallNs>& key) const;
  // The newest snapshot per camera/stream/width, reused until the next keyframe: a grid of
  // 16 thumbnails refreshed every few seconds decodes each keyframe once.
  struct CachedSnapshot {
    WallNs keyframe_wall = 0;
    std::shared_ptr<const std::string> jpeg;
  };
  mutable std::mutex snapshot_mu_;
  mutable std::map<std::string, CachedSnapshot> snapshots_;
};

}  // namespace anninh::serve
