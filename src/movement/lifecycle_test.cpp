#include "movement/lifecycle.h"

#include <gtest/gtest.h>

namespace anninh::movement {
namespace {

TransitionRequest To(ModelStatus s) {
  TransitionRequest t;
  t.to = s;
  t.decision_no = "5/QĐ-UBND";
  t.decision_date = "2025-03-01";
  t.decision_issuer = "UBND xã";
  t.reason = "hoạt động kém hiệu quả";
  t.spawned = {7};
  return t;
}

TEST(LifecycleTest, AllowedStepsPass) {
  using S = ModelStatus;
  const std::pair<S, S> allowed[] = {{S::kProposed, S::kLaunched},     {S::kProposed, S::kRetired},
                                     {S::kLaunched, S::kActive},       {S::kActive, S::kUnderReview},
                                     {S::kUnderReview, S::kActive},    {S::kUnderReview, S::kReplicated},
                                     {S::kUnderReview, S::kRetired},   {S::kReplicated, S::kUnderReview}};
  for (auto [from, to] : allowed) {
    EXPECT_TRUE(CheckTransition(from, To(to))) << ToString(from) << " -> " << ToString(to);
  }
}

TEST(LifecycleTest, RefusedStepsSayWhyInBothLanguages) {
  auto r = CheckTransition(ModelStatus::kProposed, To(ModelStatus::kActive));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message().find("mô hình phải được ra mắt trước"), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("cannot go from proposed to active: a model must be launched first"),
            std::string::npos)
      << r.error().message();

  auto skip = CheckTransition(ModelStatus::kActive, To(ModelStatus::kRetired));
  ASSERT_FALSE(skip);
  EXPECT_NE(skip.error().message().find("reviewed (under_review) before"), std::string::npos);
  auto final_state = CheckTransition(ModelStatus::kRetired, To(ModelStatus::kActive));
  ASSERT_FALSE(final_state);
  EXPECT_NE(final_state.error().message().find("a retired model's status is final"), std::string::npos);

  // Every pair not in the list is refused.
  int refused = 0;
  for (int f = 0; f < 6; ++f) {
    for (int t = 0; t < 6; ++t) {
      if (!CheckTransition(static_cast<ModelStatus>(f), To(static_cast<ModelStatus>(t)))) ++refused;
    }
  }
  EXPECT_EQ(refused, 36 - 8);
}

TEST(LifecycleTest, StepsNeedTheirDecisions) {
  TransitionRequest launch = To(ModelStatus::kLaunched);
  launch.decision_no.clear();
  EXPECT_EQ(CheckTransition(ModelStatus::kProposed, launch).error().field(), "decision_no");
  launch = To(ModelStatus::kLaunched);
  launch.decision_date = "hôm qua";
  EXPECT_EQ(CheckTransition(ModelStatus::kProposed, launch).error().field(), "decision_date");
  TransitionRequest retire = To(ModelStatus::kRetired);
  retire.reason.clear();
  EXPECT_EQ(CheckTransition(ModelStatus::kUnderReview, retire).error().field(), "reason");
  TransitionRequest replicate = To(ModelStatus::kReplicated);
  replicate.spawned.clear();
  EXPECT_EQ(CheckTransition(ModelStatus::kUnderReview, replicate).error().field(), "spawned");
}

}  // namespace
}  // namespace anninh::movement
