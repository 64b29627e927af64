#include "media/packet.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <utility>

namespace anninh::media {

StreamInfo::~StreamInfo() { Clear(); }

StreamInfo::StreamInfo(StreamInfo&& other) noexcept : tracks_(std::move(other.tracks_)) {
  other.tracks_.clear();
}

StreamInfo& StreamInfo::operator=(StreamInfo&& other) noexcept {
  if (this != &other) {
    Clear();
    tracks_ = std::move(other.tracks_);
    other.tracks_.clear();
  }
  return *this;
}

void StreamInfo::Clear() {
  for (auto& t : tracks_) avcodec_parameters_free(&t.params);
  tracks_.clear();
}

StreamInfo StreamInfo::Clone() const {
  StreamInfo out;
  for (const auto& t : tracks_) out.AddTrack(t.kind, t.params);
  return out;
}

int StreamInfo::AddTrack(TrackKind kind, const AVCodecParameters* params) {
  Track t;
  t.kind = kind;
  t.params = avcodec_parameters_alloc();
  avcodec_parameters_copy(t.params, params);
  tracks_.push_back(t);
  return static_cast<int>(tracks_.size()) - 1;
}

std::string StreamInfo::CodecSummary() const {
  std::string out;
  for (const auto& t : tracks_) {
    if (!out.empty()) out += '+';
    out += avcodec_get_name(t.params->codec_id);
  }
  return out;
}

}  // namespace anninh::media
