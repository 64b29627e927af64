#include "media/codec_string.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <cstdint>
#include <vector>

#include <fmt/format.h>

namespace anninh::media {

namespace {

// The first NAL unit of `type` in Annex-B data, without its emulation-prevention bytes
// (ITU-T H.264 7.4.1 / H.265 7.4.2), so fixed-position fields read right.
std::vector<std::uint8_t> FindNal(const std::uint8_t* data, int size, bool hevc, int type) {
  for (int i = 0; i + 3 < size; ++i) {
    if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1) continue;
    const int start = i + 3;
    const int nal_type = hevc ? (data[start] >> 1) & 0x3f : data[start] & 0x1f;
    if (nal_type != type) continue;
    std::vector<std::uint8_t> out;
    int zeros = 0;
    for (int j = start; j < size; ++j) {
      if (zeros >= 2 && data[j] == 1) break;  // the next start code
      if (zeros >= 2 && data[j] == 3) {
        zeros = 0;
        continue;
      }
      zeros = data[j] == 0 ? zeros + 1 : 0;
      out.push_back(data[j]);
    }
    return out;
  }
  return {};
}

bool IsAnnexB(const std::uint8_t* d, int n) {
  return n >= 4 && d[0] == 0 && d[1] == 0 && (d[2] == 1 || (d[2] == 0 && d[3] == 1));
}

std::string H264(const AVCodecParameters& p) {
  const std::uint8_t* d = p.extradata;
  const int n = p.extradata_size;
  std::uint8_t profile = 0, compat = 0, level = 0;
  if (n >= 4 && d[0] == 1) {  // avcC (ISO/IEC 14496-15 5.3.3.1)
    profile = d[1];
    compat = d[2];
    level = d[3];
  } else if (IsAnnexB(d, n)) {
    auto sps = FindNal(d, n, false, 7);
    if (sps.size() < 4) return {};
    profile = sps[1];
    compat = sps[2];
    level = sps[3];
  } else {
    return {};
  }
  return fmt::format("avc1.{:02x}{:02x}{:02x}", profile, compat, level);
}

// ISO/IEC 14496-15 annex E.3: hvc1.<profile space+idc>.<compat flags, reversed>.<tier+level>.<constraints>
std::string Hevc(const AVCodecParameters& p) {
  const std::uint8_t* d = p.extradata;
  const int n = p.extradata_size;
  std::vector<std::uint8_t> ptl;  // general_profile_tier_level: 12 bytes
  if (n >= 13 && d[0] == 1) {     // hvcC
    ptl.assign(d + 1, d + 13);
  } else if (IsAnnexB(d, n)) {
    auto sps = FindNal(d, n, true, 33);
    // 2-byte NAL header, then 4 bits vps id, 3 bits max sub layers, 1 bit nesting.
    if (sps.size() < 15) return {};
    ptl.assign(sps.begin() + 3, sps.begin() + 15);
  } else {
    return {};
  }
  const int space = ptl[0] >> 6;
  const bool tier = (ptl[0] >> 5) & 1;
  const int idc = ptl[0] & 0x1f;
  std::uint32_t compat = (std::uint32_t{ptl[1]} << 24) | (std::uint32_t{ptl[2]} << 16) |
                         (std::uint32_t{ptl[3]} << 8) | ptl[4];
  std::uint32_t reversed = 0;
  for (int i = 0; i < 32; ++i) reversed |= ((compat >> i) & 1) << (31 - i);
  std::string out = "hvc1.";
  if (space > 0) out += static_cast<char>('A' + space - 1);
  out += fmt::format("{}.{:x}.{}{}", idc, reversed, tier ? 'H' : 'L', ptl[11]);
  // Constraint bytes, trailing zero bytes left out.
  int last = 10;
  while (last >= 5 && ptl[last] == 0) --last;
  for (int i = 5; i <= last; ++i) out += fmt::format(".{:x}", ptl[i]);
  return out;
}

}  // namespace

std::string CodecString(const AVCodecParameters& p) {
  switch (p.codec_id) {
    case AV_CODEC_ID_H264: return H264(p);
    case AV_CODEC_ID_HEVC: return Hevc(p);
    case AV_CODEC_ID_AAC: return fmt::format("mp4a.40.{}", p.profile >= 0 ? p.profile + 1 : 2);
    case AV_CODEC_ID_MP3: return "mp4a.40.34";
    default: return {};
  }
}

}  // namespace anninh::media
