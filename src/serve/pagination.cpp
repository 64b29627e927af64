#include "serve/pagination.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace anninh::serve {

namespace {
// Cursors are hex of "1:" + key: opaque to clients (they must not build them), versioned
// so the key's form can change without old cursors being misread.
constexpr std::string_view kVersion = "1:";
constexpr char kHex[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
}  // namespace

std::string EncodeCursor(std::string_view key) {
  std::string out;
  out.reserve(2 * (kVersion.size() + key.size()));
  for (std::string_view part : {kVersion, key}) {
    for (unsigned char c : part) {
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

Result<std::string> DecodeCursor(std::string_view cursor) {
  auto bad = [] { return Fail(Error(ErrorCode::kInvalidArgument, "'cursor' is not a cursor this server gave out").WithField("cursor")); };
  if (cursor.size() % 2 != 0 || cursor.size() > 4096) return bad();
  std::string raw;
  raw.reserve(cursor.size() / 2);
  for (std::size_t i = 0; i < cursor.size(); i += 2) {
    const int hi = HexValue(cursor[i]), lo = HexValue(cursor[i + 1]);
    if (hi < 0 || lo < 0) return bad();
    raw += static_cast<char>(hi * 16 + lo);
  }
  if (raw.rfind(kVersion, 0) != 0) return bad();
  return raw.substr(kVersion.size());
}

Result<PageRequest> ParsePage(const Target& target) {
  PageRequest page;
  if (auto it = target.query.find("limit"); it != target.query.end()) {
    std::size_t v = 0;
    const std::string& s = it->second;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 1 || v > PageRequest::kMaxLimit) {
      return Fail(Error(ErrorCode::kInvalidArgument, fmt::format("'limit' must be 1 to {}", PageRequest::kMaxLimit))
                      .WithField("limit"));
    }
    page.limit = v;
  }
  if (auto it = target.query.find("cursor"); it != target.query.end()) {
    auto key = DecodeCursor(it->second);
    if (!key) return Fail(std::move(key).error());
    page.after = std::move(*key);
  }
  return page;
}

std::string NumberKey(std::int64_t n) { return fmt::format("{:020}", n); }

PageSlice SlicePage(const std::vector<std::string>& keys, const PageRequest& page) {
  PageSlice slice;
  if (page.after) {
    slice.begin = static_cast<std::size_t>(std::upper_bound(keys.begin(), keys.end(), *page.after) - keys.begin());
  }
  slice.end = std::min(keys.size(), slice.begin + page.limit);
  if (slice.end < keys.size()) slice.next = EncodeCursor(keys[slice.end - 1]);
  return slice;
}

}  // namespace anninh::serve
