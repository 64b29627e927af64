#include "rtsp/client.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/mathematics.h>
}

#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <variant>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "rtsp/auth.h"
#include "rtsp/codec_params.h"
#include "rtsp/depacketize_aac.h"
#include "rtsp/depacketize_h264.h"
#include "rtsp/depacketize_h265.h"
#include "rtsp/event_loop_impl.h"
#include "rtsp/message.h"
#include "rtsp/rtp.h"
#include "rtsp/sdp.h"
#include "rtsp/text.h"
#include "rtsp/url.h"

namespace anninh::rtsp {

namespace {

using tcp = asio::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

// Large enough for the biggest interleaved frame (4 + 65535 bytes) and the biggest
// response we accept, with room for the next read behind them: one read usually brings
// many RTP packets.
constexpr std::size_t kReadBuffer = 128 * 1024;
constexpr int kDefaultSessionTimeoutS = 60;  // RFC 2326 section 12.37

}  // namespace

class Client::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(const Strand& strand, ClientOptions options, ClientListener& listener)
      : executor_(strand.impl()->executor),
        resolver_(executor_),
        socket_(executor_),
        timer_(executor_),
        keepalive_(executor_),
        options_(std::move(options)),
        listener_(&listener),
        packet_(av_packet_alloc()) {
    read_buf_.resize(kReadBuffer);
    channel_to_track_.fill(-1);
  }
  ~Connection() { av_packet_free(&packet_); }

  void Open();
  void Close();
  Counters counters() const {
    Counters c = counters_;
    for (const Track& t : tracks_) {
      std::visit(
          [&c](const auto& d) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(d)>, std::monostate>) {
              c.dropped_units += d.dropped();
            }
          },
          t.depack);
    }
    return c;
  }

 private:
  enum class Phase { kIdle, kConnecting, kOptions, kDescribe, kSetup, kPlay, kPlaying };

  struct Track {
    TrackFormat format;
    VideoCodec video_codec = VideoCodec::kH264;
    std::string control;
    int out = -1;  // index in the StreamInfo
    SequenceTracker sequence;
    TimestampUnwrapper unwrap;
    bool seen = false;
    std::int64_t first_ts = 0;
    std::int64_t first_arrival90 = 0;
    std::variant<std::monostate, H264Depacketizer, H265Depacketizer, AacDepacketizer> depack;
  };

  void OnConnected(const boost::system::error_code& ec);
  void StartRead();
  void OnRead(const boost::system::error_code& ec, std::size_t n);
  void OnInterleaved(int channel, std::span<const std::uint8_t> payload, bool& video_seen);
  void OnAccessUnit(int track, const AccessUnit& au);
  void OnResponse(const Response& r);
  void OnDescribe(const Response& r);
  void OnSetup(const Response& r);
  void SendSetup();
  void OnPlay();
  void SendRequest(std::string_view method, const std::string& uri, std::string extra);
  void Write(std::string message);
  void ArmTimer(SteadyTime at, void (Connection::*on_fire)());
  void OnConnectDeadline();
  void OnStallCheck();
  void ArmKeepAlive();
  void Finish(Failure failure, std::string detail);
  void Shutdown();

  StrandExecutor executor_;
  tcp::resolver resolver_;
  tcp::socket socket_;
  asio::steady_timer timer_;      // the connect deadline, then the stall check
  asio::steady_timer keepalive_;
  std::uint64_t timer_generation_ = 0;

  ClientOptions options_;
  ClientListener* listener_;  // null once closed
  bool closed_ = false;
  Phase phase_ = Phase::kIdle;
  Url url_;
  std::string request_url_;

  int cseq_ = 0;
  int expected_cseq_ = 0;
  std::string last_method_, last_uri_, last_extra_;  // for the retry after a 401
  Authenticator auth_;
  bool auth_tried_ = false;
  std::string session_id_;
  int session_timeout_s_ = kDefaultSessionTimeoutS;
  bool use_get_parameter_ = false;

  std::string aggregate_url_;
  std::vector<Track> tracks_;
  std::size_t setup_index_ = 0;
  std::array<int, 256> channel_to_track_{};
  int video_track_ = 0;

  std::vector<std::uint8_t> read_buf_;
  std::size_t filled_ = 0;
  Incoming frame_;  // reused by ParseIncoming
  std::string writing_, queued_;
  bool write_busy_ = false;

  SteadyTime now_{};
  SteadyTime play_time_{};
  SteadyTime last_video_{};
  bool started_ = false;
  std::int64_t first_video_ts90_ = 0;
  AVPacket* packet_;
  Counters counters_;
};

void Client::Connection::Open() {
  auto url = ParseUrl(options_.url, options_.username, options_.password);
  if (!url) {
    Finish(Failure::kNetwork, "bad URL: " + url.error().message());
    return;
  }
  url_ = std::move(*url);
  request_url_ = url_.RequestUrl();
  phase_ = Phase::kConnecting;
  ArmTimer(std::chrono::steady_clock::now() + options_.connect_timeout,
           &Connection::OnConnectDeadline);
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(url_.host, ec);
  if (!ec) {
    socket_.async_connect(tcp::endpoint(address, static_cast<unsigned short>(url_.port)),
                          [self = shared_from_this()](const boost::system::error_code& e) {
                            self->OnConnected(e);
                          });
    return;
  }
  resolver_.async_resolve(
      url_.host, std::to_string(url_.port),
      [self = shared_from_this()](const boost::system::error_code& e,
                                  const tcp::resolver::results_type& results) {
        if (self->closed_) return;
        if (e) {
          self->Finish(Failure::kNetwork, "resolve " + self->url_.host + ": " + e.message());
          return;
        }
        asio::async_connect(self->socket_, results,
                            [self](const boost::system::error_code& e2, const tcp::endpoint&) {
                              self->OnConnected(e2);
                            });
      });
}

void Client::Connection::OnConnected(const boost::system::error_code& ec) {
  if (closed_) return;
  if (ec) {
    Finish(ec == asio::error::connection_refused ? Failure::kRefused : Failure::kNetwork,
           "connect: " + ec.message());
    return;
  }
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  phase_ = Phase::kOptions;
  StartRead();
  SendRequest("OPTIONS", request_url_, {});
}

void Client::Connection::StartRead() {
  socket_.async_read_some(
      asio::buffer(read_buf_.data() + filled_, read_buf_.size() - filled_),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
        self->OnRead(ec, n);
      });
}

void Client::Connection::OnRead(const boost::system::error_code& ec, std::size_t n) {
  if (closed_) return;
  if (ec) {
    if (ec == asio::error::eof) {
      Finish(phase_ == Phase::kPlaying ? Failure::kEnded : Failure::kNetwork,
             "the camera closed the connection");
    } else {
      Finish(Failure::kNetwork, "read: " + ec.message());
    }
    return;
  }
  filled_ += n;
  now_ = std::chrono::steady_clock::now();
  if (phase_ == Phase::kPlaying) ++counters_.reads;
  std::size_t pos = 0;
  bool video_seen = false;
  while (!closed_) {
    ParseIncoming(std::span<const std::uint8_t>(read_buf_.data() + pos, filled_ - pos), frame_);
    if (frame_.kind == Incoming::Kind::kNeedMore) break;
    if (frame_.kind == Incoming::Kind::kError) {
      Finish(Failure::kBadStream, frame_.error);
      return;
    }
    pos += frame_.consumed;
    if (frame_.kind == Incoming::Kind::kInterleaved) {
      OnInterleaved(frame_.channel, frame_.payload, video_seen);
    } else {
      OnResponse(frame_.response);
    }
  }
  if (closed_) return;
  if (video_seen) last_video_ = now_;
  if (pos > 0) {
    std::memmove(read_buf_.data(), read_buf_.data() + pos, filled_ - pos);
    filled_ -= pos;
  }
  StartRead();
}

void Client::Connection::OnInterleaved(int channel, std::span<const std::uint8_t> payload,
                                       bool& video_seen) {
  const int t = channel_to_track_[static_cast<std::size_t>(channel) & 0xff];
  // Odd channels carry RTCP (and unknown ones whatever): consumed, not used.
  if (t < 0 || phase_ != Phase::kPlaying) return;
  Track& track = tracks_[static_cast<std::size_t>(t)];
  RtpPacket rtp;
  if (!ParseRtp(payload, rtp)) return;
  ++counters_.rtp_packets;
  const SequenceTracker::Order order = track.sequence.Accept(rtp.sequence);
  if (order == SequenceTracker::Order::kOld) return;
  const bool gap = order == SequenceTracker::Order::kGap;
  if (gap) ++counters_.lost_packets;
  const std::int64_t ts = track.unwrap.Unwrap(rtp.timestamp);
  if (!track.seen) {
    track.seen = true;
    track.first_ts = ts;
    track.first_arrival90 = media::NsToTs90(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now_ - play_time_).count());
  }
  if (auto* h264 = std::get_if<H264Depacketizer>(&track.depack)) {
    video_seen = true;
    h264->Push(rtp, ts, gap);
  } else if (auto* h265 = std::get_if<H265Depacketizer>(&track.depack)) {
    video_seen = true;
    h265->Push(rtp, ts, gap);
  } else if (auto* aac = std::get_if<AacDepacketizer>(&track.depack)) {
    aac->Push(rtp, ts, gap);
  }
}

void Client::Connection::OnAccessUnit(int t, const AccessUnit& au) {
  if (closed_) return;
  Track& track = tracks_[static_cast<std::size_t>(t)];
  const std::int64_t ts90 =
      av_rescale(au.timestamp - track.first_ts, media::kTimescale, track.format.clock_rate) +
      track.first_arrival90;
  if (!started_) {
    if (t != video_track_ || !au.keyframe) {
      ++counters_.dropped_units;
      return;
    }
    if (!CompleteVideoParameters(track.format.params.get(), track.video_codec, au.data)) {
      Finish(Failure::kBadStream, "no picture size in the first keyframe");
      return;
    }
    media::StreamInfo info;
    for (Track& tr : tracks_) {
      tr.out = info.AddTrack(tr.format.is_video() ? media::TrackKind::kVideo
                                                  : media::TrackKind::kAudio,
                             tr.format.params.get());
    }
    started_ = true;
    first_video_ts90_ = ts90;
    listener_->OnPlaying(info);
    if (closed_) return;
  }
  // Audio from before the first keyframe would start the recording before its video.
  if (t != video_track_ && ts90 < first_video_ts90_) return;
  if (av_new_packet(packet_, static_cast<int>(au.data.size())) < 0) return;
  std::memcpy(packet_->data, au.data.data(), au.data.size());
  packet_->flags = au.keyframe ? AV_PKT_FLAG_KEY : 0;
  const std::int64_t duration90 =
      track.format.codec == TrackCodec::kAac
          ? av_rescale(track.format.aac.frame_samples, media::kTimescale, track.format.clock_rate)
          : 0;
  listener_->OnFrame(Frame{track.out, packet_, ts90, duration90, au.keyframe});
  av_packet_unref(packet_);
}

void Client::Connection::OnResponse(const Response& r) {
  // Requests from the server (status 0) and answers to keep-alives need nothing.
  if (r.status == 0 || phase_ == Phase::kPlaying) return;
  if (const int cseq = r.CSeq(); cseq >= 0 && cseq != expected_cseq_) return;
  if (r.status == 401) {
    if (auth_tried_ || (url_.username.empty() && url_.password.empty())) {
      Finish(Failure::kUnauthorized, last_method_ + ": 401 " + r.reason);
      return;
    }
    Challenge challenge;
    for (const auto& [key, value] : r.headers) {
      if (EqualsNoCase(key, "WWW-Authenticate")) {
        challenge = PickChallenge(challenge, ParseChallenge(value));
      }
    }
    auth_ = Authenticator(challenge, url_.username, url_.password);
    if (!auth_.active() || !auth_.supported()) {
      Finish(Failure::kUnauthorized, last_method_ + ": no supported authentication scheme");
      return;
    }
    auth_tried_ = true;
    SendRequest(std::string(last_method_), std::string(last_uri_), std::string(last_extra_));
    return;
  }
  if (phase_ == Phase::kOptions) {
    // Some cameras answer OPTIONS badly; what matters is DESCRIBE's answer.
    if (r.status == 200) use_get_parameter_ = ContainsNoCase(r.Header("Public"), "GET_PARAMETER");
    phase_ = Phase::kDescribe;
    SendRequest("DESCRIBE", request_url_, "Accept: application/sdp\r\n");
    return;
  }
  if (r.status != 200) {
    const Failure f = r.status == 403   ? Failure::kForbidden
                      : r.status == 404 ? Failure::kNotFound
                                        : Failure::kNetwork;
    Finish(f, last_method_ + ": " + std::to_string(r.status) + " " + r.reason);
    return;
  }
  switch (phase_) {
    case Phase::kDescribe: OnDescribe(r); break;
    case Phase::kSetup: OnSetup(r); break;
    case Phase::kPlay: OnPlay(); break;
    default: break;
  }
}

void Client::Connection::OnDescribe(const Response& r) {
  std::string base(r.Header("Content-Base"));
  if (base.empty()) base = std::string(r.Header("Content-Location"));
  if (base.empty()) base = request_url_;
  auto sdp = ParseSdp(r.body, base);
  if (!sdp) {
    Finish(Failure::kBadStream, "DESCRIBE: " + sdp.error().message());
    return;
  }
  aggregate_url_ = sdp->aggregate_control;
  // Track selection as in the FFmpeg path: the first H.264/H.265 video, plus the first
  // audio we can store (AAC), whatever their order in the SDP; video is track 0.
  std::string unsupported_video;
  std::optional<Track> video, audio;
  for (const SdpMedia& m : sdp->media) {
    const bool is_video = m.media == "video";
    if ((is_video && video) || (m.media == "audio" && audio) || (!is_video && m.media != "audio")) {
      continue;
    }
    auto format = MakeTrackFormat(m);
    if (!format || format->is_video() != is_video) {
      if (is_video && unsupported_video.empty()) unsupported_video = m.encoding;
      if (!is_video) spdlog::debug("rtsp: audio {} is not recorded", m.encoding);
      continue;
    }
    Track& t = (is_video ? video : audio).emplace();
    t.format = std::move(*format);
    t.control = m.control;
    t.video_codec = t.format.codec == TrackCodec::kH265 ? VideoCodec::kH265 : VideoCodec::kH264;
  }
  if (!video) {
    Finish(Failure::kUnsupportedCodec, unsupported_video.empty()
                                           ? "no video stream"
                                           : "video codec " + unsupported_video +
                                                 " is not H.264 or H.265");
    return;
  }
  tracks_.push_back(std::move(*video));
  if (audio) tracks_.push_back(std::move(*audio));
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    Track& t = tracks_[i];
    const int index = static_cast<int>(i);
    auto cb = [this, index](const AccessUnit& au) { OnAccessUnit(index, au); };
    switch (t.format.codec) {
      case TrackCodec::kH264: t.depack.emplace<H264Depacketizer>(cb); break;
      case TrackCodec::kH265: t.depack.emplace<H265Depacketizer>(cb); break;
      case TrackCodec::kAac: t.depack.emplace<AacDepacketizer>(t.format.aac, cb); break;
    }
  }
  video_track_ = 0;
  phase_ = Phase::kSetup;
  setup_index_ = 0;
  SendSetup();
}

void Client::Connection::SendSetup() {
  const int n = static_cast<int>(setup_index_);
  channel_to_track_[static_cast<std::size_t>(2 * n)] = n;
  SendRequest("SETUP", tracks_[setup_index_].control,
              "Transport: RTP/AVP/TCP;unicast;interleaved=" + std::to_string(2 * n) + "-" +
                  std::to_string(2 * n + 1) + "\r\n");
}

void Client::Connection::OnSetup(const Response& r) {
  std::string_view session = r.Header("Session");
  if (!session.empty()) {
    const std::size_t semi = session.find(';');
    session_id_ = std::string(Trim(session.substr(0, semi)));
    if (semi != std::string_view::npos) {
      if (std::size_t p = session.find("timeout=", semi); p != std::string_view::npos) {
        int timeout = 0;
        const char* begin = session.data() + p + 8;
        std::from_chars(begin, session.data() + session.size(), timeout);
        if (timeout > 0) session_timeout_s_ = timeout;
      }
    }
  }
  // The server may choose other channels than we asked for (RFC 2326 section 12.39).
  std::string_view transport = r.Header("Transport");
  if (std::size_t p = transport.find("interleaved="); p != std::string_view::npos) {
    int channel = -1;
    const char* begin = transport.data() + p + 12;
    std::from_chars(begin, transport.data() + transport.size(), channel);
    if (channel >= 0 && channel < 255) {
      const int n = static_cast<int>(setup_index_);
      channel_to_track_[static_cast<std::size_t>(2 * n)] = -1;
      channel_to_track_[static_cast<std::size_t>(channel)] = n;
    }
  }
  if (++setup_index_ < tracks_.size()) {
    SendSetup();
    return;
  }
  phase_ = Phase::kPlay;
  SendRequest("PLAY", aggregate_url_, "Range: npt=0.000-\r\n");
}

void Client::Connection::OnPlay() {
  phase_ = Phase::kPlaying;
  play_time_ = now_;  // the read that brought the answer: packets behind it count from here
  last_video_ = play_time_;
  ArmTimer(last_video_ + options_.stall_timeout, &Connection::OnStallCheck);
  ArmKeepAlive();
}

void Client::Connection::SendRequest(std::string_view method, const std::string& uri,
                                     std::string extra) {
  std::string m;
  m.reserve(256 + extra.size());
  m.append(method).append(" ").append(uri).append(" RTSP/1.0\r\nCSeq: ");
  m.append(std::to_string(++cseq_)).append("\r\nUser-Agent: ").append(options_.user_agent);
  m.append("\r\n");
  if (auth_.active()) m.append("Authorization: ").append(auth_.Header(method, uri)).append("\r\n");
  if (!session_id_.empty()) m.append("Session: ").append(session_id_).append("\r\n");
  m.append(extra).append("\r\n");
  expected_cseq_ = cseq_;
  last_method_ = std::string(method);
  last_uri_ = uri;
  last_extra_ = std::move(extra);
  Write(std::move(m));
}

void Client::Connection::Write(std::string message) {
  if (write_busy_) {
    queued_ += message;
    return;
  }
  write_busy_ = true;
  writing_ = std::move(message);
  asio::async_write(socket_, asio::buffer(writing_),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      self->write_busy_ = false;
                      if (self->closed_) return;
                      if (ec) {
                        self->Finish(Failure::kNetwork, "write: " + ec.message());
                        return;
                      }
                      if (!self->queued_.empty()) {
                        std::string next;
                        next.swap(self->queued_);
                        self->Write(std::move(next));
                      }
                    });
}

void Client::Connection::ArmTimer(SteadyTime at, void (Connection::*on_fire)()) {
  const std::uint64_t generation = ++timer_generation_;
  timer_.expires_at(at);
  timer_.async_wait(
      [self = shared_from_this(), generation, on_fire](const boost::system::error_code& ec) {
        if (ec || self->closed_ || generation != self->timer_generation_) return;
        ((*self).*on_fire)();
      });
}

void Client::Connection::OnConnectDeadline() {
  if (phase_ == Phase::kPlaying) return;
  Finish(Failure::kTimeout, "no answer within " +
                                std::to_string(options_.connect_timeout.count()) + " ms");
}

void Client::Connection::OnStallCheck() {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_video_ >= options_.stall_timeout) {
    Finish(Failure::kStalled, started_ ? "no video for " +
                                             std::to_string(options_.stall_timeout.count()) + " ms"
                                       : "connected, but no video arrived");
    return;
  }
  ArmTimer(last_video_ + options_.stall_timeout, &Connection::OnStallCheck);
}

void Client::Connection::ArmKeepAlive() {
  keepalive_.expires_after(std::chrono::seconds(std::max(1, session_timeout_s_ / 2)));
  keepalive_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->closed_) return;
    self->SendRequest(self->use_get_parameter_ ? "GET_PARAMETER" : "OPTIONS",
                      self->use_get_parameter_ ? self->aggregate_url_ : self->request_url_, {});
    self->ArmKeepAlive();
  });
}

void Client::Connection::Close() {
  if (closed_) return;
  closed_ = true;
  listener_ = nullptr;
  if (!session_id_.empty() && socket_.is_open()) {
    // Best effort and without waiting: the camera frees the session now rather than at
    // its timeout. A full send buffer just means it times out instead.
    std::string m = "TEARDOWN " + aggregate_url_ + " RTSP/1.0\r\nCSeq: " +
                    std::to_string(++cseq_) + "\r\nUser-Agent: " + options_.user_agent + "\r\n";
    if (auth_.active()) m += "Authorization: " + auth_.Header("TEARDOWN", aggregate_url_) + "\r\n";
    m += "Session: " + session_id_ + "\r\n\r\n";
    boost::system::error_code ec;
    socket_.non_blocking(true, ec);
    if (!ec && !write_busy_) socket_.write_some(asio::buffer(m), ec);
  }
  Shutdown();
}

void Client::Connection::Finish(Failure failure, std::string detail) {
  if (closed_) return;
  closed_ = true;
  ClientListener* listener = listener_;
  listener_ = nullptr;
  Shutdown();
  if (listener) listener->OnClosed(failure, std::move(detail));
}

void Client::Connection::Shutdown() {
  boost::system::error_code ec;
  resolver_.cancel();
  timer_.cancel();
  keepalive_.cancel();
  socket_.close(ec);
}

Client::Client(const Strand& strand, ClientOptions options, ClientListener& listener)
    : connection_(std::make_shared<Connection>(strand, std::move(options), listener)) {}

Client::~Client() { Close(); }

void Client::Open() { connection_->Open(); }
void Client::Close() { connection_->Close(); }
Client::Counters Client::counters() const { return connection_->counters(); }

}  // namespace anninh::rtsp
