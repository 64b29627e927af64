// The dispatcher end to end with two real webhook endpoints: cooldown, de-duplication,
// which changes alert, and per-sink filters.
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "alerts/dispatcher.h"
#include "alerts_test_support.h"

namespace anninh::alerts {
namespace {

using namespace std::chrono_literals;
using testing::Eventually;

TEST(DispatcherTest, CooldownDedupAndFiltersDecideWhatEachSinkGets) {
  testing::WebhookReceiver receiver("k");
  AlertsOptions o;
  o.enabled = true;
  o.defaults.cooldown = 60s;
  o.defaults.on_closed = true;
  WebhookOptions all;
  all.name = "all";
  all.url = receiver.Url("/ok");
  all.secret = "k";
  WebhookOptions cam2_vehicles = all;
  cam2_vehicles.name = "cam2-vehicles";
  cam2_vehicles.url = receiver.Url("/ok?cam2");
  cam2_vehicles.filter.cameras = {"cam2"};
  cam2_vehicles.filter.classes = {"vehicle"};
  o.webhooks = {all, cam2_vehicles};
  auto d = Dispatcher::Create(o, SystemClock::Get());
  ASSERT_TRUE(d) << d.error().ToString();

  events::Event a = testing::TestEvent(1, "cam1");
  events::Event b = testing::TestEvent(2, "cam1");  // same camera+rule within the cooldown
  events::Event c = testing::TestEvent(3, "cam2");
  c.object_class = "vehicle";
  (*d)->OnEvent(a, events::Change::kOpened);
  (*d)->OnEvent(a, events::Change::kOpened);  // repeated by the log: a duplicate
  (*d)->OnEvent(b, events::Change::kOpened);
  (*d)->OnEvent(c, events::Change::kOpened);
  (*d)->OnEvent(b, events::Change::kClosed);  // its open was suppressed: stays quiet
  a.end_ns = a.start_ns + 1;
  (*d)->OnEvent(a, events::Change::kClosed);  // closes what was announced

  std::multiset<std::string> seen;
  for (int i = 0; i < 4; ++i) {
    nlohmann::json r = receiver.Next(10s);
    ASSERT_FALSE(r.is_null()) << "after " << i;
    seen.insert(r["path"].get<std::string>() + " " + std::to_string(r["body"]["id"].get<int>()) + " " +
                r["body"]["change"].get<std::string>());
  }
  EXPECT_TRUE(receiver.Next(700ms).is_null());
  EXPECT_EQ(seen, (std::multiset<std::string>{"/ok 1 opened", "/ok 3 opened", "/ok 1 closed",
                                              "/ok?cam2 3 opened"}));
  AlertMetrics m = (*d)->Metrics();
  EXPECT_EQ(m.events_received, 6u);
  EXPECT_EQ(m.alerts, 3u);
  EXPECT_EQ(m.suppressed, 3u);  // the duplicate, b's open (cooldown), b's close
}

TEST(DispatcherTest, RejectsAWebhookThatIsNotHttp) {
  AlertsOptions o;
  WebhookOptions w;
  w.name = "bad";
  w.url = "file:///etc/passwd";
  o.webhooks = {w};
  auto d = Dispatcher::Create(o, SystemClock::Get());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace anninh::alerts
