#include "ingest/rtsp_session.h"

#include <functional>
#include <future>

#include <spdlog/spdlog.h>

#include "ingest/backoff.h"
#include "ingest/status_keeper.h"
#include "ingest/timeline.h"
#include "rtsp/client.h"
#include "rtsp/event_loop.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace anninh::ingest {

namespace {

std::string_view ReasonFor(rtsp::Failure f) {
  switch (f) {
    case rtsp::Failure::kUnauthorized: return reason::kUnauthorized;
    case rtsp::Failure::kForbidden: return reason::kForbidden;
    case rtsp::Failure::kNotFound: return reason::kNotFound;
    case rtsp::Failure::kRefused: return reason::kRefused;
    case rtsp::Failure::kTimeout: return reason::kTimeout;
    case rtsp::Failure::kStalled: return reason::kStalled;
    case rtsp::Failure::kUnsupportedCodec: return reason::kUnsupportedCodec;
    case rtsp::Failure::kEnded: return reason::kEnded;
    case rtsp::Failure::kNetwork: return reason::kNetwork;
    case rtsp::Failure::kBadStream: return reason::kBadStream;
  }
  return reason::kNetwork;
}

}  // namespace

// Lives on the strand; shared so that a retry timer that fires during destruction finds
// it gone (weak_ptr) rather than freed.
struct RtspSession::Impl final : rtsp::ClientListener, std::enable_shared_from_this<Impl> {
  Impl(StreamOptions o, const Clock& c, std::vector<media::PacketSink*> s, rtsp::EventLoop& loop)
      : options(std::move(o)),
        clock(c),
        sinks(std::move(s)),
        strand(loop.MakeStrand()),
        retry(strand),
        // Seeded per stream so two cameras that fail together retry at different moments.
        backoff(options.backoff_initial, options.backoff_max,
                static_cast<std::uint32_t>(
                    std::hash<std::string>{}(options.camera_id + "/" + options.stream))),
        status(options, clock) {}

  void Connect();
  void OnPlaying(const media::StreamInfo& info) override;
  void OnFrame(const rtsp::Frame& frame) override;
  void OnClosed(rtsp::Failure failure, std::string detail) override;
  // Closes the sinks' connection if one was delivering.
  void EndDelivery(std::string_view why);
  void StopOnStrand();
  // At debug level: how many RTP packets each read brought, what was lost.
  void LogCounters(std::string_view why) const;

  const StreamOptions options;
  const Clock& clock;
  const std::vector<media::PacketSink*> sinks;
  rtsp::Strand strand;
  rtsp::Timer retry;
  Backoff backoff;
  StatusKeeper status;

  // Strand-confined:
  std::unique_ptr<rtsp::Client> client;
  bool stopping = false;
  bool delivering = false;
  Timeline timeline;
  std::vector<bool> track_is_video;
  std::uint64_t packets_before = 0;
};

void RtspSession::Impl::Connect() {
  if (stopping) return;
  status.Connecting();
  packets_before = status.packets();
  client = std::make_unique<rtsp::Client>(strand,
                                          rtsp::ClientOptions{
                                              .url = options.url,
                                              .username = options.username,
                                              .password = options.password,
                                              .connect_timeout = options.connect_timeout,
                                              .stall_timeout = options.stall_timeout,
                                          },
                                          *this);
  client->Open();
}

void RtspSession::Impl::OnPlaying(const media::StreamInfo& info) {
  // The wall anchor: the first keyframe has just arrived, and it maps to 0.
  timeline.Start(clock.Now(), static_cast<int>(info.tracks().size()));
  track_is_video.clear();
  for (const media::Track& t : info.tracks()) {
    track_is_video.push_back(t.kind == media::TrackKind::kVideo);
  }
  const AVCodecParameters* video = info.tracks()[0].params;
  status.SetMedia(info.CodecSummary(), video->width, video->height);
  delivering = true;
  for (auto* sink : sinks) sink->OnStart(info, timeline.anchor());
  status.Set(StreamState::kStreaming, "");
}

void RtspSession::Impl::OnFrame(const rtsp::Frame& frame) {
  const Timeline::Mapped m = timeline.Map(frame.track, frame.ts90, frame.ts90);
  media::Packet out;
  out.av = frame.av;
  out.track = frame.track;
  out.dts = m.dts;
  out.pts = m.pts;
  out.duration = frame.duration90;
  out.wall = m.wall;
  out.keyframe = frame.keyframe;
  out.discontinuity = m.repaired;
  for (auto* sink : sinks) sink->OnPacket(out);
  status.CountPacket(track_is_video[static_cast<std::size_t>(frame.track)],
                     static_cast<std::uint64_t>(frame.av->size), m.wall);
}

void RtspSession::Impl::EndDelivery(std::string_view why) {
  if (!delivering) return;
  delivering = false;
  status.AddDiscontinuities(static_cast<std::uint64_t>(timeline.discontinuities()));
  for (auto* sink : sinks) sink->OnStop(clock.Now(), why);
}

void RtspSession::Impl::OnClosed(rtsp::Failure failure, std::string detail) {
  const std::string_view why = ReasonFor(failure);
  LogCounters(why);
  EndDelivery(why);
  if (failure == rtsp::Failure::kStalled) {
    status.AddStall();
    status.Set(StreamState::kStalled, why, std::move(detail));
  } else {
    status.Set(StreamState::kOffline, why, std::move(detail));
  }
  if (status.packets() != packets_before) backoff.Reset();
  status.AddReconnect();
  retry.Start(backoff.Next(), [weak = weak_from_this()] {
    if (auto self = weak.lock()) self->Connect();
  });
}

void RtspSession::Impl::LogCounters(std::string_view why) const {
  if (!client) return;
  const rtsp::Client::Counters c = client->counters();
  spdlog::debug("camera {} {}: connection ended ({}): {} RTP packets in {} reads, {} lost, {} "
                "access units dropped",
                options.camera_id, options.stream, why, c.rtp_packets, c.reads, c.lost_packets,
                c.dropped_units);
}

void RtspSession::Impl::StopOnStrand() {
  stopping = true;
  retry.Cancel();
  LogCounters(reason::kStopped);
  if (client) {
    client->Close();
    client.reset();
  }
  EndDelivery(reason::kStopped);
  status.Set(StreamState::kStopped, reason::kStopped);
}

RtspSession::RtspSession(StreamOptions options, const Clock& clock,
                         std::vector<media::PacketSink*> sinks, rtsp::EventLoop& loop)
    : impl_(std::make_shared<Impl>(std::move(options), clock, std::move(sinks), loop)) {}

RtspSession::~RtspSession() { Stop(); }

void RtspSession::Start() {
  if (running_) return;
  running_ = true;
  impl_->strand.Post([impl = impl_] {
    impl->stopping = false;
    impl->Connect();
  });
}

void RtspSession::Stop() {
  if (!running_) return;
  running_ = false;
  // The promise is shared with the handler: set_value may still be returning on the loop
  // thread when this thread wakes and leaves.
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> stopped = done->get_future();
  impl_->strand.Post([impl = impl_, done] {
    impl->StopOnStrand();
    done->set_value();
  });
  stopped.wait();
}

StreamStatus RtspSession::Status() const { return impl_->status.Get(); }
const StreamOptions& RtspSession::options() const { return impl_->options; }

}  // namespace anninh::ingest
