// One session per camera stream: connect with a timeout, read packets, fan them out to
// sinks, detect stalls, reconnect with backoff. Failures stay inside the session: a camera
// that fails never affects another.
//
// Threading: each session owns one thread, because FFmpeg's demuxers are blocking. It
// serves what the native client (RtspSession) does not: files, HTTP, RTSP over UDP,
// rtsps, and RTSP over TCP when configured with `rtsp_client = "ffmpeg"`. Per packet it
// costs a poll(), small recv()s and a thread wake-up, which is why RTSP over TCP goes
// through the native client by default (docs/design/0004-rtsp-client.md).
//
// Thread contract: Start/Stop from one controlling thread; Status() from any thread.
// Sinks are called on the session's thread only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "ingest/session.h"
#include "ingest/status_keeper.h"
#include "ingest/stream_options.h"
#include "ingest/stream_status.h"
#include "media/packet.h"

namespace anninh::ingest {

class StreamSession final : public Session {
 public:
  // `sinks` are not owned and must outlive the session.
  StreamSession(StreamOptions options, const Clock& clock, std::vector<media::PacketSink*> sinks);
  ~StreamSession() override;
  StreamSession(const StreamSession&) = delete;
  StreamSession& operator=(const StreamSession&) = delete;

  void Start() override;
  // Interrupts any blocking read, calls the sinks' OnStop, joins the thread.
  void Stop() override;

  StreamStatus Status() const override { return status_.Get(); }
  const StreamOptions& options() const override { return options_; }

 private:
  struct Connection;
  void Run();
  // One connection from open to close; returns the reason it ended.
  void RunConnection();
  void SetState(StreamState state, std::string_view reason, std::string detail = {}) {
    status_.Set(state, reason, std::move(detail));
  }
  // Sleeps unless Stop() is called first; returns false when stopping.
  bool WaitFor(std::chrono::milliseconds d);
  static int InterruptCallback(void* opaque);

  StreamOptions options_;
  const Clock& clock_;
  std::vector<media::PacketSink*> sinks_;

  std::thread thread_;
  std::atomic<bool> stopping_{false};
  // Steady-clock nanoseconds after which a blocking FFmpeg call is interrupted.
  std::atomic<std::int64_t> deadline_ns_{0};
  std::atomic<bool> deadline_hit_{false};  // set by the interrupt callback
  std::mutex wait_mu_;
  std::condition_variable wait_cv_;

  StatusKeeper status_{options_, clock_};
};

}  // namespace anninh::ingest
