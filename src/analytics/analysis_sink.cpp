#include "analytics/analysis_sink.h"

extern "C" {
#include <libavcodec/packet.h>
}

#include <spdlog/spdlog.h>

namespace anninh::analytics {

struct AnalysisSink::Item {
  enum class Kind { kStart, kPacket, kBreak } kind = Kind::kPacket;
  media::StreamInfo info;  // kStart
  AVPacket* packet = nullptr;
  std::int64_t pts = 0;
  WallNs wall = 0;
  bool keyframe = false;

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
  queue_.push_back(std::move(item));
  lock.unlock();
  cv_.notify_one();
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
  return c;
}

void AnalysisSink::Drain() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return (queue_.empty() && !busy_) || stopping_; });
}

void AnalysisSink::Run() {
  FrameSource source(options_.frames);
  GreyFrame frame;
  bool started = false;
  bool waiting_key = true;  // after a decode error, until the next keyframe
  for (;;) {
    std::unique_ptr<Item> item;
    {
      std::unique_lock lock(mu_);
      busy_ = false;
      cv_.notify_all();  // Drain()
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      item = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    switch (item->kind) {
      case Item::Kind::kStart: {
        auto status = source.Start(item->info);
        started = status.has_value();
        if (!started) spdlog::warn("analysis: {}", status.error().ToString());
        consumer_.OnBreak();
        item.reset();  // a control item is not recycled: it carries codec parameters
        continue;
      }
      case Item::Kind::kBreak:
        consumer_.OnBreak();
        waiting_key = false;
        [[fallthrough]];
      case Item::Kind::kPacket:
        if (started && !(waiting_key && !item->keyframe)) {
          waiting_key = false;
          auto got = source.Push(*item->packet, item->pts, item->wall, frame);
          decoded_.store(source.decoded(), std::memory_order_relaxed);
          if (!got) {
            decode_errors_.fetch_add(1, std::memory_order_relaxed);
            waiting_key = true;
          } else if (*got) {
            frames_.fetch_add(1, std::memory_order_relaxed);
            consumer_.OnFrame(frame);
          }
        }
        av_packet_unref(item->packet);
        break;
    }
    std::lock_guard lock(mu_);
    free_.push_back(std::move(item));
  }
}

}  // namespace anninh::analytics
