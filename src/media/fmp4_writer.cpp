#include "media/fmp4_writer.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
}

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "core/sha256.h"
#include "media/av_error.h"

namespace anninh::media {

namespace {
constexpr int kIoBufferSize = 64 * 1024;
constexpr AVRational kTimeBase90k{1, kTimescale};
}  // namespace

struct Fmp4Writer::Impl {
  std::filesystem::path path;
  int fd = -1;
  AVFormatContext* ctx = nullptr;
  AVPacket* pkt = av_packet_alloc();  // reused for every packet: no per-packet allocation
  Sha256 hash;
  std::uint64_t bytes = 0;
  std::int64_t frames = 0;
  bool fragment_has_data = false;
  int write_errno = 0;  // the first write() failure, reported by the next call

  ~Impl() {
    if (ctx) {
      if (ctx->pb) {
        av_freep(&ctx->pb->buffer);
        avio_context_free(&ctx->pb);
      }
      avformat_free_context(ctx);
    }
    av_packet_free(&pkt);
    if (fd >= 0) ::close(fd);
  }

  // AVIO write callback: every byte the muxer produces passes here exactly once.
  static int WriteCallback(void* opaque, std::uint8_t* buf, int size) {
    auto* self = static_cast<Impl*>(opaque);
    if (self->write_errno) return AVERROR(self->write_errno);
    std::size_t done = 0;
    while (done < static_cast<std::size_t>(size)) {
      ssize_t n = ::write(self->fd, buf + done, static_cast<std::size_t>(size) - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        self->write_errno = errno;
        // Keep the file consistent with what was hashed: cut off the partial write.
        if (::ftruncate(self->fd, static_cast<off_t>(self->bytes)) != 0) { /* best effort */ }
        return AVERROR(self->write_errno);
      }
      done += static_cast<std::size_t>(n);
    }
    self->hash.Update({buf, static_cast<std::size_t>(size)});
    self->bytes += static_cast<std::uint64_t>(size);
    return size;
  }

  Status CheckIo(int ret, const char* what) {
    if (write_errno) return Fail(ErrnoError(write_errno, std::string(what) + " " + path.string()));
    if (ret < 0) return Fail(AvError(ret, std::string(what) + " " + path.string()));
    return {};
  }
};

Fmp4Writer::Fmp4Writer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Fmp4Writer::~Fmp4Writer() = default;

Result<std::unique_ptr<Fmp4Writer>> Fmp4Writer::Create(const std::filesystem::path& path,
                                                       const StreamInfo& info) {
  if (info.tracks().empty() || info.tracks()[0].kind != TrackKind::kVideo) {
    return Fail(ErrorCode::kInvalidArgument, "a segment needs a video track first");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (impl->fd < 0) return Fail(ErrnoError(errno, "create " + path.string()));

  int ret = avformat_alloc_output_context2(&impl->ctx, nullptr, "mp4", nullptr);
  if (ret < 0) return Fail(AvError(ret, "mp4 muxer"));
  auto* buffer = static_cast<std::uint8_t*>(av_malloc(kIoBufferSize));
  impl->ctx->pb = avio_alloc_context(buffer, kIoBufferSize, 1, impl.get(), nullptr,
                                     &Impl::WriteCallback, nullptr);
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
  if (auto s = impl->CheckIo(ret, "write header"); !s) return Fail(std::move(s).error());
  avio_flush(impl->ctx->pb);
  if (auto s = impl->CheckIo(0, "write header"); !s) return Fail(std::move(s).error());
  return std::unique_ptr<Fmp4Writer>(new Fmp4Writer(std::move(impl)));
}

Status Fmp4Writer::Write(const Packet& packet) {
  Impl& s = *impl_;
  // A shallow reference: the payload buffer is shared, not copied.
  if (int ret = av_packet_ref(s.pkt, packet.av); ret < 0) return s.CheckIo(ret, "ref packet");
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
  int ret = av_write_frame(s.ctx, s.pkt);  // av_write_frame unrefs s.pkt
  av_packet_unref(s.pkt);
  if (ret < 0) return s.CheckIo(ret, "write packet to");
  if (s.ctx->streams[packet.track]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO) ++s.frames;
  s.fragment_has_data = true;
  return {};
}

Status Fmp4Writer::Flush() {
  Impl& s = *impl_;
  if (!s.fragment_has_data) return {};
  int ret = av_write_frame(s.ctx, nullptr);  // with frag_custom: end the fragment
  if (ret < 0) return s.CheckIo(ret, "flush fragment to");
  avio_flush(s.ctx->pb);
  s.fragment_has_data = false;
  return s.CheckIo(0, "flush fragment to");
}

Result<WrittenFile> Fmp4Writer::Finish() {
  Impl& s = *impl_;
  if (auto st = Flush(); !st) return Fail(std::move(st).error());
  int ret = av_write_trailer(s.ctx);
  avio_flush(s.ctx->pb);
  if (auto st = s.CheckIo(ret, "finish"); !st) return Fail(std::move(st).error());
  WrittenFile out;
  out.bytes = s.bytes;
  out.sha256 = s.hash.FinishHex();
  out.frames = s.frames;
  out.fd = s.fd;
  s.fd = -1;  // ownership passes to the caller
  return out;
}

std::uint64_t Fmp4Writer::bytes_written() const { return impl_->bytes; }
std::int64_t Fmp4Writer::frames() const { return impl_->frames; }
bool Fmp4Writer::fragment_empty() const { return !impl_->fragment_has_data; }

}  // namespace anninh::media
