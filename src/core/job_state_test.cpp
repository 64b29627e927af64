#include "core/job_state.h"

#include <gtest/gtest.h>

#include <set>

namespace anninh {
namespace {

TEST(JobState, NamesAndFinishedStates) {
  EXPECT_EQ(ToString(JobState::kQueued), "queued");
  EXPECT_EQ(ToString(JobState::kCancelled), "cancelled");
  EXPECT_FALSE(IsFinished(JobState::kQueued));
  EXPECT_FALSE(IsFinished(JobState::kRunning));
  EXPECT_TRUE(IsFinished(JobState::kDone));
  EXPECT_TRUE(IsFinished(JobState::kFailed));
  EXPECT_TRUE(IsFinished(JobState::kCancelled));
}

TEST(JobState, IdsAreSixteenHexDigitsAndDoNotRepeat) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewJobId();
    ASSERT_EQ(id.size(), 16u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace anninh
