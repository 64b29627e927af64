// Mediation cases: the rules a case keeps, and the roll-up of "handled" and "reconciled"
// across the 01/07/2025 merge (the cases of both old communes count under the new one).
#include "movement/mediation.h"

#include <gtest/gtest.h>

#include "movement/dates.h"
#include "movement/movement_world_test.h"
#include "movement/reports.h"

namespace anninh::movement {
namespace {

class MediationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    w_.Merge();
    // Today: 15/01/2026, after the year's tổng kết period.
    w_.clock.Advance(std::chrono::nanoseconds(VietnamMidnight("2026-01-15") - w_.clock.Now()));
    dong_ = w_.ActiveModel("Tổ hòa giải thôn Đông", "90001.01", "2025-01-10", "tu_hoa_giai");
    bac_ = w_.ActiveModel("Tổ hòa giải thôn Bắc", "90002.01", "2025-01-10", "tu_hoa_giai");
  }

  MediationCase Case(const Model& m, const std::string& received, const std::string& outcome,
                     const std::string& closed) {
    auto made = mediation_.Add("hoa", {0, m.id, received, "Tranh chấp lối đi chung", outcome, closed, "", ""});
    EXPECT_TRUE(made) << made.error().ToString();
    return made.value_or(MediationCase{});
  }

  MovementWorld w_;
  Mediation mediation_{*w_.db, w_.clock};
  Model dong_, bac_;
};

TEST_F(MediationTest, ACaseIsReceivedAndClosedWithItsOutcomeAndNoNames) {
  MediationCase c = Case(dong_, "2025-03-02", "pending", "");
  EXPECT_EQ(c.outcome, "pending");
  auto closed = mediation_.Update("hoa", dong_.id, c.id, {std::nullopt, "reconciled", "2025-03-20", std::nullopt});
  ASSERT_TRUE(closed) << closed.error().ToString();
  EXPECT_EQ(closed->closed_on, "2025-03-20");
  EXPECT_EQ(mediation_.ForModel(dong_.id).value().size(), 1u);
  EXPECT_EQ(mediation_.ForModel(dong_.id).value()[0].outcome, "reconciled");
  // Reopened (a correction): pending again, without its date.
  auto reopened = mediation_.Update("hoa", dong_.id, c.id, {std::nullopt, "pending", std::nullopt, std::nullopt});
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->closed_on, "");

  // The table has no column for a party's or a mediator's name.
  auto st = w_.db->Prepare("SELECT name FROM pragma_table_info('mediation_case')");
  ASSERT_TRUE(st);
  while (st->Step().value()) {
    const std::string col = st->Text(0);
    EXPECT_EQ(col.find("name"), std::string::npos) << col;
    EXPECT_EQ(col.find("part"), std::string::npos) << col;
  }
}

TEST_F(MediationTest, BadInputIsRefusedWithTheFieldAndChangesNothing) {
  MediationCase c = Case(dong_, "2025-03-02", "pending", "");
  auto add = [&](const std::string& received, const std::string& subject, const std::string& outcome,
                 const std::string& closed) {
    return mediation_.Add("hoa", {0, dong_.id, received, subject, outcome, closed, "", ""});
  };
  EXPECT_EQ(add("2025-03-02", "  ", "pending", "").error().field(), "subject");
  EXPECT_EQ(add("02/03/2025", "x", "pending", "").error().field(), "received_on");
  EXPECT_EQ(add("2026-02-01", "x", "pending", "").error().field(), "received_on");  // the future
  EXPECT_EQ(add("2024-12-01", "x", "pending", "").error().field(), "received_on");  // before the model
  EXPECT_EQ(add("2025-03-02", "x", "thanh", "2025-03-05").error().field(), "outcome");
  EXPECT_EQ(add("2025-03-02", "x", "reconciled", "").error().field(), "closed_on");
  EXPECT_EQ(add("2025-03-02", "x", "pending", "2025-03-05").error().field(), "closed_on");
  EXPECT_EQ(add("2025-03-02", "x", "reconciled", "2025-03-01").error().field(), "closed_on");
  EXPECT_EQ(mediation_.Update("hoa", dong_.id, c.id, {std::nullopt, "withdrawn", "2025-02-01", std::nullopt})
                .error()
                .field(),
            "closed_on");
  // Only a mediation model records cases; another model's case is not found through this one.
  auto other = w_.ActiveModel("Tự quản thôn Đông", "90001.01", "2025-01-10");
  EXPECT_EQ(mediation_.Add("hoa", {0, other.id, "2025-03-02", "x", "pending", "", "", ""}).error().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(mediation_.Add("hoa", {0, 999, "2025-03-02", "x", "pending", "", "", ""}).error().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(mediation_.Update("hoa", bac_.id, c.id, {"x", std::nullopt, std::nullopt, std::nullopt}).error().code(),
            ErrorCode::kNotFound);
  auto kept = mediation_.ForModel(dong_.id).value();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].outcome, "pending");
  EXPECT_EQ(kept[0].subject, "Tranh chấp lối đi chung");
}

TEST_F(MediationTest, HandledAndReconciledRollUpAcrossTheMerge) {
  // Xã An Ninh (thôn Đông): two closed in H1, one reconciled; one closed in Q3.
  Case(dong_, "2025-02-01", "reconciled", "2025-02-20");
  Case(dong_, "2025-03-01", "not_reconciled", "2025-04-10");
  Case(dong_, "2025-08-01", "reconciled", "2025-08-15");
  // Xã Tây Ninh (thôn Bắc): one withdrawn in H1; in Q3 one transferred and one reconciled;
  // one received in H1 and closed in Q3 counts in Q3; one still pending counts nowhere.
  Case(bac_, "2025-05-01", "withdrawn", "2025-05-03");
  Case(bac_, "2025-06-20", "reconciled", "2025-07-02");
  Case(bac_, "2025-09-01", "transferred", "2025-09-05");
  Case(bac_, "2025-09-10", "pending", "");

  // Before the merge: each old commune, and their province, on the old structure.
  auto an_ninh = RollUp(*w_.db, "90001", "2025-06-30", "2025-H1").value();
  EXPECT_EQ(an_ninh.from, "2025-01-01");
  EXPECT_EQ(an_ninh.unit.totals.mediation_handled, 2);
  EXPECT_EQ(an_ninh.unit.totals.mediation_reconciled, 1);
  auto tay_ninh = RollUp(*w_.db, "90002", "2025-06-30", "2025-H1").value();
  EXPECT_EQ(tay_ninh.unit.totals.mediation_handled, 1);
  EXPECT_EQ(tay_ninh.unit.totals.mediation_reconciled, 0);
  auto thai_binh = RollUp(*w_.db, "34", "2025-06-30", "2025-H1").value();
  EXPECT_EQ(thai_binh.unit.totals.mediation_handled, 3);
  EXPECT_EQ(thai_binh.unit.totals.mediation_reconciled, 1);
  EXPECT_EQ(thai_binh.children[0].totals.mediation_handled, 3);  // Huyện Tiền Hải

  // After it: both villages' cases under Xã Tiền Hải and Hưng Yên, each village a child.
  auto tien_hai = RollUp(*w_.db, "12970", "2025-09-30", "2025-Q3").value();
  EXPECT_EQ(tien_hai.unit.totals.mediation_handled, 3);
  EXPECT_EQ(tien_hai.unit.totals.mediation_reconciled, 2);
  const auto child = [&](const std::string& code) {
    for (const UnitTotals& c : tien_hai.children) {
      if (c.unit.code == code) return c.totals;
    }
    ADD_FAILURE() << "no child " << code;
    return Totals{};
  };
  EXPECT_EQ(child("90001.01").mediation_handled, 1);
  EXPECT_EQ(child("90002.01").mediation_handled, 2);
  EXPECT_EQ(child("90002.01").mediation_reconciled, 1);
  // The year, drawn on today's structure: every case of both old communes, H1 included.
  auto year = RollUp(*w_.db, "33", "2025-12-31", "2025-Y").value();
  EXPECT_EQ(year.unit.totals.mediation_handled, 6);
  EXPECT_EQ(year.unit.totals.mediation_reconciled, 3);
  // No period: the year to date; or from a given day.
  EXPECT_EQ(RollUp(*w_.db, "12970", "2025-09-30", "").value().unit.totals.mediation_handled, 6);
  EXPECT_EQ(RollUp(*w_.db, "12970", "2025-09-30", "", "2025-09-01").value().unit.totals.mediation_handled, 1);
  EXPECT_EQ(RollUp(*w_.db, "12970", "2025-09-30", "", "2025-10-01").error().field(), "from");
}

}  // namespace
}  // namespace anninh::movement
