#include "ingest/status_keeper.h"

#include <spdlog/spdlog.h>

namespace anninh::ingest {

std::string_view ToString(StreamState s) {
  switch (s) {
    case StreamState::kConnecting: return "connecting";
    case StreamState::kStreaming: return "streaming";
    case StreamState::kStalled: return "stalled";
    case StreamState::kOffline: return "offline";
    case StreamState::kStopped: return "stopped";
  }
  return "unknown";
}

StatusKeeper::StatusKeeper(const StreamOptions& options, const Clock& clock)
    : options_(options), clock_(clock) {
  status_.since = clock_.Now();
}

void StatusKeeper::Set(StreamState state, std::string_view why, std::string detail) {
  std::lock_guard lock(mu_);
  if (status_.state != state || status_.reason != why) status_.since = clock_.Now();
  // Log changes a person cares about, once: a camera that stays offline for a day is
  // retried hundreds of times but logged once, until its situation changes.
  if (state != StreamState::kConnecting && (state != logged_state_ || why != logged_reason_)) {
    spdlog::info("camera {} {}: {}{}{}", options_.camera_id, options_.stream, ToString(state),
                 why.empty() ? "" : " (", why.empty() ? std::string() : std::string(why) + ")");
    if (!detail.empty() && state == StreamState::kOffline) {
      spdlog::warn("camera {} {}: {}", options_.camera_id, options_.stream, detail);
    }
    logged_state_ = state;
    logged_reason_ = why;
  }
  status_.state = state;
  status_.reason = why;
  status_.detail = std::move(detail);
}

void StatusKeeper::Connecting() {
  std::lock_guard lock(mu_);
  if (status_.state != StreamState::kStalled) status_.state = StreamState::kConnecting;
}

void StatusKeeper::SetMedia(std::string codec, int width, int height) {
  std::lock_guard lock(mu_);
  status_.codec = std::move(codec);
  status_.width = width;
  status_.height = height;
}

void StatusKeeper::AddReconnect() {
  std::lock_guard lock(mu_);
  ++status_.reconnects;
}

void StatusKeeper::AddStall() {
  std::lock_guard lock(mu_);
  ++status_.stalls;
}

void StatusKeeper::AddDiscontinuities(std::uint64_t n) {
  std::lock_guard lock(mu_);
  status_.discontinuities += n;
}

StreamStatus StatusKeeper::Get() const {
  std::lock_guard lock(mu_);
  StreamStatus s = status_;
  s.packets = packets_.load(std::memory_order_relaxed);
  s.video_frames = video_frames_.load(std::memory_order_relaxed);
  s.bytes = bytes_.load(std::memory_order_relaxed);
  s.last_packet = last_packet_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace anninh::ingest
