#include "rtsp/depacketize_h264.h"

namespace anninh::rtsp {

void H264Depacketizer::Push(const RtpPacket& packet, std::int64_t timestamp, bool gap) {
  au_.BeginPacket(timestamp, gap);
  std::span<const std::uint8_t> p = packet.payload;
  if (p.empty()) {
    au_.EndPacket(packet.marker);
    return;
  }
  const int type = p[0] & 0x1f;
  if (type >= 1 && type <= 23) {  // a single NAL unit (section 5.6)
    au_.AppendNal(p);
  } else if (type == 24) {  // STAP-A (section 5.7.1)
    au_.AppendAggregate(p.subspan(1));
  } else if (type == 28) {  // FU-A: indicator, header (S, E, R, type), piece
    if (p.size() < 3) {
      au_.MarkBroken();
    } else {
      const std::uint8_t header = static_cast<std::uint8_t>((p[0] & 0xe0) | (p[1] & 0x1f));
      au_.AppendFragment((p[1] & 0x80) != 0, (p[1] & 0x40) != 0,
                         std::span<const std::uint8_t>(&header, 1), p.subspan(2));
    }
  } else {
    au_.MarkBroken();
  }
  au_.EndPacket(packet.marker);
}

}  // namespace anninh::rtsp
