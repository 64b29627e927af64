// For tests only: a small real recording — fMP4 segments of genuine H.264 (libx264 via
// SyntheticVideo) written by the recorder's own writer, indexed in a real SQLite index
// with the SHA-256 the writer computed — to export from.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sqlite/sqlite_recording_index.h"

namespace anninh::evidence::testing {

inline constexpr WallNs kT0 = 1'750'000'000'000'000'000;  // 2025-06-15T15:06:40Z
inline constexpr WallNs kSecond = 1'000'000'000;

struct Recording {
  std::filesystem::path root;  // the recordings root
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index;
  std::vector<store::SegmentRow> rows;
};

// `segments` back-to-back segments of `seconds_each` seconds of camera `camera`'s main
// stream from kT0, 25 fps with a keyframe every second, 320x240.
Recording MakeRecording(const std::filesystem::path& root, const std::filesystem::path& index,
                        const std::string& camera = "cam1", int segments = 3,
                        int seconds_each = 4);

// Flips the bits of the byte at `offset` (from the end when negative).
void FlipByte(const std::filesystem::path& file, long offset);

}  // namespace anninh::evidence::testing
