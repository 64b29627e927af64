// A still picture from one compressed keyframe: decode it (the analysis and snapshot paths
// are the only places anninh decodes), scale it down with libswscale, encode it as JPEG.
// Used on demand for camera thumbnails and the live grid's fallback, never per packet.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/error.h"
#include "media/packet.h"

namespace anninh::media {

struct SnapshotOptions {
  int max_width = 0;  // scale down (keeping the aspect ratio) when wider; 0: as decoded
  int quality = 4;    // MJPEG qscale: 2 (best) .. 31 (smallest)
};

// `keyframe` must be an intra picture of `info`'s first (video) track, with its parameter
// sets in `info` or in-band. Errors: kUnimplemented for a codec without a decoder,
// kDataLoss when the picture does not decode.
Result<std::string> KeyframeToJpeg(const StreamInfo& info, const AVPacket& keyframe, const SnapshotOptions& options);

// Decodes a JPEG picture and encodes it again at `options.max_width` (an event's
// thumbnail from its snapshot). kInvalidArgument when it is not a JPEG; kDataLoss when it
// does not decode.
Result<std::string> ScaleJpeg(std::span<const std::uint8_t> jpeg, const SnapshotOptions& options);

// Still pictures people upload (festival photos): told apart by their first bytes (JPEG's
// SOI marker, PNG's 8-byte signature), never by a name or a declared type.
enum class StillKind { kJpeg, kPng };
std::optional<StillKind> SniffStill(std::span<const std::uint8_t> bytes);
// Decodes a JPEG or PNG picture and encodes it as JPEG at `options.max_width` (a
// thumbnail). kInvalidArgument when it is neither; kDataLoss when it does not decode.
Result<std::string> StillToJpeg(std::span<const std::uint8_t> picture, const SnapshotOptions& options);

}  // namespace anninh::media
