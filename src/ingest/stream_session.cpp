#include "ingest/stream_session.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <functional>

#include <spdlog/spdlog.h>

#include "ingest/backoff.h"
#include "ingest/probe.h"
#include "ingest/timeline.h"
#include "media/av_error.h"

namespace anninh::ingest {

namespace {

constexpr AVRational kTb90k{1, media::kTimescale};

std::int64_t SteadyNs(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             clock.Monotonic().time_since_epoch())
      .count();
}

std::string_view ReasonFor(int averror) { return ReasonForAvError(averror); }

bool RecordableVideo(AVCodecID id) { return id == AV_CODEC_ID_H264 || id == AV_CODEC_ID_HEVC; }
// Audio codecs the MP4 muxer stores without conversion.
bool RecordableAudio(AVCodecID id) { return id == AV_CODEC_ID_AAC || id == AV_CODEC_ID_MP3; }

struct FormatCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};

}  // namespace

StreamSession::StreamSession(StreamOptions options, const Clock& clock,
                             std::vector<media::PacketSink*> sinks)
    : options_(std::move(options)), clock_(clock), sinks_(std::move(sinks)) {}

StreamSession::~StreamSession() { Stop(); }

void StreamSession::Start() {
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void StreamSession::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(wait_mu_);
    stopping_ = true;
  }
  wait_cv_.notify_all();
  thread_.join();
}

bool StreamSession::WaitFor(std::chrono::milliseconds d) {
  std::unique_lock lock(wait_mu_);
  wait_cv_.wait_for(lock, d, [this] { return stopping_.load(); });
  return !stopping_;
}

int StreamSession::InterruptCallback(void* opaque) {
  auto* self = static_cast<StreamSession*>(opaque);
  if (self->stopping_.load(std::memory_order_relaxed)) return 1;
  if (SteadyNs(self->clock_) > self->deadline_ns_.load(std::memory_order_relaxed)) {
    self->deadline_hit_.store(true, std::memory_order_relaxed);
    return 1;
  }
  return 0;
}

void StreamSession::Run() {
  // Seeded per stream so two cameras that fail together retry at different moments.
  Backoff backoff(options_.backoff_initial, options_.backoff_max,
                  static_cast<std::uint32_t>(
                      std::hash<std::string>{}(options_.camera_id + "/" + options_.stream)));
  while (!stopping_) {
    std::uint64_t before = status_.packets();
    try {
      RunConnection();
    } catch (const std::exception& e) {
      // Nothing below should throw; if a library does, this camera alone goes offline.
      SetState(StreamState::kOffline, reason::kNetwork, e.what());
    }
    if (stopping_) break;
    if (status_.packets() != before) backoff.Reset();
    status_.AddReconnect();
    if (!WaitFor(backoff.Next())) break;
  }
  SetState(StreamState::kStopped, reason::kStopped);
}

void StreamSession::RunConnection() {
  const bool is_file = IsFileSource(options_.url);
  status_.Connecting();

  AVFormatContext* raw = avformat_alloc_context();
  raw->interrupt_callback.callback = &StreamSession::InterruptCallback;
  raw->interrupt_callback.opaque = this;
  AVDictionary* opts = nullptr;
  const auto connect_us = std::chrono::duration_cast<std::chrono::microseconds>(
                              options_.connect_timeout).count();
  if (options_.url.rfind("rtsp", 0) == 0) {
    av_dict_set(&opts, "rtsp_transport", options_.transport == Transport::kUdp ? "udp" : "tcp", 0);
    av_dict_set_int(&opts, "timeout", connect_us, 0);
  } else if (!is_file) {
    av_dict_set_int(&opts, "rw_timeout", connect_us, 0);
  }
  // FFmpeg's defaults (5 s, 5 MB): a shorter probe sometimes missed the video size of an
  // audio+video stream on a loaded machine. It costs time only while connecting, and
  // the packets read while probing are recorded, not lost.
  av_dict_set_int(&opts, "analyzeduration", 5'000'000, 0);
  av_dict_set_int(&opts, "probesize", 5'000'000, 0);

  deadline_ns_ = SteadyNs(clock_) + std::chrono::nanoseconds(options_.connect_timeout).count();
  deadline_hit_ = false;
  std::string url = UrlWithCredentials(options_);
  if (url.rfind("file:", 0) == 0) url = url.substr(5);
  int ret = avformat_open_input(&raw, url.c_str(), nullptr, &opts);
  av_dict_free(&opts);
  if (ret < 0) {
    if (!stopping_) {
      SetState(StreamState::kOffline, ReasonFor(ret),
               media::AvError(ret, "open " + RedactedUrl(options_.url)).message());
    }
    return;
  }
  std::unique_ptr<AVFormatContext, FormatCloser> ctx(raw);
  // The wall-clock anchor. The first packet arrives right after PLAY, but reaches us only
  // after avformat_find_stream_info has buffered a second or two of them; anchoring at
  // that later moment would put every timestamp of the connection late by as much.
  const WallNs opened_at = clock_.Now();
  if ((ret = avformat_find_stream_info(ctx.get(), nullptr)) < 0) {
    if (stopping_) return;
    if (ret == AVERROR_EXIT) {
      // The camera answered but sent no video in time: that is a stall, not an outage.
      SetState(StreamState::kStalled, reason::kStalled, "connected, but no video arrived");
    } else {
      SetState(StreamState::kOffline, ReasonFor(ret),
               media::AvError(ret, "read stream info " + RedactedUrl(options_.url)).message());
    }
    return;
  }

  // Track selection: the best video stream, plus the first audio stream we can store.
  int video = av_find_best_stream(ctx.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video < 0 || !RecordableVideo(ctx->streams[video]->codecpar->codec_id)) {
    std::string what = video < 0 ? "no video stream"
                                 : std::string("video codec ") +
                                       avcodec_get_name(ctx->streams[video]->codecpar->codec_id) +
                                       " is not H.264 or H.265";
    SetState(StreamState::kOffline, reason::kUnsupportedCodec, what);
    return;
  }
  std::vector<int> track_of(ctx->nb_streams, -1);
  media::StreamInfo info;
  track_of[static_cast<unsigned>(video)] =
      info.AddTrack(media::TrackKind::kVideo, ctx->streams[video]->codecpar);
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVCodecParameters* par = ctx->streams[i]->codecpar;
    if (par->codec_type == AVMEDIA_TYPE_AUDIO && info.tracks().size() == 1) {
      if (RecordableAudio(par->codec_id)) {
        track_of[i] = info.AddTrack(media::TrackKind::kAudio, par);
      } else {
        spdlog::info("camera {} {}: audio codec {} is not recorded", options_.camera_id,
                     options_.stream, avcodec_get_name(par->codec_id));
      }
    }
  }
  status_.SetMedia(info.CodecSummary(), ctx->streams[video]->codecpar->width,
                   ctx->streams[video]->codecpar->height);

  std::unique_ptr<AVPacket, PacketFreer> pkt(av_packet_alloc());
  deadline_hit_ = false;
  Timeline timeline;
  bool started = false;
  std::string_view end_reason = reason::kStopped;
  std::string end_detail;
  const auto stall_ns = std::chrono::nanoseconds(options_.stall_timeout).count();

  while (!stopping_) {
    // When the deadline interrupts a read, libavformat first flushes its parsers and
    // returns what they held as ordinary packets; only the read after that fails. So a
    // hit deadline ends the connection even if this read succeeds.
    if (deadline_hit_.exchange(false)) {
      ret = AVERROR_EXIT;
    } else {
      deadline_ns_ = SteadyNs(clock_) + stall_ns;
      ret = av_read_frame(ctx.get(), pkt.get());
    }
    if (ret < 0) {
      if (stopping_) break;
      if (ret == AVERROR_EOF && is_file && options_.loop) {
        av_seek_frame(ctx.get(), -1, 0, AVSEEK_FLAG_BACKWARD);
        timeline.ContinueAfterLoop();
        continue;
      }
      if (ret == AVERROR_EXIT) {
        end_reason = reason::kStalled;
        end_detail = "no packets for " + std::to_string(options_.stall_timeout.count()) + " ms";
        status_.AddStall();
      } else {
        end_reason = ReasonFor(ret);
        end_detail = media::AvError(ret, "read " + RedactedUrl(options_.url)).message();
      }
      break;
    }
    const int track = pkt->stream_index < static_cast<int>(track_of.size())
                          ? track_of[static_cast<unsigned>(pkt->stream_index)]
                          : -1;
    if (track < 0) {
      av_packet_unref(pkt.get());
      continue;
    }
    const AVRational tb = ctx->streams[pkt->stream_index]->time_base;
    const AVCodecParameters* par = ctx->streams[pkt->stream_index]->codecpar;
    if (!started) {
      started = true;
      timeline.Start(opened_at, static_cast<int>(info.tracks().size()));
      for (auto* sink : sinks_) sink->OnStart(info, timeline.anchor());
      SetState(StreamState::kStreaming, "");
    }
    auto to90 = [&](std::int64_t ts) {
      return ts == AV_NOPTS_VALUE ? Timeline::kNoTs : av_rescale_q(ts, tb, kTb90k);
    };
    Timeline::Mapped m = timeline.Map(track, to90(pkt->dts), to90(pkt->pts));
    if (is_file && options_.realtime) {
      // Play files at their own speed, as a camera would deliver them.
      WallNs ahead = m.wall - clock_.Now();
      if (ahead > 0 && !WaitFor(std::chrono::milliseconds(ahead / kNsPerMs))) break;
    }

    media::Packet out;
    out.av = pkt.get();
    out.track = track;
    out.dts = m.dts;
    out.pts = m.pts;
    out.duration = pkt->duration > 0 ? av_rescale_q(pkt->duration, tb, kTb90k) : 0;
    if (out.duration == 0 && par->codec_type == AVMEDIA_TYPE_AUDIO && par->frame_size > 0 && par->sample_rate > 0) {
      // RTSP's AAC packets come without one; every frame holds frame_size samples.
      out.duration = av_rescale(par->frame_size, media::kTimescale, par->sample_rate);
    }
    out.wall = m.wall;
    out.keyframe = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
    out.discontinuity = m.repaired;
    for (auto* sink : sinks_) sink->OnPacket(out);

    status_.CountPacket(
        info.tracks()[static_cast<unsigned>(track)].kind == media::TrackKind::kVideo,
        static_cast<std::uint64_t>(pkt->size), m.wall);
    av_packet_unref(pkt.get());
  }

  status_.AddDiscontinuities(static_cast<std::uint64_t>(timeline.discontinuities()));
  if (started) {
    for (auto* sink : sinks_) sink->OnStop(clock_.Now(), end_reason);
  }
  if (stopping_) return;
  if (end_reason == reason::kStalled) {
    SetState(StreamState::kStalled, reason::kStalled, end_detail);
  } else {
    SetState(StreamState::kOffline, end_reason, end_detail);
  }
}

}  // namespace anninh::ingest
