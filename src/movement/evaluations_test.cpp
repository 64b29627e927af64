// Scoring, classes, and weak models flagged over consecutive periods.
#include "movement/evaluations.h"

#include <gtest/gtest.h>

#include "movement/movement_world_test.h"

namespace anninh::movement {
namespace {

Evaluation Scored(std::int64_t model, const std::string& period, int to_chuc, int hieu_qua, int nhan_dan) {
  Evaluation e;
  e.model_id = model;
  e.period = period;
  e.scores = {{"to_chuc", to_chuc}, {"hieu_qua", hieu_qua}, {"nhan_dan", nhan_dan}};
  return e;
}

TEST(EvaluationsTest, WeightedScoreDecidesTheClass) {
  MovementWorld w;
  Model m = w.ActiveModel("Tự quản thôn Đông", "90001.01", "2024-01-10");
  // 0.3*90 + 0.5*80 + 0.2*70 = 81 -> tốt (>= 80)
  auto good = w.evaluations.Record("lan", Scored(m.id, "2024-H1", 90, 80, 70));
  ASSERT_TRUE(good) << good.error().ToString();
  EXPECT_EQ(good->score_x10, 810);
  EXPECT_EQ(good->cls, "tot");
  // 0.3*79 + 0.5*79 + 0.2*80 = 79.2 -> khá
  EXPECT_EQ(w.evaluations.Record("lan", Scored(m.id, "2024-H2", 79, 79, 80))->cls, "kha");
  EXPECT_EQ(w.evaluations.Record("lan", Scored(m.id, "2025-Q1", 50, 50, 50))->cls, "trung_binh");
  EXPECT_EQ(w.evaluations.Record("lan", Scored(m.id, "2025-Q2", 49, 50, 50))->cls, "yeu");  // 49.7

  EXPECT_EQ(w.evaluations.Record("lan", Scored(m.id, "2024-H1", 1, 1, 1)).error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(w.evaluations.Record("lan", Scored(m.id, "2024-H9", 1, 1, 1)).error().field(), "period");
  Evaluation missing = Scored(m.id, "2023-Y", 1, 1, 1);
  missing.scores.erase("hieu_qua");
  EXPECT_EQ(w.evaluations.Record("lan", missing).error().field(), "scores");
  EXPECT_EQ(w.evaluations.Record("lan", Scored(m.id, "2023-Y", 101, 1, 1)).error().field(), "scores");
  EXPECT_EQ(w.evaluations.ForModel(m.id).value().size(), 4u);

  CriteriaSet strict;
  strict.name = "Camera";
  strict.criteria = {{"hoat_dong", "Tỉ lệ camera hoạt động", 1}};
  strict.good_min = 95;
  strict.fair_min = 85;
  strict.average_min = 70;
  auto set = w.evaluations.AddCriteriaSet(strict);
  ASSERT_TRUE(set) << set.error().ToString();
  Evaluation cam;
  cam.model_id = m.id;
  cam.period = "2023-Y";
  cam.criteria_set_id = set->id;
  cam.scores = {{"hoat_dong", 68}};  // Đà Nẵng: 68% working is not enough
  EXPECT_EQ(w.evaluations.Record("lan", cam)->cls, "yeu");
  strict.name = "Sai";
  strict.fair_min = 99;
  EXPECT_EQ(w.evaluations.AddCriteriaSet(strict).error().field(), "good_min");
}

TEST(EvaluationsTest, WeakInConsecutivePeriodsIsFlagged) {
  MovementWorld w;
  Model weak = w.ActiveModel("Yếu hai kỳ liền", "90001.01", "2024-01-10");
  Model gap = w.ActiveModel("Yếu cách quãng", "90001.02", "2024-01-10");
  Model recovered = w.ActiveModel("Yếu rồi khá", "90002.01", "2024-01-10");
  ASSERT_TRUE(w.evaluations.Record("t", Scored(weak.id, "2024-H2", 10, 10, 10)));
  ASSERT_TRUE(w.evaluations.Record("t", Scored(weak.id, "2025-H1", 20, 20, 20)));
  ASSERT_TRUE(w.evaluations.Record("t", Scored(gap.id, "2024-Q1", 10, 10, 10)));
  ASSERT_TRUE(w.evaluations.Record("t", Scored(gap.id, "2024-Q3", 10, 10, 10)));  // Q2 missing
  ASSERT_TRUE(w.evaluations.Record("t", Scored(recovered.id, "2024-H2", 10, 10, 10)));
  ASSERT_TRUE(w.evaluations.Record("t", Scored(recovered.id, "2025-H1", 70, 70, 70)));

  const UnitScope all{true, {}};
  auto flagged = w.evaluations.Flagged("", all).value();
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].model.id, weak.id);
  EXPECT_EQ(flagged[0].weak_periods, (std::vector<std::string>{"2024-H2", "2025-H1"}));
  // Per unit, and with N configurable.
  EXPECT_EQ(w.evaluations.Flagged("90002", all).value().size(), 0u);
  EXPECT_EQ(w.evaluations.Flagged("90001", all).value().size(), 1u);
  EXPECT_EQ(w.evaluations.Flagged("", all, 1).value().size(), 2u);  // gap's latest is yếu
  EXPECT_EQ(w.evaluations.Flagged("", all, 3).value().size(), 0u);
  EXPECT_EQ(w.evaluations.Flagged("", UnitScope{false, {"90002.01"}}).value().size(), 0u);

  // Retiring the flagged model (after review) takes it off the list.
  TransitionRequest review;
  review.to = ModelStatus::kUnderReview;
  review.on_date = "2025-07-01";
  ASSERT_TRUE(w.models.Transition("t", weak.id, review));
  TransitionRequest retire;
  retire.to = ModelStatus::kRetired;
  retire.on_date = "2025-07-02";
  retire.reason = "yếu hai kỳ liên tiếp";
  retire.decision_no = "40/QĐ-BCĐ";
  ASSERT_TRUE(w.models.Transition("t", weak.id, retire));
  EXPECT_EQ(w.evaluations.Flagged("", all).value().size(), 0u);
  // And a retired model takes no new evaluation.
  EXPECT_EQ(w.evaluations.Record("t", Scored(weak.id, "2025-H2", 1, 1, 1)).error().code(),
            ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace anninh::movement
