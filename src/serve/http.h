// The transport-independent half of HTTP: requests and responses as plain values, the
// one mapping from anninh::ErrorCode to HTTP status, strict target parsing and byte-range
// parsing (RFC 9110 section 14). Routes and handlers use only this header, so they are unit
// tested without sockets; http_server.cpp adapts it to Boost.Beast.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/percent_encoding.h"

namespace anninh::serve {

enum class Method { kGet, kHead, kPost, kPut, kDelete, kPatch, kOptions, kOther };
std::string_view ToString(Method m);

struct Request {
  Request() = default;
  Request(Method m, std::string t, std::string rng = {}, std::string b = {})
      : method(m), target(std::move(t)), range(std::move(rng)), body(std::move(b)) {}

  Method method = Method::kGet;
  std::string target;  // as on the request line: path and query, still percent-encoded
  std::string range;   // the Range header; empty when absent
  std::string body;
  // What authentication reads (src/serve/api_auth.cpp); empty when absent.
  std::string cookie;         // the Cookie header
  std::string authorization;  // the Authorization header
  std::string csrf_token;     // the X-CSRF-Token header
  std::string remote;         // the peer's address, for the audit log
  std::string origin;         // the Origin header (WebSocket handshakes are checked against Host)
  std::string host;           // the Host header
  std::string content_type;   // the Content-Type header (uploads name their file's type)
  std::string if_none_match;  // the If-None-Match header (static files answer 304)
};

// A read-only file that stays readable while a response is being sent, even if the cache
// removes its name meanwhile.
class OpenFile {
 public:
  static Result<std::shared_ptr<const OpenFile>> Open(const std::string& path);
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }

 private:
  OpenFile(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  int fd_;
  std::uint64_t size_;
};

struct FileSlice {
  std::shared_ptr<const OpenFile> file;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

class StreamSource;  // stream_body.h

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<FileSlice> file;  // when set, the body is these bytes of the file
  // When set, the body is what this source sends until it or the client ends it; the
  // connection closes after it (no Content-Length: RFC 9112 section 6.3, item 8).
  std::shared_ptr<StreamSource> stream;
};

// The one place an ErrorCode becomes an HTTP status.
int HttpStatusFor(ErrorCode code);
// "not_found", "invalid_argument": the stable code in JSON error bodies.
std::string ErrorCodeName(ErrorCode code);

// {"error":{"code":"not_found","message":"...","field":"from"}} with the mapped status;
// "field" only when the error names the one input at fault (Error::field()).
Response ErrorResponse(const Error& error);
// An error that has no ErrorCode (405, 413, 416): `code` is the JSON code.
Response ErrorResponse(int status, std::string_view code, std::string_view message);
Response JsonResponse(int status, std::string body);

// Percent-decoding (RFC 3986 section 2.1): see core/percent_encoding.h.
using anninh::PercentDecode;

// A request target split into decoded path segments and query parameters.
struct Target {
  std::vector<std::string> segments;  // "/api/v1/cameras/x" -> {"api","v1","cameras","x"}
  std::map<std::string, std::string> query;
};

// Parses an origin-form target ("/path?query"). Refuses, as kInvalidArgument, anything that
// could name something other than what it seems once decoded: "." or ".." segments (raw or
// encoded), an encoded '/' or '\\', NUL and other control characters, a '%' left after
// decoding (double encoding, "%252e"), and repeated query parameters.
Result<Target> ParseTarget(std::string_view target);

// A satisfiable single byte range, inclusive.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::uint64_t length() const { return last - first + 1; }
};

struct RangeRequest {
  enum class Kind {
    kWhole,          // no Range header, or one we ignore (malformed, several ranges): 200
    kPartial,        // 206 with `range`
    kUnsatisfiable,  // 416
  };
  Kind kind = Kind::kWhole;
  ByteRange range;
};

// Parses a Range header against a representation of `size` bytes (RFC 9110 section 14.1.2):
// "bytes=first-last", "bytes=first-" and the suffix form "bytes=-n". Several ranges are
// answered with the whole body, which the RFC allows, and a malformed header is ignored
// as the RFC requires.
RangeRequest ParseRange(std::string_view header, std::uint64_t size);

}  // namespace anninh::serve
