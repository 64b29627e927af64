// Puts a stream's packets back in decoding-time order across its tracks before the
// recorder cuts them into segments.
//
// Why: a segment starts at a video keyframe, and each packet goes to the segment open when
// it is written. Cameras (and a starved network or test camera: 0.24 s was seen) do not send
// audio and video in step. Audio that arrives ahead of the video would land in the segment
// before the cut and run past its indexed end; audio that arrives behind would land after
// the cut and be dropped as older than the new segment's start. Held back here until the
// other track has caught up, each packet reaches the segment its time belongs to.
//
// A packet is due when every track has a packet held (the earliest is then the earliest
// there will be; video first at equal times, so the keyframe opens the segment its
// instant's audio goes into), or when it is `max_lag` older than the newest packet (a track
// that went quiet holds the others back no longer than that), or at Flush.
// A single-track stream — most cameras — passes straight through: nothing is held or
// referenced.
//
// Thread contract: thread-compatible (the stream's ingest thread).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "media/packet.h"

namespace anninh::record {

class Interleaver {
 public:
  explicit Interleaver(std::int64_t max_lag = media::kTimescale);
  ~Interleaver();
  Interleaver(const Interleaver&) = delete;
  Interleaver& operator=(const Interleaver&) = delete;

  // A new connection with these tracks; anything still held is let go.
  void Start(const media::StreamInfo& info);
  // Takes `packet` (a reference to its payload when it must be held; `packet` itself is
  // only borrowed). Then call Next() until it returns null.
  void Push(const media::Packet& packet);
  // The next packet due, or null. Valid until the next call on this object.
  const media::Packet* Next();
  // The stream ended: everything held is due, in order.
  void Flush() { flushing_ = true; }
  std::size_t held() const;

 private:
  struct Held {
    AVPacket* av = nullptr;  // our reference to the payload
    media::Packet packet;    // .av points at `av`
  };
  void Release(AVPacket* av);

  std::int64_t max_lag_;
  std::vector<bool> video_;               // per track
  std::vector<std::deque<Held>> queues_;  // per track, in arrival (= dts) order
  std::vector<AVPacket*> pool_;           // spare AVPackets: no allocation per packet
  const media::Packet* passing_ = nullptr;  // single track: the borrowed packet, once
  AVPacket* given_ = nullptr;               // the packet Next() last returned
  media::Packet out_;
  std::int64_t newest_ = INT64_MIN;
  bool flushing_ = false;
};

}  // namespace anninh::record
