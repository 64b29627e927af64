// The Beast server over real sockets: keep-alive, limits, file bodies, and handlers kept
// off the network threads.
#include "serve/http_server.h"

#include <atomic>
#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/http_client.h"
#include "support/temp_dir.h"
#include "support/ws_client.h"

namespace anninh::serve {
namespace {

using namespace std::chrono_literals;
using testing::HttpCall;
using testing::HttpRaw;

class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options = {}) {
    options.listen = "127.0.0.1:0";
    server_ = HttpServer::Start(options, [this](const Request& r) { return Handle(r); }).value();
    port_ = server_->port();
  }

  Response Handle(const Request& r) {
    if (r.target == "/slow") std::this_thread::sleep_for(1500ms);
    if (r.target == "/file") {
      auto f = OpenFile::Open((dir_ / "data.bin").string()).value();
      Response res;
      res.content_type = "application/octet-stream";
      res.file = FileSlice{f, 3, f->size() - 6};
      return res;
    }
    nlohmann::json j = {{"method", ToString(r.method)}, {"target", r.target}, {"body", r.body}, {"range", r.range}};
    return JsonResponse(200, j.dump());
  }

  testing::TempDir dir_;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
};

TEST_F(HttpServerTest, BindsAPortAndPassesRequestsThrough) {
  Start();
  EXPECT_NE(port_, 0);
  EXPECT_EQ(server_->address(), "127.0.0.1:" + std::to_string(port_));
  auto r = HttpCall(port_, "POST", "/a%2Fb?x=1", {{"Range", "bytes=1-2"}}, "{\"k\":1}");
  ASSERT_EQ(r.status, 200);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["method"], "POST");
  EXPECT_EQ(j["target"], "/a%2Fb?x=1");  // raw: decoding is the router's job, done once
  EXPECT_EQ(j["body"], "{\"k\":1}");
  EXPECT_EQ(j["range"], "bytes=1-2");
  EXPECT_EQ(r.Header("server"), "anninh");
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start();
  std::string raw = HttpRaw(port_,
                            "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(raw.find("/one"), std::string::npos);
  EXPECT_NE(raw.find("/two"), std::string::npos);
  auto second = raw.find("HTTP/1.1 200", 1);
  EXPECT_NE(second, std::string::npos) << raw;
}

TEST_F(HttpServerTest, ABodyOverTheLimitIs413) {
  HttpServerOptions o;
  o.body_limit = 1024;
  Start(o);
  auto r = HttpCall(port_, "POST", "/x", {}, std::string(100'000, 'a'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "payload_too_large");
}

TEST_F(HttpServerTest, AMalformedRequestIs400) {
  Start();
  auto r = testing::ParseHttpReply(HttpRaw(port_, "GET /x HTTP/1.1\r\nHost x\r\nBad Header\r\n\r\n"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "bad_request");
}

TEST_F(HttpServerTest, FileSlicesAreSentExactly) {
  std::string data;
  for (int i = 0; i < 300'000; ++i) data += static_cast<char>('a' + i % 26);
  std::ofstream(dir_ / "data.bin", std::ios::binary) << data;
  Start();
  auto r = HttpCall(port_, "GET", "/file");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-length"), std::to_string(data.size() - 6));
  EXPECT_EQ(r.body, data.substr(3, data.size() - 6));
}

TEST_F(HttpServerTest, ASlowHandlerDoesNotBlockOtherConnections) {
  HttpServerOptions o;
  o.network_threads = 1;  // were handlers on the network thread, /fast would wait 1.5 s
  o.worker_threads = 2;
  Start(o);
  auto slow = std::async(std::launch::async, [&] { return HttpCall(port_, "GET", "/slow"); });
  std::this_thread::sleep_for(200ms);
  auto t0 = std::chrono::steady_clock::now();
  auto fast = HttpCall(port_, "GET", "/fast");
  auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(fast.status, 200);
  EXPECT_LT(took, 700ms);
  EXPECT_EQ(slow.get().status, 200);
}

TEST_F(HttpServerTest, APortInUseIsAClearError) {
  Start();
  HttpServerOptions o;
  o.listen = "127.0.0.1:" + std::to_string(port_);
  auto second = HttpServer::Start(o, [](const Request&) { return Response{}; });
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message().find(std::to_string(port_)), std::string::npos);
}

TEST_F(HttpServerTest, StopClosesTheListenerAndIsIdempotent) {
  Start();
  server_->Stop();
  server_->Stop();
  EXPECT_THROW(HttpCall(port_, "GET", "/x"), std::runtime_error);
}

// A channel that sends as fast as it can: 160 chunks of 256 KiB, every 8th a restart point
// (a keyframe), then a final control message. Chunk bytes start with 'R' or 'M'.
class FloodChannel final : public Channel {
 public:
  void Start(std::shared_ptr<ChannelOutput> out) override {
    sender_ = std::thread([this, out] {
      for (int i = 0; i < 160 && !stop_; ++i) {
        const bool restart = i % 8 == 0;
        auto chunk = std::make_shared<const std::string>(std::string(1, restart ? 'R' : 'M') +
                                                         std::string(256 * 1024 - 1, 'x'));
        out->SendBinary(chunk, restart ? ChannelOutput::Priority::kRestart : ChannelOutput::Priority::kMedia);
      }
      out->SendText(R"({"type":"end"})");
    });
  }
  void OnMessage(const std::string&) override {}
  bool StillAllowed() override { return true; }
  void Stop() override {
    stop_ = true;
    if (sender_.joinable()) sender_.join();
  }
  ~FloodChannel() override { Stop(); }

 private:
  std::atomic<bool> stop_{false};
  std::thread sender_;
};

// A viewer that stops reading loses media up to the next restart point instead of making
// the server buffer everything: 40 MiB are sent, the queue limit is 1 MiB.
TEST_F(HttpServerTest, ASlowWebSocketClientIsDroppedToTheNextRestartPoint) {
  HttpServerOptions o;
  o.listen = "127.0.0.1:0";
  o.websocket_queue_limit = 1024 * 1024;
  server_ = HttpServer::Start(
                o, [this](const Request& r) { return Handle(r); },
                [](const Request&) { return Upgrade{std::make_shared<FloodChannel>(), std::nullopt}; })
                .value();
  testing::WsClient ws(server_->port(), "/flood");
  ASSERT_TRUE(ws.ok());
  std::this_thread::sleep_for(1500ms);  // not reading: the server's queue fills
  testing::WsMessage m;
  std::size_t binary_bytes = 0;
  bool skipped = false, end = false, restart_after_skip = false, first_after_skip = false;
  while (!end && ws.Read(m, 10s)) {
    if (m.text) {
      if (m.data.find("skipped") != std::string::npos) {
        skipped = true;
        first_after_skip = true;
      }
      end = m.data.find("end") != std::string::npos;
      continue;
    }
    binary_bytes += m.data.size();
    if (first_after_skip) {
      restart_after_skip = !m.data.empty() && m.data[0] == 'R';
      first_after_skip = false;
    }
  }
  EXPECT_TRUE(end) << "control messages are never dropped";
  EXPECT_TRUE(skipped) << "the client is told media was dropped";
  EXPECT_TRUE(restart_after_skip) << "after a skip, media resumes at a restart point";
  EXPECT_LT(binary_bytes, 160u * 256 * 1024) << "something was dropped";
}

}  // namespace
}  // namespace anninh::serve
