#include "media/recorded_picture.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <memory>

#include "media/av_error.h"
#include "media/packet.h"
#include "media/picture.h"

namespace anninh::media {

namespace {

struct InputCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct PacketFree {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};

}  // namespace

Result<RecordedPicture> RecordedPictureAt(const std::filesystem::path& segment, WallNs segment_start, WallNs at,
                                          const SnapshotOptions& options) {
  AVFormatContext* raw = nullptr;
  int ret = avformat_open_input(&raw, segment.c_str(), nullptr, nullptr);
  if (ret < 0) return Fail(AvError(ret, "open " + segment.string()).Wrap("recorded picture"));
  std::unique_ptr<AVFormatContext, InputCloser> in(raw);
  if ((ret = avformat_find_stream_info(in.get(), nullptr)) < 0) {
    return Fail(ErrorCode::kDataLoss, "cannot read the stream info of " + segment.string());
  }
  const int video = av_find_best_stream(in.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video < 0) return Fail(ErrorCode::kDataLoss, segment.string() + ": no video track");
  const AVStream& stream = *in->streams[video];

  // Only the chosen keyframe is kept: two packets alive at most, however long the segment.
  std::unique_ptr<AVPacket, PacketFree> best(av_packet_alloc());
  std::unique_ptr<AVPacket, PacketFree> pkt(av_packet_alloc());
  bool have = false;
  WallNs best_wall = 0;
  constexpr AVRational kTb90k{1, kTimescale};
  while (av_read_frame(in.get(), pkt.get()) >= 0) {
    if (pkt->stream_index != video || !(pkt->flags & AV_PKT_FLAG_KEY)) {
      av_packet_unref(pkt.get());
      continue;
    }
    const WallNs wall = segment_start + Ts90ToNs(av_rescale_q(pkt->dts, stream.time_base, kTb90k));
    if (have && wall > at) {  // the keyframe at or before `at` is already held
      av_packet_unref(pkt.get());
      break;
    }
    av_packet_unref(best.get());
    av_packet_move_ref(best.get(), pkt.get());
    best_wall = wall;
    have = true;
    if (wall > at) break;  // `at` is before the first keyframe: show the first
  }
  if (!have) return Fail(ErrorCode::kDataLoss, segment.string() + ": no video keyframe");

  auto decoder = VideoDecoder::Open(*stream.codecpar, /*threads=*/1);
  if (!decoder) return Fail(std::move(decoder).error());
  if (auto s = decoder->Send(best.get()); !s) return Fail(std::move(s).error());
  (void)decoder->Send(nullptr);  // drain: the one picture comes out now
  FramePtr frame = AllocFrame();
  if (!decoder->Receive(*frame)) return Fail(ErrorCode::kDataLoss, "the keyframe did not decode");
  auto jpeg = JpegEncoder(options.max_width, options.quality).Encode(*frame);
  if (!jpeg) return Fail(std::move(jpeg).error());
  return RecordedPicture{std::move(*jpeg), best_wall};
}

}  // namespace anninh::media
