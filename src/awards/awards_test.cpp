// Proposals against the register: the medal's check at proposal (refused with the reason,
// nothing stored), the flow's steps, revocation dropping out of counts and staying in
// history, collectives' history, and the rule chosen by the proposal date from the table.
#include "awards/awards.h"

#include <gtest/gtest.h>

#include "awards/awards_world_test.h"
#include "store/sqlite/database.h"

namespace anninh::awards {
namespace {

class AwardsTest : public ::testing::Test {
 protected:
  AwardsWorld w_;
};

TEST_F(AwardsTest, TheCatalogueHoldsTheFiveFormsAndGrows) {
  auto forms = w_.awards.Forms().value();
  ASSERT_EQ(forms.size(), 5u);
  EXPECT_EQ(forms.back().code, "knc_bv_antq");
  EXPECT_TRUE(forms.back().medal);
  EXPECT_EQ(forms.back().recipients, "person");
  ASSERT_TRUE(w_.awards.AddForm({"co_thi_dua_bca", "Cờ thi đua của Bộ Công an", "Bộ Công an", "collective", false}));
  EXPECT_EQ(w_.awards.Forms().value().size(), 6u);
  EXPECT_EQ(w_.awards.AddForm({"co_thi_dua_bca", "x", "y", "both", false}).error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(w_.awards.AddForm({"Bad Code", "x", "y", "both", false}).error().field(), "code");
}

TEST_F(AwardsTest, AMedalProposalThatFailsEligibilityIsRefusedWithTheReasonAndNothingStored) {
  const auto short_service = w_.TeamMember("Phạm Văn Nam", "nam", "2018-01-01");
  auto refused = w_.awards.Propose("t", w_.Medal(short_service.id));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message().find("cần từ 15 năm trở lên (20/2025/TT-BCA)"), std::string::npos)
      << refused.error().message();
  EXPECT_TRUE(w_.awards.List({}, movement::UnitScope{true, {}}).value().empty());

  // Earlier dân phòng service, in an island area, counted double: 2008-2012 → 8 years.
  ASSERT_TRUE(w_.awards.AddService("t", {0, short_service.id, "dan_phong", "Đội dân phòng", "2008-06-01",
                                         "2012-06-01", true}));
  auto ok = w_.awards.Propose("t", w_.Medal(short_service.id));
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->status, AwardStatus::kProposed);
  EXPECT_NE(ok->eligibility.find("\"verdict\":\"eligible\""), std::string::npos) << ok->eligibility;
  EXPECT_NE(ok->eligibility.find("20/2025/TT-BCA"), std::string::npos);
  EXPECT_EQ(ok->recipient.name, "Phạm Văn Nam");

  // Once per person: a second proposal is refused while the first stands.
  auto again = w_.awards.Propose("t", w_.Medal(short_service.id));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message().find("once per person"), std::string::npos);
}

TEST_F(AwardsTest, AnOpenComplaintDefersTheMedalUntilClosed) {
  const auto p = w_.TeamMember("Lê Thị Hoa", "nu", "2012-01-01");
  auto hold = w_.awards.AddHold("t", {0, p.id, "complaint", "2025-05-01", "", "đơn khiếu nại"}).value();
  auto deferred = w_.awards.Propose("t", w_.Medal(p.id, "2025-06-01"));
  ASSERT_FALSE(deferred);
  EXPECT_NE(deferred.error().message().find("Tạm hoãn"), std::string::npos) << deferred.error().message();
  ASSERT_TRUE(w_.awards.CloseHold(p.id, hold.id, "2025-06-10"));
  EXPECT_TRUE(w_.awards.Propose("t", w_.Medal(p.id, "2025-06-12")));
}

TEST_F(AwardsTest, TheRuleInTheTableForTheProposalDateDecides) {
  // A commune chairman (steering committee head) for 7 years, commended once before.
  auto p = w_.people.Create({0, "Nguyễn Văn Chủ", 1965, "nam", "90001", ""}).value();
  ASSERT_TRUE(w_.people.AddPosition({0, p.id, "committee_head", "", 0, "2018-01-01", ""}));
  w_.Decided(w_.CommuneCertificate(p.id, "90001", "2024-01-05"), "2024-01-20");
  // TT 11/2021 (5 years) was in force on 27/04/2025; TT 20/2025 (10 years) from 28/04/2025.
  EXPECT_EQ(w_.awards.CheckMedal(p.id, "2025-04-27").value().verdict, Verdict::kEligible);
  auto now = w_.awards.CheckMedal(p.id, "2025-04-28").value();
  EXPECT_EQ(now.verdict, Verdict::kIneligible);
  EXPECT_EQ(now.circular, "20/2025/TT-BCA");
  // The next circular is a data change: a row, no code.
  ASSERT_TRUE(w_.db->Exec("UPDATE medal_rule SET effective_to = '2026-01-01' WHERE circular = '20/2025/TT-BCA'; "
                          "INSERT INTO medal_rule VALUES ('99/2025/TT-BCA', '2026-01-01', '', 7, 15, 10, 2, 'leader', "
                          "'security_team', 1, 'discipline')"));
  auto next = w_.awards.CheckMedal(p.id, "2026-01-01").value();
  EXPECT_EQ(next.circular, "99/2025/TT-BCA");
  EXPECT_EQ(next.verdict, Verdict::kEligible);
  EXPECT_EQ(w_.awards.CheckMedal(p.id, "2020-01-01").error().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(AwardsTest, RevocationDropsOutOfCountsAndStaysInHistory) {
  const auto p = w_.TeamMember("Trần Văn Hải", "nam", "2005-01-01");
  Award medal = w_.Decided(w_.Medal(p.id), "2025-06-10");
  w_.Decided(w_.CommuneCertificate(p.id, "90001.01", "2025-06-02"), "2025-06-11");
  auto counts = w_.awards.Count("34", "2025-01-01", "2025-06-30").value();
  EXPECT_EQ(counts["knc_bv_antq"], 1);
  EXPECT_EQ(counts["gk_chu_tich_ubnd_xa"], 1);

  Step revoke;
  revoke.to = AwardStatus::kRevoked;
  revoke.on_date = "2025-06-20";
  revoke.note = "khai man thành tích";
  revoke.decision_no = "77/QĐ-BCA";
  auto revoked = w_.awards.Transition("t", medal.id, revoke);
  ASSERT_TRUE(revoked) << revoked.error().ToString();
  EXPECT_EQ(revoked->revoke_reason, "khai man thành tích");
  counts = w_.awards.Count("34", "2025-01-01", "2025-06-30").value();
  EXPECT_EQ(counts.count("knc_bv_antq"), 0u);
  EXPECT_EQ(counts["gk_chu_tich_ubnd_xa"], 1);

  auto history = w_.awards.History({"person", p.id, 0, "", "", ""}).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].status, AwardStatus::kRevoked);
  EXPECT_EQ(history[0].decision_no, "1234/QĐ-BCA");
  EXPECT_EQ(history[1].status, AwardStatus::kDecided);
  auto steps = w_.awards.Steps(medal.id).value();
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps.back().status, "revoked");
  // A revoked award is final, and no longer blocks the once-only rule.
  EXPECT_EQ(w_.awards.Transition("t", medal.id, revoke).error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(w_.awards.Propose("t", w_.Medal(p.id, "2025-06-21")));
}

TEST_F(AwardsTest, StepsMayNotGoBackInTimeOrSkip) {
  const auto p = w_.TeamMember("Đỗ Văn Bình", "nam", "2005-01-01");
  auto a = w_.awards.Propose("t", w_.Medal(p.id)).value();
  Step decide;
  decide.to = AwardStatus::kDecided;
  decide.decision_no = "1/QĐ";
  decide.decision_date = "2025-06-05";
  decide.signer = "x";
  decide.issuing_body = "y";
  auto skip = w_.awards.Transition("t", a.id, decide);
  ASSERT_FALSE(skip);
  EXPECT_EQ(skip.error().code(), ErrorCode::kFailedPrecondition);
  Step review;
  review.to = AwardStatus::kReviewed;
  review.on_date = "2025-05-01";
  EXPECT_EQ(w_.awards.Transition("t", a.id, review).error().field(), "on_date");
  EXPECT_EQ(w_.awards.Get(a.id).value()->status, AwardStatus::kProposed);
  EXPECT_EQ(w_.awards.Transition("t", 999, review).error().code(), ErrorCode::kNotFound);
}

TEST_F(AwardsTest, CollectivesHaveTheirOwnHistory) {
  auto model = w_.ActiveModel("Tự quản thôn Đông", "90001.01", "2024-01-10");
  Award bk;
  bk.form_code = "bk_chu_tich_ubnd_tinh";
  bk.recipient.kind = "model";
  bk.recipient.model_id = model.id;
  bk.proposing_unit = "90001";
  bk.achievement = "Mô hình tiêu biểu";
  bk.period = "2024-2025";
  bk.proposed_on = "2025-06-01";
  ASSERT_TRUE(w_.awards.Propose("t", bk));
  Award team = bk;
  team.recipient = {"team", 0, 0, "90001.02", "Tổ bảo vệ ANTT thôn Tây", ""};
  ASSERT_TRUE(w_.awards.Propose("t", team));
  Award unit = bk;
  unit.recipient = {"unit", 0, 0, "90002", "", ""};
  ASSERT_TRUE(w_.awards.Propose("t", unit));
  EXPECT_EQ(w_.awards.History({"model", 0, model.id, "", "", ""}).value().at(0).recipient.name, "Tự quản thôn Đông");
  auto teams = w_.awards.History({"team", 0, 0, "90001.02", "Tổ bảo vệ ANTT thôn Tây", ""}).value();
  ASSERT_EQ(teams.size(), 1u);
  EXPECT_EQ(w_.awards.History({"unit", 0, 0, "90002", "", ""}).value().at(0).recipient.name, "Xã Tây Ninh");
  // The medal is for individuals only.
  Award wrong = team;
  wrong.form_code = "knc_bv_antq";
  EXPECT_EQ(w_.awards.Propose("t", wrong).error().field(), "recipient.kind");
}

TEST_F(AwardsTest, ListsAreScopedByTheProposingUnit) {
  const auto p = w_.TeamMember("Vũ Văn Xa", "nam", "2005-01-01");
  ASSERT_TRUE(w_.awards.Propose("t", w_.Medal(p.id)));
  movement::UnitScope village{false, {"90002.01"}};
  EXPECT_TRUE(w_.awards.List({}, village).value().empty());
  movement::UnitScope commune{false, {"90001"}};
  EXPECT_EQ(w_.awards.List({}, commune).value().size(), 1u);
}

}  // namespace
}  // namespace anninh::awards
