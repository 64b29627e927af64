// The Beast server over real sockets: keep-alive, limits, file bodies, and handlers kept
// off the network threads.
#include "serve/http_server.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include "serve/stream_body.h"
#include "support/http_client.h"
#include "support/temp_dir.h"
#include "support/wait.h"
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
    nlohmann::json j = {{"method", ToString(r.method)}, {"target", r.target}, {"body", r.body}, {"range", r.range},
                      {"content_type", r.content_type}};
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

TEST_F(HttpServerTest, AnUploadRouteTakesALargerBodyAndOnlyIt) {
  HttpServerOptions o;
  o.body_limit = 1024;
  o.body_limit_for = [](Method m, std::string_view target) -> std::size_t {
    return m == Method::kPost && target.starts_with("/upload") ? 256u << 10 : 0;
  };
  Start(o);
  const std::string file(200'000, 'f');
  auto up = HttpCall(port_, "POST", "/upload?name=a.jpg", {}, file);
  ASSERT_EQ(up.status, 200);
  EXPECT_EQ(nlohmann::json::parse(up.body)["body"].get<std::string>().size(), file.size());
  EXPECT_EQ(HttpCall(port_, "POST", "/other", {}, file).status, 413) << "only the upload route is larger";
  EXPECT_EQ(HttpCall(port_, "PUT", "/upload", {}, file).status, 413) << "by method too";
  EXPECT_EQ(HttpCall(port_, "POST", "/upload", {}, std::string(300'000, 'x')).status, 413) << "its own limit holds";

  // curl's way: headers, wait for 100 Continue, then the body.
  std::string raw = HttpRaw(port_,
                            "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
                            "Expect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
  EXPECT_EQ(raw.rfind("HTTP/1.1 100 Continue\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("HTTP/1.1 200"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\"content_type\":\"image/jpeg\""), std::string::npos) << raw;
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

TEST_F(HttpServerTest, HeadSendsTheHeadersAndLengthWithoutTheBody) {
  std::string data(5000, 'z');
  std::ofstream(dir_ / "data.bin", std::ios::binary) << data;
  Start();
  // Two requests on one connection: were a body sent after the HEAD's headers, the second
  // answer would be read as garbage.
  std::string raw = HttpRaw(port_,
                            "HEAD /file HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto head = testing::ParseHttpReply(raw);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), std::to_string(data.size() - 6));
  const auto second = raw.find("HTTP/1.1 200", 1);
  ASSERT_NE(second, std::string::npos) << raw;
  EXPECT_EQ(raw.find('z'), std::string::npos) << "no byte of the body was sent";
  EXPECT_NE(raw.find("/after", second), std::string::npos);
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

// The client address handlers see (the audit log's "remote", login failures): taken from
// X-Forwarded-For only when the peer is a trusted proxy.
TEST_F(HttpServerTest, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  auto remote_seen = [&](std::vector<std::string> trusted, std::vector<std::pair<std::string, std::string>> headers) {
    HttpServerOptions o;
    o.listen = "127.0.0.1:0";
    o.trusted_proxies = std::move(trusted);
    auto server = HttpServer::Start(o, [](const Request& r) { return JsonResponse(200, nlohmann::json(r.remote).dump()); })
                      .value();
    auto r = HttpCall(server->port(), "GET", "/who", headers);
    return nlohmann::json::parse(r.body).get<std::string>();
  };
  const std::pair<std::string, std::string> spoof{"X-Forwarded-For", "1.1.1.1, 203.0.113.7"};
  // Behind nginx on the same machine: the hop nginx appended.
  EXPECT_EQ(remote_seen({"127.0.0.1"}, {spoof}), "203.0.113.7");
  EXPECT_EQ(remote_seen({"127.0.0.0/8"}, {{"X-Real-IP", "203.0.113.9"}}), "203.0.113.9");
  // Two header lines are one list (RFC 9110 5.3).
  EXPECT_EQ(remote_seen({"127.0.0.1"}, {{"X-Forwarded-For", "1.1.1.1"}, {"X-Forwarded-For", "203.0.113.8"}}),
            "203.0.113.8");
  // The same headers from a peer that is not a trusted proxy change nothing.
  EXPECT_EQ(remote_seen({"10.0.0.0/8"}, {spoof, {"X-Real-IP", "203.0.113.9"}}), "127.0.0.1");
  EXPECT_EQ(remote_seen({}, {spoof}), "127.0.0.1");
  // A bad list is refused at start, naming the entry.
  HttpServerOptions bad;
  bad.listen = "127.0.0.1:0";
  bad.trusted_proxies = {"proxy.lan"};
  auto refused = HttpServer::Start(bad, [](const Request&) { return Response{}; });
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message().find("proxy.lan"), std::string::npos);
}

// A channel that sends as fast as it can: 160 chunks of 256 KiB, every 8th a restart point
// (a keyframe), then a final control message. Chunk bytes start with 'R' or 'M'.
class FloodChannel final : public Channel {
 public:
  static constexpr int kChunks = 400;  // of 256 KiB: 100 MiB
  void Start(std::shared_ptr<ChannelOutput> out) override {
    sender_ = std::thread([this, out] {
      // Paced like a camera (one chunk every 10 ms for 4 s), so the stream outlasts the
      // client's stall: at full speed it ended while the client slept, and every restart
      // point was dropped behind the stalled write, leaving nothing to resume at.
      for (int i = 0; i < kChunks && !stop_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
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
// the server buffer everything: 100 MiB are sent over 4 s, the queue limit is 1 MiB.
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
  int notices_in_a_row = 0, most_in_a_row = 0;
  while (!end && ws.Read(m, 10s)) {
    if (m.text) {
      if (m.data.find("skipped") != std::string::npos) {
        skipped = true;
        first_after_skip = true;
        most_in_a_row = std::max(most_in_a_row, ++notices_in_a_row);
      }
      end = m.data.find("end") != std::string::npos;
      continue;
    }
    binary_bytes += m.data.size();
    notices_in_a_row = 0;
    if (first_after_skip) {
      restart_after_skip = !m.data.empty() && m.data[0] == 'R';
      first_after_skip = false;
    }
  }
  EXPECT_TRUE(end) << "control messages are never dropped";
  EXPECT_TRUE(skipped) << "the client is told media was dropped";
  EXPECT_TRUE(restart_after_skip) << "after a skip, media resumes at a restart point";
  EXPECT_EQ(most_in_a_row, 1) << "one notice per gap in the media, however many skips it took";
  EXPECT_LT(binary_bytes, std::size_t{FloodChannel::kChunks} * 256 * 1024) << "something was dropped";
}

// A streaming source that sends a 100 KiB part every 10 ms (far faster than a stalled
// client drains) until it is stopped; parts are numbered in their head.
class TickSource final : public StreamSource {
 public:
  explicit TickSource(std::atomic<int>& stops, std::atomic<bool>& allowed) : stops_(stops), allowed_(allowed) {}
  ~TickSource() override { Join(); }
  void Start(std::shared_ptr<StreamOutput> out) override {
    out_ = std::move(out);
    sender_ = std::thread([this] {
      auto body = std::make_shared<const std::string>(100 * 1024, 'j');
      for (int i = 0; !stop_; ++i) {
        out_->Send("\r\n--part " + std::to_string(i) + "\r\n\r\n", body);
        std::this_thread::sleep_for(10ms);
      }
    });
  }
  bool StillAllowed() override { return allowed_; }
  void Stop() override {
    Join();
    out_.reset();
    ++stops_;
  }

 private:
  void Join() {
    stop_ = true;
    if (sender_.joinable()) sender_.join();
  }
  std::atomic<int>& stops_;
  std::atomic<bool>& allowed_;
  std::shared_ptr<StreamOutput> out_;
  std::atomic<bool> stop_{false};
  std::thread sender_;
};

class StreamingTest : public HttpServerTest {
 protected:
  void StartStreaming(HttpServerOptions o = {}) {
    o.listen = "127.0.0.1:0";
    server_ = HttpServer::Start(o, [this](const Request& r) {
                Response res;
                res.content_type = "multipart/x-mixed-replace; boundary=part";
                res.stream = std::make_shared<TickSource>(stops_, allowed_);
                (void)r;
                return res;
              }).value();
    port_ = server_->port();
  }
  static int Parts(const std::string& raw) {
    int n = 0;
    for (std::size_t p = raw.find("--part "); p != std::string::npos; p = raw.find("--part ", p + 1)) ++n;
    return n;
  }
  std::atomic<int> stops_{0};
  std::atomic<bool> allowed_{true};
};

TEST_F(StreamingTest, PartsFlowUntilTheClientGoesAndThenTheSourceStops) {
  StartStreaming();
  const std::string raw = HttpRaw(port_, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", 1s);
  auto head = testing::ParseHttpReply(raw.substr(0, raw.find("\r\n\r\n") + 4));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-type"), "multipart/x-mixed-replace; boundary=part");
  EXPECT_EQ(head.Header("content-length"), "") << "the body ends with the connection";
  EXPECT_GT(Parts(raw), 20) << "about 100 parts a second were sent";
  // HttpRaw closed its socket: the server notices without writing and stops the source.
  ASSERT_TRUE(testing::WaitUntil([&] { return stops_ == 1; }, 5s));
  EXPECT_TRUE(testing::WaitUntil([&] { return server_->streaming_bytes() == 0; }, 5s)) << server_->streaming_bytes();
}

// A client that stops reading holds at most the part being written and the newest one;
// another client of the same source keeps getting parts at full speed.
TEST_F(StreamingTest, AClientThatStopsReadingHoldsTwoPartsAndStallsNobody) {
  StartStreaming();
  const int stalled = testing::SendRaw(port_, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", 4096);
  std::this_thread::sleep_for(300ms);  // the socket buffers fill; the server starts replacing
  std::size_t most = 0;
  std::string raw;
  auto reader = std::async(std::launch::async,
                           [&] { return HttpRaw(port_, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", 1500ms); });
  const auto end = std::chrono::steady_clock::now() + 1500ms;
  while (std::chrono::steady_clock::now() < end) {
    most = std::max(most, server_->streaming_bytes());
    std::this_thread::sleep_for(5ms);
  }
  raw = reader.get();
  // Two clients: at most two parts each (100 KiB and a head).
  EXPECT_LE(most, 4u * (100 * 1024 + 64)) << "memory grew with the stalled client";
  EXPECT_GT(server_->streaming_parts_replaced(), 50u) << "the stalled client's parts were replaced";
  EXPECT_GT(Parts(raw), 50) << "the reading client was held up by the stalled one";
  ::close(stalled);
}

TEST_F(StreamingTest, ARevokedRightEndsTheResponse) {
  HttpServerOptions o;
  o.websocket_recheck = 1s;
  StartStreaming(o);
  allowed_ = false;
  const auto t0 = std::chrono::steady_clock::now();
  const std::string raw = HttpRaw(port_, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", 10s);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s) << "the server ended the response";
  EXPECT_GT(Parts(raw), 0);
  ASSERT_TRUE(testing::WaitUntil([&] { return stops_ == 1; }, 5s));
}

}  // namespace
}  // namespace anninh::serve
