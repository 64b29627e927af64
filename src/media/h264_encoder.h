// H.264 from decoded pictures, with libx264 through libavcodec: the on-demand transcode of
// an H.265 camera's live view for browsers whose Media Source Extensions lack HEVC. Tuned
// for a live view on a small PC: ultrafast, zerolatency (no B-frames, no lookahead: one
// packet out per picture in), a keyframe about every second so a new viewer starts soon.
//
// Thread contract: confined to one thread at a time.
#pragma once

#include <cstdint>
#include <functional>

#include "core/error.h"
#include "media/packet.h"
#include "media/picture.h"

namespace anninh::media {

struct H264Options {
  int max_width = 1280;  // wider pictures are scaled down (aspect kept)
  int fps = 25;          // a hint for rate control and the keyframe interval
  int crf = 26;
};

class H264Encoder {
 public:
  // kUnimplemented when this FFmpeg has no libx264.
  static Result<H264Encoder> Open(int width, int height, int format, const H264Options& options);
  ~H264Encoder();
  H264Encoder(H264Encoder&&) noexcept;
  H264Encoder& operator=(H264Encoder&&) = delete;

  // The output track's parameters (SPS/PPS in extradata, as an RTSP SDP gives them).
  const AVCodecParameters& params() const { return *params_; }
  // Encodes one picture with `pts` on the 90 kHz timeline; `out` gets each packet made
  // (with zerolatency, one per picture), borrowed for the call.
  Status Encode(const AVFrame& picture, std::int64_t pts, const std::function<void(const AVPacket&)>& out);

 private:
  H264Encoder() = default;
  CodecPtr enc_;
  SwsContext* sws_ = nullptr;
  FramePtr scaled_;
  AVCodecParameters* params_ = nullptr;
  AVPacket* packet_ = nullptr;
};

// Whether this FFmpeg can encode H.264 (libx264 is an optional part of it).
bool H264EncoderAvailable();

}  // namespace anninh::media
