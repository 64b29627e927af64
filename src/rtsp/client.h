// One RTSP connection over TCP (RFC 2326), from connect to close, on the shared event
// loop: OPTIONS, DESCRIBE (answering a 401 once with Basic or Digest credentials), SETUP
// of each recordable track with interleaved channels 2n/2n+1, PLAY, keep-alives at half
// the session timeout, and TEARDOWN on Close. Media arrives interleaved on the same
// socket; it is read in large blocks and parsed straight out of the read buffer, many
// packets per read, with no thread wake-up per packet.
//
// Out come what FFmpeg's RTSP demuxer gives: one AVPacket per access unit (H.264/H.265
// in Annex-B, raw AAC frames), keyframe flags, and codec parameters with extradata and
// video size, starting at the first video keyframe. Reconnecting is the caller's job;
// a connection reports once how it ended.
//
// Thread contract: create, Open and Close on the strand; the listener is called on the
// strand, never after Close and never after OnClosed.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "media/packet.h"
#include "rtsp/event_loop.h"

namespace anninh::rtsp {

struct ClientOptions {
  std::string url;  // rtsp://
  std::string username;
  std::string password;
  // From connect to PLAY's answer.
  std::chrono::milliseconds connect_timeout{10'000};
  // After PLAY: no video packet for this long ends the connection as stalled.
  std::chrono::milliseconds stall_timeout{10'000};
  std::string user_agent = "anninh";
};

// How a connection ended, in the terms ingest reports (ingest/stream_status.h).
enum class Failure {
  kUnauthorized,
  kForbidden,
  kNotFound,
  kRefused,
  kTimeout,
  kStalled,
  kUnsupportedCodec,
  kEnded,
  kNetwork,
  kBadStream,
};

struct Frame {
  int track = 0;                 // index into the StreamInfo given to OnPlaying
  const AVPacket* av = nullptr;  // data, size, flags; borrowed for the call
  // 90 kHz, on one clock for all tracks of the connection: each track's RTP time from
  // its first packet, plus when that packet arrived after PLAY.
  std::int64_t ts90 = 0;
  // 90 kHz; an AAC frame's samples (1024 unless the SDP says otherwise), 0 for video,
  // whose duration is only known from the next picture.
  std::int64_t duration90 = 0;
  bool keyframe = false;
};

class ClientListener {
 public:
  virtual ~ClientListener() = default;
  // The first video keyframe is ready; frames follow.
  virtual void OnPlaying(const media::StreamInfo& info) = 0;
  virtual void OnFrame(const Frame& frame) = 0;
  virtual void OnClosed(Failure failure, std::string detail) = 0;
};

class Client {
 public:
  // `listener` is not owned and must stay valid until Close or OnClosed.
  Client(const Strand& strand, ClientOptions options, ClientListener& listener);
  // Closes (see Close).
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void Open();
  // Sends TEARDOWN if playing (best effort, without waiting), closes the socket; the
  // listener hears nothing more.
  void Close();

  struct Counters {
    std::uint64_t rtp_packets = 0;
    std::uint64_t lost_packets = 0;     // sequence gaps
    std::uint64_t dropped_units = 0;    // broken, or waiting for a keyframe
    std::uint64_t reads = 0;            // socket reads while playing
  };
  // On the strand.
  Counters counters() const;

  class Connection;

 private:
  std::shared_ptr<Connection> connection_;
};

}  // namespace anninh::rtsp
