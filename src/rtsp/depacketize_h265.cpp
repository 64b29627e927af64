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
  } else if (type == 48) {  // AP: 2-byte header, then 16-bit size + NAL unit, repeated
    std::size_t i = 2;
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
  } else if (type == 49) {  // FU: 2-byte header, FU header (S, E, type), piece
    if (p.size() < 4) {
      au_.MarkBroken();
    } else {
      const bool start = (p[2] & 0x80) != 0;
      const bool end = (p[2] & 0x40) != 0;
      if (start) {
        // The NAL header: the payload header with its type replaced by the FU's.
        const std::uint8_t header[2] = {
            static_cast<std::uint8_t>((p[0] & 0x81) | ((p[2] & 0x3f) << 1)), p[1]};
        au_.StartFragment(header);
      }
      au_.AppendFragment(p.subspan(3));
      if (end) au_.EndFragment();
    }
  } else {
    au_.MarkBroken();
  }
  au_.EndPacket(packet.marker);
}

}  // namespace anninh::rtsp
