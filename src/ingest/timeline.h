// Maps one connection's packet timestamps onto anninh's timeline: 90 kHz, starting at 0
// when the connection's first packet arrives, anchored to the wall clock at that moment,
// and strictly increasing per track however the camera's clock misbehaves.
//
// Cameras reset their RTP clocks, wrap them, or jump when their own NTP client steps.
// A timestamp that goes backwards, repeats, or leaps further than `max_jump` is repaired:
// the track continues one typical frame interval after its last packet, and the repair is
// counted as a discontinuity (stored with the segment so the timeline can show it).
//
// Thread-compatible: used by one ingest thread.
#pragma once

#include <cstdint>
#include <vector>

#include "core/clock.h"

namespace anninh::ingest {

class Timeline {
 public:
  explicit Timeline(std::int64_t max_jump = 10 * 90'000) : max_jump_(max_jump) {}

  // Starts a new connection whose first packet arrives at `wall_now`.
  void Start(WallNs wall_now, int tracks);

  // A looped file restarts its timestamps: the next packet of every track continues the
  // timeline without counting as a discontinuity.
  void ContinueAfterLoop();

  struct Mapped {
    std::int64_t dts = 0;
    std::int64_t pts = 0;
    WallNs wall = 0;
    bool repaired = false;
  };
  // dts/pts in 90 kHz as the source gave them; kNoTs when it gave none.
  Mapped Map(int track, std::int64_t dts, std::int64_t pts);

  int discontinuities() const { return discontinuities_; }
  WallNs anchor() const { return anchor_wall_; }

  static constexpr std::int64_t kNoTs = INT64_MIN;

 private:
  struct TrackState {
    bool seen = false;
    std::int64_t offset = 0;  // out = in + offset
    std::int64_t last_out = 0;
    std::int64_t last_delta = 3600;  // one frame at 25 fps until we learn better
    bool rebase = false;             // set by ContinueAfterLoop
  };

  std::int64_t max_jump_;
  WallNs anchor_wall_ = 0;
  bool anchored_ = false;
  std::int64_t base_offset_ = 0;  // shared by tracks so audio and video stay aligned
  std::vector<TrackState> tracks_;
  int discontinuities_ = 0;
};

}  // namespace anninh::ingest
