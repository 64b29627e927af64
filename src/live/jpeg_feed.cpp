#include "live/jpeg_feed.h"

extern "C" {
#include <libavutil/frame.h>
}

#include <algorithm>

namespace anninh::live {

JpegFeed::JpegFeed(LiveStream& stream, JpegFeedOptions options)
    : DecodeWorker(stream, options.ring), encoder_(options.max_width, options.quality) {}

JpegFeed::~JpegFeed() {
  std::lock_guard lock(control_mu_);
  StopWorker();  // before our members go: the worker calls OnPicture
}

std::unique_ptr<JpegFeed::Subscription> JpegFeed::Subscribe(JpegViewer& viewer, int fps) {
  fps = std::clamp(fps, 1, kMaxFps);
  std::lock_guard control(control_mu_);
  bool first;
  {
    std::lock_guard lock(viewers_mu_);
    first = viewers_.empty();
    viewers_.emplace_back(&viewer, fps);
    max_fps_ = std::max(first ? 1 : max_fps_.load(), fps);
    if (newest_) viewer.OnJpeg(newest_, newest_wall_);  // a picture at once, not in 1/fps
  }
  if (first) {
    last_encoded_ = 0;  // the worker is not running: no race
    StartWorker();
  }
  return std::make_unique<Subscription>([this, v = &viewer] { Unsubscribe(v); });
}

void JpegFeed::Unsubscribe(JpegViewer* viewer) {
  std::lock_guard control(control_mu_);
  bool last;
  {
    std::lock_guard lock(viewers_mu_);
    std::erase_if(viewers_, [viewer](const auto& v) { return v.first == viewer; });
    int fastest = 1;
    for (const auto& v : viewers_) fastest = std::max(fastest, v.second);
    max_fps_ = fastest;
    last = viewers_.empty();
  }
  if (!last) return;
  StopWorker();  // nobody watches: stop decoding
  std::lock_guard lock(viewers_mu_);
  newest_.reset();  // stale by the time someone watches again
}

std::size_t JpegFeed::viewers() const {
  std::lock_guard lock(viewers_mu_);
  return viewers_.size();
}

// On the worker: encode when the fastest viewer is due a picture (a tenth of the interval
// of slack keeps 10 fps from becoming 5), and hand the one JPEG to every viewer.
void JpegFeed::OnPicture(AVFrame& picture, std::int64_t, WallNs wall) {
  const WallNs interval = kNsPerSecond / max_fps_.load(std::memory_order_relaxed);
  if (last_encoded_ != 0 && wall - last_encoded_ < interval - interval / 10 && wall >= last_encoded_) return;
  auto encoded = encoder_.Encode(picture);
  if (!encoded) return;
  last_encoded_ = wall;
  auto jpeg = std::make_shared<const std::string>(std::move(*encoded));
  std::lock_guard lock(viewers_mu_);
  newest_ = jpeg;
  newest_wall_ = wall;
  pictures_.fetch_add(1, std::memory_order_relaxed);
  for (const auto& [viewer, fps] : viewers_) viewer->OnJpeg(jpeg, wall);
}

}  // namespace anninh::live
