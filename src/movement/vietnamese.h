// Vietnamese text rules shared by every list and record: NFC on the way in (macOS and some
// web forms send NFD, which would otherwise make "Hòa" and "Hòa" two different names), the
// CLDR "vi" collation for ordering (a < ă < â, d < đ, ...), and a search key that ignores
// diacritics, case and tone placement (docs/design/0011-movement-records.md).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh::movement {

// NFC; kInvalidArgument for malformed UTF-8.
Result<std::string> Nfc(std::string_view utf8);
// True when a sorts before b in the CLDR "vi" collation.
bool ViLess(std::string_view a, std::string_view b);
// Lower case, combining marks removed, đ -> d: "Thủy Hòa" and "thuy hoa" share a key.
std::string SearchKey(std::string_view utf8);
// Upper case by the "vi" rules ("Xã Tiền Hải" -> "XÃ TIỀN HẢI"): official headers print the
// issuing body in capitals (Nghị định 30/2020).
std::string ViUpper(std::string_view utf8);

}  // namespace anninh::movement
