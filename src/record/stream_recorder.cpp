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

StreamRecorder::~StreamRecorder() { CloseSegment(); }

void StreamRecorder::OnStart(const media::StreamInfo& info, WallNs /*wall*/) {
  info_ = info.Clone();
  segmenter_.Reset();
  last_video_dts_ = -1;
}

void StreamRecorder::OnPacket(const media::Packet& packet) {
  const bool is_video = info_.tracks()[static_cast<std::size_t>(packet.track)].kind ==
                        media::TrackKind::kVideo;
  CutDecision d = segmenter_.OnPacket(is_video, packet.keyframe, packet.dts);
  if (d.drop) return;
  if (d.start_segment) {
    CloseSegment();
    OpenSegment(packet);
  } else if (d.flush_fragment && writer_) {
    if (auto s = writer_->Flush(); !s) {
      ReportError(s.error());
      CloseSegment();
      segmenter_.Reset();
      return;
    }
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
    ReportError(s.error());
    CloseSegment();
    segmenter_.Reset();
    return;
  }
  if (is_video) current_.end = packet.wall + media::Ts90ToNs(frame_ticks_);
  if (packet.discontinuity) ++current_.discontinuities;
}

void StreamRecorder::OnStop(WallNs /*wall*/, std::string_view reason) {
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
  {
    std::lock_guard lock(status_mu_);
    status_.last_error.clear();
  }
}

void StreamRecorder::CloseSegment() {
  if (!writer_) return;
  auto done = writer_->Finish();
  writer_.reset();
  if (!done) {
    ReportError(done.error());
    return;
  }
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

void StreamRecorder::ReportError(const Error& error) {
  std::lock_guard lock(status_mu_);
  // Logged once per distinct error, not once per packet.
  if (status_.last_error != error.ToString()) {
    spdlog::error("camera {} {}: recording failed: {}", camera_id_, stream_, error.ToString());
    status_.last_error = error.ToString();
  }
}

RecorderStatus StreamRecorder::Status() const {
  std::lock_guard lock(status_mu_);
  return status_;
}

}  // namespace anninh::record
