// Decides, packet by packet, where segments and fragments begin. Pure logic, no I/O, so
// the cut points are unit-tested exactly.
//
// - A segment starts on a video keyframe (so every file plays from its first byte) once
//   the current one has reached `segment_length`; until the first keyframe, packets are
//   dropped, since nothing before it can be decoded.
// - A fragment ends once it holds `fragment_length` of media, keyframe or not: the
//   fragment is the unit that reaches the disk, so its length bounds what a crash loses.
#pragma once

#include <cstdint>

namespace anninh::record {

struct SegmenterConfig {
  std::int64_t segment_length = 60 * 90'000;  // 90 kHz ticks
  std::int64_t fragment_length = 45'000;      // 0.5 s
};

struct CutDecision {
  bool drop = false;           // not recordable yet (no keyframe so far)
  bool start_segment = false;  // close the open segment (if any) and start a new one
  bool flush_fragment = false; // end the open fragment before writing this packet
};

// Thread-compatible.
class Segmenter {
 public:
  explicit Segmenter(SegmenterConfig config = {}) : config_(config) {}

  CutDecision OnPacket(bool is_video, bool keyframe, std::int64_t dts);
  // The connection ended: the next segment waits for a keyframe again.
  void Reset() { open_ = false; }
  bool segment_open() const { return open_; }

 private:
  SegmenterConfig config_;
  bool open_ = false;
  std::int64_t segment_start_ = 0;
  std::int64_t fragment_start_ = 0;
};

}  // namespace anninh::record
