#include "support/synthetic_video.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/opt.h>
}

#include <stdexcept>

namespace anninh::testing {

struct SyntheticVideo::Impl {
  AVCodecContext* enc = nullptr;
  AVFrame* frame = av_frame_alloc();
  AVPacket* pkt = av_packet_alloc();
  ~Impl() {
    avcodec_free_context(&enc);
    av_frame_free(&frame);
    av_packet_free(&pkt);
  }
};

SyntheticVideo::SyntheticVideo(int width, int height, int fps, int gop)
    : impl_(std::make_unique<Impl>()), fps_(fps) {
  av_log_set_level(AV_LOG_ERROR);  // keep test output readable
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (!codec) throw std::runtime_error("libx264 encoder not available");
  AVCodecContext* enc = avcodec_alloc_context3(codec);
  impl_->enc = enc;
  enc->width = width;
  enc->height = height;
  enc->pix_fmt = AV_PIX_FMT_YUV420P;
  enc->time_base = AVRational{1, fps};
  enc->framerate = AVRational{fps, 1};
  enc->gop_size = gop;
  enc->keyint_min = gop;
  enc->max_b_frames = 0;
  enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // SPS/PPS in extradata, as RTSP SDP gives them
  av_opt_set(enc->priv_data, "preset", "ultrafast", 0);
  av_opt_set(enc->priv_data, "tune", "zerolatency", 0);
  av_opt_set(enc->priv_data, "x264-params", "scenecut=0", 0);
  if (avcodec_open2(enc, codec, nullptr) < 0) throw std::runtime_error("open libx264");
  AVCodecParameters* par = avcodec_parameters_alloc();
  avcodec_parameters_from_context(par, enc);
  info_.AddTrack(media::TrackKind::kVideo, par);
  avcodec_parameters_free(&par);

  impl_->frame->format = enc->pix_fmt;
  impl_->frame->width = width;
  impl_->frame->height = height;
  av_frame_get_buffer(impl_->frame, 0);
}

SyntheticVideo::~SyntheticVideo() = default;

const media::Packet& SyntheticVideo::Next(WallNs start_wall) {
  AVFrame* f = impl_->frame;
  av_frame_make_writable(f);
  for (int y = 0; y < f->height; ++y) {
    for (int x = 0; x < f->width; ++x) {
      f->data[0][y * f->linesize[0] + x] = static_cast<std::uint8_t>(x + y + frame_ * 3);
    }
  }
  for (int y = 0; y < f->height / 2; ++y) {
    for (int x = 0; x < f->width / 2; ++x) {
      f->data[1][y * f->linesize[1] + x] = static_cast<std::uint8_t>(128 + y + frame_);
      f->data[2][y * f->linesize[2] + x] = static_cast<std::uint8_t>(64 + x + frame_ * 5);
    }
  }
  f->pts = frame_;
  av_packet_unref(impl_->pkt);
  if (avcodec_send_frame(impl_->enc, f) < 0 ||
      avcodec_receive_packet(impl_->enc, impl_->pkt) < 0) {
    throw std::runtime_error("libx264 produced no packet (zerolatency should give one per frame)");
  }
  packet_ = media::Packet{};
  packet_.av = impl_->pkt;
  packet_.track = 0;
  packet_.dts = static_cast<std::int64_t>(frame_) * frame_ticks();
  packet_.pts = packet_.dts;
  packet_.duration = frame_ticks();
  packet_.wall = start_wall + media::Ts90ToNs(packet_.dts);
  packet_.keyframe = (impl_->pkt->flags & AV_PKT_FLAG_KEY) != 0;
  ++frame_;
  return packet_;
}

}  // namespace anninh::testing
