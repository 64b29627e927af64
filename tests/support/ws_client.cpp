#include "support/ws_client.h"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace anninh::testing {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

struct WsClient::Impl {
  net::io_context ioc;
  websocket::stream<net::ip::tcp::socket> ws{ioc};
  websocket::response_type response;
  bool ok = false;
  beast::flat_buffer buffer;
};

WsClient::WsClient(int port, const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers)
    : impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  net::ip::tcp::endpoint ep(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  impl_->ws.next_layer().connect(ep, ec);
  if (ec) return;
  impl_->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [k, v] : headers) req.set(k, v);
  }));
  impl_->ws.handshake(impl_->response, "127.0.0.1:" + std::to_string(port), target, ec);
  impl_->ok = !ec;
}

WsClient::~WsClient() = default;
bool WsClient::ok() const { return impl_->ok; }

bool WsClient::Read(WsMessage& out, std::chrono::milliseconds timeout) {
  if (!impl_->ok) return false;
  timeval tv{};
  tv.tv_sec = static_cast<long>(timeout.count() / 1000);
  tv.tv_usec = static_cast<long>((timeout.count() % 1000) * 1000);
  ::setsockopt(impl_->ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  beast::error_code ec;
  impl_->buffer.clear();
  impl_->ws.read(impl_->buffer, ec);
  if (ec) {
    impl_->ok = false;
    return false;
  }
  out.text = impl_->ws.got_text();
  out.data = beast::buffers_to_string(impl_->buffer.data());
  return true;
}

void WsClient::Close() {
  beast::error_code ec;
  impl_->ws.next_layer().close(ec);
  impl_->ok = false;
}

}  // namespace anninh::testing
