#include "record/stream_recorder.h"

#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "record/layout.h"

namespace anninh::record {

StreamRecorder::StreamRecorder(std::string camera_id, std::string stream,
                               std::filesystem::path root, Persister& persister,
                               SegmenterConfig config, std::optional<WallNs> last_end)
    : camera_id_(std::move(camera_id)),
      stream_(std::move(stream)),
      root_(std::move(root)),
      persister_(persister),
      segmenter_(config),
      gap_start_(last_end),
      gap_reason_("recorder not running") {}

StreamRecorder::~StreamRecorder() {
  WriteHeld();
  CloseSegment();
}

void StreamRecorder::OnStart(const media::StreamInfo& info, WallNs /*wall*/) {
  WriteHeld();  // a connection that ended without OnStop
  info_ = info.Clone();
  interleaver_.Start(info_);
  segmenter_.Reset();
  last_video_dts_ = -1;
}

void StreamRecorder::OnPacket(const media::Packet& packet) {
  interleaver_.Push(packet);
  while (const media::Packet* p = interleaver_.Next()) Write(*p);
}

void StreamRecorder::WriteHeld() {
  interleaver_.Flush();
  while (const media::Packet* p = interleaver_.Next()) Write(*p);
}

void StreamRecorder::Write(const media::Packet& packet) {
  const bool is_video = info_.tracks()[static_cast<std::size_t>(packet.track)].kind ==
                        media::TrackKind::kVideo;
  CutDecision d = segmenter_.OnPacket(is_video, packet.keyframe, packet.dts);
  if (d.drop) return;
  if (d.start_segment) {
    CloseSegment();
    OpenSegment(packet);
    // Opening failed (disk full, ...): without a reset the segmenter would only try again
    // after a whole segment length; with it, the next keyframe retries.
    if (!writer_) segmenter_.Reset();
  } else if (d.flush_fragment && writer_) {
    if (auto s = writer_->Flush(); !s) {
      AbandonSegment(s.error());
      segmenter_.Reset();  // the next keyframe tries a new segment
      return;
    }
    if (failing_) ClearError();  // a fragment reached the file: writing works again
  }
  if (!writer_) return;  // opening failed; retried at the next keyframe

  if (is_video) {
    // The frame's duration: from the source when it gives one, else the last interval.
    if (packet.duration > 0) {
      frame_ticks_ = packet.duration;
    } else if (last_video_dts_ >= 0 && packet.dts > last_video_dts_ &&
               packet.dts - last_video_dts_ < media::kTimescale) {
      frame_ticks_ = packet.dts - last_video_dts_;
    }
    last_video_dts_ = packet.dts;
  }
  media::Packet rebased = packet;
  rebased.dts -= segment_first_dts_;
  rebased.pts -= segment_first_dts_;
  if (rebased.dts < 0) return;  // audio from before the segment's first keyframe
  if (is_video && rebased.duration == 0) rebased.duration = frame_ticks_;
  if (auto s = writer_->Write(rebased); !s) {
    AbandonSegment(s.error());
    segmenter_.Reset();  // the next keyframe tries a new segment
    return;
  }
  if (is_video) current_.end = packet.wall + media::Ts90ToNs(frame_ticks_);
  if (packet.discontinuity) ++current_.discontinuities;
}

void StreamRecorder::OnStop(WallNs /*wall*/, std::string_view reason) {
  WriteHeld();
  CloseSegment();
  segmenter_.Reset();
  gap_reason_ = std::string(reason);
}

void StreamRecorder::OpenSegment(const media::Packet& first) {
  const std::string rel = SegmentRelPath(camera_id_, stream_, first.wall);
  auto path = fs::ConfinedPath(root_, rel);
  if (!path) {
    ReportError(path.error());
    return;
  }
  current_dir_ = path->parent_path();
  if (auto s = fs::MakeDirsDurable(current_dir_); !s) {
    ReportError(s.error());
    return;
  }
  auto writer = media::Fmp4Writer::Create(*path, info_);
  if (!writer) {
    ReportError(writer.error());
    // The header did not fit: the file exists but holds nothing playable. The salvage
    // removes it; otherwise every keyframe of a full disk would leave one behind.
    std::error_code ec;
    if (writer.error().code() != ErrorCode::kAlreadyExists && std::filesystem::exists(*path, ec)) {
      persister_.EnqueueSalvage(rel);
    }
    return;
  }
  writer_ = std::move(*writer);
  segment_first_dts_ = first.dts;
  current_ = store::SegmentRow{};
  current_.camera_id = camera_id_;
  current_.stream = stream_;
  current_.path = rel;
  current_.start = first.wall;
  current_.end = first.wall;
  current_.codec = info_.CodecSummary();

  if (gap_start_ && first.wall > *gap_start_) {
    persister_.EnqueueGap(store::GapRow{0, camera_id_, stream_, *gap_start_, first.wall, gap_reason_});
  }
  gap_start_.reset();
}

void StreamRecorder::CloseSegment() {
  if (!writer_) return;
  auto done = writer_->Finish();
  if (!done) {
    AbandonSegment(done.error());
    return;
  }
  writer_.reset();
  if (failing_) ClearError();
  current_.bytes = done->bytes;
  current_.sha256 = done->sha256;
  current_.frames = done->frames;
  gap_start_ = current_.end;
  {
    std::lock_guard lock(status_mu_);
    ++status_.segments_closed;
    status_.bytes_written += done->bytes;
  }
  persister_.Enqueue(ClosedSegment{current_, done->fd, current_dir_});
}

void StreamRecorder::AbandonSegment(const Error& error) {
  ReportError(error);
  if (writer_) {
    // Closing the writer closes its fd; the writer already cut off any partial write, and
    // the salvage cuts back to the last complete fragment, hashes and indexes the rest.
    writer_.reset();
    persister_.EnqueueSalvage(current_.path);
    gap_start_ = current_.end;
    gap_reason_ = error.code() == ErrorCode::kResourceExhausted ? "disk full" : "write failed";
  }
}

void StreamRecorder::ReportError(const Error& error) {
  // Logged once per episode (until writing works again) and kind, not once per packet:
  // the messages name a new file at every retry.
  if (!failing_ || failing_code_ != error.code()) {
    spdlog::error("camera {} {}: recording failed: {}{}", camera_id_, stream_, error.ToString(),
                  error.code() == ErrorCode::kResourceExhausted
                      ? "; asking retention to free space, retrying at each keyframe"
                      : "; retrying at each keyframe");
  }
  failing_ = true;
  failing_code_ = error.code();
  {
    std::lock_guard lock(status_mu_);
    status_.last_error = error.ToString();
  }
  if (error.code() == ErrorCode::kResourceExhausted && disk_full_) disk_full_();
}

void StreamRecorder::ClearError() {
  failing_ = false;
  spdlog::info("camera {} {}: recording works again", camera_id_, stream_);
  std::lock_guard lock(status_mu_);
  status_.last_error.clear();
}

RecorderStatus StreamRecorder::Status() const {
  std::lock_guard lock(status_mu_);
  return status_;
}

}  // namespace anninh::record
