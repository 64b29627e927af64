#include "live/live_stream.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <algorithm>

#include <spdlog/spdlog.h>

#include "live/h264_transcoder.h"
#include "live/jpeg_feed.h"
#include "media/codec_string.h"

namespace anninh::live {

struct LiveStream::Buffered {
  AVPacket* av = av_packet_alloc();
  media::Packet meta;
  ~Buffered() { av_packet_free(&av); }
};

LiveStream::LiveStream(std::string camera_id, std::string stream, LiveOptions options)
    : camera_id_(std::move(camera_id)), stream_(std::move(stream)), options_(options) {}

LiveStream::~LiveStream() {
  // Before the stream they tap goes (members would go in the opposite order of need).
  transcoder_.reset();
  jpegs_.reset();
}

JpegFeed& LiveStream::Jpegs() {
  std::lock_guard lock(feed_mu_);
  if (!jpegs_) jpegs_ = std::make_unique<JpegFeed>(*this);
  return *jpegs_;
}

H264Transcoder& LiveStream::Transcoded() {
  std::lock_guard lock(feed_mu_);
  if (!transcoder_) transcoder_ = std::make_unique<H264Transcoder>(*this);
  return *transcoder_;
}

std::unique_ptr<LiveStream::Subscription> LiveStream::Tap(PacketTap& tap) {
  std::lock_guard lock(mu_);
  taps_.push_back(&tap);
  if (info_) {
    tap.OnTapStart(info_);
    if (gop_valid_) {
      for (std::size_t i = 0; i < gop_size_; ++i) tap.OnTapPacket(gop_[i]->meta);
    }
  }
  return std::make_unique<Subscription>([this, t = &tap] { Unsubscribe(nullptr, t); });
}

std::unique_ptr<LiveStream::Subscription> LiveStream::Subscribe(LiveViewer& viewer) {
  std::lock_guard lock(mu_);
  viewers_.push_back(&viewer);
  if (info_) {
    if (!muxer_) {
      // The first viewer: start muxing; StartMuxer publishes the init segment and the
      // buffered GOP to every viewer, this one included.
      StartMuxer();
    } else {
      viewer.OnChunk({LiveChunk::Kind::kInit, init_, false, mime_});
      for (const LiveChunk& c : gop_chunks_) viewer.OnChunk(c);
    }
  }
  return std::make_unique<Subscription>([this, v = &viewer] { Unsubscribe(v, nullptr); });
}

void LiveStream::Unsubscribe(LiveViewer* viewer, PacketTap* tap) {
  std::lock_guard lock(mu_);
  if (tap) {
    taps_.erase(std::remove(taps_.begin(), taps_.end(), tap), taps_.end());
    return;
  }
  viewers_.erase(std::remove(viewers_.begin(), viewers_.end(), viewer), viewers_.end());
  if (viewers_.empty()) StopMuxer();  // nobody watches: stop spending CPU on muxing
}

LiveInfo LiveStream::Describe() const {
  LiveInfo out;
  {
    std::lock_guard lock(mu_);
    out = {info_ != nullptr, codec_, mime_, width_, height_, viewers_.size(), 0, info_ ? "" : reason_};
  }
  std::lock_guard lock(feed_mu_);
  if (jpegs_) out.jpeg_viewers = jpegs_->viewers();
  return out;
}

std::optional<Keyframe> LiveStream::LastKeyframe() const {
  std::lock_guard lock(mu_);
  if (!last_key_.packet) return std::nullopt;
  return last_key_;
}

void LiveStream::OnStart(const media::StreamInfo& info, WallNs) {
  std::lock_guard lock(mu_);
  auto clone = std::make_shared<media::StreamInfo>(info.Clone());
  std::string codecs;
  for (const media::Track& t : clone->tracks()) {
    const std::string c = media::CodecString(*t.params);
    if (!c.empty()) codecs += (codecs.empty() ? "" : ",") + c;
  }
  const AVCodecParameters* video = clone->tracks().empty() ? nullptr : clone->tracks()[0].params;
  width_ = video ? video->width : 0;
  height_ = video ? video->height : 0;
  codec_ = clone->CodecSummary();
  mime_ = "video/mp4; codecs=\"" + codecs + "\"";
  info_ = std::move(clone);
  reason_.clear();
  ClearGop();
  StopMuxer();
  last_key_ = {};
  for (PacketTap* t : taps_) t->OnTapStart(info_);
  if (!viewers_.empty()) StartMuxer();
}

void LiveStream::OnStop(WallNs, std::string_view reason) {
  std::lock_guard lock(mu_);
  info_.reset();
  reason_ = std::string(reason);
  StopMuxer();
  ClearGop();
  for (LiveViewer* v : viewers_) v->OnInterrupted(reason);
  for (PacketTap* t : taps_) t->OnTapStop(reason);
}

void LiveStream::OnPacket(const media::Packet& p) {
  std::lock_guard lock(mu_);
  if (!info_) return;
  const bool video = info_->tracks()[static_cast<std::size_t>(p.track)].kind == media::TrackKind::kVideo;
  const bool key = video && p.keyframe;
  if (key) {
    ClearGop();
    gop_valid_ = true;
    // One allocation per GOP, for snapshots: the newest keyframe outlives the GOP buffer.
    std::shared_ptr<AVPacket> ref(av_packet_alloc(), [](AVPacket* a) { av_packet_free(&a); });
    if (av_packet_ref(ref.get(), p.av) == 0) last_key_ = {info_, std::move(ref), p.wall};
  }
  if (gop_valid_) {
    if (gop_size_ >= options_.max_gop_packets) {
      ClearGop();  // too long a GOP to keep: new viewers wait for the next keyframe
    } else {
      if (gop_size_ == gop_.size()) gop_.push_back(std::make_unique<Buffered>());
      Buffered& b = *gop_[gop_size_];
      if (av_packet_ref(b.av, p.av) == 0) {
        b.meta = p;
        b.meta.av = b.av;
        ++gop_size_;
      }
    }
  }
  for (PacketTap* t : taps_) t->OnTapPacket(p);
  if (muxer_) {
    if (key) CutFragment(/*keyframe_next=*/true);
    MuxOne(p);
  }
}

void LiveStream::ClearGop() {
  for (std::size_t i = 0; i < gop_size_; ++i) av_packet_unref(gop_[i]->av);
  gop_size_ = 0;
  gop_valid_ = false;
}

bool LiveStream::StartMuxer() {
  out_.clear();
  auto muxer = media::Fmp4Muxer::Create(
      *info_,
      [this](const std::uint8_t* d, int n) {
        out_.append(reinterpret_cast<const char*>(d), static_cast<std::size_t>(n));
        return 0;
      },
      "live " + camera_id_ + " " + stream_);
  if (!muxer) {
    spdlog::warn("live {} {}: {}", camera_id_, stream_, muxer.error().ToString());
    for (LiveViewer* v : viewers_) v->OnInterrupted("live view cannot mux this stream");
    return false;
  }
  muxer_ = std::move(*muxer);
  init_ = std::make_shared<const std::string>(std::move(out_));
  out_.clear();
  gop_chunks_.clear();
  fragment_keyframe_ = false;
  Publish({LiveChunk::Kind::kInit, init_, false, mime_});
  if (gop_valid_ && gop_size_ > 0) {
    fragment_keyframe_ = true;
    fragment_start_dts_ = gop_[0]->meta.dts;
    for (std::size_t i = 0; i < gop_size_ && muxer_; ++i) MuxOne(gop_[i]->meta);
    if (muxer_) CutFragment(/*keyframe_next=*/false);
  }
  return muxer_ != nullptr;
}

void LiveStream::StopMuxer() {
  muxer_.reset();
  init_.reset();
  gop_chunks_.clear();
  out_.clear();
}

void LiveStream::MuxOne(const media::Packet& p) {
  // A viewer's first fragment must start at a keyframe: until the muxer has one, wait.
  if (muxer_->frames() == 0 && muxer_->fragment_empty() && !(p.keyframe && p.track == 0)) return;
  if (muxer_->fragment_empty()) fragment_start_dts_ = p.dts;
  if (auto s = muxer_->Write(p); !s) {
    spdlog::warn("live {} {}: {}", camera_id_, stream_, s.error().ToString());
    StopMuxer();
    for (LiveViewer* v : viewers_) v->OnInterrupted("live view stopped: " + s.error().message());
    return;
  }
  if (p.track == 0 && media::Ts90ToNs(p.dts - fragment_start_dts_) >= options_.fragment_ns) {
    CutFragment(/*keyframe_next=*/false);
  }
}

void LiveStream::CutFragment(bool keyframe_next) {
  if (!muxer_->fragment_empty()) {
    if (auto s = muxer_->Flush(); !s) {
      spdlog::warn("live {} {}: {}", camera_id_, stream_, s.error().ToString());
      StopMuxer();
      return;
    }
    LiveChunk chunk{LiveChunk::Kind::kMedia, std::make_shared<const std::string>(std::move(out_)),
                    fragment_keyframe_, {}};
    out_.clear();
    if (chunk.keyframe) gop_chunks_.clear();
    gop_chunks_.push_back(chunk);
    Publish(chunk);
  }
  fragment_keyframe_ = keyframe_next;
}

void LiveStream::Publish(const LiveChunk& chunk) {
  for (LiveViewer* v : viewers_) v->OnChunk(chunk);
}

}  // namespace anninh::live
