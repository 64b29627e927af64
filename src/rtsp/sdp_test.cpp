#include "rtsp/sdp.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <gtest/gtest.h>

#include "rtsp/codec_params.h"

namespace anninh::rtsp {
namespace {

// Shaped like a Hikvision camera's answer: session-level control "*", relative track
// controls, H.264 with sprop-parameter-sets, AAC audio, and an ONVIF metadata track.
constexpr std::string_view kCameraSdp =
    "v=0\r\n"
    "o=- 1700000000000000 1700000000000000 IN IP4 192.168.1.64\r\n"
    "s=Media Presentation\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "t=0 0\r\n"
    "a=control:*\r\n"
    "a=range:npt=now-\r\n"
    "m=video 0 RTP/AVP 96\r\n"
    "a=rtpmap:96 H264/90000\r\n"
    "a=fmtp:96 profile-level-id=420029; packetization-mode=1; "
    "sprop-parameter-sets=Z0IAH5Y1QKALdNwEBAQI,aM4xsg==\r\n"
    "a=control:trackID=1\r\n"
    "m=audio 0 RTP/AVP 97\r\n"
    "a=rtpmap:97 MPEG4-GENERIC/16000/1\r\n"
    "a=fmtp:97 streamtype=5; profile-level-id=15; mode=AAC-hbr; config=1408; "
    "SizeLength=13; IndexLength=3; IndexDeltaLength=3\r\n"
    "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2\r\n"
    "m=application 0 RTP/AVP 107\r\n"
    "a=rtpmap:107 isapi.metadata/90000\r\n"
    "a=control:trackID=3\r\n";

TEST(SdpTest, CameraSdpWithRelativeAndAbsoluteControls) {
  auto sdp = ParseSdp(kCameraSdp, "rtsp://192.168.1.64:554/Streaming/Channels/101/");
  ASSERT_TRUE(sdp) << sdp.error().message();
  ASSERT_EQ(sdp->media.size(), 3u);
  EXPECT_EQ(sdp->aggregate_control, "rtsp://192.168.1.64:554/Streaming/Channels/101/");
  const SdpMedia& v = sdp->media[0];
  EXPECT_EQ(v.media, "video");
  EXPECT_EQ(v.payload_type, 96);
  EXPECT_EQ(v.encoding, "H264");
  EXPECT_EQ(v.clock_rate, 90000);
  EXPECT_EQ(v.control, "rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1");
  EXPECT_EQ(v.Fmtp("packetization-mode"), "1");
  const SdpMedia& a = sdp->media[1];
  EXPECT_EQ(a.encoding, "MPEG4-GENERIC");
  EXPECT_EQ(a.clock_rate, 16000);
  EXPECT_EQ(a.channels, 1);
  EXPECT_EQ(a.Fmtp("sizelength"), "13");  // keys are matched in lower case
  EXPECT_EQ(a.control, "rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2");
  EXPECT_EQ(sdp->media[2].control, "rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=3");
}

TEST(SdpTest, GStreamerStyleSdpResolvesAgainstContentBase) {
  constexpr std::string_view kSdp =
      "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=Session streamed with GStreamer\nt=0 0\n"
      "a=control:rtsp://127.0.0.1:8554/hevc/main/\n"
      "m=video 0 RTP/AVP 96\na=rtpmap:96 H265/90000\n"
      "a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwA/ugJA; sprop-sps=QgEBAWAAAAMAkAAAAwAAAwA/oAUCAWllpuSTK8BEAAAPoAABdwhA; sprop-pps=RAHBcrRiQA==\n"
      "a=control:stream=0\n";
  auto sdp = ParseSdp(kSdp, "rtsp://127.0.0.1:8554/hevc/main/");
  ASSERT_TRUE(sdp);
  EXPECT_EQ(sdp->aggregate_control, "rtsp://127.0.0.1:8554/hevc/main/");
  EXPECT_EQ(sdp->media[0].control, "rtsp://127.0.0.1:8554/hevc/main/stream=0");
  auto format = MakeTrackFormat(sdp->media[0]);
  ASSERT_TRUE(format);
  EXPECT_EQ(format->codec, TrackCodec::kH265);
  const AVCodecParameters* par = format->params.get();
  EXPECT_EQ(par->codec_id, AV_CODEC_ID_HEVC);
  // VPS, SPS, PPS in that order, each behind a 4-byte start code.
  std::vector<int> types;
  for (int i = 0; i + 4 < par->extradata_size; ++i) {
    if (par->extradata[i] == 0 && par->extradata[i + 1] == 0 && par->extradata[i + 2] == 0 &&
        par->extradata[i + 3] == 1) {
      types.push_back((par->extradata[i + 4] >> 1) & 0x3f);
    }
  }
  EXPECT_EQ(types, (std::vector<int>{32, 33, 34}));
}

TEST(SdpTest, CodecParametersFromSprop) {
  auto sdp = ParseSdp(kCameraSdp, "rtsp://h/");
  ASSERT_TRUE(sdp);
  auto video = MakeTrackFormat(sdp->media[0]);
  ASSERT_TRUE(video);
  const AVCodecParameters* v = video->params.get();
  EXPECT_EQ(v->codec_id, AV_CODEC_ID_H264);
  ASSERT_GT(v->extradata_size, 10);
  EXPECT_EQ(std::vector<std::uint8_t>(v->extradata, v->extradata + 5),
            (std::vector<std::uint8_t>{0, 0, 0, 1, 0x67}));
  auto audio = MakeTrackFormat(sdp->media[1]);
  ASSERT_TRUE(audio);
  const AVCodecParameters* a = audio->params.get();
  EXPECT_EQ(a->codec_id, AV_CODEC_ID_AAC);
  EXPECT_EQ(a->sample_rate, 16000);
  EXPECT_EQ(a->ch_layout.nb_channels, 1);
  ASSERT_EQ(a->extradata_size, 2);
  EXPECT_EQ(a->extradata[0], 0x14);
  EXPECT_EQ(a->extradata[1], 0x08);
  EXPECT_EQ(audio->aac.size_length, 13);
  // Each AAC frame's length, for muxers timing a fragment's last one: 1024 samples unless
  // the SDP says `constantduration`.
  EXPECT_EQ(a->frame_size, 1024);
  EXPECT_EQ(audio->aac.frame_samples, 1024);
  auto meta = MakeTrackFormat(sdp->media[2]);
  ASSERT_FALSE(meta);
  EXPECT_EQ(meta.error().code(), ErrorCode::kUnimplemented);
}

// A frame length of 0 would give every AU of a packet the same time; one past 8192 samples
// is no AAC. Both are refused, not recorded.
TEST(SdpTest, AacWithANonsenseFrameDurationIsRefused) {
  const std::string base(kCameraSdp);
  for (const char* duration : {"0", "-1024", "100000"}) {
    std::string text = base;
    const std::string at = "IndexDeltaLength=3";
    text.replace(text.find(at), at.size(), at + "; constantDuration=" + duration);
    auto sdp = ParseSdp(text, "rtsp://h/");
    ASSERT_TRUE(sdp) << duration;
    auto audio = MakeTrackFormat(sdp->media[1]);
    ASSERT_FALSE(audio) << duration;
    EXPECT_EQ(audio.error().code(), ErrorCode::kInvalidArgument);
  }
  std::string text = base;
  text.replace(text.find("IndexDeltaLength=3"), 18, "IndexDeltaLength=3; constantDuration=960");
  auto audio = MakeTrackFormat(ParseSdp(text, "rtsp://h/")->media[1]);
  ASSERT_TRUE(audio);
  EXPECT_EQ(audio->params->frame_size, 960);
}

TEST(SdpTest, RejectsWhatIsNotSdp) {
  EXPECT_FALSE(ParseSdp("<html>404</html>", "rtsp://h/"));
  EXPECT_FALSE(ParseSdp("v=0\r\ns=x\r\n", "rtsp://h/"));
}

}  // namespace
}  // namespace anninh::rtsp
