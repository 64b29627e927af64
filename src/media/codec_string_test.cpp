#include "media/codec_string.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <vector>

#include <gtest/gtest.h>

namespace anninh::media {
namespace {

std::string For(AVCodecID id, std::vector<std::uint8_t> extradata, int profile = FF_PROFILE_UNKNOWN) {
  AVCodecParameters* p = avcodec_parameters_alloc();
  p->codec_id = id;
  p->profile = profile;
  p->extradata = static_cast<std::uint8_t*>(av_mallocz(extradata.size() + AV_INPUT_BUFFER_PADDING_SIZE));
  std::copy(extradata.begin(), extradata.end(), p->extradata);
  p->extradata_size = static_cast<int>(extradata.size());
  std::string s = CodecString(*p);
  avcodec_parameters_free(&p);
  return s;
}

TEST(CodecString, H264FromAvcCAndFromAnnexB) {
  EXPECT_EQ(For(AV_CODEC_ID_H264, {1, 0x64, 0x00, 0x28, 0xff, 0xe1}), "avc1.640028");
  EXPECT_EQ(For(AV_CODEC_ID_H264, {0, 0, 0, 1, 0x67, 0x4d, 0x40, 0x1f, 0x9a, 0, 0, 0, 1, 0x68, 0xee}), "avc1.4d401f");
  EXPECT_EQ(For(AV_CODEC_ID_H264, {}), "");
}

// An H.265 Main profile, level 3.1 SPS whose profile_tier_level needs emulation-prevention
// bytes removed before its fixed fields can be read (H.265 7.4.2).
TEST(CodecString, HevcFromAnnexBWithEmulationPrevention) {
  EXPECT_EQ(For(AV_CODEC_ID_HEVC, {0, 0, 0, 1, 0x42, 0x01, 0x01, 0x01, 0x60, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00,
                                   0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x5d, 0xa0}),
            "hvc1.1.6.L93.90");
}

TEST(CodecString, Audio) {
  EXPECT_EQ(For(AV_CODEC_ID_AAC, {}, FF_PROFILE_AAC_LOW), "mp4a.40.2");
  EXPECT_EQ(For(AV_CODEC_ID_AAC, {}, FF_PROFILE_AAC_HE), "mp4a.40.5");
  EXPECT_EQ(For(AV_CODEC_ID_PCM_ALAW, {}), "");
}

}  // namespace
}  // namespace anninh::media
