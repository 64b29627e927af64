// WebSocket conversations without Beast: a Channel is the server's side of one upgraded
// connection (live view now; event feeds later), made by the API after it admitted the
// upgrade request like any other request; a ChannelOutput is the connection, implemented in
// http_server.cpp. Keeping this transport-free lets channels be tested without sockets.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "serve/http.h"

namespace anninh::serve {

// Thread-safe: Send* and Close may be called from any thread and never block; the
// connection queues and writes on its own strand.
class ChannelOutput {
 public:
  virtual ~ChannelOutput() = default;
  enum class Priority {
    kControl,  // JSON messages and init segments: always delivered, in order
    kRestart,  // media a client can start from (begins with a keyframe)
    kMedia,    // other media: dropped when the client falls behind, until the next kRestart
  };
  virtual void SendText(std::string text) = 0;
  virtual void SendBinary(std::shared_ptr<const std::string> bytes, Priority priority) = 0;
  // Ends the conversation with a WebSocket close frame (RFC 6455 7.4: 1008 policy, 1011 error).
  virtual void Close(int code, std::string reason) = 0;
};

// Called by the connection, never concurrently with itself.
class Channel {
 public:
  virtual ~Channel() = default;
  // The WebSocket is open; send through `out` from now on.
  virtual void Start(std::shared_ptr<ChannelOutput> out) = 0;
  // A text message from the client; a channel checks rights for each one it acts on.
  virtual void OnMessage(const std::string& text) = 0;
  // Asked periodically: is the caller still allowed (session not revoked, right not
  // removed)? false closes the connection with 1008.
  virtual bool StillAllowed() = 0;
  // The connection is gone or closing; release everything. Called exactly once.
  virtual void Stop() = 0;
};

// The answer to an upgrade request: a channel, or the HTTP response that refuses it.
struct Upgrade {
  std::shared_ptr<Channel> channel;
  std::optional<Response> refused;
};

}  // namespace anninh::serve
