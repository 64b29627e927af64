// The observable state of one stream, for the CLI, the API, metrics and the movement
// records (camera uptime).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace anninh::ingest {

enum class StreamState {
  kConnecting,  // opening the connection
  kStreaming,   // packets are arriving
  kStalled,     // connected, or reconnecting after a stall, but no video arrives
  kOffline,     // the last attempt failed; `reason` says why; retrying with backoff
  kStopped,     // the session was stopped (shutdown, camera disabled)
};

std::string_view ToString(StreamState s);

// Words a person can act on. Stable strings: tests, the API and the UI match them.
namespace reason {
inline constexpr std::string_view kUnauthorized = "unauthorized";
inline constexpr std::string_view kForbidden = "forbidden";
inline constexpr std::string_view kNotFound = "not found";
inline constexpr std::string_view kRefused = "refused";
inline constexpr std::string_view kTimeout = "timeout";
inline constexpr std::string_view kStalled = "stalled";
inline constexpr std::string_view kUnsupportedCodec = "unsupported codec";
inline constexpr std::string_view kEnded = "stream ended";
inline constexpr std::string_view kNetwork = "network error";
inline constexpr std::string_view kBadStream = "bad stream";
inline constexpr std::string_view kStopped = "stopped";
}  // namespace reason

struct StreamStatus {
  StreamState state = StreamState::kConnecting;
  std::string reason;  // one of reason::*, empty while streaming
  std::string detail;  // the underlying error message, for operators
  WallNs since = 0;    // when `state` was entered
  std::string codec;
  int width = 0;
  int height = 0;
  std::uint64_t packets = 0;       // all tracks
  std::uint64_t video_frames = 0;  // video packets only: frame rate = its rate of change
  std::uint64_t bytes = 0;
  std::uint64_t reconnects = 0;
  std::uint64_t stalls = 0;
  std::uint64_t discontinuities = 0;
  WallNs last_packet = 0;
};

}  // namespace anninh::ingest
