// What one camera's analysis costs, stage by stage, on a real clip: demux the file, then
// FrameSource (decode + scale to grey) and Analyzer (motion, detector, tracker, rules) as
// `anninh serve` runs them on a camera's worker thread, as fast as one thread can. CPU time
// per second of video is the share of one core a live camera at the clip's frame rate
// costs (demuxing stands in for RTSP ingest, which recording pays anyway, and is shown apart).
// Not a test: bench/analyze runs it beside `ffmpeg -threads 1 … -f null` (bench/README.md).
//
// analysis_stages FILE [--fps 5] [--width 320] [--motion-width 160] [--detector hog|none]
//                      [--recheck 5] [--deblock] [--keyframes] [--loops 1]
#include <time.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "analytics/analyzer.h"
#include "analytics/frame_source.h"

namespace {

using namespace anninh;

// The whole process: OpenCV may run parts of a stage on its own worker threads.
double CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

class Quiet final : public events::ObservationSink {
 public:
  void Report(events::Observation) override { ++count; }
  int count = 0;
};

int Usage() {
  std::fprintf(stderr,
               "usage: analysis_stages FILE [--fps 5] [--width 320] [--motion-width 160] [--detector hog|none] [--recheck 5] "
               "[--deblock] [--keyframes] [--loops 1]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const char* file = argv[1];
  analytics::FrameSourceOptions fo;
  std::string detector = "hog";
  int recheck = analytics::AnalyzerOptions{}.detector_recheck;
  int loops = 1;
  int motion_width = analytics::MotionOptions{}.width;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has = i + 1 < argc;
    if (a == "--fps" && has) {
      fo.fps = std::atof(argv[++i]);
    } else if (a == "--width" && has) {
      fo.width = std::atoi(argv[++i]);
    } else if (a == "--detector" && has) {
      detector = argv[++i];
    } else if (a == "--motion-width" && has) {
      motion_width = std::atoi(argv[++i]);
    } else if (a == "--recheck" && has) {
      recheck = std::atoi(argv[++i]);
    } else if (a == "--loops" && has) {
      loops = std::atoi(argv[++i]);
    } else if (a == "--deblock") {
      fo.deblock = true;
    } else if (a == "--keyframes") {
      fo.keyframes_only = true;
    } else {
      return Usage();
    }
  }
  AVFormatContext* fmt = nullptr;
  if (avformat_open_input(&fmt, file, nullptr, nullptr) < 0 || avformat_find_stream_info(fmt, nullptr) < 0) {
    std::fprintf(stderr, "cannot open %s\n", file);
    return 1;
  }
  const int video = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video < 0) return 1;
  media::StreamInfo info;
  info.AddTrack(media::TrackKind::kVideo, fmt->streams[video]->codecpar);
  const AVRational tb = fmt->streams[video]->time_base;

  Quiet sink;
  analytics::AnalyzerOptions ao;
  ao.camera_id = "bench";
  ao.detector_recheck = recheck;
  ao.motion.width = motion_width;
  ao.rules.zones.push_back({"all", {{0, 0}, {1, 0}, {1, 1}, {0, 1}}});
  ao.rules.rules.push_back({.id = "enter", .kind = analytics::RuleKind::kEnter, .target = "all"});
  analytics::Analyzer analyzer(ao, detector == "hog" ? analytics::MakeHogDetector() : nullptr, sink);
  analytics::FrameSource source(fo);
  if (auto s = source.Start(info); !s) {
    std::fprintf(stderr, "%s\n", s.error().ToString().c_str());
    return 1;
  }
  AVPacket* pkt = av_packet_alloc();
  analytics::GreyFrame frame;
  double t_demux = 0, t_decode = 0, t_analyse = 0;
  std::int64_t offset = 0, last = 0, packets = 0;
  for (int loop = 0; loop < loops; ++loop) {
    if (loop > 0) {
      av_seek_frame(fmt, video, 0, AVSEEK_FLAG_BACKWARD);
      offset = last + 3600;  // the next loop continues the timeline, as the test camera's does
    }
    for (;;) {
      double t0 = CpuNow();
      if (av_read_frame(fmt, pkt) < 0) break;
      t_demux += CpuNow() - t0;
      if (pkt->stream_index == video) {
        if (fo.keyframes_only && !(pkt->flags & AV_PKT_FLAG_KEY)) {  // as AnalysisSink leaves them out
          av_packet_unref(pkt);
          continue;
        }
        ++packets;
        const std::int64_t pts = offset + av_rescale_q(pkt->pts, tb, {1, media::kTimescale});
        last = pts;
        t0 = CpuNow();
        auto got = source.Push(*pkt, pts, media::Ts90ToNs(pts), frame);
        const double t1 = CpuNow();
        t_decode += t1 - t0;
        if (got && *got) {
          analyzer.OnFrame(frame);
          t_analyse += CpuNow() - t1;
        }
      }
      av_packet_unref(pkt);
    }
  }
  av_packet_free(&pkt);
  avformat_close_input(&fmt);
  const double video_s = static_cast<double>(last) / media::kTimescale + 0.04;
  const analytics::AnalyzerCounters c = analyzer.counters();
  std::printf(
      "%s: %.1f s of video, %lld packets, %llu decoded, %llu analysed; %% of one core per camera: "
      "decode+scale %.2f, analysis %.2f, total %.2f (demux %.2f apart); detector runs %llu, regions %llu, "
      "skipped %llu; tracks %llu, observations %d\n",
      file, video_s, static_cast<long long>(packets), static_cast<unsigned long long>(source.decoded()),
      static_cast<unsigned long long>(source.scaled()), 100 * t_decode / video_s, 100 * t_analyse / video_s,
      100 * (t_decode + t_analyse) / video_s, 100 * t_demux / video_s,
      static_cast<unsigned long long>(c.detector_runs), static_cast<unsigned long long>(c.detector_regions),
      static_cast<unsigned long long>(c.detector_skipped), static_cast<unsigned long long>(c.tracks), sink.count);
  return 0;
}
