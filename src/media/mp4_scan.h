// Reads the top-level box structure of a fragmented MP4 segment (ISO/IEC 14496-12
// section 4.2: each box starts with a 32-bit size and a 4-character type; size 1 means a
// 64-bit size follows). Used by recovery to find where a crash cut a file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "core/error.h"

namespace anninh::media {

struct Mp4Layout {
  std::uint64_t file_size = 0;
  // Bytes from the start up to the end of the last complete moof+mdat pair (or of the moov
  // when there is no complete fragment). Everything after it is a torn tail.
  std::uint64_t valid_size = 0;
  int fragments = 0;      // complete moof+mdat pairs
  bool has_header = false;  // ftyp and moov present and complete
};

// Scans bytes already in memory (unit tests) or a file (recovery, fsck).
Mp4Layout ScanMp4(std::span<const std::uint8_t> bytes);
Result<Mp4Layout> ScanMp4File(const std::filesystem::path& path);

}  // namespace anninh::media
