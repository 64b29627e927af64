// Delays between webhook attempts: exponential from `initial`, capped at `max`, with
// "equal jitter" (half the delay fixed, half random), so the alerts of one incident that
// failed together do not hit the recovering endpoint in step, yet each wait is at least
// half the nominal one.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

#include "alerts/options.h"

namespace anninh::alerts {

class RetryDelay {
 public:
  RetryDelay(const RetryOptions& options, std::uint32_t seed) : options_(options), rng_(seed) {}
  // The wait before retry number `retry` (1 = the wait after the first failure).
  std::chrono::milliseconds Before(int retry);

 private:
  RetryOptions options_;
  std::mt19937 rng_;
};

}  // namespace anninh::alerts
