// Maps (method, path pattern) to handlers. Patterns are literal segments and "{name}"
// parameters ("/api/v1/cameras/{id}/recordings"); a parameter matches exactly one decoded
// path segment, which ParseTarget has already checked for traversal tricks.
//
// Thread-safe once built: Dispatch is const.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/http.h"

namespace anninh::serve {

struct RouteContext {
  const Request& request;
  const Target& target;
  const std::vector<std::string>& params;  // values of the pattern's {parameters}, in order
};

using Handler = std::function<Response(const RouteContext&)>;

class Router {
 public:
  // body_limit: the largest request body the route takes; 0 = the server's default (small
  // JSON). Upload routes set it so the server reads a file only where one is expected.
  void Add(Method method, std::string_view pattern, Handler handler, std::size_t body_limit = 0);

  // The body limit of the route the request would reach, 0 when none (or no route) says:
  // asked after the headers are read, before the body is.
  std::size_t BodyLimit(Method method, std::string_view target) const;

  // 400 for a target ParseTarget refuses, 404 when no pattern matches, 405 (with Allow)
  // when one matches under another method. A handler that throws gives a 500: exceptions
  // from third-party code stop at this request boundary.
  Response Dispatch(const Request& request) const;

 private:
  struct Route {
    Method method;
    std::vector<std::string> pattern;  // "{...}" marks a parameter
    Handler handler;
    std::size_t body_limit = 0;
  };
  static bool Match(const Route& route, const std::vector<std::string>& segments,
                    std::vector<std::string>& params);
  std::vector<Route> routes_;
};

}  // namespace anninh::serve
