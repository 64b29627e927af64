// Waiting in tests for something another thread or process does, with a deadline (a test
// that waits forever cannot fail).
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace anninh::testing {

// Polls `condition` every `poll` until it holds or `timeout` passes; its last answer.
inline bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                      std::chrono::milliseconds poll = std::chrono::milliseconds(100)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(poll);
  }
  return condition();
}

}  // namespace anninh::testing
