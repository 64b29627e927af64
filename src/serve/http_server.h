// The HTTP/1.1 server (Boost.Beast underneath; this header includes no Boost so that
// including it stays cheap). Connections are served asynchronously on a few network
// threads; each request's handler runs on a separate worker pool, because handlers block
// (SQLite, file assembly), and its response is written back on the connection's strand.
//
// Thread contract: Start and Stop from one thread; the handler is called from the worker
// threads, concurrently.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "serve/channel.h"
#include "serve/http.h"

namespace anninh::serve {

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one (tests)
  int network_threads = 2;
  int worker_threads = 2;
  std::size_t body_limit = 64 * 1024;  // requests are small JSON; video goes out, not in
  // Asked once a request's headers are read: a larger limit for this one (uploads), or 0
  // for body_limit. Called on a network thread: it must be quick and must not block.
  std::function<std::size_t(Method, std::string_view target)> body_limit_for;
  std::chrono::seconds read_timeout{30};   // a request's header and body
  std::chrono::seconds idle_timeout{60};   // between keep-alive requests
  std::chrono::seconds write_timeout{60};  // each chunk of a response (not the whole video)
  // WebSocket: how far a client may fall behind before media is dropped to the next
  // keyframe.
  std::size_t websocket_queue_limit = 8 * 1024 * 1024;
  // HTTPS when both are set (PEM files): the listener speaks TLS only.
  std::string tls_cert_file;
  std::string tls_key_file;
  // WebSockets and streaming responses (MJPEG) re-check the caller's rights this often.
  std::chrono::seconds websocket_recheck{30};
  // Reverse proxies whose X-Forwarded-For / X-Real-IP name the client (client_address.h):
  // addresses or networks, "127.0.0.1", "10.0.0.0/8". Empty: those headers are ignored.
  std::vector<std::string> trusted_proxies;
};

using RequestHandler = std::function<Response(const Request&)>;
// For requests that ask to become a WebSocket (RFC 6455 4.1); runs on the worker pool.
using UpgradeHandler = std::function<Upgrade(const Request&)>;

class HttpServer {
 public:
  // Binds and starts serving; fails (port in use, bad address) before any thread starts.
  static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                   RequestHandler handler, UpgradeHandler upgrade = {});
  virtual ~HttpServer() = default;

  // The bound address, "127.0.0.1:8080".
  virtual std::string address() const = 0;
  virtual int port() const = 0;
  // Streaming responses (stream_body.h): bytes held for all clients now (parts being
  // written or waiting), and parts replaced by a newer one before a slow client got them.
  virtual std::size_t streaming_bytes() const = 0;
  virtual std::uint64_t streaming_parts_replaced() const = 0;
  // Stops accepting, closes connections, waits for running handlers. Idempotent.
  virtual void Stop() = 0;
};

}  // namespace anninh::serve
