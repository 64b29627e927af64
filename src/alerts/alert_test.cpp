#include "alerts/alert.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "alerts/mqtt_sink.h"
#include "alerts/options.h"

namespace anninh::alerts {
namespace {

events::Event SampleEvent() {
  events::Event e;
  e.id = 42;
  e.camera_id = "cong-truong";
  e.rule = "vao-khu";
  e.zone = "san";
  e.object_class = "person";
  e.direction = "in";
  e.track_id = 7;
  e.start_ns = 1'764'374'400'000'000'000;  // 2025-11-29T00:00:00Z
  e.peak_confidence = 0.75f;
  return e;
}

TEST(PayloadTest, CarriesTheEventAndLinks) {
  auto j = nlohmann::json::parse(BuildPayload(SampleEvent(), events::Change::kOpened, "xa-a", "https://h.vn/"));
  EXPECT_EQ(j["id"], 42);
  EXPECT_EQ(j["site"], "xa-a");
  EXPECT_EQ(j["change"], "opened");
  EXPECT_EQ(j["camera"], "cong-truong");
  EXPECT_EQ(j["rule"], "vao-khu");
  EXPECT_EQ(j["zone"], "san");
  EXPECT_EQ(j["class"], "person");
  EXPECT_EQ(j["direction"], "in");
  EXPECT_EQ(j["track_id"], 7);
  EXPECT_EQ(j["start"], "2025-11-29T00:00:00.000Z");
  EXPECT_TRUE(j["end"].is_null()) << "an open event has no end";
  EXPECT_NEAR(j["confidence"].get<double>(), 0.75, 1e-6);
  EXPECT_EQ(j["links"]["event"], "https://h.vn/api/v1/events/42");
  EXPECT_EQ(j["links"]["snapshot"], "https://h.vn/api/v1/events/42/snapshot.jpg");
}

TEST(PayloadTest, ClosedEventHasEndAndRelativeLinksWithoutPublicUrl) {
  events::Event e = SampleEvent();
  e.end_ns = e.start_ns + 5 * 1'000'000'000LL;
  auto j = nlohmann::json::parse(BuildPayload(e, events::Change::kClosed, "x", ""));
  EXPECT_EQ(j["change"], "closed");
  EXPECT_EQ(j["end"], "2025-11-29T00:00:05.000Z");
  EXPECT_EQ(j["links"]["event"], "/api/v1/events/42");
}

TEST(PayloadTest, InvalidUtf8IsReplacedNotFatal) {
  events::Event e = SampleEvent();
  e.zone = std::string("s\xff" "an");
  auto j = nlohmann::json::parse(BuildPayload(e, events::Change::kOpened, "x", ""));
  EXPECT_EQ(j["camera"], "cong-truong");
}

TEST(TopicTest, FillsPlaceholdersAndNeutralisesWildcards) {
  events::Event e = SampleEvent();
  EXPECT_EQ(MqttSink::Topic("anninh/{site}/events/{camera}/{rule}", "xa-a", e),
            "anninh/xa-a/events/cong-truong/vao-khu");
  e.camera_id = "a/b+#";
  e.zone = "";
  EXPECT_EQ(MqttSink::Topic("{camera}/{zone}/{class}/{unknown}", "s", e), "a_b__/_/person/{unknown}");
}

TEST(SinkFilterTest, EmptyListsLetEverythingThrough) {
  SinkFilter f;
  EXPECT_TRUE(f.Matches(SampleEvent()));
  f.cameras = {"other"};
  EXPECT_FALSE(f.Matches(SampleEvent()));
  f.cameras = {"other", "cong-truong"};
  f.classes = {"vehicle"};
  EXPECT_FALSE(f.Matches(SampleEvent()));
  f.classes = {"person"};
  f.rules = {"vao-khu"};
  EXPECT_TRUE(f.Matches(SampleEvent()));
}

}  // namespace
}  // namespace anninh::alerts
