// JPEG pictures of one live stream, for MJPEG viewers (browsers and tools without Media
// Source Extensions): one decoder (a DecodeWorker) and one JPEG encoder per camera stream,
// shared by every viewer, running only while someone watches. Pictures are encoded at most
// at the fastest rate a viewer asked for; each is one shared string for all viewers.
//
// Thread contract: Subscribe and the subscriptions' destruction from any thread; viewers
// are called on the worker's thread with the viewer lock held and must return at once.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "live/decode_worker.h"
#include "media/picture.h"

namespace anninh::live {

class JpegViewer {
 public:
  virtual ~JpegViewer() = default;
  // One picture, shared by every viewer; `wall` is when the camera captured it.
  virtual void OnJpeg(const std::shared_ptr<const std::string>& jpeg, WallNs wall) = 0;
};

struct JpegFeedOptions {
  // Pictures wider than this are scaled down (aspect kept): a 4K main stream costs less to
  // encode and to send, and a browser window rarely shows more.
  int max_width = 1920;
  int quality = 5;  // MJPEG qscale: 2 (best) .. 31 (smallest)
  std::size_t ring = 256;  // see DecodeWorker
};

class JpegFeed final : public DecodeWorker {
 public:
  static constexpr int kMaxFps = 10;

  explicit JpegFeed(LiveStream& stream, JpegFeedOptions options = {});
  ~JpegFeed() override;

  using Subscription = live::Subscription;
  // Sends `viewer` pictures (the newest one at once, if any) until the handle is destroyed.
  // `fps` (1..kMaxFps) is how often this viewer wants one; the viewer itself skips the rest.
  std::unique_ptr<Subscription> Subscribe(JpegViewer& viewer, int fps);

  std::size_t viewers() const;
  std::uint64_t pictures() const { return pictures_.load(); }

 private:
  void Unsubscribe(JpegViewer* viewer);
  void OnPicture(AVFrame& picture, std::int64_t pts, WallNs wall) override;

  // Serialises starting and stopping the worker.
  std::mutex control_mu_;
  // A viewer being called never delays the ingest thread: the worker's ring has its own lock.
  mutable std::mutex viewers_mu_;
  std::vector<std::pair<JpegViewer*, int>> viewers_;  // and the fps each asked for
  std::atomic<int> max_fps_{1};
  std::shared_ptr<const std::string> newest_;
  WallNs newest_wall_ = 0;
  // Worker thread only.
  media::JpegEncoder encoder_;
  WallNs last_encoded_ = 0;
  std::atomic<std::uint64_t> pictures_{0};
};

}  // namespace anninh::live
