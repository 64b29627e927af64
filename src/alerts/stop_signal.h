// A stop flag a worker thread can sleep on: Wait(d) returns early, false, once Trigger was
// called. Each sink's backoff and reconnect waits use one, so Stop never waits them out.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace anninh::alerts {

class StopSignal {
 public:
  // Returns true for the first caller only.
  bool Trigger() {
    if (stopping_.exchange(true)) return false;
    // Taking the mutex orders the flag before a waiter's check, so no wake-up is lost.
    { std::lock_guard lock(mu_); }
    cv_.notify_all();
    return true;
  }
  bool stopping() const { return stopping_.load(); }
  // Sleeps up to `d`; false when stopping.
  bool Wait(std::chrono::milliseconds d) {
    std::unique_lock lock(mu_);
    return !cv_.wait_for(lock, d, [&] { return stopping_.load(); });
  }

 private:
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace anninh::alerts
