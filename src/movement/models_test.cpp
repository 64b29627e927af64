// Models through the store: the lifecycle with its history, refused steps that change
// nothing, replicate and retire with their links and decisions, lists in vi order and scope.
#include "movement/models.h"

#include <gtest/gtest.h>

#include "movement/movement_world_test.h"

namespace anninh::movement {
namespace {

TEST(ModelsTest, LifecycleIsRecordedStepByStep) {
  MovementWorld w;
  Model m = w.ActiveModel("Tổ tự quản đường làng", "90001.01", "2025-01-10");
  EXPECT_EQ(m.status, ModelStatus::kActive);
  EXPECT_EQ(m.decision_no, "12/QĐ-UBND");

  // A refused step leaves the model and its history as they were.
  TransitionRequest retire;
  retire.to = ModelStatus::kRetired;
  retire.reason = "không hiệu quả";
  retire.decision_no = "30/QĐ-UBND";
  auto refused = w.models.Transition("test", m.id, retire);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(w.models.Get(m.id).value()->status, ModelStatus::kActive);
  EXPECT_EQ(w.models.History(m.id).value().size(), 3u);

  TransitionRequest review;
  review.to = ModelStatus::kUnderReview;
  review.on_date = "2025-06-30";
  review.reason = "sơ kết 6 tháng";
  ASSERT_TRUE(w.models.Transition("lan", m.id, review));
  retire.on_date = "2025-07-15";
  auto retired = w.models.Transition("lan", m.id, retire);
  ASSERT_TRUE(retired) << retired.error().ToString();
  EXPECT_EQ(retired->status, ModelStatus::kRetired);

  auto history = w.models.History(m.id).value();
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[0].from, "");
  EXPECT_EQ(history[0].to, "proposed");
  EXPECT_EQ(history[1].to, "launched");
  EXPECT_EQ(history[4].from, "under_review");
  EXPECT_EQ(history[4].to, "retired");
  EXPECT_EQ(history[4].reason, "không hiệu quả");
  EXPECT_EQ(history[4].decision_no, "30/QĐ-UBND");
  EXPECT_EQ(history[4].by, "lan");

  // Retired is final.
  review.on_date = "2025-08-01";
  EXPECT_EQ(w.models.Transition("lan", m.id, review).error().code(), ErrorCode::kFailedPrecondition);
}

TEST(ModelsTest, ReplicateLinksTheSpawnedModels) {
  MovementWorld w;
  Model origin = w.ActiveModel("Camera an ninh thôn Đông", "90001.01", "2024-01-10", "camera");
  Model copy = w.ActiveModel("Camera an ninh thôn Bắc", "90002.01", "2025-03-01", "camera");
  TransitionRequest review;
  review.to = ModelStatus::kUnderReview;
  review.on_date = "2025-03-01";
  ASSERT_TRUE(w.models.Transition("test", origin.id, review));
  TransitionRequest replicate;
  replicate.to = ModelStatus::kReplicated;
  replicate.on_date = "2025-03-02";
  replicate.spawned = {origin.id};
  EXPECT_EQ(w.models.Transition("test", origin.id, replicate).error().field(), "spawned");  // not itself
  replicate.spawned = {999};
  EXPECT_EQ(w.models.Transition("test", origin.id, replicate).error().field(), "spawned");
  replicate.spawned = {copy.id};
  ASSERT_TRUE(w.models.Transition("test", origin.id, replicate));
  EXPECT_EQ(w.models.Spawned(origin.id).value(), std::vector<std::int64_t>{copy.id});
  // Dates go forward: a change dated before the last one is refused.
  review.on_date = "2025-01-01";
  EXPECT_EQ(w.models.Transition("test", origin.id, review).error().field(), "on_date");
}

TEST(ModelsTest, CreationChecksItsInputAndListsInViOrderWithinScope) {
  MovementWorld w;
  Model bad;
  bad.name = "X";
  bad.type = "tu_quan";
  bad.unit_code = "90001";
  bad.points = -1;
  EXPECT_EQ(w.models.Create("t", bad).error().field(), "points");
  bad.points = 0;
  bad.type = "khong_co";
  EXPECT_EQ(w.models.Create("t", bad).error().field(), "type");
  bad.type = "tu_quan";
  bad.unit_code = "12970";  // does not exist yet on 2025-06-15
  EXPECT_EQ(w.models.Create("t", bad).error().field(), "unit_code");
  bad.unit_code = "90001";
  bad.name = " ";
  EXPECT_EQ(w.models.Create("t", bad).error().field(), "name");

  w.ActiveModel("Đội tự quản", "90001.01", "2025-01-10");
  w.ActiveModel("Dòng họ tự quản", "90001.02", "2025-01-10");
  w.ActiveModel("An toàn giao thông", "90002.01", "2025-01-10");
  auto all = w.models.List({}, UnitScope{true, {}}).value();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name, "An toàn giao thông");
  EXPECT_EQ(all[1].name, "Dòng họ tự quản");
  EXPECT_EQ(all[2].name, "Đội tự quản");
  EXPECT_EQ(w.models.List({}, UnitScope{false, {"90001.01"}}).value().size(), 1u);
  EXPECT_EQ(w.models.List({}, UnitScope{false, {"90001"}}).value().size(), 2u);
  EXPECT_EQ(w.models.List({"90002", "", "", ""}, UnitScope{true, {}}).value().size(), 1u);
  EXPECT_EQ(w.models.List({"", "", "", "doi tu"}, UnitScope{true, {}}).value().size(), 1u);

  ASSERT_TRUE(w.models.AddType("an_toan_giao_thong", "An toàn giao thông"));
  EXPECT_EQ(w.models.AddType("an_toan_giao_thong", "x").error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(w.models.AddType("Sai Ma", "x").error().field(), "code");
  EXPECT_EQ(w.models.Types().value().size(), 9u);

  auto activity = w.models.AddActivity("lan", all[0].id, "2025-05-02", "Ra quân dọn vệ sinh");
  ASSERT_TRUE(activity);
  EXPECT_EQ(w.models.Activities(all[0].id).value().size(), 1u);
  EXPECT_EQ(w.models.AddActivity("lan", 999, "", "x").error().code(), ErrorCode::kNotFound);
}

TEST(ModelCamerasTest, OnlyACameraModelIsLinkedToCamerasAndTheLinkIsReplacedWhole) {
  MovementWorld w;
  auto cam = w.ActiveModel("Camera thôn Đông", "90001.01", "2025-01-10", "camera");
  auto other = w.ActiveModel("Tự quản thôn Đông", "90001.01", "2025-01-10");
  auto set = w.models.SetCameras(cam.id, {"cong-ubnd", "cho", "cong-ubnd"});
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(*set, (std::vector<std::string>{"cho", "cong-ubnd"}));
  EXPECT_EQ(w.models.Cameras(cam.id).value(), (std::vector<std::string>{"cho", "cong-ubnd"}));
  ASSERT_TRUE(w.models.SetCameras(cam.id, {"truong"}));
  EXPECT_EQ(w.models.Cameras(cam.id).value(), (std::vector<std::string>{"truong"}));

  EXPECT_EQ(w.models.SetCameras(other.id, {"cho"}).error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(w.models.Cameras(other.id).value().empty());
  // A bad id changes nothing.
  EXPECT_EQ(w.models.SetCameras(cam.id, {"cho", "../etc"}).error().field(), "camera_ids");
  EXPECT_EQ(w.models.Cameras(cam.id).value(), (std::vector<std::string>{"truong"}));
  EXPECT_EQ(w.models.SetCameras(999, {"cho"}).error().code(), ErrorCode::kNotFound);
}

TEST(ModelCamerasTest, RelinkingKeepsDatedHistorySoAPastDateSeesTheOldCamera) {
  MovementWorld w;  // today is 2025-06-15
  auto cam = w.ActiveModel("Camera thôn Đông", "90001.01", "2025-01-10", "camera");
  ASSERT_TRUE(w.models.SetCameras(cam.id, {"cho"}, "2025-02-01"));
  // The market camera died; the school's replaces it from 01/05.
  ASSERT_TRUE(w.models.SetCameras(cam.id, {"truong"}, "2025-05-01"));
  EXPECT_EQ(w.models.Cameras(cam.id).value(), (std::vector<std::string>{"truong"}));
  EXPECT_EQ(model_sql::Cameras(*w.db, cam.id, "2025-03-31").value(), (std::vector<std::string>{"cho"}));
  EXPECT_EQ(model_sql::Cameras(*w.db, cam.id, "2025-04-30").value(), (std::vector<std::string>{"cho"}));
  EXPECT_EQ(model_sql::Cameras(*w.db, cam.id, "2025-05-01").value(), (std::vector<std::string>{"truong"}));
  EXPECT_TRUE(model_sql::Cameras(*w.db, cam.id, "2025-01-31").value().empty());
  auto q2 = model_sql::CameraLinksDuring(*w.db, cam.id, "2025-04-01", "2025-06-30").value();
  ASSERT_EQ(q2.size(), 2u);
  EXPECT_EQ(q2[0].camera_id, "cho");
  EXPECT_EQ(q2[0].linked_to, "2025-05-01");
  EXPECT_EQ(q2[1].camera_id, "truong");
  EXPECT_EQ(q2[1].linked_to, "");
  auto history = w.models.CameraHistory(cam.id).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].linked_from, "2025-02-01");

  // History reads in order: no change dated before the last one, none in the future, none
  // before the model existed; a refused change changes nothing.
  EXPECT_EQ(w.models.SetCameras(cam.id, {"cho"}, "2025-04-01").error().field(), "on_date");
  EXPECT_EQ(w.models.SetCameras(cam.id, {"cho"}, "2025-07-01").error().field(), "on_date");
  EXPECT_EQ(w.models.SetCameras(cam.id, {"cho"}, "31/05/2025").error().field(), "on_date");
  EXPECT_EQ(w.models.CameraHistory(cam.id).value().size(), 2u);
  // Unlinked and linked again the same day: one link that goes on, not two.
  ASSERT_TRUE(w.models.SetCameras(cam.id, {}, "2025-06-01"));
  ASSERT_TRUE(w.models.SetCameras(cam.id, {"truong"}, "2025-06-01"));
  EXPECT_EQ(w.models.CameraHistory(cam.id).value().size(), 2u);
  EXPECT_EQ(w.models.Cameras(cam.id).value(), (std::vector<std::string>{"truong"}));
}

}  // namespace
}  // namespace anninh::movement
