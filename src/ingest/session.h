// One camera stream's ingest, whatever reads it: connect, deliver packets to sinks,
// detect stalls, reconnect with backoff, report status. Two implementations:
// StreamSession (FFmpeg's demuxers, one blocking thread per stream: files, HTTP, RTSP
// over UDP, rtsps) and RtspSession (anninh's own RTSP client over TCP, on the shared
// event loop). MakeSession (session_factory.h) picks one per stream.
//
// Thread contract: Start/Stop from one controlling thread; Status() from any thread.
// Sinks are called from one thread at a time, in order (see media::PacketSink).
#pragma once

#include "ingest/stream_options.h"
#include "ingest/stream_status.h"

namespace anninh::ingest {

class Session {
 public:
  virtual ~Session() = default;
  virtual void Start() = 0;
  // Ends the connection, calls the sinks' OnStop if a connection was delivering, and
  // returns when no sink will be called again.
  virtual void Stop() = 0;
  virtual StreamStatus Status() const = 0;
  virtual const StreamOptions& options() const = 0;
};

}  // namespace anninh::ingest
