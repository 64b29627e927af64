// Where segments live on disk: <root>/<camera id>/<local day>/<stream>-<start ns>.mp4.
//
// One directory per camera and day keeps directories small (about 1,440 files a day per
// stream at 60 s segments) and lets an operator find a day by eye. The start time in the
// name is exact (nanoseconds since the epoch, UTC), so recovery can index a file that a
// crash left without a row.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/clock.h"

namespace anninh::record {

// The path relative to the recordings root.
std::string SegmentRelPath(const std::string& camera_id, const std::string& stream,
                           WallNs start);

struct ParsedSegmentPath {
  std::string camera_id;
  std::string stream;
  WallNs start = 0;
};
// Parses a relative path made by SegmentRelPath; nullopt for anything else.
std::optional<ParsedSegmentPath> ParseSegmentRelPath(const std::string& rel);

}  // namespace anninh::record
