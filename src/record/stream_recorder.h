// Records one camera stream: a PacketSink that cuts packets into fMP4 segments on disk
// and hands each closed segment to the Persister for fsync and indexing. Also keeps the
// record of gaps: the time between the end of one connection's recording and the start of
// the next, with the reason the stream stopped.
//
// Thread contract: the PacketSink calls come from the stream's ingest thread; Status()
// may be called from any thread.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "media/fmp4_writer.h"
#include "media/packet.h"
#include "record/interleaver.h"
#include "record/persister.h"
#include "record/recorder_status.h"
#include "record/segmenter.h"

namespace anninh::record {

class StreamRecorder final : public media::PacketSink {
 public:
  // `last_end`: where the previous recording of this stream ended (from the index), so
  // the time the server was down is recorded as a gap.
  StreamRecorder(std::string camera_id, std::string stream, std::filesystem::path root,
                 Persister& persister, SegmenterConfig config, std::optional<WallNs> last_end);
  ~StreamRecorder() override;

  void OnStart(const media::StreamInfo& info, WallNs wall) override;
  void OnPacket(const media::Packet& packet) override;
  void OnStop(WallNs wall, std::string_view reason) override;

  RecorderStatus Status() const;

  // Called (on the ingest thread) whenever a write fails for lack of space, so retention
  // can free some before the next keyframe retries. Set before the stream starts.
  void SetDiskFullListener(std::function<void()> listener) { disk_full_ = std::move(listener); }

 private:
  // Cuts and writes one packet, in dts order (the interleaver's output).
  void Write(const media::Packet& packet);
  // Writes what the interleaver still holds: the connection ended.
  void WriteHeld();
  void OpenSegment(const media::Packet& first);
  void CloseSegment();
  void ReportError(const Error& error);
  // A write failed: keep what is complete (the persister salvages the file), and remember
  // where recording stopped so the outage becomes a gap.
  void AbandonSegment(const Error& error);
  void ClearError();

  const std::string camera_id_;
  const std::string stream_;
  const std::filesystem::path root_;
  Persister& persister_;
  Interleaver interleaver_;  // audio and video in step before the cut
  Segmenter segmenter_;

  media::StreamInfo info_;  // of the current connection
  std::unique_ptr<media::Fmp4Writer> writer_;
  store::SegmentRow current_;      // the open segment's row, filled in as it grows
  std::filesystem::path current_dir_;
  std::int64_t segment_first_dts_ = 0;  // segments are rebased so each file starts at 0
  std::int64_t last_video_dts_ = -1;
  std::int64_t frame_ticks_ = 3600;  // the current frame interval, 90 kHz

  // Gap bookkeeping: the end of the last recorded media and why recording stopped.
  std::optional<WallNs> gap_start_;
  std::string gap_reason_;

  std::function<void()> disk_full_;
  // Touched only on the ingest thread: whether the last attempt to write failed, and how,
  // so a failure is logged once per episode rather than once per packet or keyframe.
  bool failing_ = false;
  ErrorCode failing_code_ = ErrorCode::kInternal;

  mutable std::mutex status_mu_;
  RecorderStatus status_;
};

}  // namespace anninh::record
