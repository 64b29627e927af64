#include "rtsp/depacketize_aac.h"

namespace anninh::rtsp {

namespace {

// Reads big-endian bit fields.
class BitReader {
 public:
  explicit BitReader(std::span<const std::uint8_t> data) : data_(data) {}
  bool Read(int bits, std::uint32_t& out) {
    out = 0;
    for (int i = 0; i < bits; ++i) {
      if (pos_ >= data_.size() * 8) return false;
      out = (out << 1) | ((data_[pos_ / 8] >> (7 - pos_ % 8)) & 1u);
      ++pos_;
    }
    return true;
  }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
};

}  // namespace

void AacDepacketizer::Push(const RtpPacket& packet, std::int64_t timestamp, bool gap) {
  if (gap || (fragment_size_ != 0 && timestamp != fragment_ts_)) {
    if (fragment_size_ != 0) ++dropped_;
    fragment_size_ = 0;
    fragment_.clear();
  }
  std::span<const std::uint8_t> p = packet.payload;
  if (p.size() < 2) return;
  const std::size_t header_bits = (static_cast<std::size_t>(p[0]) << 8) | p[1];
  const std::size_t header_bytes = (header_bits + 7) / 8;
  if (2 + header_bytes > p.size()) {
    ++dropped_;
    return;
  }
  std::span<const std::uint8_t> data = p.subspan(2 + header_bytes);

  if (fragment_size_ != 0) {  // a continuation: same single AU header, more data
    fragment_.insert(fragment_.end(), data.begin(), data.end());
    if (fragment_.size() >= fragment_size_) {
      if (fragment_.size() == fragment_size_) {
        callback_(AccessUnit{fragment_, fragment_ts_, true});
      } else {
        ++dropped_;
      }
      fragment_size_ = 0;
      fragment_.clear();
    }
    return;
  }

  BitReader bits(p.subspan(2, header_bytes));
  std::size_t offset = 0;
  int n = 0;
  for (std::size_t used = 0; used < header_bits; ++n) {
    std::uint32_t size = 0, index = 0;
    const int index_bits = n == 0 ? format_.index_length : format_.index_delta_length;
    if (!bits.Read(format_.size_length, size) || !bits.Read(index_bits, index)) break;
    used += static_cast<std::size_t>(format_.size_length + index_bits);
    const std::int64_t ts = timestamp + static_cast<std::int64_t>(n) * format_.frame_samples;
    if (offset + size > data.size()) {
      if (n == 0 && offset == 0) {  // the first fragment of a large AU
        fragment_.assign(data.begin(), data.end());
        fragment_size_ = size;
        fragment_ts_ = ts;
      } else {
        ++dropped_;
      }
      return;
    }
    callback_(AccessUnit{data.subspan(offset, size), ts, true});
    offset += size;
  }
}

}  // namespace anninh::rtsp
