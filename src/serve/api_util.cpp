#include "serve/api_util.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/time_format.h"

namespace anninh::serve {

using nlohmann::json;

Response Json(int status, const json& body) {
  return JsonResponse(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

namespace {
std::string List(std::initializer_list<std::string_view> allowed) {
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return list;
}
}  // namespace

Error FieldError(std::string_view name, std::string_view what) {
  return Error(ErrorCode::kInvalidArgument, "'" + std::string(name) + "' " + std::string(what))
      .WithField(std::string(name));
}

Status CheckParams(const Target& t, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : t.query) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Fail(Error(ErrorCode::kInvalidArgument, "unknown query parameter '" + key + "'" +
                                                         (allowed.size() == 0 ? "" : "; expected " + List(allowed)))
                      .WithField(key));
    }
  }
  return {};
}

Status CheckKeys(const json& body, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Fail(Error(ErrorCode::kInvalidArgument, "unknown field '" + key + "'; expected " + List(allowed))
                      .WithField(key));
    }
  }
  return {};
}

Result<WallNs> TimeParam(const Target& t, const std::string& name, std::optional<WallNs> fallback) {
  auto it = t.query.find(name);
  if (it == t.query.end() || it->second.empty()) {
    if (fallback) return *fallback;
    return Fail(FieldError(name, "is required (RFC 3339 UTC like 2026-11-29T02:15:00Z, or nanoseconds)"));
  }
  auto v = ParseTime(it->second);
  if (!v) return Fail(std::move(v).error().Wrap(name).WithField(name));
  return *v;
}

Status CheckRange(WallNs from, WallNs to) {
  if (from >= to) {
    return Fail(ErrorCode::kInvalidArgument,
                "'from' (" + FormatIso8601(from) + ") must be before 'to' (" + FormatIso8601(to) + ")");
  }
  return {};
}

void PutTime(json& j, const char* name, WallNs t) {
  j[name] = FormatIso8601(t);
  j[std::string(name) + "_ns"] = t;
}

void PutOptionalTime(json& j, const char* name, WallNs t) {
  if (t != 0) return PutTime(j, name, t);
  j[name] = nullptr;
  j[std::string(name) + "_ns"] = nullptr;
}

Result<json> ParseBody(const Request& r, std::string_view example) {
  json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "the body must be a JSON object like " + std::string(example));
  }
  return body;
}

Result<WallNs> JsonTime(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return Fail(FieldError(name, "is required"));
  if (it->is_number_integer()) return it->get<WallNs>();
  if (it->is_string()) {
    auto v = ParseTime(it->get<std::string>());
    if (!v) return Fail(std::move(v).error().Wrap(name).WithField(name));
    return *v;
  }
  return Fail(FieldError(name, "must be an RFC 3339 string or integer nanoseconds"));
}

Result<std::string> JsonString(const json& body, const char* name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return Fail(FieldError(name, "is required"));
    return std::string();
  }
  if (!it->is_string()) return Fail(FieldError(name, "must be a string"));
  return it->get<std::string>();
}

Result<std::optional<std::string>> JsonOptionalString(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return std::optional<std::string>();
  if (!it->is_string()) return Fail(FieldError(name, "must be a string"));
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::optional<std::vector<std::string>>> JsonStringList(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return std::optional<std::vector<std::string>>();
  if (!it->is_array()) return Fail(FieldError(name, "must be a list of strings"));
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) return Fail(FieldError(name, "must be a list of strings"));
    out.push_back(v.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::optional<bool>> JsonBool(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return std::optional<bool>();
  if (!it->is_boolean()) return Fail(FieldError(name, "must be true or false"));
  return std::optional<bool>(it->get<bool>());
}

Response FileResponse(const Request& request, std::shared_ptr<const OpenFile> file, std::string content_type,
                      const std::string& filename, const std::string& disposition, const std::string& etag) {
  const std::uint64_t size = file->size();
  RangeRequest range = ParseRange(request.range, size);
  if (range.kind == RangeRequest::Kind::kUnsatisfiable) {
    Response e = ErrorResponse(416, "range_not_satisfiable",
                               fmt::format("the file has {} bytes; the requested range is outside it", size));
    e.headers.emplace_back("Content-Range", fmt::format("bytes */{}", size));
    e.headers.emplace_back("Accept-Ranges", "bytes");
    return e;
  }
  Response r;
  r.content_type = std::move(content_type);
  r.headers.emplace_back("Accept-Ranges", "bytes");
  if (!etag.empty()) r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Content-Disposition", disposition + "; filename=\"" + filename + "\"");
  if (range.kind == RangeRequest::Kind::kPartial) {
    r.status = 206;
    r.headers.emplace_back("Content-Range", fmt::format("bytes {}-{}/{}", range.range.first, range.range.last, size));
    r.file = FileSlice{std::move(file), range.range.first, range.range.length()};
  } else {
    r.file = FileSlice{std::move(file), 0, size};
  }
  return r;
}

Result<std::int64_t> ParseId(const std::string& text, std::string_view what) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id <= 0 || text[0] == '+') {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " id is a positive integer");
  }
  return id;
}

Result<std::vector<std::string>> CameraList(const std::string& text) {
  std::vector<std::string> ids;
  std::size_t pos = 0;
  while (true) {
    const std::size_t comma = text.find(',', pos);
    std::string id = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (id.empty())
      return Fail(FieldError("cameras", "must be camera ids separated by commas, like cong,cho"));
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    if (comma == std::string::npos) return ids;
    pos = comma + 1;
  }
}

}  // namespace anninh::serve
