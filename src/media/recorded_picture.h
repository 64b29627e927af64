// A still picture of a recorded segment at a wall time: the keyframe at or before that
// time, decoded alone and encoded as JPEG. The timeline's hover thumbnails use it; decoding
// one keyframe costs a few milliseconds, decoding up to the exact frame would cost a GOP.
//
// Thread-compatible: a call uses only its own FFmpeg contexts; run it off network threads.
#pragma once

#include <filesystem>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "media/snapshot.h"

namespace anninh::media {

struct RecordedPicture {
  std::string jpeg;
  WallNs at = 0;  // wall time of the keyframe shown
};

// `segment` is a recorded fMP4 (already confined to the recordings root by the caller)
// whose first frame is at wall time `segment_start`. The picture is the last video
// keyframe at or before `at`, or the segment's first keyframe when `at` is before it.
// Errors: kDataLoss when the file cannot be read or has no video keyframe;
// kUnimplemented for a codec without a decoder.
Result<RecordedPicture> RecordedPictureAt(const std::filesystem::path& segment, WallNs segment_start, WallNs at,
                                          const SnapshotOptions& options);

}  // namespace anninh::media
