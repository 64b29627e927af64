// "Test connection" for the camera admin screen: opens a stream once with FFmpeg, under a
// short deadline, and says what was found or, in words a person can act on, why not.
// Nothing is kept: the connection is closed before returning.
//
// Thread-safe: each call is independent and blocks for at most about `timeout`.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "ingest/stream_options.h"

namespace anninh::ingest {

struct ProbeResult {
  bool ok = false;          // a recordable video stream (H.264 or H.265) was found
  std::string reason;       // when !ok: one of reason::* or "no video"; never the password
  std::string detail;       // a sentence for the operator (FFmpeg's words, the URL redacted)
  std::string codec;        // "h264", "hevc", ... when a video stream was found
  int width = 0;
  int height = 0;
  double fps = 0;
  bool audio = false;
  std::chrono::milliseconds elapsed{0};
};

// Opens `options.url` (with its username/password) and reads the stream's parameters.
// `options.connect_timeout` bounds the whole probe.
ProbeResult Probe(const StreamOptions& options);

// The reason (reason::*) for an FFmpeg error while opening or reading a stream.
std::string_view ReasonForAvError(int averror);

}  // namespace anninh::ingest
