// Time is read through Clock so tests can drive it. Wall time is what a person sees
// (segment start/end, gaps); monotonic time measures intervals (timeouts, backoff).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace anninh {

// Nanoseconds since the Unix epoch (UTC). One integer type for wall times everywhere:
// the index stores it, the API returns it, the recorder names files with it.
using WallNs = std::int64_t;

// Thread-safe: implementations may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual WallNs Now() const = 0;  // wall clock, may jump (NTP)
  virtual std::chrono::steady_clock::time_point Monotonic() const = 0;
  // Sleeps in monotonic time; a simulated clock returns at once after advancing.
  virtual void SleepFor(std::chrono::nanoseconds d) const = 0;
};

class SystemClock final : public Clock {
 public:
  WallNs Now() const override;
  std::chrono::steady_clock::time_point Monotonic() const override;
  void SleepFor(std::chrono::nanoseconds d) const override;
  static const SystemClock& Get();
};

// A clock for tests: time moves only when told to (Advance) or when someone sleeps.
// Thread-safe.
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(WallNs start = 1'700'000'000'000'000'000) : wall_(start) {}
  WallNs Now() const override;
  std::chrono::steady_clock::time_point Monotonic() const override;
  void SleepFor(std::chrono::nanoseconds d) const override;
  void Advance(std::chrono::nanoseconds d);

 private:
  mutable std::mutex mu_;
  mutable WallNs wall_;
  mutable std::chrono::nanoseconds mono_{0};
};

constexpr WallNs kNsPerSecond = 1'000'000'000;
constexpr WallNs kNsPerMs = 1'000'000;

}  // namespace anninh
