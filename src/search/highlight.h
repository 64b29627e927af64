// Matching and highlighting on the original text. A query is folded (core/vietnamese.h) and
// split into terms; a term matches a word of a text when the word's folded form starts with
// it ("tien ha" matches "Tiền Hải"). Matches are found in the folded text and mapped back
// through FoldWithOffsets, so the highlighted parts are the original characters with their
// marks ("Tiền"), never the folded ones ("tien").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace anninh::search {

// The folded words of a query: "Tiền  HẢI!" -> {"tien", "hai"}. Only letters and digits.
std::vector<std::string> QueryTerms(std::string_view query);

// A run of the original text, marked when it matched a term.
struct Part {
  std::string text;
  bool hit = false;
  bool operator==(const Part&) const = default;
};

// The whole text in parts.
std::vector<Part> Highlight(std::string_view text, const std::vector<std::string>& terms);
// About `max_bytes` of the text around its first match (the start when none), in parts, with
// "…" where it was cut.
std::vector<Part> Snippet(std::string_view text, const std::vector<std::string>& terms, std::size_t max_bytes);
// True when every term prefix-matches some word of the text (cameras are searched this way,
// in memory, as they live in the configuration rather than the database).
bool MatchesAll(std::string_view text, const std::vector<std::string>& terms);

}  // namespace anninh::search
