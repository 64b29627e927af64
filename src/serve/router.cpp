#include "serve/router.h"

#include <exception>

#include <spdlog/spdlog.h>

namespace anninh::serve {

void Router::Add(Method method, std::string_view pattern, Handler handler, std::size_t body_limit) {
  Route r{method, {}, std::move(handler), body_limit};
  std::string_view rest = pattern.substr(1);
  while (true) {
    auto slash = rest.find('/');
    r.pattern.emplace_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  routes_.push_back(std::move(r));
}

bool Router::Match(const Route& route, const std::vector<std::string>& segments,
                   std::vector<std::string>& params) {
  if (route.pattern.size() != segments.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& p = route.pattern[i];
    if (!p.empty() && p.front() == '{') {
      if (segments[i].empty()) return false;
      params.push_back(segments[i]);
    } else if (p != segments[i]) {
      return false;
    }
  }
  return true;
}

std::size_t Router::BodyLimit(Method method, std::string_view target) const {
  auto parsed = ParseTarget(target);
  if (!parsed) return 0;
  std::vector<std::string> params;
  for (const Route& route : routes_) {
    if (route.method == method && Match(route, parsed->segments, params)) return route.body_limit;
  }
  return 0;
}

Response Router::Dispatch(const Request& request) const {
  auto target = ParseTarget(request.target);
  if (!target) return ErrorResponse(target.error());
  std::vector<std::string> params;
  std::string allow;
  for (const Route& route : routes_) {
    if (!Match(route, target->segments, params)) continue;
    if (route.method != request.method) {
      if (!allow.empty()) allow += ", ";
      allow += ToString(route.method);
      continue;
    }
    try {
      return route.handler(RouteContext{request, *target, params});
    } catch (const std::exception& e) {
      spdlog::error("http: {} {}: {}", ToString(request.method), request.target, e.what());
      return ErrorResponse(500, "internal", "internal error; see the server's log");
    }
  }
  if (!allow.empty()) {
    Response r = ErrorResponse(405, "method_not_allowed",
                               std::string(ToString(request.method)) + " is not allowed here; use " + allow);
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  return ErrorResponse(404, "not_found", "no such route");
}

}  // namespace anninh::serve
