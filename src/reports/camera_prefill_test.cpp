// The camera model's pre-fill against the camera system's own records, built through the
// real stores: recorded segments in the index, events in the event log, exports in the
// audit log.
#include "reports/camera_prefill.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reports/camera_uptime.h"
#include "reports/reports_world_test.h"

namespace anninh::reports {
namespace {

class CameraPrefillTest : public ::testing::Test {
 protected:
  void Event(const std::string& camera, WallNs start) {
    store::EventRow e;
    e.camera_id = camera;
    e.rule = "nguoi-vao-cong";
    e.object_class = "person";
    e.start = start;
    e.last = start + kNsPerSecond;
    e.end = start + 5 * kNsPerSecond;
    ASSERT_TRUE(w_.events->Insert(e));
  }
  void Export(const std::string& camera, WallNs at, const std::string& case_ref) {
    w_.clock.Advance(std::chrono::nanoseconds(at - w_.clock.Now()));
    nlohmann::json detail = {{"id", "0123456789abcdef"}, {"stream", "main"}, {"reason", "x"}};
    detail["case_ref"] = case_ref.empty() ? nlohmann::json(nullptr) : nlohmann::json(case_ref);
    ASSERT_TRUE(w_.audit->Record({"user:lan", "export", camera, at - 60 * kNsPerSecond, at, detail.dump(), ""}));
  }

  ReportsWorld w_{movement::VietnamMidnight("2024-12-01")};
};

TEST_F(CameraPrefillTest, TheFiguresAreTheCameraSystemsOwnRecordsForThePeriod) {
  const WallNs h1 = movement::VietnamMidnight("2025-01-01");
  const WallNs h2 = movement::VietnamMidnight("2025-07-01");  // 181 days later
  // "cong": 181 days minus 18.1 days lost = 90% recorded; "cho": the first 36.2 days = 20%.
  w_.Recorded("cong", "main", h1, h1 + 100 * kDay);
  w_.Recorded("cong", "main", h1 + 100 * kDay + 181 * kDay / 10, h2 + 3 * kDay);
  w_.Recorded("cho", "sub", h1 - 5 * kDay, h1 + 362 * kDay / 10);
  Event("cong", h1 + kDay);
  Event("cong", h1 + 50 * kDay);
  Event("cong", h2 + kDay);   // after the period
  Event("cho", h1 - kDay);    // before it
  Event("cho", h2 - kDay);
  Export("cong", h1 + 20 * kDay, "12/2025");
  Export("cong", h1 + 21 * kDay, "");          // no case: not counted
  Export("cho", h1 + 22 * kDay, "13/2025");
  ASSERT_TRUE(w_.audit->Record({"user:lan", "export.download", "cho", 0, 0, "{\"case_ref\":\"13/2025\"}", ""}));
  Export("cho", h2 + kDay, "14/2025");         // after the period

  std::vector<LinkedCamera> cameras = {{"cong", "Cổng UBND", true, false}, {"cho", "Chợ xã", true, true},
                                       {"cu", "", false, true}};
  auto f = CameraPrefill(*w_.index, w_.events.get(), *w_.audit_store, cameras, h1, h2);
  ASSERT_TRUE(f) << f.error().ToString();
  ASSERT_EQ(f->cameras.size(), 3u);
  EXPECT_NEAR(f->cameras[0].working_pct, 90.0, 1e-6);
  EXPECT_NEAR(f->cameras[1].working_pct, 20.0, 1e-6);
  EXPECT_EQ(f->cameras[2].working_pct, 0.0);
  // The same as the camera system's one definition of uptime.
  auto shares = WorkingShares(*w_.index, {"cong", "cho"}, h1, h2).value();
  EXPECT_DOUBLE_EQ(f->cameras[0].working_pct, 100 * shares.at("cong"));
  EXPECT_DOUBLE_EQ(f->cameras[1].working_pct, 100 * shares.at("cho"));
  EXPECT_NEAR(f->working_pct, 110.0 / 3, 1e-6);
  EXPECT_EQ(f->working_cameras, 1);
  EXPECT_EQ(f->offline_now, 2);
  EXPECT_EQ(f->cameras[0].events, 2);
  EXPECT_EQ(f->cameras[1].events, 1);
  EXPECT_EQ(f->events, 3);
  EXPECT_EQ(f->cameras[0].case_exports, 1);
  EXPECT_EQ(f->cameras[1].case_exports, 1);
  EXPECT_EQ(f->case_exports, 2);

  const std::string text = EvidenceText(*f, "2025-01-01", "2025-06-30");
  EXPECT_NE(text.find("từ 01/01/2025 đến 30/06/2025: 3 camera"), std::string::npos) << text;
  EXPECT_NE(text.find("36,7%"), std::string::npos) << text;
  EXPECT_NE(text.find("Cổng UBND (cong): 90,0%."), std::string::npos) << text;
  EXPECT_NE(text.find("Chợ xã (cho): 20,0%, đang mất tín hiệu."), std::string::npos) << text;

  // No cameras: zeros, not a division by zero.
  auto none = CameraPrefill(*w_.index, w_.events.get(), *w_.audit_store, {}, h1, h2);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->working_pct, 0.0);
}

}  // namespace
}  // namespace anninh::reports
