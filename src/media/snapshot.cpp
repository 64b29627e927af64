#include "media/snapshot.h"

#include "media/picture.h"

namespace anninh::media {

Result<std::string> KeyframeToJpeg(const StreamInfo& info, const AVPacket& keyframe, const SnapshotOptions& o) {
  if (info.tracks().empty() || info.tracks()[0].kind != TrackKind::kVideo) {
    return Fail(ErrorCode::kInvalidArgument, "no video track");
  }
  auto decoder = VideoDecoder::Open(*info.tracks()[0].params, /*threads=*/1);
  if (!decoder) return Fail(std::move(decoder).error());
  if (auto s = decoder->Send(&keyframe); !s) return Fail(std::move(s).error());
  (void)decoder->Send(nullptr);  // drain: the picture comes out now, not after the next packet
  FramePtr frame = AllocFrame();
  if (!decoder->Receive(*frame)) return Fail(ErrorCode::kDataLoss, "the keyframe did not decode");
  return JpegEncoder(o.max_width, o.quality).Encode(*frame);
}

}  // namespace anninh::media
