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
  } else if (type == 24) {  // STAP-A: 16-bit size, NAL unit, repeated
    std::size_t i = 1;
    while (i + 2 <= p.size()) {
      const std::size_t size = (static_cast<std::size_t>(p[i]) << 8) | p[i + 1];
      i += 2;
      if (size == 0 || i + size > p.size()) {
        au_.MarkBroken();
        break;
      }
      au_.AppendNal(p.subspan(i, size));
      i += size;
    }
  } else if (type == 28) {  // FU-A: indicator, header (S, E, R, type), piece
    if (p.size() < 3) {
      au_.MarkBroken();
    } else {
      const bool start = (p[1] & 0x80) != 0;
      const bool end = (p[1] & 0x40) != 0;
      if (start) {
        const std::uint8_t header = static_cast<std::uint8_t>((p[0] & 0xe0) | (p[1] & 0x1f));
        au_.StartFragment(std::span<const std::uint8_t>(&header, 1));
      }
      au_.AppendFragment(p.subspan(2));
      if (end) au_.EndFragment();
    }
  } else {
    au_.MarkBroken();
  }
  au_.EndPacket(packet.marker);
}

}  // namespace anninh::rtsp
