#include "ingest/timeline.h"

#include <algorithm>

#include "media/packet.h"

namespace anninh::ingest {

void Timeline::Start(WallNs wall_now, int tracks) {
  anchor_wall_ = wall_now;
  anchored_ = false;
  base_offset_ = 0;
  tracks_.assign(static_cast<std::size_t>(std::max(tracks, 1)), TrackState{});
  discontinuities_ = 0;
}

void Timeline::ContinueAfterLoop() {
  for (auto& t : tracks_) t.rebase = t.seen;
}

Timeline::Mapped Timeline::Map(int track, std::int64_t dts, std::int64_t pts) {
  if (track < 0) track = 0;
  if (static_cast<std::size_t>(track) >= tracks_.size()) tracks_.resize(track + 1);
  TrackState& t = tracks_[static_cast<std::size_t>(track)];
  Mapped out;

  if (dts == kNoTs) dts = pts;
  if (dts == kNoTs) {
    // No timestamp at all: continue one interval after the last packet.
    out.dts = t.seen ? t.last_out + t.last_delta : 0;
    out.repaired = t.seen;
    t.seen = true;
    t.last_out = out.dts;
    out.pts = out.dts;
    out.wall = anchor_wall_ + media::Ts90ToNs(out.dts);
    return out;
  }
  std::int64_t pts_minus_dts = (pts == kNoTs) ? 0 : std::max<std::int64_t>(0, pts - dts);

  if (!anchored_) {
    anchored_ = true;
    base_offset_ = -dts;  // the connection's first packet is at 0
  }
  if (!t.seen) {
    t.seen = true;
    t.offset = base_offset_;
    std::int64_t first = dts + t.offset;
    if (first < 0 || first > max_jump_) {
      // This track's clock is unrelated to the first track's: start it at 0 as well.
      t.offset = -dts;
    }
    out.dts = dts + t.offset;
  } else {
    std::int64_t expected = dts + t.offset;
    std::int64_t delta = expected - t.last_out;
    if (t.rebase) {
      t.offset += (t.last_out + t.last_delta) - expected;
      t.rebase = false;
    } else if (delta <= 0 || delta > max_jump_) {
      t.offset += (t.last_out + t.last_delta) - expected;
      out.repaired = true;
      ++discontinuities_;
    } else {
      t.last_delta = delta;
    }
    out.dts = dts + t.offset;
  }
  t.last_out = out.dts;
  out.pts = out.dts + pts_minus_dts;
  out.wall = anchor_wall_ + media::Ts90ToNs(out.dts);
  return out;
}

}  // namespace anninh::ingest
