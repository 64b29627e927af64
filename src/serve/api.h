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
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <tuple>

#include "access/access_control.h"
#include "access/audit_log.h"
#include "core/clock.h"
#include "serve/camera_source.h"
#include "serve/channel.h"
#include "serve/http.h"
#include "serve/live_channel.h"
#include "serve/metrics.h"
#include "serve/router.h"
#include "serve/video_cache.h"
#include "store/audit_store.h"
#include "store/event_store.h"
#include "store/recording_index.h"

namespace anninh::evidence {
class ExportJobs;
class SiteKey;
}  // namespace anninh::evidence
namespace anninh::movement {
class Registry;
struct Model;
}  // namespace anninh::movement
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
  // The on-demand H.264 view of H.265 streams ([live] transcode, max_transcodes).
  bool live_transcode = true;
  int max_transcodes = 1;
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
  // People and rights (api_access.cpp).
  Response SetupState(const Call& c) const;
  Response Setup(const Call& c) const;
  Response Login(const Call& c) const;
  Response SessionInfo(const Call& c) const;
  Response Logout(const Call& c) const;
  Response ChangePassword(const Call& c) const;
  Response NewTotpSecret(const Call& c) const;
  Response EnableTotp(const Call& c) const;
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
  // Movement records (api_movement.cpp: units, people, reports; api_models.cpp: models).
  Response ListUnits(const Call& c) const;
  Response GetUnit(const Call& c) const;
  Response ImportUnits(const Call& c) const;
  Response ListPeople(const Call& c) const;
  Response CreatePerson(const Call& c) const;
  Response AddPosition(const Call& c) const;
  Response Rollup(const Call& c) const;
  Response FlaggedModels(const Call& c) const;
  Response ModelTypes(const Call& c) const;
  Response ListModels(const Call& c) const;
  Response CreateModel(const Call& c) const;
  Response GetModel(const Call& c) const;
  Response TransitionModel(const Call& c) const;
  Response EvaluateModel(const Call& c) const;
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

  ApiOptions options_;
  ApiDeps deps_;
  evidence::ExportJobs* exports_ = nullptr;
  const evidence::SiteKey* site_key_ = nullptr;
  store::EventStore* events_ = nullptr;
  EventFeed* event_feed_ = nullptr;
  std::filesystem::path events_dir_;
  std::function<alerts::AlertMetrics()> alert_metrics_;
  movement::Registry* movement_ = nullptr;
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
