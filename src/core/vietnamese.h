// Vietnamese text rules shared by every list, record and search: NFC on the way in (macOS and
// some web forms send NFD, which would otherwise make "Hòa" and "Hòa" two different names),
// the CLDR "vi" collation for ordering (a < ă < â, d < đ, ...), and a search form that ignores
// diacritics, case and tone placement (docs/design/0011-movement-records.md,
// docs/design/0015-news-and-search.md). Moved here from movement/ so that news and search
// fold exactly as the movement's lists do: one definition of "the same name".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace anninh {

// NFC; kInvalidArgument for malformed UTF-8.
Result<std::string> Nfc(std::string_view utf8);
// True when a sorts before b in the CLDR "vi" collation.
bool ViLess(std::string_view a, std::string_view b);
// Lower case, combining marks removed, đ -> d: "Thủy Hòa", "Thuỷ Hoà" and "thuy hoa" share a
// key. Tone placement needs no rule of its own: once the marks are gone both placements are
// the same letters.
std::string SearchKey(std::string_view utf8);

// The search key of a text together with, for each of its bytes, the byte range of the
// source character it came from, so that a match found in the key can be shown on the
// original text (highlighting): source[begin[i], end[i]) produced key byte i.
struct FoldedText {
  std::string key;
  std::vector<std::uint32_t> begin;
  std::vector<std::uint32_t> end;
};
FoldedText FoldWithOffsets(std::string_view utf8);

// Upper case by the "vi" rules ("Xã Tiền Hải" -> "XÃ TIỀN HẢI"): official headers print the
// issuing body in capitals (Nghị định 30/2020).
std::string ViUpper(std::string_view utf8);

}  // namespace anninh
