// Real peers for the alerts integration tests: Debian's mosquitto broker on a free
// 127.0.0.1 port, a libmosquitto subscriber, the Python webhook receiver
// (testdata/webhook_receiver.py) and a TCP forwarder (testdata/tcp_proxy.py).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "events/event.h"
#include "support/process.h"
#include "support/temp_dir.h"

struct mosquitto;

namespace anninh::alerts::testing {

using anninh::testing::Process;
using anninh::testing::TempDir;

// A person event in zone "san", `id` nanoseconds after a fixed start.
events::Event TestEvent(std::int64_t id, std::string camera = "cam1", std::string rule = "vao-khu");

// Polls `f` every 10 ms until it holds or `timeout` passes; returns its last value.
template <typename F>
bool Eventually(F f, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return f();
}

// A port nothing listens on right now (bound, read, closed).
int FreePort();
// Waits until something accepts TCP connections on 127.0.0.1:port.
bool WaitForListener(int port, std::chrono::milliseconds timeout);

class Broker {
 public:
  // Starts `mosquitto -c <tmp>/mosquitto.conf` and waits for it. With a username, only that
  // user with that password may connect (a password file made by mosquitto_passwd).
  explicit Broker(int port, const std::string& username = "", const std::string& password = "");
  int port() const { return port_; }
  bool ready() const { return ready_; }

 private:
  TempDir dir_;
  int port_;
  std::unique_ptr<Process> process_;
  bool ready_ = false;
};

struct Received {
  std::string topic;
  std::string payload;
  bool retained = false;
  int qos = 0;
};

class Subscriber {
 public:
  // Connects to the broker and subscribes to `filter` (QoS 1); ready() once SUBACK came.
  Subscriber(int port, const std::string& filter);
  ~Subscriber();
  bool ready() const { return ready_; }
  // Waits until at least `n` messages arrived; returns a copy of all of them.
  std::vector<Received> WaitFor(std::size_t n, std::chrono::milliseconds timeout);

 private:
  mosquitto* mosq_ = nullptr;
  bool ready_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Received> messages_;
  bool subscribed_ = false;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(const std::string& secret);
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The next request the receiver saw (its JSON line), or null after `timeout`.
  nlohmann::json Next(std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<Process> process_;
  int port_ = 0;
};

// Forwards 127.0.0.1:listen to 127.0.0.1:target until destroyed.
class TcpProxy {
 public:
  TcpProxy(int listen, int target);
  bool ready() const { return ready_; }

 private:
  std::unique_ptr<Process> process_;
  bool ready_ = false;
};

}  // namespace anninh::alerts::testing
