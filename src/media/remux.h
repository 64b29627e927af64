// Cuts a wall-time range out of a run of recorded segments into one regular MP4, without
// decoding: packets are copied as they were recorded, only their timestamps are shifted.
// The HTTP API serves the result (serve::VideoCache); evidence exports will reuse it.
//
// Thread-compatible: a call uses only its own FFmpeg contexts; run it off network threads
// (it reads every packet of the segments it touches).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::media {

// One recorded segment: its file (already confined to the recordings root by the caller)
// and the wall time of its first frame (the file's timestamp 0).
struct RemuxSegment {
  std::filesystem::path path;
  WallNs start = 0;
  WallNs end = 0;
};

struct RemuxResult {
  WallNs start = 0;  // wall time of the first written packet (the keyframe at or before `from`)
  WallNs end = 0;    // wall time just after the last written video frame
  std::int64_t video_frames = 0;
  std::uint64_t bytes = 0;
  int segments_used = 0;
  // The output stopped early because a later segment's tracks differ (the camera's
  // resolution or codec changed); `end` says where.
  bool truncated_at_format_change = false;
};

struct RemuxOptions {
  // Called after each packet read with the input bytes read so far; returning false stops
  // the assembly (kFailedPrecondition "cancelled") and removes `out`. Evidence exports use
  // it for progress and to cancel within a second however long the range.
  std::function<bool(std::uint64_t bytes_read)> progress;
  // Moves the moov before the mdat when finishing (see below). That rewrites the whole file
  // in one uncancellable step; an export meant for download and local playback skips it.
  bool faststart = true;
};

// Writes `out` (which must not exist; the caller renames it into place) with the packets
// of `segments` (ordered by start, non-overlapping) from the last video keyframe at or
// before `from` up to the last packet whose wall time is before `to`. The output's timeline
// is wall time minus `start`, so a gap between segments stays a gap in time (the player
// holds the last frame) rather than being silently spliced out.
//
// The file is a regular MP4 with its moov first ("faststart", unless options say not), so a
// browser knows the duration and every sample's offset after one small read and seeks with
// Range requests.
// kNotFound when no video packet falls in the range.
Result<RemuxResult> RemuxRange(std::span<const RemuxSegment> segments, WallNs from, WallNs to,
                               const std::filesystem::path& out,
                               const RemuxOptions& options = {});

}  // namespace anninh::media
