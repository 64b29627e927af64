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

namespace {

// One still picture of `codec` decoded and encoded again as JPEG.
Result<std::string> Rescale(std::span<const std::uint8_t> bytes, AVCodecID codec, const SnapshotOptions& o) {
  if (bytes.size() > (64u << 20)) return Fail(ErrorCode::kInvalidArgument, "picture larger than 64 MiB");
  std::unique_ptr<AVCodecParameters, void (*)(AVCodecParameters*)> params(
      avcodec_parameters_alloc(), [](AVCodecParameters* p) { avcodec_parameters_free(&p); });
  params->codec_type = AVMEDIA_TYPE_VIDEO;
  params->codec_id = codec;
  std::unique_ptr<AVPacket, void (*)(AVPacket*)> pkt(av_packet_alloc(), [](AVPacket* p) { av_packet_free(&p); });
  if (int r = av_new_packet(pkt.get(), static_cast<int>(bytes.size())); r < 0) return Fail(AvError(r, "picture packet"));
  std::copy(bytes.begin(), bytes.end(), pkt->data);
  pkt->flags |= AV_PKT_FLAG_KEY;
  auto frame = DecodeOne(*params, *pkt);
  if (!frame) return Fail(std::move(frame).error());
  return JpegEncoder(o.max_width, o.quality).Encode(**frame);
}

}  // namespace

Result<std::string> ScaleJpeg(std::span<const std::uint8_t> jpeg, const SnapshotOptions& o) {
  if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) {
    return Fail(ErrorCode::kInvalidArgument, "not a JPEG picture (no SOI marker)");
  }
  return Rescale(jpeg, AV_CODEC_ID_MJPEG, o);
}

std::optional<StillKind> SniffStill(std::span<const std::uint8_t> b) {
  // JPEG: SOI then the first marker (ISO/IEC 10918-1 B.1.1.2); PNG: the signature of RFC 2083 §3.1.
  if (b.size() >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return StillKind::kJpeg;
  static constexpr std::uint8_t kPng[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (b.size() >= sizeof(kPng) && std::equal(std::begin(kPng), std::end(kPng), b.begin())) return StillKind::kPng;
  return std::nullopt;
}

Result<std::string> StillToJpeg(std::span<const std::uint8_t> picture, const SnapshotOptions& o) {
  auto kind = SniffStill(picture);
  if (!kind) return Fail(ErrorCode::kInvalidArgument, "not a JPEG or PNG picture (by its content)");
  return Rescale(picture, *kind == StillKind::kJpeg ? AV_CODEC_ID_MJPEG : AV_CODEC_ID_PNG, o);
}

}  // namespace anninh::media
