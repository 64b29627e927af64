// The status of one stream as its session updates it: state changes (logged once per
// change, so a camera offline for a day is not logged hundreds of times), and counters
// the packet path bumps without a lock. Shared by both session kinds so they report
// alike.
//
// Thread-safe: the session's thread writes, any thread reads Get().
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "ingest/stream_options.h"
#include "ingest/stream_status.h"

namespace anninh::ingest {

class StatusKeeper {
 public:
  StatusKeeper(const StreamOptions& options, const Clock& clock);

  void Set(StreamState state, std::string_view reason, std::string detail = {});
  // A connection attempt begins: "connecting", except that after a stall the state stays
  // "stalled" until video flows again.
  void Connecting();
  void SetMedia(std::string codec, int width, int height);
  void AddReconnect();
  void AddStall();
  void AddDiscontinuities(std::uint64_t n);

  // The packet path: relaxed atomics, no lock.
  void CountPacket(bool video, std::uint64_t bytes, WallNs wall) {
    packets_.fetch_add(1, std::memory_order_relaxed);
    if (video) video_frames_.fetch_add(1, std::memory_order_relaxed);
    bytes_.fetch_add(bytes, std::memory_order_relaxed);
    last_packet_.store(wall, std::memory_order_relaxed);
  }
  std::uint64_t packets() const { return packets_.load(std::memory_order_relaxed); }

  StreamStatus Get() const;

 private:
  const StreamOptions& options_;
  const Clock& clock_;
  mutable std::mutex mu_;
  StreamStatus status_;                                  // guarded by mu_, except counters
  StreamState logged_state_ = StreamState::kConnecting;  // guarded by mu_
  std::string logged_reason_;                            // guarded by mu_
  std::atomic<std::uint64_t> packets_{0};
  std::atomic<std::uint64_t> video_frames_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<WallNs> last_packet_{0};
};

}  // namespace anninh::ingest
