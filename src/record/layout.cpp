#include "record/layout.h"

#include <charconv>
#include <vector>

#include "core/time_format.h"

namespace anninh::record {

std::string SegmentRelPath(const std::string& camera_id, const std::string& stream,
                           WallNs start) {
  return camera_id + "/" + LocalDay(start) + "/" + stream + "-" + std::to_string(start) + ".mp4";
}

std::optional<ParsedSegmentPath> ParseSegmentRelPath(const std::string& rel) {
  std::filesystem::path p(rel);
  std::vector<std::string> parts;
  for (const auto& part : p) parts.push_back(part.string());
  if (parts.size() != 3) return std::nullopt;
  const std::string& name = parts[2];
  constexpr std::string_view kExt = ".mp4";
  if (name.size() <= kExt.size() || name.compare(name.size() - kExt.size(), kExt.size(), kExt)) {
    return std::nullopt;
  }
  auto dash = name.rfind('-');
  if (dash == std::string::npos || dash == 0) return std::nullopt;
  ParsedSegmentPath out;
  out.camera_id = parts[0];
  out.stream = name.substr(0, dash);
  const char* begin = name.data() + dash + 1;
  const char* end = name.data() + name.size() - kExt.size();
  auto [ptr, ec] = std::from_chars(begin, end, out.start);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return out;
}

}  // namespace anninh::record
