#include "alerts/retry_delay.h"

#include <algorithm>

namespace anninh::alerts {

std::chrono::milliseconds RetryDelay::Before(int retry) {
  const std::int64_t initial = std::max<std::int64_t>(1, options_.initial.count());
  const std::int64_t cap = std::max<std::int64_t>(initial, options_.max.count());
  std::int64_t nominal = initial;
  for (int i = 1; i < retry && nominal < cap; ++i) nominal *= 2;
  nominal = std::min(nominal, cap);
  std::uniform_int_distribution<std::int64_t> half(0, nominal / 2);
  return std::chrono::milliseconds(nominal - nominal / 2 + half(rng_));
}

}  // namespace anninh::alerts
