// One live stream decoded on its own thread, for consumers that need pictures (the MJPEG
// feed, the H.264 transcode), running only while someone needs them.
//
// The stream's packets arrive through a PacketTap (references queued in a fixed ring, no
// copy and no allocation per packet); the ingest thread never waits for the decoder. When
// the decoder falls behind and the ring fills, queued packets are dropped and decoding
// resumes at the next keyframe: consumers get the newest picture, never a growing backlog.
//
// Thread contract: StartWorker/StopWorker are serialised by the subclass; OnStreamStart and
// OnPicture are called on the worker's thread. A subclass calls StopWorker in its
// destructor (the thread calls its overrides).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "live/live_stream.h"

extern "C" {
struct AVFrame;
}

namespace anninh::live {

class DecodeWorker : private PacketTap {
 public:
  ~DecodeWorker() override;
  DecodeWorker(const DecodeWorker&) = delete;
  DecodeWorker& operator=(const DecodeWorker&) = delete;

  // How many decoders run in this process now (all streams, all kinds).
  static int RunningDecoders();
  std::uint64_t decoders_started() const { return decoders_started_.load(); }
  std::uint64_t resyncs() const { return resyncs_.load(); }

 protected:
  // `ring`: packets queued before the decoder counts as behind (a GOP of a 25 fps camera
  // with 4 s between keyframes fits, so the first picture is the newest one).
  DecodeWorker(LiveStream& stream, std::size_t ring);

  void StartWorker();
  void StopWorker();
  bool running() const { return thread_.joinable(); }

  // A new connection (or the first): the decoder was reopened for it.
  virtual void OnStreamStart(const media::StreamInfo& /*info*/) {}
  // One decoded picture; `pts` on the 90 kHz timeline, `wall` when the camera captured it.
  virtual void OnPicture(AVFrame& picture, std::int64_t pts, WallNs wall) = 0;

  LiveStream& stream_;

 private:
  struct Slot;
  void Run();
  void DropQueued();  // mu_ held

  // PacketTap (the stream's lock held; ours taken briefly).
  void OnTapStart(const std::shared_ptr<const media::StreamInfo>& info) override;
  void OnTapPacket(const media::Packet& packet) override;
  void OnTapStop(std::string_view reason) override;

  const std::size_t ring_;
  std::unique_ptr<LiveStream::Subscription> tap_;
  std::thread thread_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::shared_ptr<const media::StreamInfo> info_;
  std::uint64_t generation_ = 0;  // bumped per connection: the thread reopens its decoder
  // The packet ring: slots_ allocated once; head_ the oldest queued, count_ how many.
  std::vector<std::unique_ptr<Slot>> slots_;
  std::size_t head_ = 0, count_ = 0;
  bool want_keyframe_ = true;
  bool stop_ = false;

  std::atomic<std::uint64_t> decoders_started_{0};
  std::atomic<std::uint64_t> resyncs_{0};
};

}  // namespace anninh::live
