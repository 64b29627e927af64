#include "rtsp/rtp.h"

namespace anninh::rtsp {

bool ParseRtp(std::span<const std::uint8_t> d, RtpPacket& out) {
  if (d.size() < 12 || (d[0] >> 6) != 2) return false;
  const bool padding = (d[0] & 0x20) != 0;
  const bool extension = (d[0] & 0x10) != 0;
  const std::size_t csrc_count = d[0] & 0x0f;
  out.marker = (d[1] & 0x80) != 0;
  out.payload_type = d[1] & 0x7f;
  out.sequence = static_cast<std::uint16_t>((d[2] << 8) | d[3]);
  out.timestamp = (std::uint32_t{d[4]} << 24) | (std::uint32_t{d[5]} << 16) |
                  (std::uint32_t{d[6]} << 8) | d[7];
  out.ssrc = (std::uint32_t{d[8]} << 24) | (std::uint32_t{d[9]} << 16) |
             (std::uint32_t{d[10]} << 8) | d[11];
  std::size_t offset = 12 + 4 * csrc_count;
  if (d.size() < offset) return false;
  if (extension) {  // RFC 3550 section 5.3.1: 16-bit profile, 16-bit length in words
    if (d.size() < offset + 4) return false;
    const std::size_t words = (static_cast<std::size_t>(d[offset + 2]) << 8) | d[offset + 3];
    offset += 4 + 4 * words;
    if (d.size() < offset) return false;
  }
  std::size_t end = d.size();
  if (padding) {
    const std::size_t pad = d[end - 1];
    if (pad == 0 || pad > end - offset) return false;
    end -= pad;
  }
  out.payload = d.subspan(offset, end - offset);
  return true;
}

SequenceTracker::Order SequenceTracker::Accept(std::uint16_t sequence) {
  if (!started_) {
    started_ = true;
    last_ = sequence;
    return Order::kNext;
  }
  const auto delta = static_cast<std::uint16_t>(sequence - last_);
  if (delta == 0 || delta >= 0x8000) return Order::kOld;
  last_ = sequence;
  return delta == 1 ? Order::kNext : Order::kGap;
}

std::int64_t TimestampUnwrapper::Unwrap(std::uint32_t ts) {
  if (!started_) {
    started_ = true;
    last_ = ts;
    value_ = ts;
    return value_;
  }
  value_ += static_cast<std::int32_t>(ts - last_);
  last_ = ts;
  return value_;
}

}  // namespace anninh::rtsp
