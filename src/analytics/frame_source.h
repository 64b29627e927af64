// Compressed packets in, small grey pictures out, at the analysis rate. Decodes with one
// thread (analysis runs on many cameras at once: threads per decoder would fight) and tells
// the decoder to skip pictures nothing refers to, since only a few frames a second are
// looked at; reference pictures must still be decoded for the next ones to be right.
//
// Thread contract: thread-compatible (the analysis worker owns it).
#pragma once

#include <cstdint>
#include <memory>

#include "analytics/grey_frame.h"
#include "core/error.h"
#include "media/packet.h"

extern "C" {
struct AVPacket;
}

namespace anninh::analytics {

struct FrameSourceOptions {
  double fps = 5;   // analysis rate; pictures in between are decoded only as references
  int width = 320;  // scaled to this width, height keeping the aspect ratio (even)
  // Decode keyframes only (one picture per GOP, typically 1 s): for machines too weak to
  // decode every reference picture. Motion then compares pictures a GOP apart.
  bool keyframes_only = false;
};

class FrameSource {
 public:
  explicit FrameSource(FrameSourceOptions options);
  ~FrameSource();
  FrameSource(const FrameSource&) = delete;
  FrameSource& operator=(const FrameSource&) = delete;

  // Opens a decoder for the first video track of `info`. Errors: kInvalidArgument without
  // a video track, kUnimplemented for a codec FFmpeg cannot decode.
  Status Start(const media::StreamInfo& info);

  // Decodes one packet of that track (`pts` on the 90 kHz timeline). Returns true when
  // `out` now holds a new analysis picture. A corrupt packet is an error; the caller waits
  // for the next keyframe. Does not allocate once the first picture has been made.
  Result<bool> Push(const AVPacket& packet, std::int64_t pts, WallNs wall, GreyFrame& out);

  std::uint64_t decoded() const { return decoded_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  FrameSourceOptions options_;
  std::uint64_t decoded_ = 0;
};

}  // namespace anninh::analytics
