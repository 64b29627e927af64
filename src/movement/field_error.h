// kInvalidArgument naming the input at fault, which the API returns as error.field.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh::movement {

inline tl::unexpected<Error> FieldFail(std::string_view field, std::string message) {
  return Fail(Error(ErrorCode::kInvalidArgument, std::move(message)).WithField(std::string(field)));
}

// NFC, trimmed, 1..max_bytes long; `field` names it in the error.
Result<std::string> CleanText(std::string_view field, std::string_view text, std::size_t max_bytes,
                              bool required = true);

}  // namespace anninh::movement
