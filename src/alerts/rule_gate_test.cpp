#include "alerts/rule_gate.h"

#include <gtest/gtest.h>

namespace anninh::alerts {
namespace {

using std::chrono::seconds;

class RuleGateTest : public ::testing::Test {
 protected:
  RuleGateTest() { options_.defaults.cooldown = std::chrono::milliseconds(60'000); }

  events::Event Ev(std::int64_t id, std::string camera = "cam1", std::string rule = "zone") {
    events::Event e;
    e.id = id;
    e.camera_id = std::move(camera);
    e.rule = std::move(rule);
    return e;
  }

  AlertsOptions options_;
  SimulatedClock clock_;
};

TEST_F(RuleGateTest, SecondEventWithinCooldownIsQuietAndAfterItAlerts) {
  RuleGate gate(options_, clock_);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kOpened), Verdict::kSend);
  clock_.Advance(seconds(59));
  EXPECT_EQ(gate.Check(Ev(2), events::Change::kOpened), Verdict::kCoolingDown);
  clock_.Advance(seconds(2));
  EXPECT_EQ(gate.Check(Ev(3), events::Change::kOpened), Verdict::kSend);
}

TEST_F(RuleGateTest, CooldownIsPerCameraAndRule) {
  RuleGate gate(options_, clock_);
  EXPECT_EQ(gate.Check(Ev(1, "cam1", "zone"), events::Change::kOpened), Verdict::kSend);
  EXPECT_EQ(gate.Check(Ev(2, "cam2", "zone"), events::Change::kOpened), Verdict::kSend);
  EXPECT_EQ(gate.Check(Ev(3, "cam1", "line"), events::Change::kOpened), Verdict::kSend);
  EXPECT_EQ(gate.Check(Ev(4, "cam1", "zone"), events::Change::kOpened), Verdict::kCoolingDown);
}

TEST_F(RuleGateTest, PerRuleCooldownOverridesTheDefault) {
  RulePolicy loiter;
  loiter.cooldown = std::chrono::milliseconds(5'000);
  options_.rules["loiter"] = loiter;
  RuleGate gate(options_, clock_);
  EXPECT_EQ(gate.Check(Ev(1, "cam1", "loiter"), events::Change::kOpened), Verdict::kSend);
  clock_.Advance(seconds(6));
  EXPECT_EQ(gate.Check(Ev(2, "cam1", "loiter"), events::Change::kOpened), Verdict::kSend);
  EXPECT_EQ(gate.Check(Ev(3, "cam1", "zone"), events::Change::kOpened), Verdict::kSend);
  clock_.Advance(seconds(6));
  EXPECT_EQ(gate.Check(Ev(4, "cam1", "zone"), events::Change::kOpened), Verdict::kCoolingDown);
}

TEST_F(RuleGateTest, TheSameChangeOfTheSameEventNeverAlertsTwice) {
  options_.defaults.cooldown = std::chrono::milliseconds(0);
  options_.defaults.on_closed = true;
  RuleGate gate(options_, clock_);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kOpened), Verdict::kSend);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kOpened), Verdict::kDuplicate);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kClosed), Verdict::kSend);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kClosed), Verdict::kDuplicate);
}

TEST_F(RuleGateTest, CloseFollowsItsOpenWhateverTheCooldown) {
  options_.defaults.on_closed = true;
  RuleGate gate(options_, clock_);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kOpened), Verdict::kSend);
  EXPECT_EQ(gate.Check(Ev(2), events::Change::kOpened), Verdict::kCoolingDown);
  // 1's close ends what the person was told; 2's open was never sent, so neither is its close.
  EXPECT_EQ(gate.Check(Ev(2), events::Change::kClosed), Verdict::kCoolingDown);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kClosed), Verdict::kSend);
}

TEST_F(RuleGateTest, ChangesNotConfiguredDoNotAlert) {
  RuleGate gate(options_, clock_);  // defaults: opened only
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kOpened), Verdict::kSend);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kUpdated), Verdict::kNotWanted);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kClosed), Verdict::kNotWanted);
  options_.defaults.on_opened = false;
  options_.defaults.on_closed = true;
  RuleGate closed_only(options_, clock_);
  EXPECT_EQ(closed_only.Check(Ev(5), events::Change::kOpened), Verdict::kNotWanted);
  EXPECT_EQ(closed_only.Check(Ev(5), events::Change::kClosed), Verdict::kSend);
}

TEST_F(RuleGateTest, CameraOfflineAlertsOnRecoveryByDefault) {
  RuleGate gate(options_, clock_);
  EXPECT_EQ(gate.Check(Ev(9, "cam1", "camera_offline"), events::Change::kOpened), Verdict::kSend);
  EXPECT_EQ(gate.Check(Ev(9, "cam1", "camera_offline"), events::Change::kClosed), Verdict::kSend);
}

TEST_F(RuleGateTest, WallClockJumpDoesNotLiftTheCooldown) {
  RuleGate gate(options_, clock_);
  EXPECT_EQ(gate.Check(Ev(1), events::Change::kOpened), Verdict::kSend);
  // SimulatedClock::Advance moves both; a real NTP step moves only the wall clock, which the
  // gate does not read. Checking the gate reads Monotonic: no advance, still cooling down.
  EXPECT_EQ(gate.Check(Ev(2), events::Change::kOpened), Verdict::kCoolingDown);
}

}  // namespace
}  // namespace anninh::alerts
