#include "media/picture.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "media/av_error.h"

namespace anninh::media {

void FrameDeleter::operator()(AVFrame* f) const { av_frame_free(&f); }
void CodecDeleter::operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
FramePtr AllocFrame() { return FramePtr(av_frame_alloc()); }

Result<VideoDecoder> VideoDecoder::Open(const AVCodecParameters& params, int threads) {
  const AVCodec* codec = avcodec_find_decoder(params.codec_id);
  if (!codec) return Fail(ErrorCode::kUnimplemented, std::string("no decoder for ") + avcodec_get_name(params.codec_id));
  CodecPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return Fail(ErrorCode::kResourceExhausted, "decoder context");
  if (int r = avcodec_parameters_to_context(ctx.get(), &params); r < 0) return Fail(AvError(r, "decoder parameters"));
  ctx->thread_count = threads;
  // Frame threads would hold pictures back by one frame per thread: latency a viewer sees.
  ctx->thread_type = FF_THREAD_SLICE;
  if (int r = avcodec_open2(ctx.get(), codec, nullptr); r < 0) return Fail(AvError(r, "open decoder"));
  return VideoDecoder(std::move(ctx));
}

Status VideoDecoder::Send(const AVPacket* packet) {
  int r = avcodec_send_packet(ctx_.get(), packet);
  // EAGAIN cannot happen when every picture is received after each send; EOF after a drain.
  if (r < 0 && r != AVERROR_EOF) return Fail(AvError(r, "decode"));
  return {};
}

bool VideoDecoder::Receive(AVFrame& frame) { return avcodec_receive_frame(ctx_.get(), &frame) == 0; }

JpegEncoder::~JpegEncoder() { sws_freeContext(sws_); }

JpegEncoder::JpegEncoder(JpegEncoder&& o) noexcept
    : max_width_(o.max_width_),
      quality_(o.quality_),
      in_width_(o.in_width_),
      in_height_(o.in_height_),
      in_format_(o.in_format_),
      sws_(o.sws_),
      enc_(std::move(o.enc_)),
      scaled_(std::move(o.scaled_)) {
  o.sws_ = nullptr;
}

JpegEncoder& JpegEncoder::operator=(JpegEncoder&& o) noexcept {
  if (this != &o) {
    sws_freeContext(sws_);
    max_width_ = o.max_width_;
    quality_ = o.quality_;
    in_width_ = o.in_width_;
    in_height_ = o.in_height_;
    in_format_ = o.in_format_;
    sws_ = o.sws_;
    o.sws_ = nullptr;
    enc_ = std::move(o.enc_);
    scaled_ = std::move(o.scaled_);
  }
  return *this;
}

Status JpegEncoder::Prepare(const AVFrame& in) {
  if (enc_ && in.width == in_width_ && in.height == in_height_ && in.format == in_format_) return {};
  sws_freeContext(sws_);
  sws_ = nullptr;
  enc_.reset();
  int width = in.width, height = in.height;
  if (max_width_ > 0 && width > max_width_) {
    height = static_cast<int>(static_cast<long long>(height) * max_width_ / width) & ~1;
    width = max_width_ & ~1;
  }
  // JPEG wants full-range 4:2:0 ("yuvj420p" to FFmpeg's encoder).
  scaled_ = AllocFrame();
  scaled_->format = AV_PIX_FMT_YUVJ420P;
  scaled_->width = width;
  scaled_->height = height;
  if (int r = av_frame_get_buffer(scaled_.get(), 0); r < 0) return Fail(AvError(r, "JPEG picture buffer"));
  sws_ = sws_getContext(in.width, in.height, static_cast<AVPixelFormat>(in.format), width, height,
                        AV_PIX_FMT_YUVJ420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
  if (!sws_) return Fail(ErrorCode::kUnimplemented, "cannot convert this picture format");
  const AVCodec* mjpeg = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (!mjpeg) return Fail(ErrorCode::kUnimplemented, "FFmpeg has no JPEG encoder");
  CodecPtr enc(avcodec_alloc_context3(mjpeg));
  enc->width = width;
  enc->height = height;
  enc->pix_fmt = AV_PIX_FMT_YUVJ420P;
  enc->time_base = {1, 25};
  enc->flags |= AV_CODEC_FLAG_QSCALE;
  enc->global_quality = FF_QP2LAMBDA * quality_;
  if (int r = avcodec_open2(enc.get(), mjpeg, nullptr); r < 0) return Fail(AvError(r, "open JPEG encoder"));
  enc_ = std::move(enc);
  in_width_ = in.width;
  in_height_ = in.height;
  in_format_ = in.format;
  return {};
}

Result<std::string> JpegEncoder::Encode(const AVFrame& in) {
  if (auto s = Prepare(in); !s) {
    enc_.reset();  // try again from scratch with the next picture
    return Fail(std::move(s).error());
  }
  if (int r = av_frame_make_writable(scaled_.get()); r < 0) return Fail(AvError(r, "JPEG picture buffer"));
  sws_scale(sws_, in.data, in.linesize, 0, in.height, scaled_->data, scaled_->linesize);
  scaled_->quality = enc_->global_quality;
  scaled_->pict_type = AV_PICTURE_TYPE_I;
  if (int r = avcodec_send_frame(enc_.get(), scaled_.get()); r < 0) return Fail(AvError(r, "encode JPEG"));
  AVPacket* jpeg = av_packet_alloc();
  const int r = avcodec_receive_packet(enc_.get(), jpeg);
  std::string out;
  if (r == 0) out.assign(reinterpret_cast<const char*>(jpeg->data), static_cast<std::size_t>(jpeg->size));
  av_packet_free(&jpeg);
  if (r < 0) return Fail(AvError(r, "encode JPEG"));
  return out;
}

}  // namespace anninh::media
