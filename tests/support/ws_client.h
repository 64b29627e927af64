// A blocking WebSocket client for tests (Boost.Beast underneath, hidden here): connect with
// headers, see the handshake's HTTP status when the server refuses, read messages with a
// timeout.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace anninh::testing {

struct WsMessage {
  bool text = false;
  std::string data;
};

class WsClient {
 public:
  // Connects to 127.0.0.1:port and asks to upgrade `target`; ok() says whether the server
  // accepted. (Refusals are plain HTTP answers: test them with HttpCall.)
  WsClient(int port, const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers = {});
  ~WsClient();
  bool ok() const;
  // The next message, or false on timeout, close or error.
  bool Read(WsMessage& out, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Stops reading without closing: the server sees a client that fell behind.
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace anninh::testing
