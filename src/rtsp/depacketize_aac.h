// AAC over RTP, RFC 3640 (mpeg4-generic, the AAC-hbr and AAC-lbr modes cameras use):
// an AU-headers section (section 3.2.1) with one size/index header per access unit, then
// the access units back to back. Each access unit is one raw AAC frame, delivered as one
// packet; the n-th of a packet is timed n frame durations after the RTP timestamp.
// An access unit larger than one packet comes in fragments (section 3.2.3.1) with the
// same timestamp and is reassembled.
#pragma once

#include <cstdint>
#include <vector>

#include "rtsp/access_unit.h"
#include "rtsp/rtp.h"

namespace anninh::rtsp {

struct AacFormat {
  int size_length = 13;        // fmtp sizelength
  int index_length = 3;        // fmtp indexlength
  int index_delta_length = 3;  // fmtp indexdeltalength
  int frame_samples = 1024;    // fmtp constantduration, else AAC's 1024
};

class AacDepacketizer {
 public:
  AacDepacketizer(AacFormat format, AccessUnitCallback callback)
      : format_(format), callback_(std::move(callback)) {}

  void Push(const RtpPacket& packet, std::int64_t timestamp, bool gap);
  std::uint64_t dropped() const { return dropped_; }

 private:
  AacFormat format_;
  AccessUnitCallback callback_;
  std::vector<std::uint8_t> fragment_;  // a fragmented AU being reassembled
  std::size_t fragment_size_ = 0;       // its full size, 0 when none
  std::int64_t fragment_ts_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace anninh::rtsp
