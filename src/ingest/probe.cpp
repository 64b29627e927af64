#include "ingest/probe.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cerrno>
#include <memory>

#include "ingest/stream_status.h"
#include "media/av_error.h"

namespace anninh::ingest {

namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

struct FormatCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};

// FFmpeg's blocking calls poll this; past the deadline they give up with AVERROR_EXIT.
int PastDeadline(void* opaque) {
  return std::chrono::steady_clock::now() > *static_cast<const SteadyTime*>(opaque) ? 1 : 0;
}

std::string Sentence(std::string_view reason) {
  if (reason == reason::kUnauthorized) return "the camera refused the user name or password";
  if (reason == reason::kForbidden) return "the camera refused access to this path";
  if (reason == reason::kNotFound) return "the camera has no stream at this path";
  if (reason == reason::kRefused) return "nothing accepts connections at this address and port";
  if (reason == reason::kTimeout) return "no answer in time: the address is unreachable or the camera is busy";
  if (reason == reason::kBadStream) return "the address answers, but not with a video stream";
  if (reason == reason::kUnsupportedCodec) return "the video is neither H.264 nor H.265, which anninh records";
  return "the stream could not be opened";
}

}  // namespace

std::string_view ReasonForAvError(int averror) {
  switch (averror) {
    case AVERROR_HTTP_UNAUTHORIZED: return reason::kUnauthorized;
    case AVERROR_HTTP_FORBIDDEN: return reason::kForbidden;
    case AVERROR_HTTP_NOT_FOUND:
    case AVERROR_STREAM_NOT_FOUND:
    case AVERROR(ENOENT): return reason::kNotFound;
    case AVERROR(ECONNREFUSED): return reason::kRefused;
    case AVERROR_EXIT:
    case AVERROR(ETIMEDOUT):
    case AVERROR(EHOSTUNREACH):
    case AVERROR(ENETUNREACH): return reason::kTimeout;
    case AVERROR_EOF: return reason::kEnded;
    case AVERROR_INVALIDDATA: return reason::kBadStream;
    default: return reason::kNetwork;
  }
}

ProbeResult Probe(const StreamOptions& options) {
  ProbeResult out;
  const auto started = std::chrono::steady_clock::now();
  const SteadyTime deadline = started + options.connect_timeout;
  auto finish = [&](std::string_view reason, std::string detail) {
    out.reason = std::string(reason);
    out.detail = detail.empty() ? Sentence(reason) : Sentence(reason) + " (" + detail + ")";
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    return out;
  };

  AVFormatContext* raw = avformat_alloc_context();
  raw->interrupt_callback.callback = &PastDeadline;
  raw->interrupt_callback.opaque = const_cast<SteadyTime*>(&deadline);
  AVDictionary* opts = nullptr;
  const auto timeout_us = std::chrono::duration_cast<std::chrono::microseconds>(options.connect_timeout).count();
  if (options.url.rfind("rtsp", 0) == 0) {
    av_dict_set(&opts, "rtsp_transport", options.transport == Transport::kUdp ? "udp" : "tcp", 0);
    av_dict_set_int(&opts, "timeout", timeout_us, 0);
  } else if (!IsFileSource(options.url)) {
    av_dict_set_int(&opts, "rw_timeout", timeout_us, 0);
  }
  // Enough to find the size and rate of one video stream; a test must answer quickly.
  av_dict_set_int(&opts, "analyzeduration", 2'000'000, 0);
  av_dict_set_int(&opts, "probesize", 2'000'000, 0);
  std::string url = UrlWithCredentials(options);
  if (url.rfind("file:", 0) == 0) url = url.substr(5);
  int ret = avformat_open_input(&raw, url.c_str(), nullptr, &opts);
  av_dict_free(&opts);
  // FFmpeg's own messages never hold the URL; AvErrorText is the error's name only.
  if (ret < 0) return finish(ReasonForAvError(ret), media::AvErrorText(ret));
  std::unique_ptr<AVFormatContext, FormatCloser> ctx(raw);
  if ((ret = avformat_find_stream_info(ctx.get(), nullptr)) < 0) {
    if (ret == AVERROR_EXIT) return finish(reason::kStalled, "connected, but no video arrived in time");
    return finish(ReasonForAvError(ret), media::AvErrorText(ret));
  }
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    if (ctx->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) out.audio = true;
  }
  const int video = av_find_best_stream(ctx.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video < 0) return finish("no video", "the stream has no video track");
  const AVStream* st = ctx->streams[video];
  out.codec = avcodec_get_name(st->codecpar->codec_id);
  out.width = st->codecpar->width;
  out.height = st->codecpar->height;
  if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0) out.fps = av_q2d(st->avg_frame_rate);
  else if (st->r_frame_rate.num > 0 && st->r_frame_rate.den > 0) out.fps = av_q2d(st->r_frame_rate);
  if (st->codecpar->codec_id != AV_CODEC_ID_H264 && st->codecpar->codec_id != AV_CODEC_ID_HEVC) {
    return finish(reason::kUnsupportedCodec, "video codec " + out.codec);
  }
  out.ok = true;
  out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return out;
}

}  // namespace anninh::ingest
