#include "alerts/retry_delay.h"

#include <set>

#include <gtest/gtest.h>

namespace anninh::alerts {
namespace {

using std::chrono::milliseconds;

TEST(RetryDelayTest, DoublesWithEqualJitterUpToTheCap) {
  RetryOptions o;
  o.initial = milliseconds(100);
  o.max = milliseconds(1'000);
  RetryDelay d(o, 1);
  for (int round = 0; round < 50; ++round) {
    const std::int64_t nominal[] = {100, 200, 400, 800, 1000, 1000};
    for (int retry = 1; retry <= 6; ++retry) {
      const auto wait = d.Before(retry).count();
      EXPECT_GE(wait, nominal[retry - 1] / 2) << "retry " << retry;
      EXPECT_LE(wait, nominal[retry - 1]) << "retry " << retry;
    }
  }
}

TEST(RetryDelayTest, JitterSpreadsTheWaits) {
  RetryOptions o;
  o.initial = milliseconds(1'000);
  RetryDelay d(o, 7);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 20; ++i) seen.insert(d.Before(1).count());
  EXPECT_GT(seen.size(), 10u);
}

}  // namespace
}  // namespace anninh::alerts
