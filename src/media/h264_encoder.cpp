#include "media/h264_encoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include "media/av_error.h"

namespace anninh::media {

bool H264EncoderAvailable() { return avcodec_find_encoder_by_name("libx264") != nullptr; }

Result<H264Encoder> H264Encoder::Open(int width, int height, int format, const H264Options& o) {
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (!codec) return Fail(ErrorCode::kUnimplemented, "this FFmpeg has no libx264 H.264 encoder");
  int out_w = width, out_h = height;
  if (o.max_width > 0 && width > o.max_width) {
    out_h = static_cast<int>(static_cast<long long>(height) * o.max_width / width) & ~1;
    out_w = o.max_width & ~1;
  }
  H264Encoder e;
  e.enc_.reset(avcodec_alloc_context3(codec));
  AVCodecContext* enc = e.enc_.get();
  enc->width = out_w;
  enc->height = out_h;
  enc->pix_fmt = AV_PIX_FMT_YUV420P;
  enc->time_base = AVRational{1, kTimescale};  // packets come out on anninh's 90 kHz timeline
  enc->framerate = AVRational{o.fps, 1};
  enc->gop_size = o.fps;  // a keyframe a second: a new viewer waits at most that long
  enc->keyint_min = o.fps;
  enc->max_b_frames = 0;
  enc->thread_count = 1;  // a 2-core PC also records and analyses
  enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  av_opt_set(enc->priv_data, "preset", "ultrafast", 0);
  av_opt_set(enc->priv_data, "tune", "zerolatency", 0);
  av_opt_set_int(enc->priv_data, "crf", o.crf, 0);
  if (int r = avcodec_open2(enc, codec, nullptr); r < 0) return Fail(AvError(r, "open libx264"));
  e.params_ = avcodec_parameters_alloc();
  if (int r = avcodec_parameters_from_context(e.params_, enc); r < 0) return Fail(AvError(r, "H.264 parameters"));
  e.sws_ = sws_getContext(width, height, static_cast<AVPixelFormat>(format), out_w, out_h, AV_PIX_FMT_YUV420P,
                          SWS_BILINEAR, nullptr, nullptr, nullptr);
  if (!e.sws_) return Fail(ErrorCode::kUnimplemented, "cannot convert this picture format");
  e.scaled_ = AllocFrame();
  e.scaled_->format = AV_PIX_FMT_YUV420P;
  e.scaled_->width = out_w;
  e.scaled_->height = out_h;
  if (int r = av_frame_get_buffer(e.scaled_.get(), 0); r < 0) return Fail(AvError(r, "H.264 picture buffer"));
  e.packet_ = av_packet_alloc();
  return Result<H264Encoder>(std::move(e));
}

H264Encoder::~H264Encoder() {
  sws_freeContext(sws_);
  avcodec_parameters_free(&params_);
  av_packet_free(&packet_);
}

H264Encoder::H264Encoder(H264Encoder&& o) noexcept
    : enc_(std::move(o.enc_)), sws_(o.sws_), scaled_(std::move(o.scaled_)), params_(o.params_), packet_(o.packet_) {
  o.sws_ = nullptr;
  o.params_ = nullptr;
  o.packet_ = nullptr;
}

Status H264Encoder::Encode(const AVFrame& in, std::int64_t pts, const std::function<void(const AVPacket&)>& out) {
  if (int r = av_frame_make_writable(scaled_.get()); r < 0) return Fail(AvError(r, "H.264 picture buffer"));
  sws_scale(sws_, in.data, in.linesize, 0, in.height, scaled_->data, scaled_->linesize);
  scaled_->pts = pts;
  scaled_->pict_type = AV_PICTURE_TYPE_NONE;
  if (int r = avcodec_send_frame(enc_.get(), scaled_.get()); r < 0) return Fail(AvError(r, "encode H.264"));
  while (true) {
    int r = avcodec_receive_packet(enc_.get(), packet_);
    if (r == AVERROR(EAGAIN) || r == AVERROR_EOF) break;
    if (r < 0) return Fail(AvError(r, "encode H.264"));
    out(*packet_);
    av_packet_unref(packet_);
  }
  return {};
}

}  // namespace anninh::media
