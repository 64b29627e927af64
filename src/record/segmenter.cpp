#include "record/segmenter.h"

namespace anninh::record {

CutDecision Segmenter::OnPacket(bool is_video, bool keyframe, std::int64_t dts) {
  CutDecision d;
  const bool video_key = is_video && keyframe;
  if (!open_) {
    if (!video_key) {
      d.drop = true;
      return d;
    }
    d.start_segment = true;
  } else if (video_key && dts - segment_start_ >= config_.segment_length) {
    d.start_segment = true;
  } else if (dts - fragment_start_ >= config_.fragment_length) {
    d.flush_fragment = true;
    fragment_start_ = dts;
  }
  if (d.start_segment) {
    open_ = true;
    segment_start_ = dts;
    fragment_start_ = dts;
  }
  return d;
}

}  // namespace anninh::record
