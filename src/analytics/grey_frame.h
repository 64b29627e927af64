// The picture analysis works on: one small 8-bit grey image, rows packed (stride == width).
// Plain bytes, so the public headers of analytics stay free of OpenCV and FFmpeg.
#pragma once

#include <cstdint>
#include <vector>

#include "core/clock.h"

namespace anninh::analytics {

struct GreyFrame {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height; reused from frame to frame
  WallNs wall = 0;                   // wall-clock time of the picture
  std::int64_t pts = 0;              // 90 kHz, on the connection's timeline
};

// Receives analysis frames, on the analysis worker's thread, in order.
class FrameConsumer {
 public:
  virtual ~FrameConsumer() = default;
  virtual void OnFrame(const GreyFrame& frame) = 0;
  // The picture sequence broke (new connection, frames dropped by the queue): what was
  // learnt about motion between frames (tracks) no longer holds.
  virtual void OnBreak() = 0;
  // Whether, after the last picture, nothing moves and nothing is being followed: the sink
  // may then stop decoding between keyframes (AnalysisSinkOptions::skip_still). A consumer
  // that cannot tell says false and gets every picture.
  virtual bool Settled() const { return false; }
};

}  // namespace anninh::analytics
