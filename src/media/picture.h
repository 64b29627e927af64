// Decoding compressed video to pictures and pictures to JPEG, with FFmpeg: the pieces the
// snapshot, MJPEG and transcode paths share. anninh decodes only where a person or an
// analysis needs pixels, never to record.
//
// Thread contract: each object is confined to one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "core/error.h"
#include "media/packet.h"

extern "C" {
struct AVCodecContext;
struct AVFrame;
struct SwsContext;
}

namespace anninh::media {

struct FrameDeleter {
  void operator()(AVFrame* f) const;
};
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
FramePtr AllocFrame();

struct CodecDeleter {
  void operator()(AVCodecContext* c) const;
};
using CodecPtr = std::unique_ptr<AVCodecContext, CodecDeleter>;

// One video decoder. Send packets in decode order, then take every picture Receive gives.
class VideoDecoder {
 public:
  // `threads`: 1 for single pictures (threads only add start-up cost), more for a
  // continuous stream. Errors: kUnimplemented for a codec FFmpeg cannot decode.
  static Result<VideoDecoder> Open(const AVCodecParameters& params, int threads = 1);

  // nullptr drains: the pictures still inside come out.
  Status Send(const AVPacket* packet);
  // true and `frame` filled when a picture is ready; false when the decoder needs input.
  bool Receive(AVFrame& frame);

 private:
  explicit VideoDecoder(CodecPtr ctx) : ctx_(std::move(ctx)) {}
  CodecPtr ctx_;
};

// Scales pictures down to at most `max_width` (keeping the aspect ratio) and encodes them
// as JPEG. Keeps its scaler and encoder between pictures of the same size, so a stream of
// pictures costs no set-up per picture.
class JpegEncoder {
 public:
  explicit JpegEncoder(int max_width = 0, int quality = 4) : max_width_(max_width), quality_(quality) {}
  ~JpegEncoder();
  JpegEncoder(JpegEncoder&&) noexcept;
  JpegEncoder& operator=(JpegEncoder&&) noexcept;

  Result<std::string> Encode(const AVFrame& picture);

 private:
  Status Prepare(const AVFrame& in);

  int max_width_;
  int quality_;  // MJPEG qscale: 2 (best) .. 31 (smallest)
  int in_width_ = 0, in_height_ = 0, in_format_ = -1;
  SwsContext* sws_ = nullptr;
  CodecPtr enc_;
  FramePtr scaled_;
};

}  // namespace anninh::media
