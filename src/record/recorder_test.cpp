#include "record/stream_recorder.h"

#include <sys/resource.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <map>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "media/segment_probe.h"
#include "record/persister.h"
#include "record/recovery.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::record {
namespace {

constexpr WallNs kStart = 1'764'382'500'000'000'000;

class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = store::sqlite::SqliteRecordingIndex::Open(dir_ / "index.db").value();
    std::filesystem::create_directories(dir_ / "rec");
    persister_ = std::make_unique<Persister>(*index_, dir_ / "rec", std::chrono::milliseconds(50));
  }

  // Feeds `frames` frames (25 fps, keyframe each second) starting at `wall`.
  void Feed(StreamRecorder& rec, testing::SyntheticVideo& video, int frames, WallNs wall) {
    rec.OnStart(video.info(), wall);
    int first = video.frame_index();
    for (int i = 0; i < frames; ++i) {
      media::Packet p = video.Next(0);
      p.dts -= static_cast<std::int64_t>(first) * video.frame_ticks();
      p.pts = p.dts;
      p.wall = wall + media::Ts90ToNs(p.dts);
      rec.OnPacket(p);
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index_;
  std::unique_ptr<Persister> persister_;
};

TEST_F(RecorderTest, SegmentsAreCutOnKeyframesIndexedAndPlayable) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {4 * 90'000, 45'000},
                     std::nullopt);
  Feed(rec, video, 25 * 10, kStart);  // 10 s
  rec.OnStop(kStart + 10 * kNsPerSecond, "stream ended");
  persister_->Flush();

  auto segs = index_->Segments({"cam1", "main", 0, INT64_MAX}).value();
  ASSERT_EQ(segs.size(), 3u);  // 0-4, 4-8, 8-10
  EXPECT_EQ(segs[0].start, kStart);
  EXPECT_EQ(segs[0].end, kStart + 4 * kNsPerSecond);
  EXPECT_EQ(segs[1].start, segs[0].end);  // no overlap, no hole
  EXPECT_EQ(segs[2].end, kStart + 10 * kNsPerSecond);
  std::int64_t frames = 0;
  for (const auto& s : segs) {
    auto probe = media::ProbeSegment(dir_ / "rec" / s.path).value();
    EXPECT_TRUE(probe.starts_with_keyframe);
    EXPECT_EQ(probe.first_dts, 0);  // each file starts at 0
    EXPECT_EQ(probe.video_frames, s.frames);
    EXPECT_EQ(std::filesystem::file_size(dir_ / "rec" / s.path), s.bytes);
    EXPECT_EQ(s.sha256.size(), 64u);
    frames += s.frames;
  }
  EXPECT_EQ(frames, 250);
}

// What one track of a recorded file holds: packets, and the span of their times (seconds).
struct TrackSpan {
  int packets = 0;
  double first = 1e9, end = -1;
};

std::map<AVMediaType, TrackSpan> ReadTracks(const std::filesystem::path& path) {
  std::map<AVMediaType, TrackSpan> spans;
  AVFormatContext* fmt = nullptr;
  if (avformat_open_input(&fmt, path.c_str(), nullptr, nullptr) < 0) return spans;
  AVPacket* pkt = av_packet_alloc();
  while (av_read_frame(fmt, pkt) >= 0) {
    const AVStream* st = fmt->streams[pkt->stream_index];
    TrackSpan& t = spans[st->codecpar->codec_type];
    ++t.packets;
    t.first = std::min(t.first, pkt->dts * av_q2d(st->time_base));
    t.end = std::max(t.end, (pkt->dts + pkt->duration) * av_q2d(st->time_base));
    av_packet_unref(pkt);
  }
  av_packet_free(&pkt);
  avformat_close_input(&fmt);
  return spans;
}

// A camera that sends its audio 0.24 s ahead of its video (a starved test camera did, and
// so do some cameras): each segment's audio must still begin and end with its video, or it
// runs past the end the index gives the segment; and no audio may be lost at a cut.
TEST_F(RecorderTest, AudioSentAheadOfTheVideoIsCutWithIt) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  media::StreamInfo info = video.info().Clone();
  AVCodecParameters* aac = avcodec_parameters_alloc();
  aac->codec_type = AVMEDIA_TYPE_AUDIO;
  aac->codec_id = AV_CODEC_ID_AAC;
  aac->sample_rate = 48'000;
  av_channel_layout_default(&aac->ch_layout, 1);
  aac->frame_size = 1024;
  const std::uint8_t config[2] = {0x11, 0x88};  // AudioSpecificConfig: AAC-LC, 48 kHz, mono
  aac->extradata = static_cast<std::uint8_t*>(av_mallocz(sizeof config + AV_INPUT_BUFFER_PADDING_SIZE));
  std::memcpy(aac->extradata, config, sizeof config);
  aac->extradata_size = sizeof config;
  info.AddTrack(media::TrackKind::kAudio, aac);
  avcodec_parameters_free(&aac);

  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {2 * 90'000, 45'000}, std::nullopt);
  rec.OnStart(info, kStart);
  constexpr std::int64_t kAudioTicks = 1920, kLead = 90'000 * 24 / 100;
  AVPacket* audio = av_packet_alloc();
  std::int64_t next_audio = 0;
  int audio_sent = 0;
  for (int i = 0; i < 25 * 7; ++i) {  // 7 s: segments 0-2, 2-4, 4-6, 6-7
    media::Packet v = video.Next(kStart);
    while (next_audio <= v.dts + kLead) {
      ASSERT_EQ(av_new_packet(audio, 12), 0);
      std::memset(audio->data, 0x21, 12);
      media::Packet a;
      a.av = audio;
      a.track = 1;
      a.dts = a.pts = next_audio;
      a.duration = kAudioTicks;
      a.wall = kStart + media::Ts90ToNs(next_audio);
      rec.OnPacket(a);
      av_packet_unref(audio);
      next_audio += kAudioTicks;
      ++audio_sent;
    }
    rec.OnPacket(v);
  }
  av_packet_free(&audio);
  rec.OnStop(kStart + 7 * kNsPerSecond, "stream ended");
  persister_->Flush();

  auto segs = index_->Segments({"cam1", "main", 0, INT64_MAX}).value();
  ASSERT_EQ(segs.size(), 4u);
  int audio_recorded = 0;
  for (const auto& s : segs) {
    auto tracks = ReadTracks(dir_ / "rec" / s.path);
    ASSERT_EQ(tracks.count(AVMEDIA_TYPE_AUDIO), 1u) << s.path;
    const TrackSpan& v = tracks[AVMEDIA_TYPE_VIDEO];
    const TrackSpan& a = tracks[AVMEDIA_TYPE_AUDIO];
    const double indexed = static_cast<double>(s.end - s.start) / 1e9;
    EXPECT_NEAR(v.end, indexed, 0.001) << s.path;
    EXPECT_GE(a.first, 0) << s.path;
    // The audio ends with the video, within one audio frame (21 ms); the last segment's
    // audio goes on for the lead the camera sent ahead before it stopped.
    if (&s != &segs.back()) {
      EXPECT_LE(a.end, v.end + 0.022) << s.path << ": audio runs on past the video";
    }
    audio_recorded += a.packets;
  }
  EXPECT_EQ(audio_recorded, audio_sent) << "audio lost at a cut";
}

TEST_F(RecorderTest, ReconnectRecordsAGapWithTheReason) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {60 * 90'000, 45'000},
                     std::nullopt);
  Feed(rec, video, 50, kStart);  // 2 s
  rec.OnStop(kStart + 2 * kNsPerSecond, "stalled");
  WallNs back = kStart + 12 * kNsPerSecond;  // 10 s later
  Feed(rec, video, 50, back);
  rec.OnStop(back + 2 * kNsPerSecond, "stopped");
  persister_->Flush();

  auto gaps = index_->Gaps({"cam1", "main", 0, INT64_MAX}).value();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].reason, "stalled");
  EXPECT_EQ(gaps[0].start, kStart + 2 * kNsPerSecond);
  EXPECT_EQ(gaps[0].end, back);
  EXPECT_EQ(index_->Segments({"cam1", "", 0, INT64_MAX}).value().size(), 2u);
}

TEST_F(RecorderTest, DowntimeBeforeStartUpIsAGap) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {}, kStart - 5 * kNsPerSecond);
  Feed(rec, video, 25, kStart);
  rec.OnStop(kStart + kNsPerSecond, "stopped");
  persister_->Flush();
  auto gaps = index_->Gaps({}).value();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].reason, "recorder not running");
}

TEST_F(RecorderTest, PacketsBeforeTheFirstKeyframeAreNotRecorded) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  video.Next();  // the keyframe goes by before the recorder sees the stream
  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {}, std::nullopt);
  Feed(rec, video, 49, kStart);  // frames 1..49: the next keyframe is frame 25
  rec.OnStop(kStart + 2 * kNsPerSecond, "stopped");
  persister_->Flush();
  auto segs = index_->Segments({}).value();
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].frames, 25);
}

TEST_F(RecorderTest, UnwritableRootIsReportedOnceAndRecordsNothing) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  std::filesystem::path blocked = dir_ / "file-not-dir";
  { std::ofstream(blocked) << "x"; }
  StreamRecorder rec("cam1", "main", blocked, *persister_, {}, std::nullopt);
  Feed(rec, video, 50, kStart);
  EXPECT_FALSE(rec.Status().last_error.empty());
  rec.OnStop(kStart + 2 * kNsPerSecond, "stopped");
  persister_->Flush();
  EXPECT_TRUE(index_->Segments({}).value().empty());
}

// Makes every write to a file beyond `bytes` fail (EFBIG, which reads as "resource
// exhausted", like ENOSPC) for as long as it lives: a disk that fills up, without a mount.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    old_signal_ = std::signal(SIGXFSZ, SIG_IGN);
    ::getrlimit(RLIMIT_FSIZE, &old_);
    rlimit l = old_;
    l.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &l);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, old_signal_);
  }

 private:
  rlimit old_{};
  void (*old_signal_)(int) = nullptr;
};

// Counts the error lines the recorder logs.
std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> CaptureLog() {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000);
  spdlog::default_logger()->sinks().push_back(sink);
  return sink;
}
int CountLines(spdlog::sinks::ringbuffer_sink_mt& sink, const std::string& text) {
  int n = 0;
  for (const auto& line : sink.last_formatted()) n += line.find(text) != std::string::npos;
  return n;
}

TEST_F(RecorderTest, DiskFullKeepsWhatWasWrittenAsksRetentionAndRetriesAtTheNextKeyframe) {
  testing::SyntheticVideo video(160, 120, 25, 25);
  StreamRecorder rec("cam1", "main", dir_ / "rec", *persister_, {60 * 90'000, 45'000},
                     std::nullopt);
  int disk_full_calls = 0;
  rec.SetDiskFullListener([&] { ++disk_full_calls; });
  auto log = CaptureLog();
  Feed(rec, video, 50, kStart);  // 2 s recorded into an open segment
  {
    // The disk fills: the open segment's next fragment fails, and so does every new
    // segment's header, once a second for 5 s.
    FileSizeLimit full(0);
    for (int i = 0; i < 125; ++i) {
      rec.OnPacket(video.Next(kStart));
    }
    EXPECT_NE(rec.Status().last_error.find("resource exhausted"), std::string::npos)
        << rec.Status().last_error;
  }
  EXPECT_GE(disk_full_calls, 5);  // at the failure and at each keyframe's retry
  EXPECT_EQ(CountLines(*log, "recording failed"), 1) << "logged once, not per retry";

  // Space is back: the next keyframe opens a segment and the error clears.
  for (int i = 0; i < 50; ++i) {
    rec.OnPacket(video.Next(kStart));
  }
  EXPECT_TRUE(rec.Status().last_error.empty()) << rec.Status().last_error;
  rec.OnStop(kStart + 9 * kNsPerSecond, "stopped");
  persister_->Flush();
  spdlog::default_logger()->sinks().pop_back();

  auto segs = index_->Segments({"cam1", "main", 0, INT64_MAX}).value();
  ASSERT_EQ(segs.size(), 2u);
  // The interrupted segment keeps its complete fragments: indexed, playable, and its row's
  // size and hash are the file's.
  const auto& cut = segs[0];
  EXPECT_EQ(cut.start, kStart);
  EXPECT_GE(cut.frames, 36);  // at least 1.5 s of the 2 s written before the disk filled
  auto path = dir_ / "rec" / cut.path;
  EXPECT_EQ(std::filesystem::file_size(path), cut.bytes);
  EXPECT_EQ(media::ProbeSegment(path).value().video_frames, cut.frames);
  // The outage is a gap saying why, and no empty file of a failed retry is left behind.
  auto gaps = index_->Gaps({}).value();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].reason, "disk full");
  EXPECT_EQ(gaps[0].end, segs[1].start);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir_ / "rec")) {
    files += e.is_regular_file();
  }
  EXPECT_EQ(files, 2u);
  // And fsck agrees with the index, hashes included.
  EXPECT_TRUE(Reconcile(*index_, dir_ / "rec", {.repair = false, .verify_hashes = true})
                  .value()
                  .clean());
}

}  // namespace
}  // namespace anninh::record
