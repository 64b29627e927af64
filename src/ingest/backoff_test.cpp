#include "ingest/backoff.h"

#include <gtest/gtest.h>

namespace anninh::ingest {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DoublesWithJitterUpToTheCap) {
  Backoff b(milliseconds(1000), milliseconds(8000), 42);
  const double bases[] = {1000, 2000, 4000, 8000, 8000, 8000};
  for (double base : bases) {
    auto d = b.Next().count();
    EXPECT_GE(d, base * 0.8);
    EXPECT_LE(d, std::min(base * 1.2, 8000.0));
  }
  b.Reset();
  EXPECT_LE(b.Next().count(), 1200);
}

TEST(BackoffTest, DifferentSeedsSpreadRetries) {
  Backoff a(milliseconds(1000), milliseconds(30000), 1);
  Backoff b(milliseconds(1000), milliseconds(30000), 2);
  int same = 0;
  for (int i = 0; i < 5; ++i) same += a.Next() == b.Next();
  EXPECT_LT(same, 5);
}

}  // namespace
}  // namespace anninh::ingest
