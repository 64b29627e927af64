// Reconnect delays: exponential from `initial` to `max`, each with +-20% jitter so a
// village's cameras that fail together (a power cut) do not all retry in step.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace anninh::ingest {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max, std::uint32_t seed);

  // The delay before the next attempt; each call doubles the base up to `max`.
  std::chrono::milliseconds Next();
  // After a connection that worked: start again from `initial`.
  void Reset() { attempt_ = 0; }
  int attempt() const { return attempt_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  int attempt_ = 0;
  std::mt19937 rng_;
};

}  // namespace anninh::ingest
