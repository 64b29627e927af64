#include "record/interleaver.h"

#include <utility>

extern "C" {
#include <libavcodec/packet.h>
}

namespace anninh::record {

Interleaver::Interleaver(std::int64_t max_lag) : max_lag_(max_lag) {}

Interleaver::~Interleaver() {
  Start(media::StreamInfo{});
  for (AVPacket*& av : pool_) av_packet_free(&av);
}

void Interleaver::Release(AVPacket* av) {
  av_packet_unref(av);
  pool_.push_back(av);
}

void Interleaver::Start(const media::StreamInfo& info) {
  if (given_) Release(std::exchange(given_, nullptr));
  for (auto& queue : queues_)
    for (Held& h : queue) Release(h.av);
  queues_.clear();
  video_.clear();
  for (const media::Track& t : info.tracks()) video_.push_back(t.kind == media::TrackKind::kVideo);
  if (video_.size() > 1) queues_.resize(video_.size());
  passing_ = nullptr;
  newest_ = INT64_MIN;
  flushing_ = false;
}

void Interleaver::Push(const media::Packet& packet) {
  if (queues_.empty() || packet.track < 0 || static_cast<std::size_t>(packet.track) >= queues_.size()) {
    passing_ = &packet;  // one track (or one we were not told of): nothing to order it with
    return;
  }
  AVPacket* av = nullptr;
  if (!pool_.empty()) {
    av = pool_.back();
    pool_.pop_back();
  } else {
    av = av_packet_alloc();  // only until the pool has grown to what is held at once
  }
  if (!av || av_packet_ref(av, packet.av) < 0) {
    // No memory for a reference: better out of order than lost.
    if (av) pool_.push_back(av);
    passing_ = &packet;
    return;
  }
  Held h{av, packet};
  h.packet.av = av;
  queues_[static_cast<std::size_t>(packet.track)].push_back(h);
  if (packet.dts > newest_) newest_ = packet.dts;
}

const media::Packet* Interleaver::Next() {
  if (given_) Release(std::exchange(given_, nullptr));
  if (passing_) {
    out_ = *std::exchange(passing_, nullptr);
    return &out_;
  }
  std::deque<Held>* first = nullptr;
  bool every_track_held = true;
  for (std::size_t t = 0; t < queues_.size(); ++t) {
    auto& q = queues_[t];
    if (q.empty()) {
      every_track_held = false;
      continue;
    }
    if (!first) {
      first = &q;
      continue;
    }
    const media::Packet& a = q.front().packet;
    const media::Packet& b = first->front().packet;
    // Earlier first; at the same time video first, so a keyframe opens its segment before
    // the audio of its instant is written.
    if (a.dts < b.dts || (a.dts == b.dts && video_[t] && !video_[static_cast<std::size_t>(b.track)])) first = &q;
  }
  if (!first) return nullptr;
  const Held& h = first->front();
  if (!flushing_ && !every_track_held && newest_ - h.packet.dts < max_lag_) return nullptr;
  given_ = h.av;
  out_ = h.packet;
  first->pop_front();
  return &out_;
}

std::size_t Interleaver::held() const {
  std::size_t n = 0;
  for (const auto& q : queues_) n += q.size();
  return n;
}

}  // namespace anninh::record
