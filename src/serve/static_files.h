// The web console's built files (web/dist) served from one root: GET only, every path
// confined to the root, the SPA's index.html for page paths the client routes itself, MIME
// types by extension, cache headers that let hashed assets live forever while index.html
// is always revalidated, and a Content-Security-Policy. Design: docs/design/0012-web-console.md.
//
// Thread-safe: Serve is const and reads only the filesystem.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"
#include "serve/http.h"

namespace anninh::serve {

class StaticFiles {
 public:
  // Fails unless `root` is a directory holding index.html.
  static Result<StaticFiles> Open(const std::filesystem::path& root);

  // True for targets the API answers (/api/..., /healthz, /metrics): never static files.
  static bool IsApiTarget(std::string_view target);

  // 200 with the file (or index.html for a page path) and its ETag, 304 when the request's
  // If-None-Match names that tag, 404 for a missing asset, 400 for a target ParseTarget
  // refuses, 405 for anything but GET and HEAD (the server sends HEAD's headers only).
  Response Serve(const Request& request) const;

  const std::filesystem::path& root() const { return root_; }

  // The file's entity tag: its size and modification time, quoted.
  static std::string ETagOf(const std::filesystem::path& path, std::uint64_t size);
  // True when an If-None-Match header names `etag` (or is "*"), compared weakly.
  static bool Matches(std::string_view if_none_match, std::string_view etag);

 private:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  Response File(const Request& request, const std::filesystem::path& path, bool immutable) const;
  std::filesystem::path root_;
};

// "text/javascript; charset=utf-8" for "app.js"; "application/octet-stream" when unknown.
std::string_view MimeTypeFor(const std::filesystem::path& path);

// The console's Content-Security-Policy: only this origin's scripts, styles, media and
// connections (WebSockets included), blob: media for Media Source Extensions, no framing.
extern const char kConsoleCsp[];

}  // namespace anninh::serve
