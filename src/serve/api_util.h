// Small helpers every API handler file shares: JSON responses, strict query and body
// parameters, ids. Kept out of api.h so only handler files include nlohmann/json.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "serve/http.h"
#include "serve/pagination.h"

namespace anninh::serve {

Response Json(int status, const nlohmann::json& body);
// invalid_argument naming the input at fault: "'reason' must not be empty", field "reason".
Error FieldError(std::string_view name, std::string_view what);

// Unknown parameters are refused rather than ignored: "form=" for "from=" would otherwise
// silently mean "from the beginning".
Status CheckParams(const Target& t, std::initializer_list<std::string_view> allowed);
Result<WallNs> TimeParam(const Target& t, const std::string& name, std::optional<WallNs> fallback);
Status CheckRange(WallNs from, WallNs to);
// {"from": "2026-...Z", "from_ns": ...}
void PutTime(nlohmann::json& j, const char* name, WallNs t);
// The same, or {"name": null, "name_ns": null} when t is 0 (an event still open).
void PutOptionalTime(nlohmann::json& j, const char* name, WallNs t);

// The body as a JSON object; `example` shows the expected shape in the error.
Result<nlohmann::json> ParseBody(const Request& r, std::string_view example);
// A time in a JSON body: an RFC 3339 string or integer nanoseconds, like the query.
Result<WallNs> JsonTime(const nlohmann::json& body, const char* name);
Result<std::string> JsonString(const nlohmann::json& body, const char* name, bool required);
Result<std::optional<std::string>> JsonOptionalString(const nlohmann::json& body, const char* name);
Result<std::optional<std::vector<std::string>>> JsonStringList(const nlohmann::json& body, const char* name);
Result<std::optional<bool>> JsonBool(const nlohmann::json& body, const char* name);
// Refuses keys the endpoint does not take, like CheckParams does for the query.
Status CheckKeys(const nlohmann::json& body, std::initializer_list<std::string_view> allowed);
// A file as a response with HTTP Range support (RFC 9110 section 14): 200 whole, 206 with
// Content-Range, 416 outside it. `disposition` "inline" (play) or "attachment" (save).
Response FileResponse(const Request& request, std::shared_ptr<const OpenFile> file, std::string content_type,
                      const std::string& filename, const std::string& disposition, const std::string& etag);

// "a,b,a" -> {"a", "b"}: order kept, repeats dropped; an empty item is refused (field
// "cameras").
Result<std::vector<std::string>> CameraList(const std::string& text);
// One page of a list (serve/pagination.h): sorts `items` by `key` (unique per item), puts
// the page's items as out[name] and the next page's cursor as out["next"] (null on the
// last page). Returns which items the page holds.
template <class T, class Key, class ToJson>
PageSlice PutPage(nlohmann::json& out, const char* name, std::vector<T>& items, const PageRequest& page, Key key,
                  ToJson to_json) {
  std::vector<std::pair<std::string, T>> keyed;
  keyed.reserve(items.size());
  for (T& item : items) keyed.emplace_back(key(item), std::move(item));
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> keys;
  keys.reserve(keyed.size());
  items.clear();
  for (auto& [k, item] : keyed) {
    keys.push_back(std::move(k));
    items.push_back(std::move(item));
  }
  const PageSlice slice = SlicePage(keys, page);
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = slice.begin; i < slice.end; ++i) list.push_back(to_json(items[i]));
  out[name] = std::move(list);
  out["next"] = slice.next ? nlohmann::json(*slice.next) : nlohmann::json(nullptr);
  return slice;
}

// A positive integer id from a path segment.
Result<std::int64_t> ParseId(const std::string& text, std::string_view what);

}  // namespace anninh::serve
