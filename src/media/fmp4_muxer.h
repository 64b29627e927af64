// The fragmented-MP4 muxer (ISO/IEC 14496-12 section 8.8) shared by the segment writer
// (bytes to a file) and the live fragmenter (bytes to memory for WebSocket viewers): one
// place sets the movflags, the sample entries and the packet conversion, and hands every
// byte it produces to a sink.
//
// Thread-compatible: one muxer is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.h"
#include "media/packet.h"

namespace anninh::media {

class Fmp4Muxer {
 public:
  // Receives the muxer's output in order; returns 0, or a negative errno to fail the
  // muxer's current call (e.g. a full disk).
  using ByteSink = std::function<int(const std::uint8_t* data, int size)>;

  // Writes ftyp and an empty moov for `info`'s tracks (the first must be video) to `sink`.
  // `what` names the output in error messages.
  static Result<std::unique_ptr<Fmp4Muxer>> Create(const StreamInfo& info, ByteSink sink, std::string what);
  ~Fmp4Muxer();
  Fmp4Muxer(const Fmp4Muxer&) = delete;
  Fmp4Muxer& operator=(const Fmp4Muxer&) = delete;

  // Adds a packet to the current fragment (in memory until Flush); a shallow reference,
  // the payload is not copied. 90 kHz timestamps, strictly increasing dts per track.
  Status Write(const Packet& packet);
  // Ends the current fragment and hands its moof+mdat to the sink; no-op when empty.
  Status Flush();
  // Flushes and writes the trailer (nothing, with skip_trailer). The muxer is done.
  Status Finish();

  std::int64_t frames() const;  // video packets written
  bool fragment_empty() const;

 private:
  struct Impl;
  explicit Fmp4Muxer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace anninh::media
