#include "analytics/frame_source.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "media/av_error.h"

namespace anninh::analytics {

namespace {

// Whether plane 0 of `format` is the picture's 8-bit luma, full size: then grey is that
// plane alone, scaled, and the chroma planes are never read.
bool LumaIsPlaneZero(int format) {
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(format));
  if (!d || (d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_HWACCEL)))
    return false;
  return d->comp[0].plane == 0 && d->comp[0].depth == 8 && d->comp[0].step == 1 && d->comp[0].shift == 0 &&
         d->comp[0].offset == 0;
}

bool FullRange(const AVFrame& f) {
  switch (f.format) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVJ440P:
    case AV_PIX_FMT_GRAY8:
      return true;
    default:
      return f.color_range == AVCOL_RANGE_JPEG;
  }
}

}  // namespace

struct FrameSource::Impl {
  AVCodecContext* ctx = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* scratch = nullptr;  // a reference to the caller's packet with our timestamps
  SwsContext* sws = nullptr;
  std::array<std::uint8_t, 256> range{};  // limited-range luma 16..235 → grey 0..255
  std::int64_t interval = 0;  // 90 kHz between analysis pictures
  std::int64_t next_pts = INT64_MIN;
  WallNs wall_offset = 0;  // wall - pts of the newest packet, to date decoded pictures

  ~Impl() {
    avcodec_free_context(&ctx);
    av_frame_free(&frame);
    av_packet_free(&scratch);
    sws_freeContext(sws);
  }
};

FrameSource::FrameSource(FrameSourceOptions options) : options_(options) {}
FrameSource::~FrameSource() = default;

Status FrameSource::Start(const media::StreamInfo& info) {
  impl_.reset();
  const AVCodecParameters* params = nullptr;
  for (const media::Track& t : info.tracks()) {
    if (t.kind == media::TrackKind::kVideo) {
      params = t.params;
      break;
    }
  }
  if (!params) return Fail(ErrorCode::kInvalidArgument, "no video track to analyse");
  const AVCodec* codec = avcodec_find_decoder(params->codec_id);
  if (!codec) return Fail(ErrorCode::kUnimplemented, std::string("no decoder for ") + avcodec_get_name(params->codec_id));
  auto impl = std::make_unique<Impl>();
  impl->ctx = avcodec_alloc_context3(codec);
  impl->frame = av_frame_alloc();
  impl->scratch = av_packet_alloc();
  if (!impl->ctx || !impl->frame || !impl->scratch) return Fail(ErrorCode::kResourceExhausted, "decoder allocation");
  if (int r = avcodec_parameters_to_context(impl->ctx, params); r < 0) return Fail(media::AvError(r, "decoder parameters"));
  impl->ctx->thread_count = 1;
  impl->ctx->pkt_timebase = AVRational{1, media::kTimescale};
  // Pictures no other picture refers to (B-frames, some cameras' non-reference P-frames)
  // are never needed: at 5 of 25 frames a second, skipping them is free accuracy-wise.
  impl->ctx->skip_frame = options_.keyframes_only ? AVDISCARD_NONKEY : AVDISCARD_NONREF;
  // Deblocking costs about a fifth of H.264 decoding and changes nothing analysis can see
  // at a quarter of the size (FrameSourceOptions::deblock).
  impl->ctx->skip_loop_filter = options_.deblock ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
  // The same studio-swing expansion libswscale applies from YUV to GRAY8, so the analysis
  // picture is the same whichever path made it.
  for (int y = 0; y < 256; ++y)
    impl->range[static_cast<std::size_t>(y)] =
        static_cast<std::uint8_t>(std::clamp(static_cast<int>(std::lround((y - 16) * 255.0 / 219.0)), 0, 255));
  if (int r = avcodec_open2(impl->ctx, codec, nullptr); r < 0) return Fail(media::AvError(r, "open decoder"));
  impl->interval = options_.fps > 0 ? static_cast<std::int64_t>(media::kTimescale / options_.fps) : 0;
  impl_ = std::move(impl);
  return {};
}

Result<bool> FrameSource::Push(const AVPacket& packet, std::int64_t pts, WallNs wall, GreyFrame& out) {
  if (!impl_) return Fail(ErrorCode::kFailedPrecondition, "frame source not started");
  Impl& s = *impl_;
  if (int r = av_packet_ref(s.scratch, &packet); r < 0) return Fail(media::AvError(r, "packet reference"));
  s.scratch->pts = pts;
  s.scratch->dts = AV_NOPTS_VALUE;
  s.wall_offset = wall - media::Ts90ToNs(pts);
  const int sent = avcodec_send_packet(s.ctx, s.scratch);
  av_packet_unref(s.scratch);
  if (sent < 0 && sent != AVERROR(EAGAIN)) return Fail(media::AvError(sent, "decode"));
  bool produced = false;
  for (;;) {
    const int r = avcodec_receive_frame(s.ctx, s.frame);
    if (r == AVERROR(EAGAIN) || r == AVERROR_EOF) break;
    if (r < 0) return Fail(media::AvError(r, "decode"));
    ++decoded_;
    const std::int64_t fpts = s.frame->best_effort_timestamp != AV_NOPTS_VALUE ? s.frame->best_effort_timestamp : pts;
    // Take this picture when its time has come; a jump back (new timeline) restarts the grid.
    if (s.next_pts != INT64_MIN && fpts < s.next_pts && s.next_pts - fpts <= 10 * s.interval + media::kTimescale) {
      av_frame_unref(s.frame);
      continue;
    }
    s.next_pts = (s.next_pts == INT64_MIN || fpts - s.next_pts > s.interval) ? fpts + s.interval : s.next_pts + s.interval;
    const int w = options_.width > 0 ? options_.width & ~1 : s.frame->width;
    const int h = static_cast<int>(static_cast<long long>(s.frame->height) * w / s.frame->width) & ~1;
    // Grey is the luma plane: scale that alone (no chroma read, no colour conversion) when
    // the format keeps it as a plane of its own; any other format goes through swscale's
    // full conversion.
    const bool luma_only = LumaIsPlaneZero(s.frame->format);
    const bool stretch = luma_only && !FullRange(*s.frame);
    const AVPixelFormat from = luma_only ? AV_PIX_FMT_GRAY8 : static_cast<AVPixelFormat>(s.frame->format);
    s.sws = sws_getCachedContext(s.sws, s.frame->width, s.frame->height, from, w, h, AV_PIX_FMT_GRAY8, SWS_AREA,
                                 nullptr, nullptr, nullptr);
    if (!s.sws) {
      av_frame_unref(s.frame);
      return Fail(ErrorCode::kUnimplemented, "cannot convert this picture format");
    }
    out.width = w;
    out.height = h;
    out.pixels.resize(static_cast<std::size_t>(w) * h);
    std::uint8_t* dst[4] = {out.pixels.data(), nullptr, nullptr, nullptr};
    int dst_stride[4] = {w, 0, 0, 0};
    if (luma_only) {
      const std::uint8_t* src[4] = {s.frame->data[0], nullptr, nullptr, nullptr};
      const int src_stride[4] = {s.frame->linesize[0], 0, 0, 0};
      sws_scale(s.sws, src, src_stride, 0, s.frame->height, dst, dst_stride);
      if (stretch)
        for (std::uint8_t& p : out.pixels) p = s.range[p];
    } else {
      sws_scale(s.sws, s.frame->data, s.frame->linesize, 0, s.frame->height, dst, dst_stride);
    }
    ++scaled_;
    out.pts = fpts;
    out.wall = media::Ts90ToNs(fpts) + s.wall_offset;
    av_frame_unref(s.frame);
    produced = true;
  }
  return produced;
}

std::int64_t FrameSource::next_picture() const { return impl_ ? impl_->next_pts : INT64_MIN; }

void FrameSource::set_next_picture(std::int64_t pts) {
  if (impl_) impl_->next_pts = pts;
}

DecoderSettings FrameSource::decoder_settings() const {
  if (!impl_) return {};
  return {impl_->ctx->thread_count, impl_->ctx->skip_frame, impl_->ctx->skip_loop_filter};
}

}  // namespace anninh::analytics
