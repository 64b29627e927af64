#include "analytics/analysis_sink.h"

extern "C" {
#include <libavcodec/packet.h>
}

#include <spdlog/spdlog.h>

#include <cstdint>
#include <vector>

namespace anninh::analytics {

struct AnalysisSink::Item {
  enum class Kind { kStart, kPacket, kBreak } kind = Kind::kPacket;
  media::StreamInfo info;  // kStart
  AVPacket* packet = nullptr;
  std::int64_t pts = 0;
  WallNs wall = 0;
  bool keyframe = false;
  bool decoded = false;  // handed to the decoder (a kept GOP's packets may never be)

  Item() : packet(av_packet_alloc()) {}
  ~Item() { av_packet_free(&packet); }
};

AnalysisSink::AnalysisSink(AnalysisSinkOptions options, FrameConsumer& consumer)
    : options_(options), consumer_(consumer) {
  worker_ = std::thread([this] { Run(); });
}

AnalysisSink::~AnalysisSink() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void AnalysisSink::OnStart(const media::StreamInfo& info, WallNs) {
  video_track_ = -1;
  for (std::size_t i = 0; i < info.tracks().size(); ++i) {
    if (info.tracks()[i].kind == media::TrackKind::kVideo) {
      video_track_ = static_cast<int>(i);
      break;
    }
  }
  skipping_ = true;
  auto item = std::make_unique<Item>();
  item->kind = Item::Kind::kStart;
  item->info = info.Clone();
  {
    // Control items always go in: they are rare and carry the decoder's parameters.
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(item));
  }
  cv_.notify_one();
}

void AnalysisSink::OnPacket(const media::Packet& packet) {
  if (packet.track != video_track_) return;
  packets_.fetch_add(1, std::memory_order_relaxed);
  // Keyframes only: the rest is not wanted, which is not the same as dropped for being behind.
  if (options_.frames.keyframes_only && !packet.keyframe) return;
  if (skipping_ && !packet.keyframe) {
    dropped_packets_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  std::unique_lock lock(mu_);
  if (queue_.size() >= options_.queue_packets) {
    // Behind: give up on this GOP, tell the analyser the sequence broke, and pick up again at
    // the next keyframe. Never wait here: this is the ingest thread.
    if (!skipping_ || packet.keyframe) dropped_gops_.fetch_add(1, std::memory_order_relaxed);
    dropped_packets_.fetch_add(1, std::memory_order_relaxed);
    skipping_ = true;
    return;
  }
  const bool broke = skipping_;
  skipping_ = false;
  std::unique_ptr<Item> item;
  if (!free_.empty()) {
    item = std::move(free_.back());
    free_.pop_back();
  } else {
    lock.unlock();
    item = std::make_unique<Item>();  // only until the pool has grown to the queue's size
    lock.lock();
  }
  if (!item->packet || av_packet_ref(item->packet, packet.av) < 0) {
    dropped_packets_.fetch_add(1, std::memory_order_relaxed);
    skipping_ = true;
    free_.push_back(std::move(item));
    return;
  }
  item->kind = broke ? Item::Kind::kBreak : Item::Kind::kPacket;
  item->pts = packet.pts;
  item->wall = packet.wall;
  item->keyframe = packet.keyframe;
  item->decoded = false;
  const auto bytes = static_cast<std::size_t>(item->packet->size);
  queue_.push_back(std::move(item));
  // A packet wakes the worker only when it has something to do now. While the scene is
  // still, a usual P-frame is only kept: it can wait in the queue for the next keyframe (or
  // a P-frame the size gate may find unusual). Otherwise a P-frame before the next picture
  // due is only a reference: it waits to be decoded with that picture (a jump back in time
  // is a new timeline: wake). Both read under mu_, which the worker released after setting
  // them and before sleeping, so a sleeping worker's values are seen. Never more than half
  // the queue, so a long GOP or a low `fps` cannot fill it.
  const std::size_t quiet_below = quiet_below_.load(std::memory_order_relaxed);
  const std::int64_t wake_at = wake_at_.load(std::memory_order_relaxed);
  const bool needed = quiet_below > 0 ? bytes >= quiet_below
                                      : packet.pts >= wake_at || wake_at - packet.pts > media::kTimescale;
  const bool wake = broke || packet.keyframe || needed || queue_.size() >= options_.queue_packets / 2;
  lock.unlock();
  if (wake) cv_.notify_one();
}

void AnalysisSink::OnStop(WallNs, std::string_view) {
  video_track_ = -1;
  skipping_ = true;
}

AnalysisCounters AnalysisSink::counters() const {
  AnalysisCounters c;
  c.packets = packets_.load(std::memory_order_relaxed);
  c.dropped_packets = dropped_packets_.load(std::memory_order_relaxed);
  c.dropped_gops = dropped_gops_.load(std::memory_order_relaxed);
  c.decoded = decoded_.load(std::memory_order_relaxed);
  c.frames = frames_.load(std::memory_order_relaxed);
  c.decode_errors = decode_errors_.load(std::memory_order_relaxed);
  c.still_skipped = still_skipped_.load(std::memory_order_relaxed);
  c.wakes = wakes_.load(std::memory_order_relaxed);
  c.worker_wakeups = worker_wakeups_.load(std::memory_order_relaxed);
  return c;
}

void AnalysisSink::Drain() {
  std::unique_lock lock(mu_);
  cv_.notify_all();  // packets of a still scene may be waiting without having woken the worker
  cv_.wait(lock, [this] { return (queue_.empty() && !busy_) || stopping_; });
}

// The worker's decoding: plain (every packet decoded, `fps` of the pictures analysed) or,
// with skip_still, in two phases:
//   moving  every packet decoded, as plainly. At a keyframe, once the consumer has been
//           settled for `rest_s` (and the GOP is short enough), that keyframe is analysed
//           and becomes the probe's reference: the still phase begins.
//   still   keyframes decoded and analysed; the P-frames after one are kept, undecoded.
//           A P-frame the size gate finds unusual: decode the kept ones (the decoder still
//           holds the keyframe), back to moving. A keyframe the probe finds changed: move
//           the analysis grid back, decode the kept GOP from its keyframe, then this
//           keyframe again, back to moving: the pictures of the GOP in which the change
//           happened are analysed in order, late by at most a GOP. Otherwise the kept
//           P-frames are let go and the new keyframe is kept instead.
class AnalysisSink::Worker {
 public:
  explicit Worker(AnalysisSink& sink)
      : sink_(sink),
        options_(sink.options_.still),
        source_(sink.options_.frames),
        sizes_(options_),
        probe_(options_) {}
  ~Worker() { LetGo(); }

  void Start(const media::StreamInfo& info) {
    LetGo();
    auto status = source_.Start(info);
    started_ = status.has_value();
    if (!started_) spdlog::warn("analysis: {}", status.error().ToString());
    sink_.consumer_.OnBreak();
    ResetPhase();
    sizes_.Reset();
    size_woke_ = false;
    last_key_ = kNever;
    gop_ticks_ = 0;
  }

  void Break() {
    sink_.consumer_.OnBreak();
    waiting_key_ = false;
    LetGo();
    ResetPhase();
  }

  // The pts of the next picture due for analysis (AnalysisSink::wake_at_).
  std::int64_t next_picture() const { return source_.next_picture(); }

  void Packet(std::unique_ptr<Item> item) {
    if (!started_ || (waiting_key_ && !item->keyframe)) return sink_.Recycle(std::move(item));
    waiting_key_ = false;
    if (item->keyframe) {
      if (last_key_ != kNever && item->pts > last_key_) gop_ticks_ = item->pts - last_key_;
      last_key_ = item->pts;
    }
    if (!sink_.options_.skip_still) {
      if (Decode(*item)) Deliver();
      return sink_.Recycle(std::move(item));
    }
    if (still_) {
      Still(std::move(item));
    } else {
      Moving(std::move(item));
    }
  }

 private:
  static constexpr std::int64_t kNever = INT64_MIN;

  static std::int64_t Ticks(double seconds) { return static_cast<std::int64_t>(seconds * media::kTimescale); }

  void ResetPhase() {
    still_ = false;
    sink_.quiet_below_.store(0, std::memory_order_relaxed);
    settled_since_ = kNever;
    probe_.Forget();
  }

  // Decodes one packet; true when frame_ now holds a picture to analyse.
  bool Decode(Item& item) {
    item.decoded = true;
    auto got = source_.Push(*item.packet, item.pts, item.wall, frame_);
    sink_.decoded_.store(source_.decoded(), std::memory_order_relaxed);
    if (!got) {
      sink_.decode_errors_.fetch_add(1, std::memory_order_relaxed);
      waiting_key_ = true;
      return false;
    }
    return *got;
  }

  void Deliver() {
    sink_.frames_.fetch_add(1, std::memory_order_relaxed);
    sink_.consumer_.OnFrame(frame_);
    if (!sink_.consumer_.Settled()) {
      settled_since_ = kNever;
      if (size_woke_) sizes_.Verdict(true);
      size_woke_ = false;
    } else if (settled_since_ == kNever) {
      settled_since_ = frame_.pts;
    }
  }

  // The kept GOP goes back to the pool; what was never decoded was skipped for stillness.
  void LetGo() {
    for (auto& item : gop_) {
      if (!item->decoded) sink_.still_skipped_.fetch_add(1, std::memory_order_relaxed);
      sink_.Recycle(std::move(item));
    }
    gop_.clear();
  }

  void Moving(std::unique_ptr<Item> item) {
    // P-frames of a settled scene teach the size gate what "usual" is; a false wake's
    // (rain, leaves) raise it, so the same weather does not wake it again and again.
    if (!item->keyframe && settled_since_ != kNever) sizes_.Learn(static_cast<std::size_t>(item->packet->size));
    const bool rest = item->keyframe && settled_since_ != kNever && item->pts - settled_since_ >= Ticks(options_.rest_s) &&
                      gop_ticks_ > 0 && gop_ticks_ <= Ticks(options_.max_gop_s);
    if (rest) source_.set_next_picture(item->pts);  // analyse this keyframe: it is the probe's reference
    if (Decode(*item)) {
      Deliver();
      // A decoder that holds pictures back (B-frames) gives another picture here: such
      // streams stay in the moving phase.
      if (rest && frame_.pts == item->pts && settled_since_ != kNever) {
        probe_.Reset(frame_);
        still_ = true;
        if (size_woke_) sizes_.Verdict(false);  // woken for nothing
        size_woke_ = false;
        QuietBelow();
        spdlog::debug("analysis: still from {:.2f} s", static_cast<double>(item->pts) / media::kTimescale);
        gop_.push_back(std::move(item));
        return;
      }
    }
    sink_.Recycle(std::move(item));
  }

  void Still(std::unique_ptr<Item> item) {
    if (!item->keyframe) {
      const auto bytes = static_cast<std::size_t>(item->packet->size);
      const bool unusual = sizes_.Unusual(bytes);
      const bool too_long = item->pts - gop_.front()->pts > Ticks(options_.max_gop_s);
      gop_.push_back(std::move(item));
      if (unusual || too_long) {
        spdlog::debug("analysis: woken by a P-frame of {} bytes at {:.2f} s", bytes,
                      static_cast<double>(gop_.back()->pts) / media::kTimescale);
        Wake(1);  // the decoder still holds the keyframe
        size_woke_ = unusual;  // judged by what the analyser sees next
        return;
      }
      sizes_.Learn(bytes);
      QuietBelow();
      return;
    }
    const std::int64_t grid = source_.next_picture();
    source_.set_next_picture(item->pts);  // every keyframe is looked at, whatever `fps` says
    if (!Decode(*item) || frame_.pts != item->pts) {
      // No picture for this keyframe (a decode error): start over in the moving phase.
      LetGo();
      ResetPhase();
      return sink_.Recycle(std::move(item));
    }
    if (probe_.Changed(frame_)) {
      // Something changed during the GOP just gone: analyse it, then this keyframe.
      spdlog::debug("analysis: woken by the keyframe at {:.2f} s", static_cast<double>(item->pts) / media::kTimescale);
      source_.set_next_picture(grid);
      gop_.push_back(std::move(item));
      return Wake(0);
    }
    Deliver();
    LetGo();
    if (settled_since_ == kNever) {  // the analyser saw what the probe did not
      sink_.wakes_.fetch_add(1, std::memory_order_relaxed);
      ResetPhase();
      return sink_.Recycle(std::move(item));
    }
    probe_.Reset(frame_);
    gop_.push_back(std::move(item));
  }

  // Tells ingest which P-frames need not wake this thread: those well under what the size
  // gate calls unusual (a tenth below, as it learns between wakes; 0 until it has learnt).
  void QuietBelow() {
    const double limit = sizes_.Limit();
    sink_.quiet_below_.store(static_cast<std::size_t>(limit * 0.9), std::memory_order_relaxed);
  }

  // Decodes the kept packets from `from` on, in order, and goes back to the moving phase.
  void Wake(std::size_t from) {
    sink_.wakes_.fetch_add(1, std::memory_order_relaxed);
    ResetPhase();
    for (std::size_t i = from; i < gop_.size() && !waiting_key_; ++i)
      if (Decode(*gop_[i])) Deliver();
    LetGo();
  }

  AnalysisSink& sink_;
  const StillGateOptions& options_;
  FrameSource source_;
  PacketSizeGate sizes_;
  KeyframeProbe probe_;
  GreyFrame frame_;
  bool started_ = false;
  bool waiting_key_ = true;  // after a decode error, until the next keyframe
  bool still_ = false;
  bool size_woke_ = false;  // the size gate woke the moving phase, and the analyser has not yet seen motion
  std::int64_t settled_since_ = kNever;  // pts of the first picture of the current settled run
  std::int64_t last_key_ = kNever;
  std::int64_t gop_ticks_ = 0;  // the last GOP's length (90 kHz)
  std::vector<std::unique_ptr<Item>> gop_;  // still phase: the keyframe and the P-frames after it
};

void AnalysisSink::Recycle(std::unique_ptr<Item> item) {
  av_packet_unref(item->packet);
  std::lock_guard lock(mu_);
  free_.push_back(std::move(item));
}

void AnalysisSink::Run() {
  Worker worker(*this);
  for (;;) {
    std::unique_ptr<Item> item;
    {
      std::unique_lock lock(mu_);
      busy_ = false;
      cv_.notify_all();  // Drain()
      if (queue_.empty() && !stopping_) {
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        worker_wakeups_.fetch_add(1, std::memory_order_relaxed);
      }
      if (stopping_) return;
      item = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    switch (item->kind) {
      case Item::Kind::kStart:
        worker.Start(item->info);
        break;  // a control item is not recycled: it carries codec parameters
      case Item::Kind::kBreak:
        worker.Break();
        worker.Packet(std::move(item));
        break;
      case Item::Kind::kPacket:
        worker.Packet(std::move(item));
        break;
    }
    wake_at_.store(worker.next_picture(), std::memory_order_relaxed);
  }
}

}  // namespace anninh::analytics
