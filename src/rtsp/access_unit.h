// Reassembles H.264/H.265 access units from NAL units in Annex-B form (each NAL unit
// preceded by the 4-byte start code 00 00 00 01, as FFmpeg's RTP depacketisers write
// them), so recordings are byte for byte what the FFmpeg path produced.
//
// An access unit ends at the RTP marker bit (RFC 6184 section 5.1, RFC 7798 section
// 4.1) or, for senders that never set it, when the timestamp changes. A lost packet
// (sequence gap) breaks the unit it fell into: that unit is dropped, and so is
// everything until the next keyframe, since the frames after it refer to what was lost.
// Output starts at the first keyframe for the same reason.
//
// The buffer is reused: once it has grown to the largest access unit, the hot path
// allocates nothing. Thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace anninh::rtsp {

struct AccessUnit {
  std::span<const std::uint8_t> data;  // valid only during the callback
  std::int64_t timestamp = 0;          // the unwrapped RTP timestamp, in the track's clock
  bool keyframe = false;
};

using AccessUnitCallback = std::function<void(const AccessUnit&)>;

enum class VideoCodec { kH264, kH265 };

class AuAssembler {
 public:
  AuAssembler(VideoCodec codec, AccessUnitCallback callback)
      : codec_(codec), callback_(std::move(callback)) {
    buffer_.reserve(256 * 1024);
  }

  // Called for every RTP packet before its payload: ends the current unit if the
  // timestamp moved on, and marks it broken after a sequence gap.
  void BeginPacket(std::int64_t timestamp, bool gap);
  // After the packet's payload: a set marker bit ends the unit.
  void EndPacket(bool marker);

  void AppendNal(std::span<const std::uint8_t> nal);
  // The NAL units of an aggregation packet (H.264 STAP-A, H.265 AP) after its header:
  // a 16-bit size and a NAL unit, repeated.
  void AppendAggregate(std::span<const std::uint8_t> units);
  // One piece of a fragmented NAL unit (H.264 FU-A, H.265 FU). `header` is the NAL
  // header rebuilt from the fragment's headers, used on the start piece.
  void AppendFragment(bool start, bool end, std::span<const std::uint8_t> header,
                      std::span<const std::uint8_t> piece);
  // The payload was malformed or a fragment arrived without its start.
  void MarkBroken() { broken_ = true; }

  std::uint64_t dropped() const { return dropped_; }

 private:
  void Finish();
  void NoteNal(std::uint8_t first_byte, std::uint8_t second_byte);

  VideoCodec codec_;
  AccessUnitCallback callback_;
  std::vector<std::uint8_t> buffer_;
  std::int64_t timestamp_ = 0;
  bool has_timestamp_ = false;
  bool keyframe_ = false;
  bool broken_ = false;
  bool in_fragment_ = false;
  bool waiting_for_key_ = true;
  std::uint64_t dropped_ = 0;
};

}  // namespace anninh::rtsp
