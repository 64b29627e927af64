// The MJPEG fallback of live view (docs/design/0007-live-view.md): a streaming response of
// multipart/x-mixed-replace parts, one JPEG each (the format browsers show in an <img>
// without Media Source Extensions). Pictures come from the stream's shared JpegFeed; this
// viewer passes on at most `fps` of them per second. A client that reads slowly gets the
// newest picture (StreamOutput replaces a waiting part), never a backlog.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "live/jpeg_feed.h"
#include "serve/live_channel.h"
#include "serve/stream_body.h"

namespace anninh::serve {

class MjpegSource final : public StreamSource, public live::JpegViewer {
 public:
  static constexpr std::string_view kBoundary = "anninhframe";
  static std::string ContentType() { return "multipart/x-mixed-replace; boundary=" + std::string(kBoundary); }

  // Same hooks as a WebSocket viewer: rights re-checks and live.start/live.stop audit.
  MjpegSource(live::JpegFeed& feed, int fps, LiveChannel::Hooks hooks, const Clock& clock);
  ~MjpegSource() override;

  // StreamSource
  void Start(std::shared_ptr<StreamOutput> out) override;
  bool StillAllowed() override;
  void Stop() override;

  // live::JpegViewer (on the feed's thread: forward, never block)
  void OnJpeg(const std::shared_ptr<const std::string>& jpeg, WallNs wall) override;

 private:
  live::JpegFeed& feed_;
  const WallNs interval_;
  LiveChannel::Hooks hooks_;
  const Clock& clock_;
  std::mutex mu_;
  std::shared_ptr<StreamOutput> out_;  // guarded by mu_; null once stopped
  std::unique_ptr<live::JpegFeed::Subscription> subscription_;
  WallNs last_sent_ = 0;  // the camera time of the last picture passed on (feed thread)
  bool first_ = true;
  WallNs started_ = 0;
  bool stopped_ = false;
};

}  // namespace anninh::serve
