#include "media/remux.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cstring>
#include <memory>
#include <system_error>
#include <vector>

#include "media/av_error.h"
#include "media/packet.h"

namespace anninh::media {

namespace {

constexpr AVRational kTb90k{1, kTimescale};

struct InputCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
using Input = std::unique_ptr<AVFormatContext, InputCloser>;

struct PacketFree {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
using PacketPtr = std::unique_ptr<AVPacket, PacketFree>;

// The output file; removes it unless Keep() is called, so a failed assembly leaves nothing.
class Output {
 public:
  Output(std::filesystem::path path, bool faststart)
      : path_(std::move(path)), faststart_(faststart) {}
  ~Output() {
    if (ctx_) {
      if (ctx_->pb) avio_closep(&ctx_->pb);
      avformat_free_context(ctx_);
    }
    if (opened_ && !keep_) {  // only what this call created
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // Creates the output with `in`'s tracks and writes its header.
  Status Open(const AVFormatContext* in) {
    // The file name is needed: faststart re-opens the file to move the moov forward.
    int ret = avformat_alloc_output_context2(&ctx_, nullptr, "mp4", path_.c_str());
    if (ret < 0) return Fail(AvError(ret, "mp4 muxer"));
    for (unsigned i = 0; i < in->nb_streams; ++i) {
      AVStream* st = avformat_new_stream(ctx_, nullptr);
      if (!st) return Fail(ErrorCode::kInternal, "cannot add a track");
      if ((ret = avcodec_parameters_copy(st->codecpar, in->streams[i]->codecpar)) < 0) {
        return Fail(AvError(ret, "copy codec parameters"));
      }
      st->codecpar->codec_tag = 0;
      // hvc1, as in the segments: the tag browsers and Apple players accept for H.265.
      if (st->codecpar->codec_id == AV_CODEC_ID_HEVC) st->codecpar->codec_tag = MKTAG('h', 'v', 'c', '1');
      st->time_base = kTb90k;
    }
    // O_EXCL semantics: the caller names a fresh temporary file.
    if (std::filesystem::exists(path_)) {
      return Fail(ErrorCode::kAlreadyExists, path_.string() + " exists");
    }
    opened_ = true;
    if ((ret = avio_open(&ctx_->pb, path_.c_str(), AVIO_FLAG_WRITE)) < 0) {
      return Fail(AvError(ret, "create " + path_.string()));
    }
    AVDictionary* opts = nullptr;
    // faststart: the muxer moves the moov before the mdat when the trailer is written, so
    // a browser reads the sample tables first and can seek anywhere by byte range.
    if (faststart_) av_dict_set(&opts, "movflags", "+faststart", 0);
    ret = avformat_write_header(ctx_, &opts);
    av_dict_free(&opts);
    if (ret < 0) return Fail(AvError(ret, "write header of " + path_.string()));
    return {};
  }

  // True when `in`'s tracks can continue this file: same count, kinds, codecs, sizes and
  // parameter sets. Anything else would need a new sample description (stsd) mid-file,
  // which players handle badly; we end the file instead.
  bool Compatible(const AVFormatContext* in) const {
    if (in->nb_streams != ctx_->nb_streams) return false;
    for (unsigned i = 0; i < in->nb_streams; ++i) {
      const AVCodecParameters* a = in->streams[i]->codecpar;
      const AVCodecParameters* b = ctx_->streams[i]->codecpar;
      if (a->codec_type != b->codec_type || a->codec_id != b->codec_id ||
          a->width != b->width || a->height != b->height || a->sample_rate != b->sample_rate ||
          a->extradata_size != b->extradata_size ||
          (a->extradata_size > 0 &&
           std::memcmp(a->extradata, b->extradata, static_cast<std::size_t>(a->extradata_size)) != 0)) {
        return false;
      }
    }
    return true;
  }

  bool opened() const { return opened_; }
  AVFormatContext* ctx() { return ctx_; }
  void Keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool faststart_;
  AVFormatContext* ctx_ = nullptr;
  bool opened_ = false;
  bool keep_ = false;
};

// A packet read before the output's start was known (the GOP leading up to `from`).
struct Pending {
  PacketPtr pkt;
  std::int64_t dts = 0;  // 90 kHz, the segment's own timeline
  std::int64_t pts = 0;
  std::int64_t duration = 0;  // 90 kHz
  WallNs segment_start = 0;
};

class Remuxer {
 public:
  Remuxer(WallNs from, WallNs to, Output& out, const RemuxOptions& options)
      : from_(from), to_(to), out_(out), options_(options) {}

  // Reads one segment; returns false in `more` once the range's end has been reached.
  Status Segment(const RemuxSegment& seg, bool& more) {
    AVFormatContext* raw = nullptr;
    int ret = avformat_open_input(&raw, seg.path.c_str(), nullptr, nullptr);
    if (ret < 0) return Fail(AvError(ret, "open " + seg.path.string()));
    Input in(raw);
    if ((ret = avformat_find_stream_info(in.get(), nullptr)) < 0) {
      return Fail(AvError(ret, "read stream info of " + seg.path.string()));
    }
    int video = av_find_best_stream(in.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (video < 0) return Fail(ErrorCode::kDataLoss, seg.path.string() + ": no video track");

    if (!out_.opened()) {
      if (auto s = out_.Open(in.get()); !s) return s;
      last_dts_.assign(in->nb_streams, INT64_MIN);
      result_.video_frames = 0;
    } else if (!out_.Compatible(in.get())) {
      result_.truncated_at_format_change = true;
      more = false;
      return {};
    }
    ++result_.segments_used;

    PacketPtr pkt(av_packet_alloc());
    while ((ret = av_read_frame(in.get(), pkt.get())) >= 0) {
      bytes_read_ += static_cast<std::uint64_t>(pkt->size);
      if (options_.progress && !options_.progress(bytes_read_)) {
        return Fail(ErrorCode::kFailedPrecondition, "cancelled");
      }
      const AVRational tb = in->streams[pkt->stream_index]->time_base;
      const bool is_video = pkt->stream_index == video;
      const std::int64_t dts = av_rescale_q(pkt->dts, tb, kTb90k);
      const std::int64_t pts =
          pkt->pts == AV_NOPTS_VALUE ? dts : av_rescale_q(pkt->pts, tb, kTb90k);
      const std::int64_t dur = pkt->duration > 0 ? av_rescale_q(pkt->duration, tb, kTb90k) : 0;
      const WallNs wall = seg.start + Ts90ToNs(dts);
      if (wall >= to_) {
        av_packet_unref(pkt.get());
        if (is_video) {  // video dts only grows: nothing later in the range
          more = false;
          return {};
        }
        continue;
      }
      if (!started_) {
        const bool key = is_video && (pkt->flags & AV_PKT_FLAG_KEY) != 0;
        if (key && wall <= from_) pending_.clear();  // a later keyframe still at or before `from`
        if (wall < from_) {
          // Before `from`: keep only what follows a keyframe (the GOP the output starts with).
          if (key || !pending_.empty()) Keep(std::move(pkt), dts, pts, dur, seg.start);
          pkt.reset(av_packet_alloc());
          continue;
        }
        if (pending_.empty() && !key) {
          av_packet_unref(pkt.get());  // wait for the first keyframe at or after `from`
          continue;
        }
        started_ = true;
        base_ = pending_.empty() ? wall : pending_.front().segment_start + Ts90ToNs(pending_.front().dts);
        result_.start = base_;
        for (Pending& p : pending_) {
          if (auto s = Write(p.pkt.get(), p.dts, p.pts, p.duration, p.segment_start, video_of(p)); !s) {
            return s;
          }
        }
        pending_.clear();
      }
      if (auto s = Write(pkt.get(), dts, pts, dur, seg.start, is_video); !s) return s;
    }
    if (ret != AVERROR_EOF) return Fail(AvError(ret, "read " + seg.path.string()));
    // `from` is after this segment (in a gap or beyond): the GOP kept so far would show
    // a moment before the gap, not the one asked for.
    if (!started_ && seg.end <= from_) pending_.clear();
    more = true;
    return {};
  }

  Result<RemuxResult> Finish(const std::filesystem::path& path) {
    if (!started_ || result_.video_frames == 0) {
      return Fail(ErrorCode::kNotFound, "no video recorded in the range");
    }
    if (int ret = av_write_trailer(out_.ctx()); ret < 0) {
      return Fail(AvError(ret, "finish " + path.string()));
    }
    if (int ret = avio_closep(&out_.ctx()->pb); ret < 0) {
      return Fail(AvError(ret, "close " + path.string()));
    }
    std::error_code ec;
    result_.bytes = std::filesystem::file_size(path, ec);
    if (ec) return Fail(ErrnoError(ec.value(), "stat " + path.string()));
    out_.Keep();
    return result_;
  }

 private:
  void Keep(PacketPtr pkt, std::int64_t dts, std::int64_t pts, std::int64_t duration,
            WallNs segment_start) {
    pending_.push_back(Pending{std::move(pkt), dts, pts, duration, segment_start});
  }
  bool video_of(const Pending& p) const {
    return out_.ctx()->streams[p.pkt->stream_index]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO;
  }

  // Shifts the packet from its segment's timeline onto the output's (wall time - base_) and
  // hands it to the muxer, which takes the reference: no payload is copied.
  Status Write(AVPacket* pkt, std::int64_t dts, std::int64_t pts, std::int64_t dur90,
               WallNs segment_start, bool is_video) {
    const std::int64_t offset = NsToTs90(segment_start - base_);
    std::int64_t out_dts = dts + offset;
    std::int64_t out_pts = pts + offset;
    if (out_dts < 0) {  // audio from just before the first keyframe
      av_packet_unref(pkt);
      return {};
    }
    const int index = pkt->stream_index;
    std::int64_t& last = last_dts_[static_cast<std::size_t>(index)];
    // Rounding ns <-> 90 kHz at a segment boundary may land on the previous dts; the muxer
    // requires strictly increasing dts per track.
    if (out_dts <= last) out_dts = last + 1;
    if (out_pts < out_dts) out_pts = out_dts;
    last = out_dts;
    AVStream* st = out_.ctx()->streams[index];
    if (is_video) {
      ++result_.video_frames;
      result_.end = base_ + Ts90ToNs(out_dts + dur90);
    }
    pkt->dts = av_rescale_q(out_dts, kTb90k, st->time_base);
    pkt->pts = av_rescale_q(out_pts, kTb90k, st->time_base);
    pkt->duration = av_rescale_q(dur90, kTb90k, st->time_base);
    pkt->pos = -1;
    int ret = av_interleaved_write_frame(out_.ctx(), pkt);
    if (ret < 0) return Fail(AvError(ret, "write packet"));
    return {};
  }

  WallNs from_, to_;
  Output& out_;
  const RemuxOptions& options_;
  std::uint64_t bytes_read_ = 0;
  bool started_ = false;
  WallNs base_ = 0;
  std::vector<Pending> pending_;
  std::vector<std::int64_t> last_dts_;
  RemuxResult result_;
};

}  // namespace

Result<RemuxResult> RemuxRange(std::span<const RemuxSegment> segments, WallNs from, WallNs to,
                               const std::filesystem::path& out, const RemuxOptions& options) {
  if (from >= to) return Fail(ErrorCode::kInvalidArgument, "the range's start must be before its end");
  Output output(out, options.faststart);
  Remuxer remuxer(from, to, output, options);
  for (const RemuxSegment& seg : segments) {
    if (seg.end <= from) continue;
    if (seg.start >= to) break;
    bool more = true;
    if (auto s = remuxer.Segment(seg, more); !s) return Fail(std::move(s).error());
    if (!more) break;
  }
  return remuxer.Finish(out);
}

}  // namespace anninh::media
