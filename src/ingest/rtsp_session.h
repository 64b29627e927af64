// A camera stream read by anninh's own RTSP client (src/rtsp) on the shared event loop:
// the same contract as StreamSession (connect timeout, stall detection, reconnect with
// jittered backoff, Timeline repair, sinks, StreamStatus reasons), but with no thread
// of its own. Connections, timers and sink calls all run on one strand of the loop.
//
// Thread contract: Start/Stop from one controlling thread (never from the loop);
// Status() from any thread. Sinks are called on the loop's thread.
#pragma once

#include <memory>
#include <vector>

#include "core/clock.h"
#include "ingest/session.h"
#include "media/packet.h"

namespace anninh::rtsp {
class EventLoop;
}

namespace anninh::ingest {

class RtspSession final : public Session {
 public:
  // `sinks` and `loop` are not owned and must outlive the session.
  RtspSession(StreamOptions options, const Clock& clock, std::vector<media::PacketSink*> sinks,
              rtsp::EventLoop& loop);
  ~RtspSession() override;
  RtspSession(const RtspSession&) = delete;
  RtspSession& operator=(const RtspSession&) = delete;

  void Start() override;
  void Stop() override;
  StreamStatus Status() const override;
  const StreamOptions& options() const override;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
  bool running_ = false;
};

}  // namespace anninh::ingest
