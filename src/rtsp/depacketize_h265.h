// H.265 over RTP, RFC 7798: single NAL unit packets, aggregation packets (AP, section
// 4.4.2) and fragmentation units (FU, section 4.4.3), reassembled into Annex-B access
// units. DONL fields (sprop-max-don-diff > 0) are not supported: cameras do not send
// them; PACI packets break the unit they arrive in.
#pragma once

#include <cstdint>

#include "rtsp/access_unit.h"
#include "rtsp/rtp.h"

namespace anninh::rtsp {

class H265Depacketizer {
 public:
  explicit H265Depacketizer(AccessUnitCallback callback)
      : au_(VideoCodec::kH265, std::move(callback)) {}

  void Push(const RtpPacket& packet, std::int64_t timestamp, bool gap);
  std::uint64_t dropped() const { return au_.dropped(); }

 private:
  AuAssembler au_;
};

}  // namespace anninh::rtsp
