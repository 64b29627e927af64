#include "serve/static_files.h"

#include <cctype>
#include <system_error>

#include <fmt/format.h>

#include "core/fs.h"

namespace anninh::serve {

namespace stdfs = std::filesystem;

const char kConsoleCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

namespace {

struct MimeEntry {
  std::string_view extension;
  std::string_view type;
};

// What Vite emits, plus the few kinds a console may add (icons, fonts, a web manifest).
constexpr MimeEntry kMimeTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".wasm", "application/wasm"},
};

// Vite writes content-hashed names under assets/ ("index-B1x2y3.js"): a new build makes new
// names, so these may be cached for a year without revalidation.
constexpr std::string_view kHashedDir = "assets";

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool Inside(const stdfs::path& root, const stdfs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

std::string_view MimeTypeFor(const stdfs::path& path) {
  const std::string ext = path.extension().string();
  for (const MimeEntry& e : kMimeTypes) {
    if (e.extension.size() == ext.size()) {
      bool same = true;
      for (std::size_t i = 0; i < ext.size() && same; ++i) {
        same = e.extension[i] == static_cast<char>(std::tolower(static_cast<unsigned char>(ext[i])));
      }
      if (same) return e.type;
    }
  }
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::Open(const stdfs::path& root) {
  std::error_code ec;
  stdfs::path canonical = stdfs::canonical(root, ec);
  if (ec) return Fail(ErrorCode::kNotFound, "web root " + root.string() + ": " + ec.message());
  if (!stdfs::is_regular_file(canonical / "index.html", ec)) {
    return Fail(ErrorCode::kNotFound, "web root " + root.string() + " has no index.html (build web/ first)");
  }
  return StaticFiles(std::move(canonical));
}

bool StaticFiles::IsApiTarget(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  return path == "/api" || StartsWith(path, "/api/") || path == "/healthz" || path == "/metrics";
}

Response StaticFiles::Serve(const Request& request) const {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    Response r = ErrorResponse(405, "method_not_allowed", "the web console's files are read with GET or HEAD");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  auto target = ParseTarget(request.target);
  if (!target) return ErrorResponse(target.error());
  std::vector<std::string>& segments = target->segments;
  // "/" parses as one empty segment and "/live/" ends with one: both name the page itself.
  if (!segments.empty() && segments.back().empty()) segments.pop_back();
  if (segments.empty()) return File(request, root_ / "index.html", false);
  stdfs::path relative;
  for (const std::string& s : segments) {
    // ParseTarget refused "..", encoded slashes and control characters; dot-files (".git",
    // ".env" left beside a build) are never part of the console.
    if (s.empty() || s.front() == '.') {
      return ErrorResponse(Error(ErrorCode::kNotFound, "no file '" + request.target + "'"));
    }
    relative /= s;
  }
  auto confined = fs::ConfinedPath(root_, relative);
  if (!confined) return ErrorResponse(confined.error());
  std::error_code ec;
  // Lexical confinement is not enough when the tree holds a symlink: resolve it and check
  // the result is still under the (canonical) root.
  stdfs::path real = stdfs::canonical(*confined, ec);
  if (!ec && Inside(root_, real) && stdfs::is_regular_file(real, ec)) {
    return File(request, real, segments.size() > 1 && segments.front() == kHashedDir);
  }
  // A page path ("/live", "/playback/cong") belongs to the client's router: answer the
  // app's shell. A name with an extension is a file that is missing, and must not come back
  // as HTML (a browser would run it as a script or style and fail strangely).
  if (!ec && !Inside(root_, real)) return ErrorResponse(Error(ErrorCode::kNotFound, "no file '" + request.target + "'"));
  if (segments.back().find('.') == std::string::npos && segments.front() != kHashedDir) {
    return File(request, root_ / "index.html", false);
  }
  return ErrorResponse(Error(ErrorCode::kNotFound, "no file '" + request.target + "'"));
}

std::string StaticFiles::ETagOf(const stdfs::path& path, std::uint64_t size) {
  std::error_code ec;
  const auto mtime = stdfs::last_write_time(path, ec);
  const long long ticks = ec ? 0 : static_cast<long long>(mtime.time_since_epoch().count());
  return fmt::format("\"{:x}-{:x}\"", size, ticks);
}

bool StaticFiles::Matches(std::string_view if_none_match, std::string_view etag) {
  // A list of entity tags (RFC 9110 section 13.1.2), compared weakly: W/"x" matches "x".
  if (if_none_match.find('*') != std::string_view::npos) return true;
  std::size_t pos = 0;
  while (pos < if_none_match.size()) {
    std::size_t end = if_none_match.find(',', pos);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view tag = if_none_match.substr(pos, end - pos);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (StartsWith(tag, "W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
    pos = end + 1;
  }
  return false;
}

Response StaticFiles::File(const Request& request, const stdfs::path& path, bool immutable) const {
  auto file = OpenFile::Open(path.string());
  if (!file) return ErrorResponse(file.error());
  Response r;
  const std::uint64_t size = (*file)->size();
  // size and modification time: a rebuilt index.html gets a new tag, so the browser's
  // revalidation (no-cache) costs a 304 and no body when nothing changed.
  const std::string etag = ETagOf(path, size);
  if (!request.if_none_match.empty() && Matches(request.if_none_match, etag)) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r.content_type = std::string(MimeTypeFor(path));
    r.file = FileSlice{std::move(*file), 0, size};
  }
  r.headers.emplace_back("ETag", etag);
  // index.html names the current hashed assets, so it is revalidated on every load: a new
  // build reaches every browser at its next page load.
  r.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("Content-Security-Policy", kConsoleCsp);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  return r;
}

}  // namespace anninh::serve
