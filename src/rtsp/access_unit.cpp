#include "rtsp/access_unit.h"

namespace anninh::rtsp {

namespace {
constexpr std::uint8_t kStartCode[4] = {0, 0, 0, 1};
}

void AuAssembler::BeginPacket(std::int64_t timestamp, bool gap) {
  // A gap breaks the unit being assembled (it lost its middle or its tail) and the one
  // this packet belongs to (it may have lost its head): we cannot tell which, so both.
  if (gap) broken_ = true;
  if (has_timestamp_ && timestamp != timestamp_ && (!buffer_.empty() || broken_)) {
    Finish();
    if (gap) broken_ = true;
  }
  timestamp_ = timestamp;
  has_timestamp_ = true;
}

void AuAssembler::EndPacket(bool marker) {
  if (marker) Finish();
}

void AuAssembler::NoteNal(std::uint8_t b0, std::uint8_t b1) {
  (void)b1;
  if (codec_ == VideoCodec::kH264) {
    if ((b0 & 0x1f) == 5) keyframe_ = true;  // IDR slice
  } else {
    const int type = (b0 >> 1) & 0x3f;
    if (type >= 16 && type <= 23) keyframe_ = true;  // IRAP (BLA, IDR, CRA)
  }
}

void AuAssembler::AppendNal(std::span<const std::uint8_t> nal) {
  if (nal.empty()) return;
  NoteNal(nal[0], nal.size() > 1 ? nal[1] : 0);
  buffer_.insert(buffer_.end(), kStartCode, kStartCode + 4);
  buffer_.insert(buffer_.end(), nal.begin(), nal.end());
}

void AuAssembler::AppendAggregate(std::span<const std::uint8_t> p) {
  std::size_t i = 0;
  while (i + 2 <= p.size()) {
    const std::size_t size = (static_cast<std::size_t>(p[i]) << 8) | p[i + 1];
    i += 2;
    if (size == 0 || i + size > p.size()) {
      broken_ = true;
      return;
    }
    AppendNal(p.subspan(i, size));
    i += size;
  }
}

void AuAssembler::AppendFragment(bool start, bool end, std::span<const std::uint8_t> header,
                                 std::span<const std::uint8_t> piece) {
  if (start) {
    AppendNal(header);
    in_fragment_ = true;
  }
  if (!in_fragment_) {  // its start was lost or never sent
    broken_ = true;
    return;
  }
  buffer_.insert(buffer_.end(), piece.begin(), piece.end());
  if (end) in_fragment_ = false;
}

void AuAssembler::Finish() {
  const bool emit = !buffer_.empty() && !broken_ && (keyframe_ || !waiting_for_key_);
  if (emit) {
    waiting_for_key_ = false;
    callback_(AccessUnit{buffer_, timestamp_, keyframe_});
  } else if (!buffer_.empty() || broken_) {
    ++dropped_;
    if (broken_) waiting_for_key_ = true;
  }
  buffer_.clear();
  broken_ = false;
  keyframe_ = false;
  in_fragment_ = false;
}

}  // namespace anninh::rtsp
