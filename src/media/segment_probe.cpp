#include "media/segment_probe.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <memory>

#include "media/av_error.h"
#include "media/packet.h"

namespace anninh::media {

Result<SegmentProbe> ProbeSegment(const std::filesystem::path& path) {
  AVFormatContext* raw = nullptr;
  int ret = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (ret < 0) return Fail(AvError(ret, "open " + path.string()));
  std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)> ctx(
      raw, [](AVFormatContext* c) { avformat_close_input(&c); });

  SegmentProbe out;
  int video = -1;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVCodecParameters* par = ctx->streams[i]->codecpar;
    if (!out.codec.empty()) out.codec += '+';
    out.codec += avcodec_get_name(par->codec_id);
    if (par->codec_type == AVMEDIA_TYPE_VIDEO && video < 0) {
      video = static_cast<int>(i);
      out.width = par->width;
      out.height = par->height;
    }
    if (par->codec_type == AVMEDIA_TYPE_AUDIO) out.has_audio = true;
  }
  if (video < 0) return Fail(ErrorCode::kDataLoss, path.string() + ": no video track");

  AVRational tb = ctx->streams[video]->time_base;
  std::unique_ptr<AVPacket, void (*)(AVPacket*)> pkt(av_packet_alloc(),
                                                     [](AVPacket* p) { av_packet_free(&p); });
  while ((ret = av_read_frame(ctx.get(), pkt.get())) >= 0) {
    if (pkt->stream_index == video) {
      std::int64_t dts = av_rescale_q(pkt->dts, tb, AVRational{1, kTimescale});
      std::int64_t dur = av_rescale_q(pkt->duration, tb, AVRational{1, kTimescale});
      if (out.video_frames == 0) {
        out.first_dts = dts;
        out.starts_with_keyframe = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
      }
      out.end_ts = dts + dur;
      ++out.video_frames;
    }
    av_packet_unref(pkt.get());
  }
  if (ret != AVERROR_EOF) return Fail(AvError(ret, "read " + path.string()));
  return out;
}

}  // namespace anninh::media
