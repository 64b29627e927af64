// Webhooks against a real HTTP endpoint (testdata/webhook_receiver.py), which checks each
// signature with Python's hmac module.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "alerts/dispatcher.h"
#include "alerts_test_support.h"

namespace anninh::alerts {
namespace {

using namespace std::chrono_literals;
using testing::Eventually;
using testing::WebhookReceiver;

constexpr char kSecret[] = "s3cret-of-xa-a";

WebhookOptions Hook(std::string name, std::string url) {
  WebhookOptions w;
  w.name = std::move(name);
  w.url = std::move(url);
  w.secret = kSecret;
  w.timeout = 2s;
  w.retry.attempts = 3;
  w.retry.initial = 200ms;
  w.retry.max = 2s;
  return w;
}

class WebhookTest : public ::testing::Test {
 protected:
  std::unique_ptr<Dispatcher> Start(std::vector<WebhookOptions> hooks) {
    AlertsOptions o;
    o.enabled = true;
    o.site = "xa-a";
    o.defaults.cooldown = 0ms;
    o.webhooks = std::move(hooks);
    o.dead_letter.path = dir_ / "alerts/dead-letter.jsonl";
    auto d = Dispatcher::Create(std::move(o), SystemClock::Get());
    EXPECT_TRUE(d) << d.error().ToString();
    return d ? std::move(*d) : nullptr;
  }
  std::vector<nlohmann::json> DeadLetters() {
    std::vector<nlohmann::json> out;
    std::ifstream in(dir_ / "alerts/dead-letter.jsonl");
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }

  testing::TempDir dir_;
  WebhookReceiver receiver_{kSecret};
};

TEST_F(WebhookTest, SignedPostArrivesWithTheEventAndAFreshTimestamp) {
  auto d = Start({Hook("ok", receiver_.Url("/ok"))});
  ASSERT_TRUE(d);
  d->OnEvent(testing::TestEvent(5), events::Change::kOpened);
  nlohmann::json req = receiver_.Next(10s);
  ASSERT_FALSE(req.is_null());
  EXPECT_TRUE(req["valid"]) << "signature checked by Python's hmac";
  EXPECT_EQ(req["content_type"], "application/json");
  EXPECT_EQ(req["body"]["id"], 5);
  EXPECT_EQ(req["body"]["change"], "opened");
  const auto now_s = SystemClock::Get().Now() / kNsPerSecond;
  EXPECT_NEAR(std::stoll(req["ts"].get<std::string>()), now_s, 5);
  ASSERT_TRUE(Eventually([&] { return d->Metrics().sinks.at(0).sent == 1; }, 5s));
  EXPECT_EQ(d->Metrics().sinks.at(0).failed, 0u);
}

TEST_F(WebhookTest, WrongSecretIsDetectedByTheReceiver) {
  WebhookOptions w = Hook("ok", receiver_.Url("/ok"));
  w.secret = "not-the-secret";
  auto d = Start({w});
  ASSERT_TRUE(d);
  d->OnEvent(testing::TestEvent(6), events::Change::kOpened);
  nlohmann::json req = receiver_.Next(10s);
  ASSERT_FALSE(req.is_null());
  EXPECT_FALSE(req["valid"]);
}

TEST_F(WebhookTest, ServerErrorsAreRetriedWithBackoffUntilSuccess) {
  auto d = Start({Hook("flaky", receiver_.Url("/flaky/2"))});
  ASSERT_TRUE(d);
  d->OnEvent(testing::TestEvent(8), events::Change::kOpened);
  std::vector<nlohmann::json> reqs;
  for (int i = 0; i < 3; ++i) {
    reqs.push_back(receiver_.Next(10s));
    ASSERT_FALSE(reqs.back().is_null()) << "attempt " << i + 1;
    EXPECT_TRUE(reqs.back()["valid"]) << "each attempt is signed";
  }
  EXPECT_EQ(reqs[0]["status"], 500);
  EXPECT_EQ(reqs[1]["status"], 500);
  EXPECT_EQ(reqs[2]["status"], 200);
  // Equal jitter: each wait is at least half its nominal 200 ms, 400 ms.
  const double gap1 = reqs[1]["t"].get<double>() - reqs[0]["t"].get<double>();
  const double gap2 = reqs[2]["t"].get<double>() - reqs[1]["t"].get<double>();
  EXPECT_GE(gap1, 0.1);
  EXPECT_GE(gap2, 0.2);
  EXPECT_LT(gap1, 1.5);
  ASSERT_TRUE(Eventually([&] { return d->Metrics().sinks.at(0).sent == 1; }, 5s));
  EXPECT_EQ(d->Metrics().sinks.at(0).failed, 2u);
  EXPECT_EQ(d->Metrics().sinks.at(0).dead_lettered, 0u);
  EXPECT_TRUE(DeadLetters().empty());
  EXPECT_TRUE(receiver_.Next(700ms).is_null()) << "no attempt after the success";
}

TEST_F(WebhookTest, AlwaysFailingEndsInOneDeadLetterLine) {
  auto d = Start({Hook("down", receiver_.Url("/fail"))});
  ASSERT_TRUE(d);
  d->OnEvent(testing::TestEvent(9), events::Change::kOpened);
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(receiver_.Next(10s).is_null()) << "attempt " << i + 1;
  ASSERT_TRUE(Eventually([&] { return d->Metrics().sinks.at(0).dead_lettered == 1; }, 5s));
  EXPECT_TRUE(receiver_.Next(1s).is_null()) << "configured attempts: 3";
  auto lines = DeadLetters();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["sink"], "webhook:down");
  EXPECT_EQ(lines[0]["attempts"], 3);
  EXPECT_EQ(lines[0]["reason"], "HTTP 500: no");
  EXPECT_EQ(lines[0]["payload"]["id"], 9);
  EXPECT_EQ(d->Metrics().sinks.at(0).failed, 3u);
}

TEST_F(WebhookTest, ClientErrorIsNotRetried) {
  auto d = Start({Hook("reject", receiver_.Url("/reject"))});
  ASSERT_TRUE(d);
  d->OnEvent(testing::TestEvent(10), events::Change::kOpened);
  ASSERT_FALSE(receiver_.Next(10s).is_null());
  ASSERT_TRUE(Eventually([&] { return d->Metrics().sinks.at(0).dead_lettered == 1; }, 5s));
  EXPECT_TRUE(receiver_.Next(800ms).is_null());
  ASSERT_EQ(DeadLetters().size(), 1u);
  EXPECT_EQ(DeadLetters()[0]["attempts"], 1);
}

TEST_F(WebhookTest, UnreachableEndpointIsRetriedThenDeadLettered) {
  auto d = Start({Hook("nobody", "http://127.0.0.1:" + std::to_string(testing::FreePort()) + "/x")});
  ASSERT_TRUE(d);
  d->OnEvent(testing::TestEvent(11), events::Change::kOpened);
  ASSERT_TRUE(Eventually([&] { return d->Metrics().sinks.at(0).dead_lettered == 1; }, 10s));
  auto lines = DeadLetters();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0]["reason"].get<std::string>().find("curl"), std::string::npos) << lines[0]["reason"];
}

// One endpoint that never answers must not delay another: each webhook has its own queue
// and thread. Stop then aborts the hanging transfer instead of waiting out its timeout.
TEST_F(WebhookTest, HangingEndpointDoesNotDelayASecondWebhook) {
  WebhookOptions hang = Hook("hang", receiver_.Url("/hang"));
  hang.timeout = 30s;
  auto d = Start({hang, Hook("ok", receiver_.Url("/ok"))});
  ASSERT_TRUE(d);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 1; i <= 3; ++i) d->OnEvent(testing::TestEvent(20 + i), events::Change::kOpened);
  int ok = 0;
  while (ok < 3) {
    nlohmann::json req = receiver_.Next(5s);
    ASSERT_FALSE(req.is_null()) << "only " << ok << " reached /ok";
    if (req["path"] == "/ok") ++ok;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
  EXPECT_TRUE(Eventually([&] { return d->Metrics().sinks.at(1).sent == 3; }, 2s));
  EXPECT_EQ(d->Metrics().sinks.at(0).sent, 0u);

  const auto t1 = std::chrono::steady_clock::now();
  d->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t1, 3s) << "a 30 s timeout was not waited out";
  // Nothing lost: the alert being sent and the two queued behind it are dead letters.
  auto lines = DeadLetters();
  EXPECT_EQ(lines.size(), 3u);
  EXPECT_EQ(d->Metrics().sinks.at(0).dead_lettered, 3u);
}

}  // namespace
}  // namespace anninh::alerts
