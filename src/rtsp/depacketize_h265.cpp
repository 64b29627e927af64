#include "rtsp/depacketize_h265.h"

namespace anninh::rtsp {

void H265Depacketizer::Push(const RtpPacket& packet, std::int64_t timestamp, bool gap) {
  au_.BeginPacket(timestamp, gap);
  std::span<const std::uint8_t> p = packet.payload;
  if (p.size() < 2) {
    if (!p.empty()) au_.MarkBroken();
    au_.EndPacket(packet.marker);
    return;
  }
  const int type = (p[0] >> 1) & 0x3f;
  if (type < 48) {  // a single NAL unit (section 4.4.1)
    au_.AppendNal(p);
  } else if (type == 48) {  // AP (section 4.4.2): after the 2-byte payload header
    au_.AppendAggregate(p.subspan(2));
  } else if (type == 49) {  // FU: 2-byte header, FU header (S, E, type), piece
    if (p.size() < 4) {
      au_.MarkBroken();
    } else {
      // The NAL header: the payload header with its type replaced by the FU's.
      const std::uint8_t header[2] = {
          static_cast<std::uint8_t>((p[0] & 0x81) | ((p[2] & 0x3f) << 1)), p[1]};
      au_.AppendFragment((p[2] & 0x80) != 0, (p[2] & 0x40) != 0, header, p.subspan(3));
    }
  } else {
    au_.MarkBroken();
  }
  au_.EndPacket(packet.marker);
}

}  // namespace anninh::rtsp
