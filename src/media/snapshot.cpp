#include "media/snapshot.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <memory>

#include "media/av_error.h"

namespace anninh::media {

namespace {

struct CodecCloser {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameCloser {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketCloser {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
using CodecPtr = std::unique_ptr<AVCodecContext, CodecCloser>;
using FramePtr = std::unique_ptr<AVFrame, FrameCloser>;
using PacketPtr = std::unique_ptr<AVPacket, PacketCloser>;

Result<FramePtr> Decode(const AVCodecParameters& params, const AVPacket& keyframe) {
  const AVCodec* codec = avcodec_find_decoder(params.codec_id);
  if (!codec) return Fail(ErrorCode::kUnimplemented, std::string("no decoder for ") + avcodec_get_name(params.codec_id));
  CodecPtr ctx(avcodec_alloc_context3(codec));
  if (int r = avcodec_parameters_to_context(ctx.get(), &params); r < 0) return Fail(AvError(r, "decoder parameters"));
  ctx->thread_count = 1;  // one picture: threads would only add start-up cost
  if (int r = avcodec_open2(ctx.get(), codec, nullptr); r < 0) return Fail(AvError(r, "open decoder"));
  PacketPtr pkt(av_packet_clone(&keyframe));
  if (int r = avcodec_send_packet(ctx.get(), pkt.get()); r < 0) return Fail(AvError(r, "decode keyframe"));
  avcodec_send_packet(ctx.get(), nullptr);  // drain: the picture comes out now, not after the next packet
  FramePtr frame(av_frame_alloc());
  if (int r = avcodec_receive_frame(ctx.get(), frame.get()); r < 0) {
    return Fail(Error(ErrorCode::kDataLoss, "the keyframe did not decode: " + AvError(r, "").message()));
  }
  return frame;
}

// Scales a decoded picture down to `o.max_width` (keeping the aspect ratio) and encodes it
// as JPEG: shared by keyframe snapshots and event thumbnails.
Result<std::string> EncodeJpeg(const AVFrame& in, const SnapshotOptions& o) {
  int width = in.width, height = in.height;
  if (o.max_width > 0 && width > o.max_width) {
    height = static_cast<int>(static_cast<long long>(height) * o.max_width / width) & ~1;
    width = o.max_width & ~1;
  }
  if (width < 2 || height < 2) return Fail(ErrorCode::kInvalidArgument, "the picture is too small to scale");
  // JPEG wants full-range 4:2:0 ("yuvj420p" to FFmpeg's encoder).
  FramePtr out(av_frame_alloc());
  out->format = AV_PIX_FMT_YUVJ420P;
  out->width = width;
  out->height = height;
  if (int r = av_frame_get_buffer(out.get(), 0); r < 0) return Fail(AvError(r, "snapshot buffer"));
  SwsContext* sws = sws_getContext(in.width, in.height, static_cast<AVPixelFormat>(in.format), width, height,
                                   AV_PIX_FMT_YUVJ420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
  if (!sws) return Fail(ErrorCode::kUnimplemented, "cannot convert this picture format");
  sws_scale(sws, in.data, in.linesize, 0, in.height, out->data, out->linesize);
  sws_freeContext(sws);

  const AVCodec* mjpeg = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (!mjpeg) return Fail(ErrorCode::kUnimplemented, "FFmpeg has no JPEG encoder");
  CodecPtr enc(avcodec_alloc_context3(mjpeg));
  enc->width = width;
  enc->height = height;
  enc->pix_fmt = AV_PIX_FMT_YUVJ420P;
  enc->time_base = {1, 25};
  enc->flags |= AV_CODEC_FLAG_QSCALE;
  enc->global_quality = FF_QP2LAMBDA * o.quality;
  if (int r = avcodec_open2(enc.get(), mjpeg, nullptr); r < 0) return Fail(AvError(r, "open JPEG encoder"));
  out->quality = enc->global_quality;
  out->pict_type = AV_PICTURE_TYPE_I;
  if (int r = avcodec_send_frame(enc.get(), out.get()); r < 0) return Fail(AvError(r, "encode JPEG"));
  PacketPtr jpeg(av_packet_alloc());
  if (int r = avcodec_receive_packet(enc.get(), jpeg.get()); r < 0) return Fail(AvError(r, "encode JPEG"));
  return std::string(reinterpret_cast<const char*>(jpeg->data), static_cast<std::size_t>(jpeg->size));
}

}  // namespace

Result<std::string> KeyframeToJpeg(const StreamInfo& info, const AVPacket& keyframe, const SnapshotOptions& o) {
  if (info.tracks().empty() || info.tracks()[0].kind != TrackKind::kVideo) {
    return Fail(ErrorCode::kInvalidArgument, "no video track");
  }
  auto frame = Decode(*info.tracks()[0].params, keyframe);
  if (!frame) return Fail(std::move(frame).error());
  return EncodeJpeg(**frame, o);
}

Result<std::string> ScaleJpeg(std::span<const std::uint8_t> jpeg, const SnapshotOptions& o) {
  if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) {
    return Fail(ErrorCode::kInvalidArgument, "not a JPEG picture (no SOI marker)");
  }
  if (jpeg.size() > (64u << 20)) return Fail(ErrorCode::kInvalidArgument, "JPEG picture larger than 64 MiB");
  std::unique_ptr<AVCodecParameters, void (*)(AVCodecParameters*)> params(
      avcodec_parameters_alloc(), [](AVCodecParameters* p) { avcodec_parameters_free(&p); });
  params->codec_type = AVMEDIA_TYPE_VIDEO;
  params->codec_id = AV_CODEC_ID_MJPEG;
  PacketPtr pkt(av_packet_alloc());
  if (int r = av_new_packet(pkt.get(), static_cast<int>(jpeg.size())); r < 0) return Fail(AvError(r, "JPEG packet"));
  std::copy(jpeg.begin(), jpeg.end(), pkt->data);
  pkt->flags |= AV_PKT_FLAG_KEY;
  auto frame = Decode(*params, *pkt);
  if (!frame) return Fail(std::move(frame).error());
  return EncodeJpeg(**frame, o);
}

}  // namespace anninh::media
