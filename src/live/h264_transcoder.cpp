#include "live/h264_transcoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <atomic>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace anninh::live {

namespace {
std::mutex start_mu;  // makes "count, then start" one step across all transcoders
int running_transcodes = 0;  // guarded by start_mu
}  // namespace

int H264Transcoder::Running() {
  std::lock_guard lock(start_mu);
  return running_transcodes;
}

H264Transcoder::H264Transcoder(LiveStream& source, media::H264Options options)
    : DecodeWorker(source, 256), options_(options), out_(source.camera_id(), source.stream() + "+h264") {}

H264Transcoder::~H264Transcoder() {
  std::lock_guard lock(control_mu_);
  StopWorker();  // before our members go: the worker calls OnPicture
  if (viewers_ > 0) {
    std::lock_guard start(start_mu);
    --running_transcodes;
  }
}

bool H264Transcoder::CanSubscribe(int max_running) const {
  std::lock_guard lock(control_mu_);
  return viewers_ > 0 || (media::H264EncoderAvailable() && Running() < max_running);
}

Result<std::unique_ptr<H264Transcoder::Subscription>> H264Transcoder::Subscribe(LiveViewer& viewer,
                                                                                  int max_running) {
  std::lock_guard lock(control_mu_);
  if (viewers_ == 0) {
    if (!media::H264EncoderAvailable()) {
      return Fail(ErrorCode::kUnimplemented, "this FFmpeg has no libx264: no H.264 transcode");
    }
    {
      std::lock_guard start(start_mu);
      if (running_transcodes >= max_running) {
        return Fail(ErrorCode::kResourceExhausted,
                    fmt::format("{} live transcode(s) already running, the most this server allows "
                                "([live] max_transcodes); watch the H.264 sub stream or MJPEG instead",
                                running_transcodes));
      }
      ++running_transcodes;
    }
    encoder_.reset();
    failed_ = false;
    StartWorker();
  }
  ++viewers_;
  std::shared_ptr<Subscription> inner = out_.Subscribe(viewer);
  return std::make_unique<Subscription>([this, inner]() mutable {
    inner.reset();  // the viewer first, then (maybe) the transcode
    Unsubscribe();
  });
}

void H264Transcoder::Unsubscribe() {
  std::lock_guard lock(control_mu_);
  if (--viewers_ > 0) return;
  StopWorker();  // nobody watches: stop decoding and encoding
  encoder_.reset();
  out_.OnStop(0, "nobody watches");
  std::lock_guard start(start_mu);
  --running_transcodes;
}

void H264Transcoder::OnStreamStart(const media::StreamInfo&) {
  // A new connection may bring another picture size: a new encoder, and a new init
  // segment for viewers (LiveStream::OnStart) with its first picture.
  encoder_.reset();
  failed_ = false;
}

void H264Transcoder::OnPicture(AVFrame& picture, std::int64_t pts, WallNs wall) {
  if (failed_) return;
  if (!encoder_) {
    auto opened = media::H264Encoder::Open(picture.width, picture.height, picture.format, options_);
    if (!opened) {
      spdlog::warn("live {} {}: transcode: {}", stream_.camera_id(), stream_.stream(), opened.error().ToString());
      failed_ = true;
      out_.OnStop(wall, "the H.264 transcode failed: " + opened.error().message());
      return;
    }
    encoder_.emplace(std::move(*opened));
    media::StreamInfo info;
    info.AddTrack(media::TrackKind::kVideo, &encoder_->params());
    out_.OnStart(info, wall);
  }
  auto s = encoder_->Encode(picture, pts, [&](const AVPacket& av) {
    media::Packet p;
    p.av = &av;
    p.track = 0;
    p.dts = av.dts == AV_NOPTS_VALUE ? av.pts : av.dts;
    p.pts = av.pts;
    p.duration = av.duration;
    p.wall = wall;
    p.keyframe = (av.flags & AV_PKT_FLAG_KEY) != 0;
    out_.OnPacket(p);
  });
  if (!s) {
    spdlog::warn("live {} {}: transcode: {}", stream_.camera_id(), stream_.stream(), s.error().ToString());
    encoder_.reset();  // start again (with a keyframe) at the next picture
    return;
  }
  pictures_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace anninh::live
