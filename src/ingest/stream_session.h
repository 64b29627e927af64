// One session per camera stream: connect with a timeout, read packets, fan them out to
// sinks, detect stalls, reconnect with backoff. Failures stay inside the session: a camera
// that fails never affects another.
//
// Threading: each session owns one thread, because FFmpeg's demuxers (RTSP over TCP
// included) are blocking. The thread spends its time in poll() inside FFmpeg, so a few
// hundred of them cost little CPU; their stacks are virtual memory, not resident. The
// alternative (our own non-blocking RTSP client on one event loop) is recorded in
// docs/design/0001-recording.md.
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
#include "ingest/stream_options.h"
#include "ingest/stream_status.h"
#include "media/packet.h"

namespace anninh::ingest {

class StreamSession {
 public:
  // `sinks` are not owned and must outlive the session.
  StreamSession(StreamOptions options, const Clock& clock, std::vector<media::PacketSink*> sinks);
  ~StreamSession();
  StreamSession(const StreamSession&) = delete;
  StreamSession& operator=(const StreamSession&) = delete;

  void Start();
  // Interrupts any blocking read, calls the sinks' OnStop, joins the thread.
  void Stop();

  StreamStatus Status() const;
  const StreamOptions& options() const { return options_; }

 private:
  struct Connection;
  void Run();
  // One connection from open to close; returns the reason it ended.
  void RunConnection();
  void SetState(StreamState state, std::string_view reason, std::string detail = {});
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

  mutable std::mutex status_mu_;
  StreamStatus status_;  // guarded by status_mu_, except the counters below
  StreamState logged_state_ = StreamState::kConnecting;  // guarded by status_mu_
  std::string logged_reason_;                            // guarded by status_mu_
  std::atomic<std::uint64_t> packets_{0};
  std::atomic<std::uint64_t> video_frames_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<WallNs> last_packet_{0};
};

}  // namespace anninh::ingest
