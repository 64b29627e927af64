#include "core/clock.h"

#include <thread>

namespace anninh {

WallNs SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::chrono::steady_clock::time_point SystemClock::Monotonic() const {
  return std::chrono::steady_clock::now();
}

void SystemClock::SleepFor(std::chrono::nanoseconds d) const { std::this_thread::sleep_for(d); }

const SystemClock& SystemClock::Get() {
  static const SystemClock clock;
  return clock;
}

WallNs SimulatedClock::Now() const {
  std::lock_guard lock(mu_);
  return wall_;
}

std::chrono::steady_clock::time_point SimulatedClock::Monotonic() const {
  std::lock_guard lock(mu_);
  return std::chrono::steady_clock::time_point(mono_);
}

void SimulatedClock::SleepFor(std::chrono::nanoseconds d) const {
  std::lock_guard lock(mu_);
  wall_ += d.count();
  mono_ += d;
}

void SimulatedClock::Advance(std::chrono::nanoseconds d) { SleepFor(d); }

}  // namespace anninh
