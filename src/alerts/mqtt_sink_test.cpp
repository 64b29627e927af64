// The MQTT sink against Debian's mosquitto broker: payload and topic, the retained camera
// status, and a dead broker that must not stall anything.
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "alerts/dispatcher.h"
#include "alerts_test_support.h"

namespace anninh::alerts {
namespace {

using namespace std::chrono_literals;
using testing::Broker;
using testing::Eventually;
using testing::Subscriber;

events::Event Ev(std::int64_t id, std::string camera = "cam1", std::string rule = "vao-khu") {
  return testing::TestEvent(id, std::move(camera), std::move(rule));
}

AlertsOptions MqttOnly(int port) {
  AlertsOptions o;
  o.enabled = true;
  o.site = "xa-a";
  o.public_url = "http://anninh.local:8080";
  o.mqtt.enabled = true;
  o.mqtt.port = port;
  o.mqtt.reconnect_initial = 100ms;
  o.mqtt.reconnect_max = 300ms;
  return o;
}

TEST(MqttSinkTest, PublishesTheEventJsonOnItsTopicWithQos1) {
  Broker broker(testing::FreePort());
  ASSERT_TRUE(broker.ready());
  Subscriber sub(broker.port(), "anninh/#");
  ASSERT_TRUE(sub.ready());
  auto d = Dispatcher::Create(MqttOnly(broker.port()), SystemClock::Get());
  ASSERT_TRUE(d) << d.error().ToString();
  (*d)->OnEvent(Ev(42), events::Change::kOpened);
  auto got = sub.WaitFor(1, 10s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].topic, "anninh/xa-a/events/cam1/vao-khu");
  EXPECT_EQ(got[0].qos, 1);
  EXPECT_FALSE(got[0].retained);
  auto j = nlohmann::json::parse(got[0].payload);
  EXPECT_EQ(j["id"], 42);
  EXPECT_EQ(j["camera"], "cam1");
  EXPECT_EQ(j["rule"], "vao-khu");
  EXPECT_EQ(j["zone"], "san");
  EXPECT_EQ(j["class"], "person");
  EXPECT_EQ(j["change"], "opened");
  EXPECT_EQ(j["links"]["snapshot"], "http://anninh.local:8080/api/v1/events/42/snapshot.jpg");
  ASSERT_TRUE(Eventually([&] { return (*d)->Metrics().sinks.at(0).sent == 1; }, 5s)) << "PUBACK counted";
  EXPECT_TRUE((*d)->Metrics().sinks.at(0).connected);
}

TEST(MqttSinkTest, CameraOfflineIsRetainedOnTheStatusTopicAndClearedOnRecovery) {
  Broker broker(testing::FreePort());
  ASSERT_TRUE(broker.ready());
  auto d = Dispatcher::Create(MqttOnly(broker.port()), SystemClock::Get());
  ASSERT_TRUE(d) << d.error().ToString();
  events::Event off = Ev(7, "cong", "camera_offline");
  {
    Subscriber events_sub(broker.port(), "anninh/xa-a/events/#");
    ASSERT_TRUE(events_sub.ready());
    (*d)->OnEvent(off, events::Change::kOpened);
    ASSERT_EQ(events_sub.WaitFor(1, 10s).size(), 1u);
  }
  // A dashboard that subscribes later still learns the camera is down: the status is retained.
  {
    Subscriber late(broker.port(), "anninh/xa-a/status/#");
    ASSERT_TRUE(late.ready());
    auto got = late.WaitFor(1, 10s);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].topic, "anninh/xa-a/status/cong");
    EXPECT_TRUE(got[0].retained);
    auto j = nlohmann::json::parse(got[0].payload);
    EXPECT_EQ(j["online"], false);
    EXPECT_EQ(j["camera"], "cong");
  }
  off.end_ns = off.start_ns + 60'000'000'000;
  {
    Subscriber events_sub(broker.port(), "anninh/xa-a/events/#");
    ASSERT_TRUE(events_sub.ready());
    (*d)->OnEvent(off, events::Change::kClosed);
    ASSERT_EQ(events_sub.WaitFor(1, 10s).size(), 1u);
  }
  Subscriber later(broker.port(), "anninh/xa-a/status/#");
  ASSERT_TRUE(later.ready());
  auto got = later.WaitFor(1, 10s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(got[0].payload)["online"], true);
}

// The broker is down: 10,000 events go in without waiting, the buffer keeps the newest
// 1,000 (the rest dropped and counted), and when the broker appears they all arrive, in order.
TEST(MqttSinkTest, DeadBrokerStallsNothingAndTheBufferFlowsWhenItAppears) {
  const int sink_port = testing::FreePort();
  AlertsOptions o = MqttOnly(sink_port);
  o.defaults.cooldown = 0ms;  // every event its own alert
  o.mqtt.buffer = 1000;
  auto d = Dispatcher::Create(o, SystemClock::Get());
  ASSERT_TRUE(d) << d.error().ToString();

  const auto start = std::chrono::steady_clock::now();
  auto slowest = std::chrono::steady_clock::duration::zero();
  for (int i = 1; i <= 10'000; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    (*d)->OnEvent(Ev(i, "cam" + std::to_string(i % 7)), events::Change::kOpened);
    slowest = std::max(slowest, std::chrono::steady_clock::now() - t0);
  }
  const auto total = std::chrono::steady_clock::now() - start;
  // Generous bounds for a loaded 2-core machine; a call that waited on the network would
  // take at least the 100 ms reconnect delay.
  EXPECT_LT(total, 2s);
  EXPECT_LT(slowest, 50ms);

  ASSERT_TRUE(Eventually([&] { return (*d)->Metrics().alerts == 10'000; }, 20s));
  AlertMetrics m = (*d)->Metrics();
  EXPECT_EQ(m.events_dropped, 0u);
  EXPECT_EQ(m.sinks.at(0).dropped, 9'000u);
  EXPECT_EQ(m.sinks.at(0).queued, 1'000u);
  EXPECT_EQ(m.sinks.at(0).sent, 0u);
  EXPECT_FALSE(m.sinks.at(0).connected);

  // The broker, then its subscriber, then the proxy that makes it reachable on the sink's
  // port: nothing can be published before someone listens.
  Broker broker(testing::FreePort());
  ASSERT_TRUE(broker.ready());
  Subscriber sub(broker.port(), "anninh/#");
  ASSERT_TRUE(sub.ready());
  testing::TcpProxy proxy(sink_port, broker.port());
  ASSERT_TRUE(proxy.ready());

  auto got = sub.WaitFor(1'000, 30s);
  ASSERT_EQ(got.size(), 1'000u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(nlohmann::json::parse(got[i].payload)["id"], 9'001 + static_cast<int>(i)) << "at " << i;
  }
  ASSERT_TRUE(Eventually([&] { return (*d)->Metrics().sinks.at(0).sent == 1'000; }, 10s));
  EXPECT_EQ((*d)->Metrics().sinks.at(0).queued, 0u);
}

TEST(MqttSinkTest, CredentialsAreSentAndARefusalIsRetriedNotFatal) {
  Broker broker(testing::FreePort(), "anninh", "dung-mat-khau");
  ASSERT_TRUE(broker.ready());
  AlertsOptions wrong = MqttOnly(broker.port());
  wrong.mqtt.username = "anninh";
  wrong.mqtt.password = "sai-mat-khau";
  auto refused = Dispatcher::Create(wrong, SystemClock::Get());
  ASSERT_TRUE(refused) << refused.error().ToString();
  (*refused)->OnEvent(Ev(1), events::Change::kOpened);
  std::this_thread::sleep_for(500ms);
  EXPECT_FALSE((*refused)->Metrics().sinks.at(0).connected);
  EXPECT_EQ((*refused)->Metrics().sinks.at(0).queued, 1u) << "kept for when the password is fixed";

  AlertsOptions right = wrong;
  right.mqtt.password = "dung-mat-khau";
  right.mqtt.client_id = "anninh-right";
  auto d = Dispatcher::Create(right, SystemClock::Get());
  ASSERT_TRUE(d) << d.error().ToString();
  (*d)->OnEvent(Ev(2), events::Change::kOpened);
  ASSERT_TRUE(Eventually([&] { return (*d)->Metrics().sinks.at(0).sent == 1; }, 10s));
}

TEST(MqttSinkTest, StopWithTheBrokerAwayIsQuickAndDeadLettersTheBuffer) {
  testing::TempDir dir;
  AlertsOptions o = MqttOnly(testing::FreePort());
  o.dead_letter.path = dir / "dead-letter.jsonl";
  auto d = Dispatcher::Create(o, SystemClock::Get());
  ASSERT_TRUE(d) << d.error().ToString();
  (*d)->OnEvent(Ev(1), events::Change::kOpened);
  ASSERT_TRUE(Eventually([&] { return (*d)->Metrics().sinks.at(0).queued == 1; }, 5s));
  const auto t0 = std::chrono::steady_clock::now();
  (*d)->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ((*d)->Metrics().sinks.at(0).dead_lettered, 1u);
  std::ifstream in(dir / "dead-letter.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["sink"], "mqtt");
  EXPECT_EQ(j["payload"]["id"], 1);
}

}  // namespace
}  // namespace anninh::alerts
