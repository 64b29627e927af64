// One way to page every list the API returns (docs/ref/api.md, "Pagination"): `limit`
// (1–1000, default 100) and an opaque `cursor`; the answer's `next` is the cursor of the
// next page, null on the last. Cursors are keyset positions (the sort key of the last item
// shown), not offsets, so an item added or removed between two requests neither repeats
// nor skips another. Every filter and right is applied again on each page: a cursor is a
// position, never a permission, so a made-up one can only move where a page starts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "serve/http.h"

namespace anninh::serve {

struct PageRequest {
  static constexpr std::size_t kDefaultLimit = 100;
  static constexpr std::size_t kMaxLimit = 1000;
  std::size_t limit = kDefaultLimit;
  std::optional<std::string> after;  // the decoded cursor: the sort key of the last item seen
};

// `limit` and `cursor` from the query; errors name the parameter.
Result<PageRequest> ParsePage(const Target& target);

std::string EncodeCursor(std::string_view key);
Result<std::string> DecodeCursor(std::string_view cursor);

// A sort key for a number that orders like the number (fixed width): 42 -> "00000000000000000042".
std::string NumberKey(std::int64_t n);

// The page of a list sorted by ascending, unique `keys`: items [begin, end), and the
// cursor of the next page when there are more.
struct PageSlice {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> next;
};
PageSlice SlicePage(const std::vector<std::string>& keys, const PageRequest& page);

}  // namespace anninh::serve
