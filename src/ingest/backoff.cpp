#include "ingest/backoff.h"

#include <algorithm>

namespace anninh::ingest {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max,
                 std::uint32_t seed)
    : initial_(initial), max_(std::max(max, initial)), rng_(seed) {}

std::chrono::milliseconds Backoff::Next() {
  double base = static_cast<double>(initial_.count());
  for (int i = 0; i < attempt_ && base < static_cast<double>(max_.count()); ++i) base *= 2;
  base = std::min(base, static_cast<double>(max_.count()));
  ++attempt_;
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  double ms = std::min(base * jitter(rng_), static_cast<double>(max_.count()));
  return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

}  // namespace anninh::ingest
