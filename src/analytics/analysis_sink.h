// The packet sink ingest feeds for analysis, beside the recorder and live view. It must never
// slow those down: OnPacket only takes a reference to the packet (no copy of the payload)
// and puts it on a small bounded queue; one worker thread per camera decodes and analyses.
// When the analysis falls behind and the queue is full, the sink drops the rest of the GOP
// (a P-frame without its predecessors would decode to garbage) and resumes at the next
// keyframe; it counts what it dropped, for /metrics.
//
// With `skip_still` (decode = "adaptive"), while the analyser reports the scene settled the
// worker decodes keyframes only and keeps the rest of each GOP undecoded; StillGate tells
// it when the scene may have changed, and it then decodes the kept GOP from its keyframe,
// so the analyser still sees every picture from the moment motion began (docs/design/0008).
//
// Thread contract: the PacketSink calls come from the stream's ingest thread; counters()
// from any thread; the FrameConsumer is called on the worker thread only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "analytics/counters.h"
#include "analytics/frame_source.h"
#include "analytics/grey_frame.h"
#include "analytics/still_gate.h"
#include "media/packet.h"

namespace anninh::analytics {

struct AnalysisSinkOptions {
  FrameSourceOptions frames{};
  std::size_t queue_packets = 64;  // about 2.5 s of a 25 fps stream
  // decode = "adaptive": decode only keyframes while the consumer is Settled(), catch up on
  // the kept GOP when StillGate says the scene changed.
  bool skip_still = false;
  StillGateOptions still{};
};

class AnalysisSink final : public media::PacketSink {
 public:
  // `consumer` must outlive the sink.
  AnalysisSink(AnalysisSinkOptions options, FrameConsumer& consumer);
  ~AnalysisSink() override;  // stops the worker; queued packets are released, not analysed
  AnalysisSink(const AnalysisSink&) = delete;
  AnalysisSink& operator=(const AnalysisSink&) = delete;

  void OnStart(const media::StreamInfo& info, WallNs wall) override;
  void OnPacket(const media::Packet& packet) override;
  void OnStop(WallNs wall, std::string_view reason) override;

  AnalysisCounters counters() const;
  // Waits until the worker has taken everything queued so far (tests, orderly shutdown).
  void Drain();

 private:
  struct Item;
  class Worker;  // the worker thread's decoding state (analysis_sink.cpp)
  void Run();
  // Back to the pool (worker thread).
  void Recycle(std::unique_ptr<Item> item);

  AnalysisSinkOptions options_;
  FrameConsumer& consumer_;
  int video_track_ = -1;  // ingest thread only
  bool skipping_ = true;  // ingest thread only: waiting for a keyframe to (re)start

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Item>> queue_;
  std::vector<std::unique_ptr<Item>> free_;  // recycled items: no allocation per packet
  bool stopping_ = false;
  bool busy_ = false;

  // Still phase: a P-frame smaller than this is only queued, the worker is not woken for it
  // (it will only be kept); 0 = not in the still phase. Set by the worker, read by ingest.
  std::atomic<std::size_t> quiet_below_{0};
  // Otherwise: a P-frame before this pts (the next picture due for analysis) is queued
  // without waking the worker. It is decoded only as a reference, which can as well be done
  // just before the picture that needs it: one thread switch per analysed picture instead
  // of one per packet, and the analysed picture is not late. Set by the worker.
  std::atomic<std::int64_t> wake_at_{INT64_MIN};
  std::atomic<std::uint64_t> packets_{0}, dropped_packets_{0}, dropped_gops_{0}, decoded_{0}, frames_{0},
      decode_errors_{0}, still_skipped_{0}, wakes_{0}, worker_wakeups_{0};
  std::thread worker_;
};

}  // namespace anninh::analytics
