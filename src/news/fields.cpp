#include "news/fields.h"

#include <fmt/format.h>

#include "core/vietnamese.h"

namespace anninh::news {

Result<std::string> CheckedText(std::string_view field, std::string_view text, std::size_t max_bytes,
                                bool required) {
  auto nfc = Nfc(text);
  if (!nfc) return FieldFail(field, fmt::format("'{}' is not valid UTF-8", field));
  std::string& s = *nfc;
  const auto first = s.find_first_not_of(" \t\r\n");
  s = first == std::string::npos ? std::string() : s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
  if (required && s.empty()) return FieldFail(field, fmt::format("'{}' must not be empty", field));
  if (s.size() > max_bytes) return FieldFail(field, fmt::format("'{}' must be at most {} bytes", field, max_bytes));
  return std::move(s);
}

}  // namespace anninh::news
