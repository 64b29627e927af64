#include "analytics/test_clip.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "media/av_error.h"
#include "support/process.h"

namespace anninh::analytics::testing {

namespace {

// Demuxes `file`'s video track: `start(info)` once, then `packet(av, pts)` for each packet
// with pts on the 90 kHz timeline (AVI carries none: frames are counted instead).
Status ForEachPacket(const std::filesystem::path& file, const std::function<void(const media::StreamInfo&)>& start,
                     const std::function<void(const AVPacket&, std::int64_t)>& packet) {
  AVFormatContext* fmt = nullptr;
  if (int r = avformat_open_input(&fmt, file.c_str(), nullptr, nullptr); r < 0) return Fail(media::AvError(r, "open " + file.string()));
  std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)> closer(fmt, [](AVFormatContext* f) { avformat_close_input(&f); });
  if (int r = avformat_find_stream_info(fmt, nullptr); r < 0) return Fail(media::AvError(r, "probe"));
  const int video = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video < 0) return Fail(ErrorCode::kInvalidArgument, "no video stream");
  media::StreamInfo info;
  info.AddTrack(media::TrackKind::kVideo, fmt->streams[video]->codecpar);
  start(info);
  const AVRational tb = fmt->streams[video]->time_base;
  AVPacket* pkt = av_packet_alloc();
  std::int64_t next_pts = 0;
  while (av_read_frame(fmt, pkt) >= 0) {
    if (pkt->stream_index == video) {
      std::int64_t pts = pkt->pts != AV_NOPTS_VALUE ? av_rescale_q(pkt->pts, tb, {1, media::kTimescale}) : next_pts;
      const std::int64_t step = pkt->duration > 0 ? av_rescale_q(pkt->duration, tb, {1, media::kTimescale}) : 0;
      next_pts = pts + step;
      packet(*pkt, pts);
    }
    av_packet_unref(pkt);
  }
  av_packet_free(&pkt);
  return {};
}

}  // namespace

Result<int> AnalyseClip(const std::filesystem::path& file, FrameSourceOptions options, FrameConsumer& consumer,
                        WallNs start_wall) {
  FrameSource source(options);
  Status started;
  GreyFrame frame;
  int frames = 0;
  auto read = ForEachPacket(
      file,
      [&](const media::StreamInfo& info) {
        started = source.Start(info);
        consumer.OnBreak();
      },
      [&](const AVPacket& pkt, std::int64_t pts) {
        if (!started) return;
        auto got = source.Push(pkt, pts, start_wall + media::Ts90ToNs(pts), frame);
        if (got && *got) {
          ++frames;
          consumer.OnFrame(frame);
        }
      });
  if (!read) return Fail(read.error());
  if (!started) return Fail(started.error());
  return frames;
}

Result<int> FeedClip(const std::filesystem::path& file, media::PacketSink& sink, WallNs start_wall,
                     std::chrono::microseconds pause) {
  int packets = 0;
  auto read = ForEachPacket(
      file, [&](const media::StreamInfo& info) { sink.OnStart(info, start_wall); },
      [&](const AVPacket& pkt, std::int64_t pts) {
        media::Packet p;
        p.av = &pkt;
        p.track = 0;
        p.pts = p.dts = pts;
        p.wall = start_wall + media::Ts90ToNs(pts);
        p.keyframe = (pkt.flags & AV_PKT_FLAG_KEY) != 0;
        sink.OnPacket(p);
        ++packets;
        if (pause.count() > 0) std::this_thread::sleep_for(pause);
      });
  if (!read) return Fail(read.error());
  sink.OnStop(start_wall, "end of clip");
  return packets;
}

std::filesystem::path FindVtest(const std::filesystem::path& scratch) {
  const std::filesystem::path plain = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
  if (std::filesystem::exists(plain)) return plain;
  if (std::filesystem::exists(plain.string() + ".gz")) {
    const auto out = scratch / "vtest.avi";
    anninh::testing::RunCommand("gzip -dc '" + plain.string() + ".gz' > '" + out.string() + "'");
    return out;
  }
  return {};
}

void MakeClip(const std::string& args, const std::filesystem::path& out) {
  const std::string cmd = "ffmpeg -y -v error -nostdin " + args +
                          " -c:v libx264 -preset ultrafast -g 25 -keyint_min 25 -sc_threshold 0 -bf 0 -pix_fmt yuv420p '" +
                          out.string() + "' 2>&1";
  const auto result = anninh::testing::RunCommand(cmd);
  ASSERT_EQ(result.exit_code, 0) << cmd << "\n" << result.output;
}

}  // namespace anninh::analytics::testing
