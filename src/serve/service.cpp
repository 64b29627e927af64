#include "serve/service.h"

#include <optional>
#include <string_view>

#include "serve/api.h"
#include "serve/static_files.h"
#include "serve/video_cache.h"

namespace anninh::serve {

struct Service::Impl {
  std::unique_ptr<VideoCache> cache;
  std::unique_ptr<Api> api;
  std::optional<StaticFiles> web;
  std::unique_ptr<HttpServer> server;  // last: stopped (and destroyed) before what it calls
};

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Service::~Service() { Stop(); }

Result<std::unique_ptr<Service>> Service::Start(const ServiceOptions& options, const ServiceDeps& deps) {
  auto impl = std::make_unique<Impl>();
  auto cache = VideoCache::Open({options.cache_dir, options.cache_max_bytes});
  if (!cache) return Fail(std::move(cache).error().Wrap("video cache"));
  impl->cache = std::move(*cache);
  ApiOptions api_options;
  api_options.recordings_dir = options.recordings_dir;
  api_options.audit_head = options.audit_head;
  api_options.secure_cookies = options.secure_cookies;
  api_options.site_name = options.site_name;
  api_options.time_zone = options.time_zone;
  api_options.utc_offset_minutes = options.utc_offset_minutes;
  api_options.live_transcode = options.live_transcode;
  api_options.max_transcodes = options.max_transcodes;
  api_options.upload_limit = options.upload_limit;
  impl->api = std::make_unique<Api>(
      api_options, ApiDeps{deps.cameras, deps.index, *impl->cache, deps.access, deps.audit, deps.audit_store, deps.clock});
  if (deps.exports && deps.site_key) impl->api->EnableEvidence(*deps.exports, *deps.site_key);
  if (deps.events && deps.event_feed) impl->api->EnableEvents(*deps.events, *deps.event_feed, options.events_dir);
  if (!options.web_root.empty()) {
    auto web = StaticFiles::Open(options.web_root);
    if (!web) return Fail(std::move(web).error().Wrap("web console"));
    impl->web = std::move(*web);
  }
  if (deps.alert_metrics) impl->api->EnableAlertMetrics(deps.alert_metrics);
  if (deps.registry) impl->api->EnableMovement(*deps.registry);
  if (deps.awards) impl->api->EnableAwards(*deps.awards);
  if (deps.registry && deps.report_jobs) impl->api->EnableReports(*deps.report_jobs);
  if (deps.camera_admin) impl->api->EnableCameraAdmin(deps.camera_admin);
  if (deps.notes) impl->api->EnableNotes(*deps.notes);
  if (deps.newsroom && deps.search_index) impl->api->EnableNews(*deps.newsroom, *deps.search_index);
  Api* api = impl->api.get();
  const StaticFiles* web = impl->web ? &*impl->web : nullptr;
  HttpServerOptions http = options.http;
  http.body_limit_for = [api](Method m, std::string_view target) { return api->BodyLimit(m, target); };
  auto server = HttpServer::Start(
      http,
      [api, web, analysis = deps.analysis_metrics](const Request& r) {
        // The API owns /api/, /healthz and /metrics; every other path is the console's.
        if (web && !StaticFiles::IsApiTarget(r.target)) return web->Serve(r);
        Response response = api->Handle(r);
        // /metrics: the API renders the cameras' and alerts' families (rights checked there);
        // the analysis families come from the app's pipeline, appended to a granted scrape.
        if (analysis && response.status == 200 && std::string_view(r.target).substr(0, r.target.find('?')) == "/metrics") {
          response.body += RenderAnalysisMetrics(analysis());
        }
        return response;
      },
      [api](const Request& r) { return api->HandleUpgrade(r); });
  if (!server) return Fail(std::move(server).error());
  impl->server = std::move(*server);
  return std::unique_ptr<Service>(new Service(std::move(impl)));
}

void Service::Stop() {
  if (impl_->server) impl_->server->Stop();
}
int Service::port() const { return impl_->server->port(); }
std::string Service::address() const { return impl_->server->address(); }

}  // namespace anninh::serve
