// Real H.264 packets for unit tests, encoded on the fly with libavcodec (libx264) from a
// moving test pattern: recorder and muxer tests run on genuine bitstreams, not made-up bytes.
#pragma once

#include <cstdint>
#include <memory>

#include "media/packet.h"

extern "C" {
struct AVPacket;
}

namespace anninh::testing {

class SyntheticVideo {
 public:
  // fps frames per second, a keyframe every `gop` frames, no B-frames.
  SyntheticVideo(int width = 320, int height = 240, int fps = 25, int gop = 25);
  ~SyntheticVideo();

  const media::StreamInfo& info() const { return info_; }

  // Encodes the next frame; the returned packet (valid until the next call) has dts/pts on
  // the 90 kHz timeline starting at 0 and wall = start_wall + dts.
  const media::Packet& Next(WallNs start_wall = 0);
  int frame_index() const { return frame_; }
  std::int64_t frame_ticks() const { return 90'000 / fps_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  media::StreamInfo info_;
  media::Packet packet_;
  int fps_;
  int frame_ = 0;
};

}  // namespace anninh::testing
