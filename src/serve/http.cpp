#include "serve/http.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include <nlohmann/json.hpp>

namespace anninh::serve {

std::string_view ToString(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kDelete: return "DELETE";
    case Method::kPatch: return "PATCH";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: break;
  }
  return "OTHER";
}

Result<std::shared_ptr<const OpenFile>> OpenFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrnoError(errno, "open " + path));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Fail(ErrnoError(err, "stat " + path));
  }
  return std::shared_ptr<const OpenFile>(new OpenFile(fd, static_cast<std::uint64_t>(st.st_size)));
}

OpenFile::~OpenFile() { ::close(fd_); }

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kDeadlineExceeded: return 504;
    // Disk full or too many of something: the server cannot do it now; retrying later
    // may work, which is what 503 tells a client.
    case ErrorCode::kResourceExhausted: return 503;
    case ErrorCode::kFailedPrecondition: return 409;
    case ErrorCode::kUnimplemented: return 501;
    case ErrorCode::kDataLoss: return 500;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string ErrorCodeName(ErrorCode code) {
  std::string name(ToString(code));
  for (char& c : name) {
    if (c == ' ') c = '_';
  }
  return name;
}

namespace {
Response ErrorJson(int status, std::string_view code, std::string_view message, std::string_view field) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
  if (!field.empty()) body["error"]["field"] = field;
  // Replace, not throw, on invalid UTF-8 (a message may quote a raw request parameter).
  return JsonResponse(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}
}  // namespace

Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  return ErrorJson(status, code, message, {});
}

Response ErrorResponse(const Error& error) {
  return ErrorJson(HttpStatusFor(error.code()), ErrorCodeName(error.code()), error.message(), error.field());
}

Response JsonResponse(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

namespace {

// Checks one decoded path segment or query value for what must never reach a lookup.
Status CheckDecoded(std::string_view raw, std::string_view decoded, bool path_segment) {
  for (char c : decoded) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return Fail(ErrorCode::kInvalidArgument, "control characters are not allowed in a request");
    }
    if (c == '%') {
      // A '%' that survives decoding was encoded twice ("%252e"); some layer would decode
      // it again, so it is refused here once and for all.
      return Fail(ErrorCode::kInvalidArgument, "doubly encoded characters are not allowed");
    }
  }
  // No parameter of ours (camera ids, stream names, hold ids, times) contains a slash, so
  // query values get the same rule as path segments: nothing that could walk a path.
  if (decoded.find('/') != std::string_view::npos || decoded.find('\\') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, path_segment
                                                 ? "an encoded '/' or '\\' is not allowed in a path"
                                                 : "'/' and '\\' are not allowed in a query parameter");
  }
  if (decoded == "." || decoded == ".." || raw == "." || raw == "..") {
    return Fail(ErrorCode::kInvalidArgument, "'.' and '..' are not allowed in a request");
  }
  return {};
}

}  // namespace

Result<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target[0] != '/') {
    return Fail(ErrorCode::kInvalidArgument, "the request target must be a path starting with '/'");
  }
  Target out;
  std::string_view path = target;
  std::string_view query;
  if (auto q = target.find('?'); q != std::string_view::npos) {
    path = target.substr(0, q);
    query = target.substr(q + 1);
  }
  if (auto f = path.find('#'); f != std::string_view::npos) path = path.substr(0, f);

  std::string_view rest = path.substr(1);
  while (true) {
    auto slash = rest.find('/');
    std::string_view raw = rest.substr(0, slash);
    auto decoded = PercentDecode(raw, false);
    if (!decoded) return Fail(std::move(decoded).error());
    if (auto s = CheckDecoded(raw, *decoded, true); !s) return Fail(std::move(s).error());
    out.segments.push_back(std::move(*decoded));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }

  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    auto key = PercentDecode(raw_key, true);
    if (!key) return Fail(std::move(key).error());
    auto value = PercentDecode(raw_value, true);
    if (!value) return Fail(std::move(value).error());
    if (auto s = CheckDecoded(raw_key, *key, false); !s) return Fail(std::move(s).error());
    if (auto s = CheckDecoded(raw_value, *value, false); !s) return Fail(std::move(s).error());
    if (out.query.count(*key)) {
      return Fail(ErrorCode::kInvalidArgument, "query parameter '" + *key + "' is given twice");
    }
    out.query.emplace(std::move(*key), std::move(*value));
  }
  return out;
}

namespace {

std::optional<std::uint64_t> ParseDigits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

RangeRequest ParseRange(std::string_view header, std::uint64_t size) {
  RangeRequest whole;
  header = Trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size()) return whole;
  for (std::size_t i = 0; i < kUnit.size(); ++i) {  // the unit is case-insensitive
    if (std::tolower(static_cast<unsigned char>(header[i])) != kUnit[i]) return whole;
  }
  std::string_view spec = Trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return whole;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view a = Trim(spec.substr(0, dash));
  std::string_view b = Trim(spec.substr(dash + 1));

  RangeRequest out;
  out.kind = RangeRequest::Kind::kPartial;
  if (a.empty()) {  // suffix: the last n bytes
    auto n = ParseDigits(b);
    if (!n) return whole;
    if (*n == 0 || size == 0) return {RangeRequest::Kind::kUnsatisfiable, {}};
    out.range.first = *n >= size ? 0 : size - *n;
    out.range.last = size - 1;
    return out;
  }
  auto first = ParseDigits(a);
  if (!first) return whole;
  std::optional<std::uint64_t> last;
  if (!b.empty()) {
    last = ParseDigits(b);
    if (!last || *last < *first) return whole;  // invalid: ignored, per the RFC
  }
  if (*first >= size) return {RangeRequest::Kind::kUnsatisfiable, {}};
  out.range.first = *first;
  out.range.last = last && *last < size ? *last : size - 1;
  return out;
}

}  // namespace anninh::serve
