// RTP packets (RFC 3550 section 5.1) as carried in interleaved frames, and the two
// pieces of per-stream state a receiver needs: sequence-gap detection (a lost packet
// breaks the access unit it belonged to) and extending the 32-bit timestamp so it never
// wraps (at 90 kHz it wraps every 13.25 hours; cameras also start it anywhere).
#pragma once

#include <cstdint>
#include <span>

namespace anninh::rtsp {

struct RtpPacket {
  std::uint8_t payload_type = 0;
  bool marker = false;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::span<const std::uint8_t> payload;  // a view into the frame, padding removed
};

// False when `data` is not a well-formed RTP version 2 packet.
bool ParseRtp(std::span<const std::uint8_t> data, RtpPacket& out);

class SequenceTracker {
 public:
  enum class Order { kNext, kGap, kOld };
  // kGap: packets were lost before this one; kOld: a duplicate or one that arrived late
  // (dropped: over TCP this only happens when a camera misbehaves).
  Order Accept(std::uint16_t sequence);
  void Reset() { started_ = false; }

 private:
  bool started_ = false;
  std::uint16_t last_ = 0;
};

class TimestampUnwrapper {
 public:
  // The timestamp extended to 64 bits: steps of less than 2^31 in either direction
  // are taken as they are, so a wrap continues upward.
  std::int64_t Unwrap(std::uint32_t ts);

 private:
  bool started_ = false;
  std::uint32_t last_ = 0;
  std::int64_t value_ = 0;
};

}  // namespace anninh::rtsp
