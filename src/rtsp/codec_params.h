// The codec parameters (AVCodecParameters) of a track, built from the SDP and the first
// keyframe, the way FFmpeg's RTSP demuxer fills them: for H.264/H.265 the extradata is
// the Annex-B parameter sets (from sprop-* or, when the SDP has none, from the stream),
// for AAC the AudioSpecificConfig from the fmtp `config`. Width and height come from
// libavcodec's own parser run once over the first keyframe, so they agree with what
// ffprobe reports.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/error.h"
#include "rtsp/access_unit.h"
#include "rtsp/depacketize_aac.h"
#include "rtsp/sdp.h"

extern "C" {
struct AVCodecParameters;
}

namespace anninh::rtsp {

struct CodecParametersFree {
  void operator()(AVCodecParameters* p) const;
};
using CodecParametersPtr = std::unique_ptr<AVCodecParameters, CodecParametersFree>;

enum class TrackCodec { kH264, kH265, kAac };

struct TrackFormat {
  TrackCodec codec = TrackCodec::kH264;
  int clock_rate = 90'000;
  AacFormat aac;  // kAac only
  CodecParametersPtr params;
  bool is_video() const { return codec != TrackCodec::kAac; }
};

// kUnimplemented for encodings anninh does not record natively.
Result<TrackFormat> MakeTrackFormat(const SdpMedia& media);

// The Annex-B parameter-set NAL units (H.264 SPS/PPS, H.265 VPS/SPS/PPS) found in an
// access unit, in order; empty when it has none.
std::vector<std::uint8_t> ParameterSets(VideoCodec codec, std::span<const std::uint8_t> au);

// Completes a video track's parameters from its first keyframe: extradata when the SDP
// had none, then width and height. False when the size cannot be found.
bool CompleteVideoParameters(AVCodecParameters* params, VideoCodec codec,
                             std::span<const std::uint8_t> keyframe);

}  // namespace anninh::rtsp
