#include "media/snapshot.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <algorithm>
#include <memory>

#include "media/av_error.h"
#include "media/picture.h"

namespace anninh::media {

namespace {

// Decodes one self-contained picture (a keyframe, a JPEG) with a one-thread decoder.
Result<FramePtr> DecodeOne(const AVCodecParameters& params, const AVPacket& packet) {
  auto decoder = VideoDecoder::Open(params, /*threads=*/1);
  if (!decoder) return Fail(std::move(decoder).error());
  if (auto s = decoder->Send(&packet); !s) return Fail(std::move(s).error());
  (void)decoder->Send(nullptr);  // drain: the picture comes out now, not after the next packet
  FramePtr frame = AllocFrame();
  if (!decoder->Receive(*frame)) return Fail(ErrorCode::kDataLoss, "the picture did not decode");
  return frame;
}

}  // namespace

Result<std::string> KeyframeToJpeg(const StreamInfo& info, const AVPacket& keyframe, const SnapshotOptions& o) {
  if (info.tracks().empty() || info.tracks()[0].kind != TrackKind::kVideo) {
    return Fail(ErrorCode::kInvalidArgument, "no video track");
  }
  auto frame = DecodeOne(*info.tracks()[0].params, keyframe);
  if (!frame) return Fail(std::move(frame).error().Wrap("keyframe"));
  return JpegEncoder(o.max_width, o.quality).Encode(**frame);
}

Result<std::string> ScaleJpeg(std::span<const std::uint8_t> jpeg, const SnapshotOptions& o) {
  if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) {
    return Fail(ErrorCode::kInvalidArgument, "not a JPEG picture (no SOI marker)");
  }
  if (jpeg.size() > (64u << 20)) return Fail(ErrorCode::kInvalidArgument, "JPEG picture larger than 64 MiB");
  std::unique_ptr<AVCodecParameters, void (*)(AVCodecParameters*)> params(
      avcodec_parameters_alloc(), [](AVCodecParameters* p) { avcodec_parameters_free(&p); });
  params->codec_type = AVMEDIA_TYPE_VIDEO;
  params->codec_id = AV_CODEC_ID_MJPEG;
  std::unique_ptr<AVPacket, void (*)(AVPacket*)> pkt(av_packet_alloc(), [](AVPacket* p) { av_packet_free(&p); });
  if (int r = av_new_packet(pkt.get(), static_cast<int>(jpeg.size())); r < 0) return Fail(AvError(r, "JPEG packet"));
  std::copy(jpeg.begin(), jpeg.end(), pkt->data);
  pkt->flags |= AV_PKT_FLAG_KEY;
  auto frame = DecodeOne(*params, *pkt);
  if (!frame) return Fail(std::move(frame).error());
  return JpegEncoder(o.max_width, o.quality).Encode(**frame);
}

}  // namespace anninh::media
