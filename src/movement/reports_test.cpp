// Roll-ups across the 01/07/2025 merge: the same models report under the old commune and
// province before it and under the new ones after, with statuses and evaluations as of
// the date asked.
#include "movement/reports.h"

#include <gtest/gtest.h>

#include "movement/movement_world_test.h"

namespace anninh::movement {
namespace {

const UnitTotals* Child(const Rollup& r, const std::string& code) {
  for (const UnitTotals& c : r.children) {
    if (c.unit.code == code) return &c;
  }
  return nullptr;
}

class ReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    w_.Merge();
    dong_ = w_.ActiveModel("Tự quản thôn Đông", "90001.01", "2025-01-10");
    bac_ = w_.ActiveModel("Camera thôn Bắc", "90002.01", "2025-02-01", "camera");
    ASSERT_TRUE(w_.models.SetCameras(bac_.id, {"cho", "cong"}, "2025-02-01"));
    w_.ActiveModel("Tự hòa giải Tiền Hải", "12970", "2025-08-10", "tu_hoa_giai");
    auto p = w_.people.Create({0, "Trần Văn Hải", 1970, "nam", "90001.01", ""}).value();
    ASSERT_TRUE(w_.people.AddPosition({0, p.id, "model_leader", "", dong_.id, "2025-01-10", ""}));
    auto q = w_.people.Create({0, "Lê Thị Hoa", 1980, "nu", "90001.01", ""}).value();
    ASSERT_TRUE(w_.people.AddPosition({0, q.id, "model_member", "", dong_.id, "2025-01-10", "2025-09-01"}));
    Evaluation e;
    e.model_id = bac_.id;
    e.period = "2025-H1";
    e.scores = {{"to_chuc", 10}, {"hieu_qua", 10}, {"nhan_dan", 10}};
    ASSERT_TRUE(w_.evaluations.Record("t", e));
    // Retired on 01/10/2025 after review.
    TransitionRequest review;
    review.to = ModelStatus::kUnderReview;
    review.on_date = "2025-09-20";
    ASSERT_TRUE(w_.models.Transition("t", bac_.id, review));
    TransitionRequest retire;
    retire.to = ModelStatus::kRetired;
    retire.on_date = "2025-10-01";
    retire.reason = "camera hỏng, không duy trì";
    retire.decision_no = "50/QĐ-BCĐ";
    ASSERT_TRUE(w_.models.Transition("t", bac_.id, retire));
  }

  MovementWorld w_;
  Model dong_, bac_;
};

TEST_F(ReportsTest, BeforeTheMergeModelsRollUpToTheOldUnits) {
  auto province = RollUp(*w_.db, "34", "2025-06-15", "").value();
  EXPECT_EQ(province.unit.unit.name, "Tỉnh Thái Bình");
  EXPECT_EQ(province.unit.totals.models, 2);
  EXPECT_EQ(province.unit.totals.points, 4);
  EXPECT_EQ(province.unit.totals.teams, 6);
  EXPECT_EQ(province.unit.totals.members, 2);
  EXPECT_EQ(province.unit.totals.by_type.at("camera"), 1);
  ASSERT_EQ(province.children.size(), 1u);
  EXPECT_EQ(province.children[0].unit.code, "345");
  EXPECT_EQ(province.children[0].totals.models, 2);

  auto an_ninh = RollUp(*w_.db, "90001", "2025-06-15", "").value();
  EXPECT_EQ(an_ninh.unit.totals.models, 1);
  ASSERT_EQ(an_ninh.children.size(), 2u);
  EXPECT_EQ(an_ninh.children[0].unit.name, "Thôn Đông");  // vi order: Đông before Tây
  EXPECT_EQ(an_ninh.children[0].totals.models, 1);
  EXPECT_EQ(an_ninh.children[1].totals.models, 0);

  EXPECT_EQ(RollUp(*w_.db, "33", "2025-06-15", "").value().unit.totals.models, 0);
  EXPECT_EQ(RollUp(*w_.db, "12970", "2025-06-15", "").error().code(), ErrorCode::kNotFound);
}

TEST_F(ReportsTest, AfterTheMergeTheSameModelsRollUpToTheNewUnits) {
  auto commune = RollUp(*w_.db, "12970", "2025-09-25", "").value();
  EXPECT_EQ(commune.unit.totals.models, 3);
  EXPECT_EQ(commune.unit.totals.by_status.at("active"), 2);
  EXPECT_EQ(commune.unit.totals.by_status.at("under_review"), 1);
  EXPECT_EQ(commune.unit.totals.members, 1);  // Hoa left on 01/09
  EXPECT_EQ(commune.unit.totals.evaluations.at("yeu"), 1);
  // The old communes' villages are the new commune's children now.
  ASSERT_NE(Child(commune, "90001.01"), nullptr);
  ASSERT_NE(Child(commune, "90002.01"), nullptr);
  EXPECT_EQ(Child(commune, "90001.01")->totals.models, 1);
  EXPECT_EQ(Child(commune, "90002.01")->totals.models, 1);
  EXPECT_EQ(commune.children.size(), 3u);
  // The camera model's cameras count where the model does, while it is not retired.
  EXPECT_EQ(commune.unit.totals.cameras, (std::set<std::string>{"cho", "cong"}));
  EXPECT_EQ(Child(commune, "90002.01")->totals.cameras.size(), 2u);
  EXPECT_TRUE(Child(commune, "90001.01")->totals.cameras.empty());

  auto province = RollUp(*w_.db, "33", "2025-09-25", "").value();
  EXPECT_EQ(province.unit.totals.models, 3);
  ASSERT_EQ(province.children.size(), 1u);
  EXPECT_EQ(province.children[0].unit.code, "12970");
  EXPECT_EQ(RollUp(*w_.db, "34", "2025-09-25", "").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(RollUp(*w_.db, "90001", "2025-09-25", "").error().code(), ErrorCode::kNotFound);

  // After the retirement: counted by status, not among the models, points or teams.
  auto later = RollUp(*w_.db, "33", "2025-10-15", "").value();
  EXPECT_EQ(later.unit.totals.models, 2);
  EXPECT_EQ(later.unit.totals.by_status.at("retired"), 1);
  EXPECT_EQ(later.unit.totals.points, 4);
  EXPECT_EQ(later.unit.totals.by_type.count("camera"), 0u);
  EXPECT_TRUE(later.unit.totals.cameras.empty());
  // A period's evaluations, asked by name.
  EXPECT_EQ(RollUp(*w_.db, "33", "2025-10-15", "2025-H1").value().unit.totals.evaluations.at("yeu"), 1);
  EXPECT_EQ(RollUp(*w_.db, "33", "2025-10-15", "2025-H2").value().unit.totals.evaluations.size(), 0u);
  EXPECT_EQ(RollUp(*w_.db, "33", "hôm nay", "").error().field(), "as_of");
}

}  // namespace
}  // namespace anninh::movement
