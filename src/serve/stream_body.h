// A response whose body is made over time and has no end set in advance (MJPEG's
// multipart/x-mixed-replace): a StreamSource is the server's side of it, made by a handler
// after the request was admitted; a StreamOutput is the connection, implemented in
// http_server.cpp. Transport-free like channel.h, so sources are tested without sockets.
#pragma once

#include <memory>
#include <string>

namespace anninh::serve {

// Thread-safe: Send and End may be called from any thread and never block.
class StreamOutput {
 public:
  virtual ~StreamOutput() = default;
  // Writes `head` then `body`. At most one part waits while another is being written: a
  // newer part replaces a waiting one, so a client that reads slowly always gets the newest
  // part and the server never holds more than two parts per client.
  virtual void Send(std::string head, std::shared_ptr<const std::string> body) = 0;
  // Ends the response (the connection closes after what is being written).
  virtual void End() = 0;
};

// Called by the connection, never concurrently with itself.
class StreamSource {
 public:
  virtual ~StreamSource() = default;
  // The response head is on its way; send parts through `out` from now on.
  virtual void Start(std::shared_ptr<StreamOutput> out) = 0;
  // Asked periodically: is the caller still allowed? false ends the response.
  virtual bool StillAllowed() = 0;
  // The client went away or the response ended; release everything. Called exactly once.
  virtual void Stop() = 0;
};

}  // namespace anninh::serve
