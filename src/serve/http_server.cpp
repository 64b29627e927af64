#include "serve/http_server.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include "serve/client_address.h"
#include "serve/stream_body.h"

namespace anninh::serve {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// A Beast body that sends a slice of an open file with pread, 64 KiB at a time, so a
// multi-gigabyte video never sits in memory and a Range request reads only its bytes.
// The reads hit a file the cache just wrote (page cache); they are short and do not block
// the network thread the way an SQLite query or an assembly would.
struct FileSliceBody {
  using value_type = FileSlice;

  static std::uint64_t size(const value_type& v) { return v.length; }

  class writer {
   public:
    using const_buffers_type = net::const_buffer;

    template <bool isRequest, class Fields>
    writer(const http::header<isRequest, Fields>&, const value_type& body) : body_(body) {}

    void init(beast::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
      if (sent_ >= body_.length) {
        ec = {};
        return boost::none;
      }
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof(buf_), body_.length - sent_));
      ssize_t n;
      do {
        n = ::pread(body_.file->fd(), buf_, want, static_cast<off_t>(body_.offset + sent_));
      } while (n < 0 && errno == EINTR);
      if (n <= 0) {
        // A file that shrank under us: end the connection rather than send a short body.
        ec = n < 0 ? beast::error_code(errno, beast::system_category())
                   : beast::error_code(EIO, beast::system_category());
        return boost::none;
      }
      sent_ += static_cast<std::uint64_t>(n);
      ec = {};
      return std::make_pair(net::const_buffer(buf_, static_cast<std::size_t>(n)), sent_ < body_.length);
    }

   private:
    const value_type& body_;
    std::uint64_t sent_ = 0;
    char buf_[64 * 1024];
  };
};

Method MethodOf(http::verb v) {
  switch (v) {
    case http::verb::get: return Method::kGet;
    case http::verb::head: return Method::kHead;
    case http::verb::post: return Method::kPost;
    case http::verb::put: return Method::kPut;
    case http::verb::delete_: return Method::kDelete;
    case http::verb::patch: return Method::kPatch;
    case http::verb::options: return Method::kOptions;
    default: return Method::kOther;
  }
}

class BeastServer;
// What the server needs of an open WebSocket, whatever its transport.
class WsBase {
 public:
  virtual ~WsBase() = default;
  virtual void StopChannel() = 0;
};

// One connection: read a request, hand it to the worker pool, write the response on this
// connection's strand, repeat while keep-alive. Owned by the pending asynchronous operation
// (or the worker's task) through shared_ptr: when nothing is pending, it is gone.
// Stream is PlainStream (HTTP) or TlsStream (HTTPS, after its handshake).
template <class Stream>
class HttpSession final : public StreamOutput,
                          public WsBase,
                          public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, BeastServer& server) : stream_(std::move(stream)), server_(server) {}
  ~HttpSession() override;
  void Run() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        // TLS: the handshake first, under the read deadline, then HTTP as usual.
        beast::get_lowest_layer(self->stream_).expires_after(self->ReadTimeout());
        self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
          if (!ec) self->Read();  // a failed handshake (plain HTTP, bad client) just ends
        });
      } else {
        self->Read();
      }
    });
  }

 private:
  void Read();
  void OnHeader(beast::error_code ec);
  void ReadBody();
  void OnRead(beast::error_code ec);
  void Respond(Response response);
  void StartUpgrade(Request request);
  template <class Body>
  void Send(http::response<Body>&& msg);
  template <class Outgoing>
  void WriteSome(std::shared_ptr<Outgoing> out);
  void AfterWrite(bool close);
  // A streaming response (stream_body.h): head, then parts until the source, the client or
  // a failed rights check ends it. Confined to the strand, except Send/End/StopChannel.
 public:
  void Send(std::string head, std::shared_ptr<const std::string> body) override;
  void End() override;
  void StopChannel() override;

 private:
  void StartStream(std::shared_ptr<StreamSource> source);
  void WriteNextPart();
  void WatchForClose();
  void ScheduleStreamRecheck();
  void FinishStream();
  void ShutdownStream();
  struct Part {
    std::string head;
    std::shared_ptr<const std::string> body;
    std::size_t size() const { return head.size() + (body ? body->size() : 0); }
  };
  std::mutex source_mu_;
  std::shared_ptr<StreamSource> source_;  // guarded by source_mu_; null once stopped
  std::optional<Part> writing_part_, waiting_part_;
  bool streaming_ = false, stream_ended_ = false, stream_finished_ = false;
  std::optional<net::steady_timer> recheck_;
  char discard_[512];

  void Close() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(10));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }
  std::chrono::seconds ReadTimeout() const;

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  BeastServer& server_;
  bool first_ = true;
  bool keep_alive_ = false;
  bool head_ = false;  // the request being answered is a HEAD: headers only
  unsigned version_ = 11;
};

class BeastServer final : public HttpServer {
 public:
  BeastServer(const HttpServerOptions& options, RequestHandler handler, UpgradeHandler upgrade)
      : options_(options),
        handler_(std::move(handler)),
        upgrade_(std::move(upgrade)),
        ioc_(options.network_threads),
        acceptor_(net::make_strand(ioc_)),
        workers_(static_cast<std::size_t>(options.worker_threads)) {}

  ~BeastServer() override { Stop(); }

  Status Listen() {
    if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
      if (auto s = LoadTls(); !s) return s;
    }
    auto trusted = AddressSet::Parse(options_.trusted_proxies);
    if (!trusted) return Fail(std::move(trusted).error().Wrap("http trusted_proxies"));
    trusted_ = std::move(*trusted);
    const std::string& listen = options_.listen;
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "http listen address must be HOST:PORT: '" + listen + "'");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "0.0.0.0";
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(host, listen.substr(colon + 1),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "http listen address '" + listen + "': " + ec.message());
    }
    tcp::endpoint endpoint = results.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return Fail(ec == net::error::address_in_use ? ErrorCode::kUnavailable : ErrorCode::kInvalidArgument,
                  "http listen on " + listen + ": " + ec.message());
    }
    bound_ = acceptor_.local_endpoint(ec);
    Accept();
    for (int i = 0; i < options_.network_threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
    return {};
  }

  std::string address() const override {
    auto a = bound_.address();
    return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(bound_.port());
  }
  int port() const override { return bound_.port(); }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    StopChannels();
    // The network threads stop first (no new requests, no writes); then the workers finish
    // what they are running. Their posts back land in a stopped io_context and are
    // destroyed with it, closing those connections.
    ioc_.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
    workers_.join();
    beast::error_code ec;
    acceptor_.close(ec);
  }

  const HttpServerOptions& options() const { return options_; }
  const AddressSet& trusted_proxies() const { return trusted_; }
  net::thread_pool& workers() { return workers_; }

  Response Handle(const Request& r) const {
    try {
      return handler_(r);
    } catch (const std::exception& e) {
      spdlog::error("http: {}: {}", r.target, e.what());
      return ErrorResponse(500, "internal", "internal error; see the server's log");
    }
  }

  bool upgrades() const { return static_cast<bool>(upgrade_); }

  // Bytes held for streaming responses (parts being written or waiting), all clients.
  std::size_t streaming_bytes() const override { return streaming_bytes_.load(); }
  std::uint64_t streaming_parts_replaced() const override { return parts_replaced_.load(); }
  void AddStreamingBytes(std::ptrdiff_t n) { streaming_bytes_.fetch_add(static_cast<std::size_t>(n)); }
  void CountReplaced() { parts_replaced_.fetch_add(1, std::memory_order_relaxed); }

  // HTTPS: the certificate chain and key (PEM). TLS 1.2 and 1.3 only (older versions are
  // broken; QCVN 135:2024 asks for current protocols).
  Status LoadTls() {
    if (options_.tls_cert_file.empty() || options_.tls_key_file.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "HTTPS needs both tls_cert and tls_key");
    }
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    beast::error_code ec;
    ctx->use_certificate_chain_file(options_.tls_cert_file, ec);
    if (ec) return Fail(ErrorCode::kInvalidArgument, "tls_cert " + options_.tls_cert_file + ": " + ec.message());
    ctx->use_private_key_file(options_.tls_key_file, ssl::context::pem, ec);
    if (ec) return Fail(ErrorCode::kInvalidArgument, "tls_key " + options_.tls_key_file + ": " + ec.message());
    tls_ = std::move(ctx);
    return {};
  }
  Upgrade HandleUpgrade(const Request& r) const {
    try {
      return upgrade_(r);
    } catch (const std::exception& e) {
      spdlog::error("http: upgrade {}: {}", r.target, e.what());
      return {nullptr, ErrorResponse(500, "internal", "internal error; see the server's log")};
    }
  }

  // Open WebSockets, so Stop can end their channels (which hold subscriptions to live
  // streams owned by the app) before the io_context goes away.
  void Register(const std::shared_ptr<WsBase>& ws);
  void Unregister(WsBase* ws);
  void StopChannels();

 private:
  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (ec) {
        // EMFILE and friends: log, then keep accepting; the listener must not die.
        spdlog::warn("http: accept: {}", ec.message());
      } else {
        if (tls_) {
          std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), *tls_), *this)->Run();
        } else {
          std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), *this)->Run();
        }
      }
      Accept();
    });
  }

  HttpServerOptions options_;
  RequestHandler handler_;
  UpgradeHandler upgrade_;
  std::unique_ptr<ssl::context> tls_;  // set: HTTPS only
  AddressSet trusted_;
  std::mutex ws_mu_;
  std::map<WsBase*, std::weak_ptr<WsBase>> websockets_;  // guarded by ws_mu_
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::thread_pool workers_;
  std::vector<std::thread> threads_;
  tcp::endpoint bound_;
  std::atomic<bool> stopped_{false};
  std::atomic<std::size_t> streaming_bytes_{0};
  std::atomic<std::uint64_t> parts_replaced_{0};
};


// One WebSocket connection (RFC 6455): the ChannelOutput a Channel writes to. Outgoing
// messages queue on this connection's strand and are written one at a time; a client that
// falls behind (more than websocket_queue_limit bytes queued) loses queued media up to the
// next restart point (a keyframe), never control messages.
template <class Next>
class WsSession final : public ChannelOutput, public WsBase, public std::enable_shared_from_this<WsSession<Next>> {
 public:
  WsSession(Next&& next, BeastServer& server, std::shared_ptr<Channel> channel)
      : ws_(std::move(next)), server_(server), channel_(std::move(channel)), timer_(ws_.get_executor()) {}
  ~WsSession() override;

  void Run(http::request<http::string_body> upgrade_request) {
    request_ = std::move(upgrade_request);
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "anninh"); }));
    ws_.read_message_max(64 * 1024);
    ws_.async_accept(request_, [self = this->shared_from_this()](beast::error_code ec) { self->OnAccept(ec); });
  }

  // Ends the channel once, from whichever thread gets here first (close, error, Stop).
  void StopChannel() override {
    std::shared_ptr<Channel> ch;
    {
      std::lock_guard lock(channel_mu_);
      ch = std::move(channel_);
    }
    if (ch) ch->Stop();
  }

  void SendText(std::string text) override {
    Enqueue(std::make_shared<const std::string>(std::move(text)), true, Priority::kControl);
  }
  void SendBinary(std::shared_ptr<const std::string> bytes, Priority priority) override {
    Enqueue(std::move(bytes), false, priority);
  }
  void Close(int code, std::string reason) override {
    net::post(ws_.get_executor(), [self = this->shared_from_this(), code, reason = std::move(reason)]() mutable {
      self->close_.code = static_cast<std::uint16_t>(code);
      self->close_.reason = reason;
      self->closing_ = true;
      if (!self->writing_) self->DoClose();
    });
  }

 private:
  struct Item {
    std::shared_ptr<const std::string> bytes;
    bool text;
    Priority priority;
    bool skip_notice = false;  // {"type":"skipped"}: announces the restart point queued after it
  };

  std::shared_ptr<Channel> channel() {
    std::lock_guard lock(channel_mu_);
    return channel_;
  }

  void OnAccept(beast::error_code ec) {
    if (ec) return Finish();
    auto ch = channel();
    if (!ch) return;
    // Start may read the database (audit): on the worker pool, not this network thread.
    net::post(server_.workers(), [self = this->shared_from_this(), ch] { ch->Start(self); });
    Read();
    ScheduleRecheck();
  }

  void Read() {
    ws_.async_read(in_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->Finish();
      std::string text = beast::buffers_to_string(self->in_.data());
      self->in_.consume(self->in_.size());
      if (auto ch = self->channel()) {
        net::post(self->server_.workers(), [ch, text = std::move(text)] { ch->OnMessage(text); });
      }
      self->Read();
    });
  }

  void ScheduleRecheck() {
    timer_.expires_after(server_.options().websocket_recheck);
    timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec || self->closing_) return;
      auto ch = self->channel();
      if (!ch) return;
      net::post(self->server_.workers(), [self, ch] {
        if (!ch->StillAllowed()) {
          self->Close(1008, "access revoked or session ended");
        } else {
          net::post(self->ws_.get_executor(), [self] { self->ScheduleRecheck(); });
        }
      });
    });
  }

  void Enqueue(std::shared_ptr<const std::string> bytes, bool text, Priority priority) {
    net::post(ws_.get_executor(), [self = this->shared_from_this(), bytes = std::move(bytes), text, priority]() mutable {
      self->Push({std::move(bytes), text, priority});
    });
  }

  void Push(Item item) {
    if (closing_) return;
    if (item.priority == Priority::kMedia && skipping_) return;
    if (item.priority != Priority::kControl && queued_ > server_.options().websocket_queue_limit) {
      // Behind: drop queued media (not the one being written) and resume at a keyframe. A
      // skip notice still queued goes too: the restart it announced is dropped, and the
      // next restart brings its own, so a stalled viewer gets one notice, not one per skip.
      std::deque<Item> kept;
      for (std::size_t i = 0; i < queue_.size(); ++i) {
        const bool written = writing_ && i == 0;
        if (written || (queue_[i].priority == Priority::kControl && !queue_[i].skip_notice)) {
          kept.push_back(std::move(queue_[i]));
        } else {
          queued_ -= queue_[i].bytes->size();
        }
      }
      queue_ = std::move(kept);
      skipping_ = true;
      ++skips_;
      if (item.priority != Priority::kRestart) return;
    }
    if (item.priority == Priority::kRestart && skipping_) {
      skipping_ = false;
      Push({std::make_shared<const std::string>(R"({"type":"skipped"})"), true, Priority::kControl, true});
    }
    queued_ += item.bytes->size();
    queue_.push_back(std::move(item));
    if (!writing_) WriteNext();
  }

  void WriteNext() {
    if (queue_.empty()) {
      if (closing_) DoClose();
      return;
    }
    writing_ = true;
    const Item& item = queue_.front();
    ws_.text(item.text);
    ws_.async_write(net::buffer(*item.bytes), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->writing_ = false;
      if (ec) return self->Finish();
      self->queued_ -= self->queue_.front().bytes->size();
      self->queue_.pop_front();
      self->WriteNext();
    });
  }

  void DoClose() {
    if (close_sent_) return;
    close_sent_ = true;
    ws_.async_close(close_, [self = this->shared_from_this()](beast::error_code) { self->Finish(); });
  }

  void Finish() {
    if (finished_) return;
    finished_ = true;
    closing_ = true;
    beast::error_code ec;
    timer_.cancel(ec);
    // Stop may write the audit log: on the worker pool.
    net::post(server_.workers(), [self = this->shared_from_this()] { self->StopChannel(); });
  }

  websocket::stream<Next> ws_;
  BeastServer& server_;
  std::mutex channel_mu_;
  std::shared_ptr<Channel> channel_;  // guarded by channel_mu_; null once stopped
  net::steady_timer timer_;
  http::request<http::string_body> request_;
  beast::flat_buffer in_;
  // The rest is confined to the strand.
  std::deque<Item> queue_;
  std::size_t queued_ = 0;
  bool writing_ = false;
  bool skipping_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  bool finished_ = false;
  std::uint64_t skips_ = 0;
  websocket::close_reason close_{websocket::close_code::normal};
};

template <class Next>
WsSession<Next>::~WsSession() {
  server_.Unregister(this);
}

void BeastServer::Register(const std::shared_ptr<WsBase>& ws) {
  std::lock_guard lock(ws_mu_);
  websockets_[ws.get()] = ws;
}

void BeastServer::Unregister(WsBase* ws) {
  std::lock_guard lock(ws_mu_);
  websockets_.erase(ws);
}

void BeastServer::StopChannels() {
  std::vector<std::shared_ptr<WsBase>> open;
  {
    std::lock_guard lock(ws_mu_);
    for (auto& [raw, weak] : websockets_) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
  }
  for (auto& s : open) s->StopChannel();
}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  if (streaming_) server_.Unregister(this);
  if (writing_part_) server_.AddStreamingBytes(-static_cast<std::ptrdiff_t>(writing_part_->size()));
  if (waiting_part_) server_.AddStreamingBytes(-static_cast<std::ptrdiff_t>(waiting_part_->size()));
}

template <class Stream>
void HttpSession<Stream>::StartStream(std::shared_ptr<StreamSource> source) {
  streaming_ = true;
  {
    std::lock_guard lock(source_mu_);
    source_ = source;
  }
  server_.Register(this->shared_from_this());
  // No write deadline while waiting for the next part (a camera may pause); each write has one.
  beast::get_lowest_layer(stream_).expires_never();
  WatchForClose();
  ScheduleStreamRecheck();
  // Start may read the database (audit): on the worker pool, not this network thread.
  net::post(server_.workers(), [self = this->shared_from_this(), source] { source->Start(self); });
}

// The client sends nothing more on a streaming response; reading tells us at once when it
// goes away (EOF), even while no part is being written.
template <class Stream>
void HttpSession<Stream>::WatchForClose() {
  stream_.async_read_some(net::buffer(discard_), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) return self->FinishStream();
    self->WatchForClose();
  });
}

template <class Stream>
void HttpSession<Stream>::ScheduleStreamRecheck() {
  if (!recheck_) recheck_.emplace(stream_.get_executor());
  recheck_->expires_after(server_.options().websocket_recheck);
  recheck_->async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (ec || self->stream_finished_) return;
    std::shared_ptr<StreamSource> source;
    {
      std::lock_guard lock(self->source_mu_);
      source = self->source_;
    }
    if (!source) return;
    net::post(self->server_.workers(), [self, source] {
      const bool allowed = source->StillAllowed();
      net::post(self->stream_.get_executor(), [self, allowed] {
        if (allowed) return self->ScheduleStreamRecheck();
        self->stream_ended_ = true;  // access revoked: end after the part being written
        if (!self->writing_part_) self->FinishStream();
      });
    });
  });
}

template <class Stream>
void HttpSession<Stream>::Send(std::string head, std::shared_ptr<const std::string> body) {
  net::post(stream_.get_executor(), [self = this->shared_from_this(), part = Part{std::move(head), std::move(body)}]() mutable {
    if (self->stream_ended_ || self->stream_finished_) return;
    self->server_.AddStreamingBytes(static_cast<std::ptrdiff_t>(part.size()));
    if (self->waiting_part_) {
      // The client is behind: the newest part replaces the one it has not started on.
      self->server_.AddStreamingBytes(-static_cast<std::ptrdiff_t>(self->waiting_part_->size()));
      self->server_.CountReplaced();
    }
    self->waiting_part_ = std::move(part);
    if (!self->writing_part_) self->WriteNextPart();
  });
}

template <class Stream>
void HttpSession<Stream>::End() {
  net::post(stream_.get_executor(), [self = this->shared_from_this()] {
    self->stream_ended_ = true;
    if (!self->writing_part_ && !self->waiting_part_) self->FinishStream();
  });
}

template <class Stream>
void HttpSession<Stream>::WriteNextPart() {
  if (stream_finished_) return;
  if (!waiting_part_) {
    if (stream_ended_) FinishStream();
    return;
  }
  writing_part_ = std::move(waiting_part_);
  waiting_part_.reset();
  std::array<net::const_buffer, 2> buffers{net::buffer(writing_part_->head),
                                           writing_part_->body ? net::buffer(*writing_part_->body) : net::const_buffer()};
  // A client that stops reading is cut after write_timeout; meanwhile it holds two parts.
  beast::get_lowest_layer(stream_).expires_after(server_.options().write_timeout);
  net::async_write(stream_, buffers, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
    self->server_.AddStreamingBytes(-static_cast<std::ptrdiff_t>(self->writing_part_->size()));
    self->writing_part_.reset();
    if (ec || self->stream_finished_) {
      self->FinishStream();
      return self->ShutdownStream();
    }
    beast::get_lowest_layer(self->stream_).expires_never();
    self->WriteNextPart();
  });
}

template <class Stream>
void HttpSession<Stream>::ShutdownStream() {
  beast::error_code ec;
  beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ec);
  beast::get_lowest_layer(stream_).cancel();
}

// Ends a streaming response once: the source stops (on the worker pool: it may write the
// audit log) and the connection closes.
template <class Stream>
void HttpSession<Stream>::FinishStream() {
  if (stream_finished_) return;
  stream_finished_ = true;
  stream_ended_ = true;
  if (waiting_part_) {
    server_.AddStreamingBytes(-static_cast<std::ptrdiff_t>(waiting_part_->size()));
    waiting_part_.reset();
  }
  if (recheck_) recheck_->cancel();
  net::post(server_.workers(), [self = this->shared_from_this()] { self->StopChannel(); });
  if (!writing_part_) ShutdownStream();  // else when that write completes
}

template <class Stream>
void HttpSession<Stream>::StopChannel() {
  std::shared_ptr<StreamSource> source;
  {
    std::lock_guard lock(source_mu_);
    source = std::move(source_);
  }
  if (source) source->Stop();
}

template <class Stream>
std::chrono::seconds HttpSession<Stream>::ReadTimeout() const {
  return server_.options().read_timeout;
}

template <class Stream>
void HttpSession<Stream>::StartUpgrade(Request request) {
  net::post(server_.workers(), [self = this->shared_from_this(), request = std::move(request)] {
    Upgrade up = self->server_.HandleUpgrade(request);
    net::post(self->stream_.get_executor(), [self, up = std::move(up)]() mutable {
      if (up.refused || !up.channel) {
        self->keep_alive_ = false;
        return self->Respond(up.refused ? std::move(*up.refused)
                                        : ErrorResponse(500, "internal", "the upgrade produced nothing"));
      }
      std::shared_ptr<WsBase> registered;
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        auto ws = std::make_shared<WsSession<TlsStream>>(std::move(self->stream_), self->server_, std::move(up.channel));
        registered = ws;
        self->server_.Register(registered);
        ws->Run(self->parser_->release());
        return;
      } else {
        auto ws = std::make_shared<WsSession<PlainStream>>(PlainStream(self->stream_.release_socket()), self->server_,
                                                           std::move(up.channel));
        registered = ws;
        self->server_.Register(registered);
        ws->Run(self->parser_->release());
        return;
      }
    });
  });
}

template <class Stream>
void HttpSession<Stream>::Read() {
  parser_.emplace();
  head_ = false;
  // The body's limit depends on the route, known once the headers are in (OnHeader); Beast
  // checks a Content-Length against the limit while parsing the headers, so none applies yet.
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  parser_->header_limit(16 * 1024);
  beast::get_lowest_layer(stream_).expires_after(first_ ? server_.options().read_timeout : server_.options().idle_timeout);
  first_ = false;
  // Headers first: the route decides how large a body it takes (uploads), before any of it
  // is read.
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
}

template <class Stream>
void HttpSession<Stream>::OnHeader(beast::error_code ec) {
  if (ec) return OnRead(ec);
  const auto& msg = parser_->get();
  std::uint64_t limit = server_.options().body_limit;
  if (server_.options().body_limit_for) {
    const std::string_view target(msg.target().data(), msg.target().size());
    if (std::size_t route_limit = server_.options().body_limit_for(MethodOf(msg.method()), target)) limit = route_limit;
  }
  if (auto length = parser_->content_length(); length && *length > limit) return OnRead(http::error::body_limit);
  parser_->body_limit(limit);  // a chunked body is counted as it comes
  // A client that asks before sending a large body (curl does) is told to go on, unless the
  // declared length is already over the limit: then the 413 comes at once.
  auto expect = msg.find(http::field::expect);
  if (expect != msg.end() && beast::iequals(expect->value(), "100-continue") && !parser_->is_done()) {
    auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, msg.version());
    return http::async_write(stream_, *cont, [self = this->shared_from_this(), cont](beast::error_code wec, std::size_t) {
      if (wec) return self->Close();
      self->ReadBody();
    });
  }
  ReadBody();
}

template <class Stream>
void HttpSession<Stream>::ReadBody() {
  http::async_read(stream_, buffer_, *parser_,
                   [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
}

template <class Stream>
void HttpSession<Stream>::OnRead(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::eof ||
      ec == net::error::connection_reset) {
    return Close();
  }
  if (ec) {
    keep_alive_ = false;
    if (ec == http::error::body_limit) {
      return Respond(ErrorResponse(413, "payload_too_large", "the request body is too large"));
    }
    if (ec == http::error::header_limit) {
      return Respond(ErrorResponse(431, "headers_too_large", "the request headers are too large"));
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      return Respond(ErrorResponse(400, "bad_request", "malformed HTTP request: " + ec.message()));
    }
    return Close();
  }
  auto& msg = parser_->get();
  keep_alive_ = msg.keep_alive();
  version_ = msg.version();
  Request request;
  request.method = MethodOf(msg.method());
  request.target = std::string(msg.target());
  if (auto it = msg.find(http::field::range); it != msg.end()) request.range = std::string(it->value());
  if (auto it = msg.find(http::field::cookie); it != msg.end()) request.cookie = std::string(it->value());
  if (auto it = msg.find(http::field::authorization); it != msg.end()) {
    request.authorization = std::string(it->value());
  }
  if (auto it = msg.find("X-CSRF-Token"); it != msg.end()) request.csrf_token = std::string(it->value());
  if (auto it = msg.find(http::field::origin); it != msg.end()) request.origin = std::string(it->value());
  if (auto it = msg.find(http::field::host); it != msg.end()) request.host = std::string(it->value());
  if (auto it = msg.find(http::field::content_type); it != msg.end()) request.content_type = std::string(it->value());
  if (auto it = msg.find(http::field::if_none_match); it != msg.end()) {
    request.if_none_match = std::string(it->value());
  }
  head_ = request.method == Method::kHead;
  beast::error_code peer_ec;
  auto peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(peer_ec);
  if (!peer_ec) {
    std::string forwarded_for;  // every X-Forwarded-For line, in order (RFC 9110 5.3)
    for (auto [it, end] = msg.equal_range("X-Forwarded-For"); it != end; ++it) {
      forwarded_for += (forwarded_for.empty() ? "" : ",") + std::string(it->value());
    }
    std::string real_ip;
    if (auto it = msg.find("X-Real-IP"); it != msg.end()) real_ip = std::string(it->value());
    request.remote = ClientAddress(peer.address().to_string(), forwarded_for, real_ip, server_.trusted_proxies());
  }
  request.body = std::move(msg.body());
  // While the worker runs, the read deadline must not cut the connection.
  beast::get_lowest_layer(stream_).expires_never();
  if (websocket::is_upgrade(msg) && server_.upgrades()) return StartUpgrade(std::move(request));
  net::post(server_.workers(), [self = this->shared_from_this(), request = std::move(request)] {
    Response response = self->server_.Handle(request);
    net::post(self->stream_.get_executor(),
              [self, response = std::move(response)]() mutable { self->Respond(std::move(response)); });
  });
}

template <class Body>
struct Outgoing {
  explicit Outgoing(http::response<Body>&& m) : msg(std::move(m)), sr(msg) {}
  http::response<Body> msg;
  http::response_serializer<Body> sr;
};

template <class Stream>
void HttpSession<Stream>::Respond(Response r) {
  const auto status = static_cast<http::status>(r.status);
  auto fill = [&](auto& msg) {
    msg.set(http::field::server, "anninh");
    if (!r.content_type.empty()) msg.set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) msg.insert(k, v);
    msg.keep_alive(keep_alive_);
  };
  if (r.stream) {
    // No Content-Length and no chunking: the body ends when the connection does.
    keep_alive_ = false;
    http::response<http::empty_body> msg{status, version_};
    fill(msg);
    auto out = std::make_shared<Outgoing<http::empty_body>>(std::move(msg));
    out->sr.split(true);
    beast::get_lowest_layer(stream_).expires_after(server_.options().write_timeout);
    http::async_write_header(stream_, out->sr,
                             [self = this->shared_from_this(), out, source = std::move(r.stream)](
                                 beast::error_code ec, std::size_t) mutable {
                               if (ec) return self->Close();
                               self->StartStream(std::move(source));
                             });
    return;
  }
  if (head_) {
    // HEAD (RFC 9110 section 9.3.2): the GET's headers, its Content-Length included, and
    // no body.
    http::response<http::empty_body> msg{status, version_};
    fill(msg);
    if (status != http::status::not_modified) msg.content_length(r.file ? r.file->length : r.body.size());
    return Send(std::move(msg));
  }
  if (r.file) {
    http::response<FileSliceBody> msg{status, version_};
    fill(msg);
    msg.body() = std::move(*r.file);
    msg.content_length(msg.body().length);
    return Send(std::move(msg));
  }
  http::response<http::string_body> msg{status, version_};
  fill(msg);
  msg.body() = std::move(r.body);
  msg.prepare_payload();
  Send(std::move(msg));
}

template <class Stream>
template <class Body>
void HttpSession<Stream>::Send(http::response<Body>&& msg) {
  WriteSome(std::make_shared<Outgoing<Body>>(std::move(msg)));
}

// Writes in pieces with a deadline per piece: a long video to a slow phone is fine, a
// client that stops reading is not.
template <class Stream>
template <class Out>
void HttpSession<Stream>::WriteSome(std::shared_ptr<Out> out) {
  beast::get_lowest_layer(stream_).expires_after(server_.options().write_timeout);
  http::async_write_some(stream_, out->sr, [self = this->shared_from_this(), out](beast::error_code ec, std::size_t) {
    if (ec) return self->Close();
    if (!out->sr.is_done()) return self->WriteSome(out);
    self->AfterWrite(out->msg.need_eof());
  });
}

template <class Stream>
void HttpSession<Stream>::AfterWrite(bool close) {
  if (close || !keep_alive_) return Close();
  Read();
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      RequestHandler handler, UpgradeHandler upgrade) {
  auto server = std::make_unique<BeastServer>(options, std::move(handler), std::move(upgrade));
  if (auto s = server->Listen(); !s) return Fail(std::move(s).error());
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace anninh::serve
