// Live view over WebSocket (docs/ref/api.md, "Live view"): a LiveStream viewer that forwards
// its fragmented-MP4 chunks to the connection. Protocol: a text message
// {"type": "init", "mime", "codec", "width", "height"} then the binary init segment, then
// binary media fragments; {"type": "interrupted", "reason"} when the camera drops (a new
// init follows when it is back); {"type": "skipped"} after the connection fell behind and
// media was dropped to the next keyframe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "live/live_stream.h"
#include "serve/channel.h"

namespace anninh::serve {

class LiveChannel final : public Channel, public live::LiveViewer {
 public:
  // Where the chunks come from: a camera stream, or the H.264 transcode of one.
  struct Source {
    // Subscribes the viewer; the handle unsubscribes when released. Null with `refused`
    // set when it cannot (a transcode beyond the limit).
    std::function<std::shared_ptr<void>(live::LiveViewer& viewer, std::string& refused)> subscribe;
    std::function<live::LiveInfo()> describe;
  };
  static Source SourceOf(live::LiveStream& stream);
  struct Hooks {
    std::function<bool()> still_allowed;    // re-authenticates the original credentials
    std::function<void()> on_start;         // audit live.start
    std::function<void(double seconds)> on_stop;  // audit live.stop
  };
  LiveChannel(Source source, Hooks hooks, const Clock& clock);
  ~LiveChannel() override;

  // Channel
  void Start(std::shared_ptr<ChannelOutput> out) override;
  void OnMessage(const std::string& text) override;
  bool StillAllowed() override;
  void Stop() override;

  // live::LiveViewer (called under the stream's lock: forward, never block)
  void OnChunk(const live::LiveChunk& chunk) override;
  void OnInterrupted(std::string_view reason) override;

 private:
  Source source_;
  Hooks hooks_;
  const Clock& clock_;
  std::shared_ptr<ChannelOutput> out_;  // set before subscribing, then read-only
  std::shared_ptr<void> subscription_;
  WallNs started_ = 0;
  bool stopped_ = false;
};

}  // namespace anninh::serve
