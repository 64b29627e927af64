// What flows from ingest to its sinks (recorder now; analysis and live view later).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

extern "C" {
struct AVPacket;
struct AVCodecParameters;
}

namespace anninh::media {

// All of anninh's media timestamps are on a 90 kHz timeline (the RTP video clock,
// RFC 6184 section 5.1), whatever the source's own time base.
constexpr int kTimescale = 90'000;
constexpr std::int64_t Ts90ToNs(std::int64_t ts) { return ts * 100'000 / 9; }
constexpr std::int64_t NsToTs90(std::int64_t ns) { return ns * 9 / 100'000; }

enum class TrackKind { kVideo, kAudio };

struct Track {
  TrackKind kind = TrackKind::kVideo;
  // Owned copy of the codec parameters (extradata included); freed by StreamInfo.
  AVCodecParameters* params = nullptr;
};

// The tracks of one connection to one stream. Owns its codec parameters.
class StreamInfo {
 public:
  StreamInfo() = default;
  ~StreamInfo();
  StreamInfo(const StreamInfo&) = delete;
  StreamInfo& operator=(const StreamInfo&) = delete;
  StreamInfo(StreamInfo&& other) noexcept;
  StreamInfo& operator=(StreamInfo&& other) noexcept;

  StreamInfo Clone() const;

  // Copies `params`; returns the new track's index.
  int AddTrack(TrackKind kind, const AVCodecParameters* params);
  const std::vector<Track>& tracks() const { return tracks_; }
  // "h264", "hevc", "h264+aac"...
  std::string CodecSummary() const;

 private:
  void Clear();
  std::vector<Track> tracks_;
};

// One compressed packet, borrowed for the duration of a sink call: the payload is not
// copied for fan-out, and a sink that keeps it takes its own reference (av_packet_ref).
struct Packet {
  const AVPacket* av = nullptr;  // data, size, flags; its own timestamps are not used
  int track = 0;                 // index into StreamInfo::tracks()
  std::int64_t dts = 0;          // on the connection's repaired 90 kHz timeline
  std::int64_t pts = 0;
  std::int64_t duration = 0;     // 90 kHz, 0 when unknown
  WallNs wall = 0;               // wall-clock time of dts
  bool keyframe = false;
  bool discontinuity = false;  // the timestamp was repaired (see ingest::Timeline)
};

// Receives one stream's packets. Calls come from the stream's ingest thread, in order:
// OnStart, OnPacket*, OnStop, then possibly OnStart again for the next connection.
// Implementations must not block for long and must not throw.
class PacketSink {
 public:
  virtual ~PacketSink() = default;
  virtual void OnStart(const StreamInfo& info, WallNs wall) = 0;
  virtual void OnPacket(const Packet& packet) = 0;
  // The connection ended; `reason` says why in words a person can act on.
  virtual void OnStop(WallNs wall, std::string_view reason) = 0;
};

}  // namespace anninh::media
