// H.264 over RTP, RFC 6184: single NAL unit packets, STAP-A aggregates (section 5.7.1)
// and FU-A fragments (section 5.8), reassembled into Annex-B access units. STAP-B,
// MTAP and FU-B belong to the interleaved mode, which cameras do not use; they break
// the unit they arrive in.
#pragma once

#include <cstdint>

#include "rtsp/access_unit.h"
#include "rtsp/rtp.h"

namespace anninh::rtsp {

class H264Depacketizer {
 public:
  explicit H264Depacketizer(AccessUnitCallback callback)
      : au_(VideoCodec::kH264, std::move(callback)) {}

  // `timestamp`: the packet's unwrapped RTP timestamp; `gap`: packets were lost before it.
  void Push(const RtpPacket& packet, std::int64_t timestamp, bool gap);
  std::uint64_t dropped() const { return au_.dropped(); }

 private:
  AuAssembler au_;
};

}  // namespace anninh::rtsp
