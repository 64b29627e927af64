// The on-demand H.264 view of an H.265 stream, for browsers whose Media Source Extensions
// cannot play HEVC (Chromium without a hardware decoder): decode (a DecodeWorker), encode
// with libx264 (media::H264Encoder: ultrafast, zerolatency, a keyframe a second, at most
// 1280 px wide), and feed the packets to a second LiveStream, so viewers get fragmented MP4
// through exactly the path of an H.264 camera (pre-buffer, shared chunks, back-pressure).
// One transcoder per camera stream, shared by all its transcoded viewers, running only
// while one watches; how many may run at once is capped by the caller (a 2-core PC manages
// about one).
//
// Thread contract: Subscribe and the subscriptions' destruction from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "core/error.h"
#include "live/decode_worker.h"
#include "media/h264_encoder.h"

namespace anninh::live {

class H264Transcoder final : public DecodeWorker {
 public:
  explicit H264Transcoder(LiveStream& source, media::H264Options options = {});
  ~H264Transcoder() override;

  using Subscription = live::Subscription;
  // Sends `viewer` the H.264 view's chunks (like LiveStream::Subscribe) until the handle is
  // destroyed; the first viewer starts the transcode. Errors: kResourceExhausted when
  // `max_running` transcodes already run in this process, kUnimplemented without libx264.
  Result<std::unique_ptr<Subscription>> Subscribe(LiveViewer& viewer, int max_running);
  // Whether Subscribe would start or join one now (for refusing before a WebSocket opens).
  bool CanSubscribe(int max_running) const;

  // The H.264 view (mime, size, viewers).
  LiveInfo Describe() const { return out_.Describe(); }
  std::uint64_t pictures() const { return pictures_.load(); }
  // How many transcodes run in this process now.
  static int Running();

 private:
  void Unsubscribe();
  void OnStreamStart(const media::StreamInfo& info) override;
  void OnPicture(AVFrame& picture, std::int64_t pts, WallNs wall) override;

  const media::H264Options options_;
  LiveStream out_;  // the H.264 view, muxed for viewers like any camera stream
  mutable std::mutex control_mu_;
  std::size_t viewers_ = 0;  // guarded by control_mu_
  // Worker thread only (or with the worker stopped).
  std::optional<media::H264Encoder> encoder_;
  bool failed_ = false;  // the encoder could not open for this connection: do not retry per picture
  std::atomic<std::uint64_t> pictures_{0};
};

}  // namespace anninh::live
