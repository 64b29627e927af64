#include "media/fmp4_muxer.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "media/av_error.h"

namespace anninh::media {

namespace {
constexpr int kIoBufferSize = 64 * 1024;
constexpr AVRational kTimeBase90k{1, kTimescale};
}  // namespace

struct Fmp4Muxer::Impl {
  ByteSink sink;
  std::string what;
  AVFormatContext* ctx = nullptr;
  AVPacket* pkt = av_packet_alloc();  // reused for every packet: no per-packet allocation
  std::int64_t frames = 0;
  bool fragment_has_data = false;
  int sink_error = 0;  // the sink's first failure (negative errno), reported by the next call

  ~Impl() {
    if (ctx) {
      if (ctx->pb) {
        av_freep(&ctx->pb->buffer);
        avio_context_free(&ctx->pb);
      }
      avformat_free_context(ctx);
    }
    av_packet_free(&pkt);
  }

  static int WriteCallback(void* opaque, std::uint8_t* buf, int size) {
    auto* self = static_cast<Impl*>(opaque);
    if (self->sink_error) return AVERROR(-self->sink_error);
    if (int err = self->sink(buf, size); err < 0) {
      self->sink_error = err;
      return AVERROR(-err);
    }
    return size;
  }

  Status Check(int ret, const char* action) {
    if (sink_error) return Fail(ErrnoError(-sink_error, std::string(action) + " " + what));
    if (ret < 0) return Fail(AvError(ret, std::string(action) + " " + what));
    return {};
  }
};

Fmp4Muxer::Fmp4Muxer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Fmp4Muxer::~Fmp4Muxer() = default;

Result<std::unique_ptr<Fmp4Muxer>> Fmp4Muxer::Create(const StreamInfo& info, ByteSink sink, std::string what) {
  if (info.tracks().empty() || info.tracks()[0].kind != TrackKind::kVideo) {
    return Fail(ErrorCode::kInvalidArgument, "an MP4 needs a video track first");
  }
  auto impl = std::make_unique<Impl>();
  impl->sink = std::move(sink);
  impl->what = std::move(what);
  int ret = avformat_alloc_output_context2(&impl->ctx, nullptr, "mp4", nullptr);
  if (ret < 0) return Fail(AvError(ret, "mp4 muxer"));
  auto* buffer = static_cast<std::uint8_t*>(av_malloc(kIoBufferSize));
  impl->ctx->pb = avio_alloc_context(buffer, kIoBufferSize, 1, impl.get(), nullptr, &Impl::WriteCallback, nullptr);
  impl->ctx->flags |= AVFMT_FLAG_CUSTOM_IO;

  for (const Track& track : info.tracks()) {
    AVStream* st = avformat_new_stream(impl->ctx, nullptr);
    avcodec_parameters_copy(st->codecpar, track.params);
    st->codecpar->codec_tag = 0;  // let the mp4 muxer choose (avc1/hvc1/mp4a)
    if (st->codecpar->codec_id == AV_CODEC_ID_HEVC) {
      // hvc1 (parameter sets in the sample entry) is what browsers and Apple players accept.
      st->codecpar->codec_tag = MKTAG('h', 'v', 'c', '1');
    }
    st->time_base = kTimeBase90k;
  }

  AVDictionary* opts = nullptr;
  // frag_custom: we decide where fragments end (Flush), so we know what is on disk.
  // empty_moov: the header holds no samples, so it never needs rewriting.
  // default_base_moof: fragments are self-contained (what MSE in browsers expects).
  // skip_trailer: a finished file looks exactly like a recovered one, with no mfra.
  av_dict_set(&opts, "movflags", "frag_custom+empty_moov+default_base_moof+skip_trailer", 0);
  ret = avformat_write_header(impl->ctx, &opts);
  av_dict_free(&opts);
  if (auto s = impl->Check(ret, "write header"); !s) return Fail(std::move(s).error());
  avio_flush(impl->ctx->pb);
  if (auto s = impl->Check(0, "write header"); !s) return Fail(std::move(s).error());
  return std::unique_ptr<Fmp4Muxer>(new Fmp4Muxer(std::move(impl)));
}

Status Fmp4Muxer::Write(const Packet& packet) {
  Impl& s = *impl_;
  if (int ret = av_packet_ref(s.pkt, packet.av); ret < 0) return s.Check(ret, "ref packet for");
  s.pkt->stream_index = packet.track;
  s.pkt->dts = packet.dts;
  s.pkt->pts = packet.pts;
  s.pkt->duration = packet.duration;
  s.pkt->pos = -1;
  if (packet.keyframe) {
    s.pkt->flags |= AV_PKT_FLAG_KEY;
  } else {
    s.pkt->flags &= ~AV_PKT_FLAG_KEY;
  }
  AVStream* st = s.ctx->streams[packet.track];
  av_packet_rescale_ts(s.pkt, kTimeBase90k, st->time_base);
  int ret = av_write_frame(s.ctx, s.pkt);
  av_packet_unref(s.pkt);
  if (ret < 0) return s.Check(ret, "write packet to");
  if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO) ++s.frames;
  s.fragment_has_data = true;
  return {};
}

Status Fmp4Muxer::Flush() {
  Impl& s = *impl_;
  if (!s.fragment_has_data) return {};
  int ret = av_write_frame(s.ctx, nullptr);  // with frag_custom: end the fragment
  if (ret < 0) return s.Check(ret, "flush fragment to");
  avio_flush(s.ctx->pb);
  s.fragment_has_data = false;
  return s.Check(0, "flush fragment to");
}

Status Fmp4Muxer::Finish() {
  Impl& s = *impl_;
  if (auto st = Flush(); !st) return st;
  int ret = av_write_trailer(s.ctx);
  avio_flush(s.ctx->pb);
  return s.Check(ret, "finish");
}

std::int64_t Fmp4Muxer::frames() const { return impl_->frames; }
bool Fmp4Muxer::fragment_empty() const { return !impl_->fragment_has_data; }

}  // namespace anninh::media
