// Checks on the text a user sends, with errors naming the field (error.field in the API).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh::news {

inline tl::unexpected<Error> FieldFail(std::string_view field, std::string message) {
  return Fail(Error(ErrorCode::kInvalidArgument, std::move(message)).WithField(std::string(field)));
}

// NFC, trimmed, at most max_bytes; `required` refuses an empty result.
Result<std::string> CheckedText(std::string_view field, std::string_view text, std::size_t max_bytes,
                                bool required);

}  // namespace anninh::news
