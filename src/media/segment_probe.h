// Reads a recorded segment back with libavformat (no decoding) to learn what it holds.
// Recovery uses it for segments a crash left without an index row; fsck and tests use it
// to check that what the index says matches the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/error.h"

namespace anninh::media {

struct SegmentProbe {
  std::int64_t video_frames = 0;
  std::int64_t first_dts = 0;  // 90 kHz, of the first video packet
  std::int64_t end_ts = 0;     // 90 kHz, last video dts plus its duration
  bool starts_with_keyframe = false;
  bool has_audio = false;
  std::string codec;  // "h264", "hevc", "h264+aac"
  int width = 0;
  int height = 0;
};

Result<SegmentProbe> ProbeSegment(const std::filesystem::path& path);

}  // namespace anninh::media
