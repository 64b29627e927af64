// The award flow: every allowed step goes through, every other is refused with its reason,
// and each step checks what it needs.
#include "awards/flow.h"

#include <gtest/gtest.h>

namespace anninh::awards {
namespace {

Step Full(AwardStatus to) {
  Step s;
  s.to = to;
  s.note = "lý do";
  s.decision_no = "123/QĐ-BCA";
  s.decision_date = "2025-08-01";
  s.signer = "Bộ trưởng";
  s.issuing_body = "Bộ Công an";
  return s;
}

TEST(AwardFlow, OnlyTheStepsOfTheFlowAreAllowed) {
  constexpr AwardStatus all[] = {AwardStatus::kProposed, AwardStatus::kReviewed,   AwardStatus::kRejected,
                                 AwardStatus::kDecided,  AwardStatus::kHandedOver, AwardStatus::kRevoked};
  const std::set<std::pair<AwardStatus, AwardStatus>> allowed = {
      {AwardStatus::kProposed, AwardStatus::kReviewed},  {AwardStatus::kProposed, AwardStatus::kRejected},
      {AwardStatus::kReviewed, AwardStatus::kDecided},   {AwardStatus::kReviewed, AwardStatus::kRejected},
      {AwardStatus::kDecided, AwardStatus::kHandedOver}, {AwardStatus::kDecided, AwardStatus::kRevoked},
      {AwardStatus::kHandedOver, AwardStatus::kRevoked},
  };
  for (AwardStatus from : all) {
    for (AwardStatus to : all) {
      auto s = CheckStep(from, Full(to));
      EXPECT_EQ(s.has_value(), allowed.count({from, to}) == 1) << ToString(from) << " -> " << ToString(to);
      if (!s) {
        EXPECT_EQ(s.error().code(), ErrorCode::kFailedPrecondition);
      }
    }
  }
}

TEST(AwardFlow, RefusalsSayWhyInBothLanguages) {
  auto s = CheckStep(AwardStatus::kProposed, Full(AwardStatus::kDecided));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("đề nghị phải được thẩm định trước khi quyết định"), std::string::npos);
  EXPECT_NE(s.error().message().find("a proposal is reviewed before it is decided"), std::string::npos);
  auto revoked = CheckStep(AwardStatus::kRevoked, Full(AwardStatus::kHandedOver));
  ASSERT_FALSE(revoked);
  EXPECT_NE(revoked.error().message().find("final"), std::string::npos);
}

TEST(AwardFlow, EachStepNeedsItsFields) {
  const struct {
    AwardStatus from, to;
    void (*strip)(Step&);
    const char* field;
  } cases[] = {
      {AwardStatus::kReviewed, AwardStatus::kDecided, [](Step& s) { s.decision_no.clear(); }, "decision_no"},
      {AwardStatus::kReviewed, AwardStatus::kDecided, [](Step& s) { s.decision_date = "2025-02-30"; }, "decision_date"},
      {AwardStatus::kReviewed, AwardStatus::kDecided, [](Step& s) { s.signer.clear(); }, "signer"},
      {AwardStatus::kReviewed, AwardStatus::kDecided, [](Step& s) { s.issuing_body.clear(); }, "issuing_body"},
      {AwardStatus::kProposed, AwardStatus::kRejected, [](Step& s) { s.note.clear(); }, "note"},
      {AwardStatus::kHandedOver, AwardStatus::kRevoked, [](Step& s) { s.note.clear(); }, "note"},
      {AwardStatus::kDecided, AwardStatus::kRevoked, [](Step& s) { s.decision_no.clear(); }, "decision_no"},
      {AwardStatus::kDecided, AwardStatus::kHandedOver, [](Step& s) { s.on_date = "19/08/2025"; }, "on_date"},
  };
  for (const auto& c : cases) {
    Step s = Full(c.to);
    c.strip(s);
    auto r = CheckStep(c.from, s);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(r.error().field(), c.field);
  }
}

}  // namespace
}  // namespace anninh::awards
