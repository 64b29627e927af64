#include "live/decode_worker.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <optional>

#include <spdlog/spdlog.h>

#include "media/picture.h"

namespace anninh::live {

namespace {
std::atomic<int> running_decoders{0};
}  // namespace

struct DecodeWorker::Slot {
  AVPacket* av = av_packet_alloc();
  std::int64_t dts = 0, pts = 0;
  WallNs wall = 0;
  bool keyframe = false;
  std::uint64_t generation = 0;
  ~Slot() { av_packet_free(&av); }
};

int DecodeWorker::RunningDecoders() { return running_decoders.load(); }

DecodeWorker::DecodeWorker(LiveStream& stream, std::size_t ring) : stream_(stream), ring_(ring) {}

DecodeWorker::~DecodeWorker() { StopWorker(); }

void DecodeWorker::StartWorker() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    if (slots_.empty()) {
      slots_.reserve(ring_);
      for (std::size_t i = 0; i < ring_; ++i) slots_.push_back(std::make_unique<Slot>());
    }
    stop_ = false;
    want_keyframe_ = true;
  }
  // Counted here, not in the thread, so the count is right as soon as this returns.
  running_decoders.fetch_add(1);
  decoders_started_.fetch_add(1);
  thread_ = std::thread([this] { Run(); });
  // After the thread exists: the tap replays the current GOP into the ring at once.
  tap_ = stream_.Tap(*this);
}

void DecodeWorker::StopWorker() {
  tap_.reset();  // after this, the stream calls us no more
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    DropQueued();
    info_.reset();
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
    running_decoders.fetch_sub(1);
  }
}

void DecodeWorker::DropQueued() {
  for (std::size_t i = 0; i < count_; ++i) av_packet_unref(slots_[(head_ + i) % slots_.size()]->av);
  head_ = 0;
  count_ = 0;
  want_keyframe_ = true;
}

void DecodeWorker::OnTapStart(const std::shared_ptr<const media::StreamInfo>& info) {
  {
    std::lock_guard lock(mu_);
    DropQueued();
    info_ = info;
    ++generation_;
  }
  wake_.notify_one();
}

void DecodeWorker::OnTapStop(std::string_view) {
  std::lock_guard lock(mu_);
  DropQueued();
  info_.reset();
}

void DecodeWorker::OnTapPacket(const media::Packet& p) {
  if (p.track != 0) return;  // the video track; audio has no pictures
  {
    std::lock_guard lock(mu_);
    if (!info_ || stop_) return;
    if (want_keyframe_ && !p.keyframe) return;  // a decoder can only start at a keyframe
    if (count_ == slots_.size()) {
      // The decoder is behind by a whole ring: drop the backlog and start again at the
      // next keyframe, so consumers get the newest picture soon instead of old ones late.
      DropQueued();
      resyncs_.fetch_add(1, std::memory_order_relaxed);
      if (!p.keyframe) return;
    }
    Slot& slot = *slots_[(head_ + count_) % slots_.size()];
    if (av_packet_ref(slot.av, p.av) != 0) return;
    slot.dts = p.dts;
    slot.pts = p.pts;
    slot.wall = p.wall;
    slot.keyframe = p.keyframe;
    slot.generation = generation_;
    ++count_;
    want_keyframe_ = false;
  }
  wake_.notify_one();
}

// The worker: decode every queued packet (inter pictures need their predecessors) and hand
// each picture to the subclass.
void DecodeWorker::Run() {
  std::optional<media::VideoDecoder> decoder;
  media::FramePtr frame = media::AllocFrame();
  AVPacket* packet = av_packet_alloc();
  std::uint64_t decoder_generation = 0;
  std::shared_ptr<const media::StreamInfo> info;
  bool need_keyframe = true;
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return stop_ || count_ > 0; });
    if (stop_) break;
    Slot& slot = *slots_[head_];
    av_packet_move_ref(packet, slot.av);
    head_ = (head_ + 1) % slots_.size();
    --count_;
    const WallNs wall = slot.wall;
    const std::int64_t pts = slot.pts;
    const bool keyframe = slot.keyframe;
    const std::uint64_t generation = slot.generation;
    if (generation != decoder_generation) info = info_;
    lock.unlock();

    if (generation != decoder_generation) {
      decoder.reset();
      decoder_generation = generation;
      need_keyframe = true;
      if (info && !info->tracks().empty() && info->tracks()[0].kind == media::TrackKind::kVideo) {
        auto opened = media::VideoDecoder::Open(*info->tracks()[0].params, /*threads=*/1);
        if (opened) {
          decoder.emplace(std::move(*opened));
          OnStreamStart(*info);
        } else {
          spdlog::warn("live {} {}: decode: {}", stream_.camera_id(), stream_.stream(), opened.error().ToString());
        }
      }
    }
    if (decoder && (!need_keyframe || keyframe)) {
      need_keyframe = false;
      // Our 90 kHz timestamps ride through the decoder, so reordered pictures keep theirs.
      packet->pts = pts;
      packet->dts = AV_NOPTS_VALUE;
      if (auto s = decoder->Send(packet); !s) need_keyframe = true;  // resume at the next keyframe
      while (decoder->Receive(*frame)) {
        const std::int64_t frame_pts = frame->pts == AV_NOPTS_VALUE ? pts : frame->pts;
        OnPicture(*frame, frame_pts, wall + media::Ts90ToNs(frame_pts - pts));
        av_frame_unref(frame.get());
      }
    }
    av_packet_unref(packet);
    lock.lock();
  }
  lock.unlock();
  av_packet_free(&packet);
}

}  // namespace anninh::live
